// Package rate is a stub of golang.org/x/time/rate for analyzer tests.
package rate

import "context"

type Limiter struct{}

func (l *Limiter) Wait(ctx context.Context) error { return nil }
