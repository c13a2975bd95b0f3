package t

import (
	"b"
	"context"
	"testing"
)

// A test sleeps on purpose: AL201, like AL200, skips _test.go files.
func TestWait(t *testing.T) {
	waitFor(t.Context())
}

func waitFor(ctx context.Context) {
	b.Sleepy()
}
