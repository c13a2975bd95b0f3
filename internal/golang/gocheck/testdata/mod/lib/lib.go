// Package lib holds helpers in each migration state.
package lib

import (
	"context"
	"time"
)

// Wait is kept for compatibility; WaitContext is its context-aware variant.
func Wait() {
	time.Sleep(time.Second)
}

// WaitContext waits, or returns when ctx is done.
func WaitContext(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(time.Second):
		return nil
	}
}

// Poll is called from context-aware code.
func Poll() {
	time.Sleep(time.Second)
}

// Legacy is called by nobody with a context.
func Legacy() {
	time.Sleep(time.Second)
}
