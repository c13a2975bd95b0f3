package asyncrt

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Policy says how [Retry] waits between attempts. The wait after the
// failed attempt with 0-based index i is Base * Factor^i, limited to Cap,
// then shortened by jitter when Jitter is set (see [Policy.Backoff]).
//
// The zero Policy retries at once and without limit; build one with
// [Constant] or [Exponential] and refine it with [Policy.WithCap] and
// [Policy.WithJitter].
type Policy struct {
	// Base is the wait after the first failed attempt.
	Base time.Duration
	// Factor multiplies the wait after each further failure. A Factor
	// below 1 is treated as 1: a constant wait.
	Factor float64
	// Cap is the longest wait; 0 means no cap.
	Cap time.Duration
	// MaxAttempts is the total number of calls of the operation, the
	// first included; 0 or less means no limit (until the operation
	// succeeds, fails permanently, or the context is done).
	MaxAttempts int
	// Jitter, between 0 and 1, is the largest fraction by which a wait is
	// shortened at random: the wait is d - Jitter*r*d for r drawn from
	// Rand. 0 means no jitter; 1 is "full jitter", a wait anywhere in
	// [0, d). Values outside [0, 1] are clamped.
	Jitter float64
	// Rand returns a number in [0, 1) for jitter. nil uses math/rand/v2;
	// tests inject a fixed source for deterministic waits. It must be
	// safe for concurrent use if the Policy is shared between goroutines.
	Rand func() float64
}

// Constant returns a policy that waits d between attempts and calls the
// operation at most maxAttempts times (0 or less: no limit). The plan's
// "retry every second" is Constant(time.Second, n).
func Constant(d time.Duration, maxAttempts int) Policy {
	return Policy{Base: d, Factor: 1, MaxAttempts: maxAttempts}
}

// Exponential returns a policy whose waits double after each failure,
// starting at base, with at most maxAttempts calls (0 or less: no limit).
// The plan's "sleep 2**attempt seconds" is Exponential(time.Second, n), and
// "min(2**attempt, 30)" is Exponential(time.Second, n).WithCap(30*time.Second).
func Exponential(base time.Duration, maxAttempts int) Policy {
	return Policy{Base: base, Factor: 2, MaxAttempts: maxAttempts}
}

// WithCap returns a copy of p whose waits never exceed c.
func (p Policy) WithCap(c time.Duration) Policy {
	p.Cap = c
	return p
}

// WithJitter returns a copy of p that shortens each wait by up to the
// fraction jitter (see [Policy.Jitter]), drawing from rnd, or from
// math/rand/v2 when rnd is nil.
func (p Policy) WithJitter(jitter float64, rnd func() float64) Policy {
	p.Jitter = jitter
	p.Rand = rnd
	return p
}

// Backoff returns the wait, before jitter, after the failed attempt with
// 0-based index i: Base * Factor^i, limited to Cap. It saturates instead of
// overflowing for large i.
func (p Policy) Backoff(i int) time.Duration {
	if p.Base <= 0 {
		return 0
	}
	f := max(p.Factor, 1)
	d := float64(p.Base) * math.Pow(f, float64(max(i, 0)))
	if p.Cap > 0 && d > float64(p.Cap) {
		return p.Cap
	}
	if d >= float64(math.MaxInt64) {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(d)
}

// wait returns the wait after the failed attempt with index i, jitter
// applied.
func (p Policy) wait(i int) time.Duration {
	d := p.Backoff(i)
	j := min(max(p.Jitter, 0), 1)
	if j == 0 || d <= 0 {
		return d
	}
	rnd := p.Rand
	if rnd == nil {
		rnd = rand.Float64
	}
	return d - time.Duration(j*rnd()*float64(d))
}

// PermanentError marks an error that [Retry] must not retry. Create one
// with [Permanent]; find one with errors.As.
type PermanentError struct {
	// Err is the error the operation failed with.
	Err error
}

// Error returns the message of the wrapped error.
func (e *PermanentError) Error() string { return e.Err.Error() }

// Unwrap returns the wrapped error.
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent wraps err so that [Retry] stops at once instead of retrying.
// Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &PermanentError{Err: err}
}

// Retry calls op until it returns nil, waiting between attempts as p says.
// The waits end early when ctx is done. op receives ctx and should honour
// it too.
//
// Retry returns nil on the first success. Otherwise it returns an error
// that names how many attempts were made and wraps (for errors.Is and
// errors.As):
//   - the operation's error, when op returned an error wrapping a
//     [PermanentError] (retrying stops at once; errors.As finds the
//     PermanentError, errors.Is the original);
//   - the last operation error, when p.MaxAttempts calls all failed;
//   - both context.Cause(ctx) and the last operation error, when ctx was
//     done before the next attempt (errors.Is matches either one). If ctx
//     is done before the first attempt, op is not called and the cause is
//     returned as it is.
func Retry(ctx context.Context, p Policy, op func(ctx context.Context) error) error {
	var last error
	for attempt := 1; ; attempt++ {
		if ctx.Err() != nil {
			return stopped(ctx, attempt-1, last)
		}
		err := op(ctx)
		if err == nil {
			return nil
		}
		if perm := (*PermanentError)(nil); errors.As(err, &perm) {
			return fmt.Errorf("asyncrt: attempt %d failed permanently: %w", attempt, err)
		}
		last = err
		if p.MaxAttempts > 0 && attempt >= p.MaxAttempts {
			return fmt.Errorf("asyncrt: giving up after %s: %w", attempts(attempt), err)
		}
		if Sleep(ctx, p.wait(attempt-1)) != nil {
			return stopped(ctx, attempt, last)
		}
	}
}

// stopped is Retry's error when ctx ended the retries after n calls of the
// operation, the last of which failed with last.
func stopped(ctx context.Context, n int, last error) error {
	cause := context.Cause(ctx)
	if last == nil {
		return cause
	}
	return fmt.Errorf("asyncrt: retry stopped after %s: %w (last error: %w)", attempts(n), cause, last)
}

// attempts returns "1 attempt" or "n attempts".
func attempts(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return fmt.Sprintf("%d attempts", n)
}
