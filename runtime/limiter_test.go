package asyncrt

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

func TestLimiterPacing(t *testing.T) {
	s := time.Second
	tests := []struct {
		name   string
		l      func() *Limiter
		wantAt []time.Duration
	}{
		{"60 per minute", func() *Limiter { return PerMinute(60) }, []time.Duration{0, s, 2 * s, 3 * s, 4 * s}},
		{"30 per minute", func() *Limiter { return PerMinute(30) }, []time.Duration{0, 2 * s, 4 * s}},
		{"4 per second", func() *Limiter { return PerSecond(4) }, []time.Duration{0, s / 4, s / 2, 3 * s / 4}},
		{"burst of 3 at 1/s", func() *Limiter { return NewLimiter(1, 3) }, []time.Duration{0, 0, 0, s, 2 * s}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				l := tt.l()
				start := time.Now()
				var at []time.Duration
				for range tt.wantAt {
					if err := l.Wait(t.Context()); err != nil {
						t.Fatalf("Wait = %v", err)
					}
					at = append(at, time.Since(start))
				}
				if !slices.Equal(at, tt.wantAt) {
					t.Errorf("events at %v, want %v", at, tt.wantAt)
				}
			})
		})
	}
}

func TestLimiterAllow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := PerMinute(60)
		var got []bool
		for _, pause := range []time.Duration{0, 0, 999 * time.Millisecond, time.Millisecond, 0} {
			time.Sleep(pause)
			got = append(got, l.Allow())
		}
		if want := []bool{true, false, false, true, false}; !slices.Equal(got, want) {
			t.Errorf("Allow = %v, want %v", got, want)
		}
	})
}

func TestLimiterWaitCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := PerMinute(60)
		if !l.Allow() {
			t.Fatal("first Allow = false")
		}
		ctx, cancel := context.WithCancelCause(t.Context())
		time.AfterFunc(300*time.Millisecond, func() { cancel(errShutdown) })
		start := time.Now()
		if err := l.Wait(ctx); err != errShutdown {
			t.Errorf("Wait = %v, want %v", err, errShutdown)
		}
		if got := time.Since(start); got != 300*time.Millisecond {
			t.Errorf("Wait returned after %v, want 300ms", got)
		}
		// The cancelled wait gave its token back: the next event is due
		// one second after the first, not two.
		if err := l.Wait(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got := time.Since(start); got != time.Second {
			t.Errorf("next Wait returned %v after the first event, want 1s", got)
		}
	})
}

func TestLimiterWaitDoneContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := PerMinute(60)
		ctx, cancel := context.WithCancelCause(t.Context())
		cancel(errShutdown)
		if err := l.Wait(ctx); err != errShutdown {
			t.Errorf("Wait = %v, want %v", err, errShutdown)
		}
		if !l.Allow() {
			t.Error("a Wait on a done context took the token")
		}
	})
}

func TestLimiterDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := PerMinute(1)
		l.Allow()
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		start := time.Now()
		if err := l.Wait(ctx); err != context.DeadlineExceeded {
			t.Errorf("Wait = %v, want %v", err, context.DeadlineExceeded)
		}
		if got := time.Since(start); got != 5*time.Second {
			t.Errorf("Wait returned after %v, want 5s", got)
		}
	})
}

func TestLimiterAllowsNothing(t *testing.T) {
	for _, l := range []*Limiter{PerMinute(0), PerSecond(-1)} {
		if l.Allow() {
			t.Error("Allow = true for a limiter of n <= 0")
		}
		err := l.Wait(t.Context())
		if err == nil || !strings.Contains(err.Error(), "allows no events") {
			t.Errorf("Wait = %v, want an error saying no events are allowed", err)
		}
	}
}
