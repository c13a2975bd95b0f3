// Package asyncrt is a stub of the asynclint runtime for analyzer tests.
package asyncrt

import (
	"context"
	"time"
)

func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

type Policy struct{}

func Retry(ctx context.Context, p Policy, op func(context.Context) error) error { return op(ctx) }

type Limiter struct{}

func (l *Limiter) Wait(ctx context.Context) error { return nil }
