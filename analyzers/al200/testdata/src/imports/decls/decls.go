package decls

import "context"
import "time"

func wait(ctx context.Context) {
	time.Sleep(time.Second) // want `time.Sleep ignores`
	time.Sleep(time.Minute) // want `time.Sleep ignores`
}
