package asyncrt

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"testing/synctest"
	"time"
)

var errShutdown = errors.New("shutting down")

func TestSleepWaitsExactly(t *testing.T) {
	for _, d := range []time.Duration{time.Nanosecond, time.Second, 90 * time.Minute} {
		synctest.Test(t, func(t *testing.T) {
			start := time.Now()
			if err := Sleep(t.Context(), d); err != nil {
				t.Fatalf("Sleep(%v) = %v, want nil", d, err)
			}
			if got := time.Since(start); got != d {
				t.Errorf("Sleep(%v) returned after %v", d, got)
			}
		})
	}
}

func TestSleepNonPositive(t *testing.T) {
	for _, d := range []time.Duration{0, -time.Second} {
		synctest.Test(t, func(t *testing.T) {
			start := time.Now()
			if err := Sleep(t.Context(), d); err != nil {
				t.Fatalf("Sleep(%v) = %v, want nil", d, err)
			}
			if got := time.Since(start); got != 0 {
				t.Errorf("Sleep(%v) returned after %v, want at once", d, got)
			}
		})
	}
}

func TestSleepContextEnds(t *testing.T) {
	tests := []struct {
		name string
		// ctx returns a context that ends after 3s (or at once), and the
		// error Sleep must return.
		ctx     func(context.Context) (context.Context, context.CancelFunc)
		wantErr error
		wantAt  time.Duration
	}{
		{"cancel with cause", func(parent context.Context) (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancelCause(parent)
			time.AfterFunc(3*time.Second, func() { cancel(errShutdown) })
			return ctx, func() { cancel(nil) }
		}, errShutdown, 3 * time.Second},
		{"plain cancel", func(parent context.Context) (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(parent)
			time.AfterFunc(3*time.Second, cancel)
			return ctx, cancel
		}, context.Canceled, 3 * time.Second},
		{"deadline", func(parent context.Context) (context.Context, context.CancelFunc) {
			return context.WithTimeout(parent, 3*time.Second)
		}, context.DeadlineExceeded, 3 * time.Second},
		{"deadline with cause", func(parent context.Context) (context.Context, context.CancelFunc) {
			return context.WithTimeoutCause(parent, 3*time.Second, errShutdown)
		}, errShutdown, 3 * time.Second},
		{"already cancelled", func(parent context.Context) (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancelCause(parent)
			cancel(errShutdown)
			return ctx, func() {}
		}, errShutdown, 0},
	}
	for _, tt := range tests {
		for _, d := range []time.Duration{0, 10 * time.Second} {
			if d == 0 && tt.wantAt != 0 {
				continue
			}
			t.Run(tt.name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					ctx, cancel := tt.ctx(t.Context())
					defer cancel()
					start := time.Now()
					err := Sleep(ctx, d)
					if err != tt.wantErr {
						t.Errorf("Sleep(%v) = %v, want %v", d, err, tt.wantErr)
					}
					if got := time.Since(start); got != tt.wantAt {
						t.Errorf("Sleep(%v) returned after %v, want %v", d, got, tt.wantAt)
					}
				})
			})
		}
	}
}

func TestSleepLeavesNoGoroutine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		before := runtime.NumGoroutine()
		ctx, cancel := context.WithCancelCause(t.Context())
		done := make(chan error, 100)
		for range 100 {
			go func() { done <- Sleep(ctx, time.Hour) }()
		}
		synctest.Wait()
		cancel(errShutdown)
		for range 100 {
			if err := <-done; err != errShutdown {
				t.Fatalf("Sleep = %v, want %v", err, errShutdown)
			}
		}
		synctest.Wait()
		if after := runtime.NumGoroutine(); after != before {
			t.Errorf("%d goroutines before the sleeps, %d after they returned", before, after)
		}
	})
}
