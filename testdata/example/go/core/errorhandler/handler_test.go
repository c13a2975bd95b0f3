package errorhandler

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"example.com/asynccore/core/backoff"
)

var errBusy = errors.New("busy")

// failTimes returns an operation that fails n times, then returns "done".
func failTimes(n int) func(context.Context) (string, error) {
	calls := 0
	return func(context.Context) (string, error) {
		calls++
		if calls <= n {
			return "", errBusy
		}
		return "done", nil
	}
}

func TestHandleWithRetry(t *testing.T) {
	s := backoff.Second
	handlers := map[string]func(*Handler, context.Context, func(context.Context) (string, error), int) (string, error){
		"HandleWithRetry":        (*Handler).HandleWithRetry,
		"HandleWithRetryContext": (*Handler).HandleWithRetryContext,
	}
	for name, handle := range handlers {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := new(Handler)
				start := time.Now()
				got, err := handle(h, t.Context(), failTimes(2), 3)
				if got != "done" || err != nil {
					t.Errorf("= %q, %v; want done", got, err)
				}
				if elapsed := time.Since(start); elapsed != s+2*s {
					t.Errorf("returned after %v, want %v", elapsed, 3*s)
				}
				if len(h.Errors()) != 2 {
					t.Errorf("recorded %d errors, want 2", len(h.Errors()))
				}

				if _, err := handle(h, t.Context(), failTimes(5), 3); !errors.Is(err, errBusy) {
					t.Errorf("with every attempt failing: %v, want %v", err, errBusy)
				}
			})
		})
	}
}

func TestHandleWithRetryContextCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errShutdown := errors.New("shutting down")
		ctx, cancel := context.WithCancelCause(t.Context())
		time.AfterFunc(backoff.Second/2, func() { cancel(errShutdown) })
		start := time.Now()
		_, err := new(Handler).HandleWithRetryContext(ctx, failTimes(10), 3)
		if !errors.Is(err, errShutdown) || !errors.Is(err, errBusy) {
			t.Errorf("= %v, want the cause and the last error", err)
		}
		if got := time.Since(start); got != backoff.Second/2 {
			t.Errorf("returned after %v, want %v", got, backoff.Second/2)
		}
	})
}
