// Package app holds context-aware code that waits uncancellably.
package app

import (
	"context"
	"time"

	"example.com/plugintest/backoff"
)

// Poll sleeps directly with a context in scope: AL200.
func Poll(ctx context.Context) error {
	time.Sleep(time.Second)
	return ctx.Err()
}

// Retry calls a helper in another package that sleeps: AL201.
func Retry(ctx context.Context) error {
	backoff.Pause(1)
	return ctx.Err()
}

// Quiet is suppressed the way golangci-lint users write it.
func Quiet(ctx context.Context) error {
	time.Sleep(time.Second) //nolint:asynclint
	return ctx.Err()
}
