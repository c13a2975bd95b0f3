package a

import (
	"context"
	"testing"
	"time"
)

func TestOwnContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	_ = ctx
	cancel()
	time.Sleep(time.Millisecond) // a test's own context: no promise to a caller
}

func waitFor(ctx context.Context) {
	time.Sleep(time.Millisecond) // want `time.Sleep ignores cancellation of ctx`
}
