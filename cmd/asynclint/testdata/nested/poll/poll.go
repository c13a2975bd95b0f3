// Package poll waits in the outer module.
package poll

import (
	"context"
	"time"
)

// Wait sleeps though it holds a context.
func Wait(ctx context.Context) {
	time.Sleep(time.Second)
}
