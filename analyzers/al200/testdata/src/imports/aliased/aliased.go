package aliased

import (
	"context"
	"time"
)

type asyncrt struct{}

func wait(ctx context.Context) {
	time.Sleep(time.Second) // want `time.Sleep ignores`
}
