package errortracker

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"example.com/asynccore/core/backoff"
)

var errStill = errors.New("still failing")

// retrier returns a Retry function that fails n times, then succeeds.
func retrier(n int) func(context.Context) error {
	calls := 0
	return func(context.Context) error {
		calls++
		if calls <= n {
			return errStill
		}
		return nil
	}
}

func TestApplyRecoveryStrategy(t *testing.T) {
	applies := map[string]func(*Tracker, context.Context, Strategy) error{
		"ApplyRecoveryStrategy":        (*Tracker).ApplyRecoveryStrategy,
		"ApplyRecoveryStrategyContext": (*Tracker).ApplyRecoveryStrategyContext,
	}
	for name, apply := range applies {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				tr := &Tracker{Retry: retrier(1)}
				start := time.Now()
				if err := apply(tr, t.Context(), Strategy{Name: "reconnect"}); !errors.Is(err, errStill) {
					t.Errorf("first strategy = %v, want %v", err, errStill)
				}
				if err := apply(tr, t.Context(), Strategy{Name: "reconnect", Delay: 3 * backoff.Second}); err != nil {
					t.Errorf("second strategy = %v, want nil", err)
				}
				if got := time.Since(start); got != 4*backoff.Second {
					t.Errorf("took %v, want %v (default delay, then 3 seconds)", got, 4*backoff.Second)
				}
				if tr.Applied != 2 {
					t.Errorf("Applied = %d, want 2", tr.Applied)
				}
			})
		})
	}
}

func TestRecoverAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tr := &Tracker{Retry: retrier(2)}
		start := time.Now()
		err := tr.RecoverAll(t.Context(), []Strategy{{Name: "a"}, {Name: "b"}, {Name: "c"}, {Name: "d"}})
		if err != nil || tr.Applied != 3 {
			t.Errorf("RecoverAll = %v after %d strategies, want nil after 3", err, tr.Applied)
		}
		if got := time.Since(start); got != 3*backoff.Second {
			t.Errorf("took %v, want %v", got, 3*backoff.Second)
		}
		if err := (&Tracker{Retry: retrier(9)}).RecoverAll(t.Context(), []Strategy{{Name: "a"}}); !errors.Is(err, errStill) {
			t.Errorf("RecoverAll with every retry failing = %v, want %v", err, errStill)
		}
	})
}

func TestRecoverAllStopsWhenDone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		tr := &Tracker{Retry: retrier(0)}
		if err := tr.RecoverAll(ctx, []Strategy{{Name: "a"}}); !errors.Is(err, context.Canceled) || tr.Applied != 0 {
			t.Errorf("RecoverAll = %v after %d strategies, want context.Canceled before any", err, tr.Applied)
		}
	})
}
