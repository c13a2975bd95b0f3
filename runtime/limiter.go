package asyncrt

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/time/rate"
)

// Limiter is a token-bucket rate limiter whose Wait returns when its
// context is done. It is safe for concurrent use. Build one with
// [NewLimiter], [PerMinute] or [PerSecond]; the zero Limiter is not usable.
type Limiter struct {
	l *rate.Limiter
}

// NewLimiter returns a limiter that allows events at rate r with bursts of
// at most burst events, as rate.NewLimiter does.
func NewLimiter(r rate.Limit, burst int) *Limiter {
	return &Limiter{l: rate.NewLimiter(r, burst)}
}

// PerMinute returns a limiter for "n requests per minute", the way HTTP
// APIs state their limits. Events are spread evenly, one every minute/n
// (burst 1), so no window of a minute ever sees more than n; use
// [NewLimiter] with rate.Every(time.Minute/time.Duration(n)) for a larger
// burst. n <= 0 allows nothing: Wait fails at once.
func PerMinute(n int) *Limiter {
	return per(n, time.Minute)
}

// PerSecond is [PerMinute] for "n requests per second".
func PerSecond(n int) *Limiter {
	return per(n, time.Second)
}

func per(n int, window time.Duration) *Limiter {
	if n <= 0 {
		return NewLimiter(0, 0)
	}
	return NewLimiter(rate.Every(window/time.Duration(n)), 1)
}

// Allow reports whether an event may happen now, and if so takes its token.
func (l *Limiter) Allow() bool {
	return l.l.Allow()
}

// Wait blocks until an event may happen or ctx is done. It returns nil when
// the event may happen, and context.Cause(ctx) when ctx is done first (the
// reserved token is then given back). Unlike rate.Limiter.Wait it does not
// fail early when the wait would outlast ctx's deadline: it waits until the
// deadline and returns the cause, the same as [Sleep].
func (l *Limiter) Wait(ctx context.Context) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	r := l.l.Reserve()
	if !r.OK() {
		return fmt.Errorf("asyncrt: limiter allows no events (rate %v, burst %d)", l.l.Limit(), l.l.Burst())
	}
	if err := Sleep(ctx, r.Delay()); err != nil {
		r.Cancel()
		return err
	}
	return nil
}
