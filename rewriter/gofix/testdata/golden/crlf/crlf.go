package crlf

import (
	"context"
	"time"
)

// Wait sleeps; this file has CRLF line endings.
func Wait(ctx context.Context) error {
	time.Sleep(time.Second)
	return nil
}
