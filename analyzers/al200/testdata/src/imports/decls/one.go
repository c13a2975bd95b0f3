package decls

import "context"
import "time"

func once(ctx context.Context) {
	time.Sleep(5e8) // want `time.Sleep ignores`
}
