package asyncrt_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	asyncrt "github.com/asynclint/asynclint/runtime"
)

// Sleep returns as soon as the context ends, with the context's cause.
func ExampleSleep() {
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(errors.New("shutting down"))

	err := asyncrt.Sleep(ctx, time.Hour) // returns at once
	fmt.Println(err)
	// Output: shutting down
}

// Retry replaces a loop that sleeps between attempts.
func ExampleRetry() {
	attempts := 0
	connect := func(ctx context.Context) error {
		attempts++
		if attempts < 3 {
			return errors.New("connection refused")
		}
		return nil
	}
	err := asyncrt.Retry(context.Background(), asyncrt.Exponential(time.Millisecond, 5), connect)
	fmt.Println(err, attempts)
	// Output: <nil> 3
}

// A permanent error stops the retries at once.
func ExamplePermanent() {
	err := asyncrt.Retry(context.Background(), asyncrt.Constant(time.Millisecond, 5), func(ctx context.Context) error {
		return asyncrt.Permanent(errors.New("invalid credentials"))
	})
	fmt.Println(err)
	// Output: asyncrt: attempt 1 failed permanently: invalid credentials
}

// The waits of the seed plan's "min(2**attempt, 30)" seconds.
func ExamplePolicy_Backoff() {
	p := asyncrt.Exponential(time.Second, 0).WithCap(30 * time.Second)
	for attempt := range 7 {
		fmt.Print(p.Backoff(attempt), " ")
	}
	fmt.Println()
	// Output: 1s 2s 4s 8s 16s 30s 30s
}

// A limiter for an API that allows one request per minute.
func ExampleLimiter() {
	limiter := asyncrt.PerMinute(1)
	fmt.Println(limiter.Allow(), limiter.Allow())

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	fmt.Println(limiter.Wait(ctx))
	// Output:
	// true false
	// context deadline exceeded
}
