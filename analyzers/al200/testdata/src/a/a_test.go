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
	time.Sleep(time.Second) // test code sleeps on purpose: to simulate latency, or to let the code under test progress
}

func TestFake(t *testing.T) {
	dial := func(ctx context.Context) error {
		time.Sleep(time.Second) // a fake simulating a slow dial
		return nil
	}
	_ = dial(context.Background())
}
