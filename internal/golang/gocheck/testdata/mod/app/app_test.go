package app

import (
	"context"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	ctx := context.Background()
	time.Sleep(time.Millisecond)
	if err := Run(ctx); err != nil {
		t.Fatal(err)
	}
}

func helperWithContext(ctx context.Context) {
	time.Sleep(time.Millisecond)
}
