package single

import (
	"context"
	"time"
)

func wait(ctx context.Context) error {
	time.Sleep(5e8) // want `time.Sleep ignores`
	return nil
}
