package asyncrt

import (
	"bytes"
	"context"
	"errors"
	"regexp"
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

// TestSleepLeavesNoGoroutine counts the goroutines of the test's own
// synctest bubble (not the process's, which the test runner and the race
// detector change at will) while 100 sleeps run and after they returned.
// synctest.Test would also fail on a goroutine left durably blocked in the
// bubble; the count catches one that is not blocked too.
func TestSleepLeavesNoGoroutine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		before := bubbleGoroutines(t)
		ctx, cancel := context.WithCancelCause(t.Context())
		done := make(chan error, 100)
		for range 100 {
			go func() { done <- Sleep(ctx, time.Hour) }()
		}
		synctest.Wait()
		if during := bubbleGoroutines(t); during != before+100 {
			t.Fatalf("%d goroutines in the bubble before the sleeps, %d with 100 sleeping", before, during)
		}
		cancel(errShutdown)
		for range 100 {
			if err := <-done; err != errShutdown {
				t.Fatalf("Sleep = %v, want %v", err, errShutdown)
			}
		}
		synctest.Wait()
		if after := bubbleGoroutines(t); after != before {
			t.Errorf("%d goroutines in the bubble before the sleeps, %d after they returned", before, after)
		}
	})
}

// bubbleHeader finds the synctest bubble in a goroutine's header line of a
// stack dump: "goroutine 7 [select (durable), synctest bubble 3]:".
var bubbleHeader = regexp.MustCompile(`(?m)^goroutine \d+ \[[^\n]*, synctest bubble (\d+)[\] ]`)

// bubbleGoroutines counts the goroutines in the calling goroutine's synctest
// bubble, from a dump of every goroutine's stack (the caller's comes first).
func bubbleGoroutines(t *testing.T) int {
	t.Helper()
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	headers := bubbleHeader.FindAllSubmatch(buf, -1)
	first, _, _ := bytes.Cut(buf, []byte("\n"))
	if len(headers) == 0 || !bytes.Contains(first, []byte(", synctest bubble ")) {
		t.Fatalf("the caller's goroutine is not in a synctest bubble:\n%s", first)
	}
	own := string(bubbleHeader.FindSubmatch(first)[1])
	count := 0
	for _, h := range headers {
		if string(h[1]) == own {
			count++
		}
	}
	return count
}
