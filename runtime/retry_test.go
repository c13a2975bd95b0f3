package asyncrt

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

var errFlaky = errors.New("connection refused")

func TestPolicyBackoff(t *testing.T) {
	s := time.Second
	tests := []struct {
		name   string
		policy Policy
		want   []time.Duration
	}{
		{"constant", Constant(s, 0), []time.Duration{s, s, s, s}},
		{"exponential", Exponential(s, 0), []time.Duration{s, 2 * s, 4 * s, 8 * s, 16 * s, 32 * s, 64 * s}},
		{"exponential capped", Exponential(s, 0).WithCap(30 * s), []time.Duration{s, 2 * s, 4 * s, 8 * s, 16 * s, 30 * s, 30 * s}},
		{"factor below 1 is constant", Policy{Base: s, Factor: 0.5}, []time.Duration{s, s, s}},
		{"factor 1.5", Policy{Base: 2 * s, Factor: 1.5}, []time.Duration{2 * s, 3 * s, 4500 * time.Millisecond}},
		{"zero policy", Policy{}, []time.Duration{0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []time.Duration
			for i := range tt.want {
				got = append(got, tt.policy.Backoff(i))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Backoff(0..%d) = %v, want %v", len(tt.want)-1, got, tt.want)
			}
		})
	}
}

func TestPolicyBackoffSaturates(t *testing.T) {
	p := Exponential(time.Second, 0)
	if got := p.Backoff(200); got != time.Duration(math.MaxInt64) {
		t.Errorf("Backoff(200) = %v, want the largest Duration", got)
	}
	if got := p.WithCap(time.Minute).Backoff(5000); got != time.Minute {
		t.Errorf("capped Backoff(5000) = %v, want 1m", got)
	}
}

// callTimes runs Retry with an operation that fails with errFlaky until
// call number succeedOn (never when 0), and returns the fake time of each
// call since the start and Retry's error.
func callTimes(ctx context.Context, p Policy, succeedOn int) ([]time.Duration, error) {
	start := time.Now()
	var at []time.Duration
	err := Retry(ctx, p, func(context.Context) error {
		at = append(at, time.Since(start))
		if len(at) == succeedOn {
			return nil
		}
		return errFlaky
	})
	return at, err
}

func TestRetryWaits(t *testing.T) {
	s := time.Second
	ms := time.Millisecond
	half := func() float64 { return 0.5 }
	tests := []struct {
		name      string
		policy    Policy
		succeedOn int
		wantAt    []time.Duration
		wantErr   string
	}{
		{"fixed 1s, three attempts", Constant(s, 3), 0,
			[]time.Duration{0, s, 2 * s}, "giving up after 3 attempts: connection refused"},
		{"2**attempt", Exponential(s, 5), 0,
			[]time.Duration{0, s, 3 * s, 7 * s, 15 * s}, "giving up after 5 attempts"},
		{"min(2**attempt, 30)", Exponential(s, 8).WithCap(30 * s), 0,
			[]time.Duration{0, s, 3 * s, 7 * s, 15 * s, 31 * s, 61 * s, 91 * s}, "giving up after 8 attempts"},
		{"success on third attempt", Exponential(s, 0), 3,
			[]time.Duration{0, s, 3 * s}, ""},
		{"success at once", Exponential(s, 1), 1, []time.Duration{0}, ""},
		{"one attempt only", Exponential(s, 1), 0, []time.Duration{0}, "giving up after 1 attempt:"},
		{"full jitter halves waits", Exponential(s, 4).WithJitter(1, half), 0,
			[]time.Duration{0, 500 * ms, 1500 * ms, 3500 * ms}, "giving up after 4 attempts"},
		{"jitter 0.2", Constant(s, 3).WithJitter(0.2, half), 0,
			[]time.Duration{0, 900 * ms, 1800 * ms}, "giving up after 3 attempts"},
		{"jitter above 1 is clamped", Constant(s, 2).WithJitter(7, func() float64 { return 0.25 }), 0,
			[]time.Duration{0, 750 * ms}, "giving up after 2 attempts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				at, err := callTimes(t.Context(), tt.policy, tt.succeedOn)
				if !slices.Equal(at, tt.wantAt) {
					t.Errorf("calls at %v, want %v", at, tt.wantAt)
				}
				switch {
				case tt.wantErr == "" && err != nil:
					t.Errorf("Retry = %v, want nil", err)
				case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
					t.Errorf("Retry = %v, want an error containing %q", err, tt.wantErr)
				case tt.wantErr != "" && !errors.Is(err, errFlaky):
					t.Errorf("Retry = %v, which does not wrap the last error", err)
				}
			})
		})
	}
}

func TestRetryPermanent(t *testing.T) {
	errAuth := errors.New("invalid credentials")
	for _, wrap := range []func(error) error{
		Permanent,
		func(err error) error { return fmt.Errorf("authenticate: %w", Permanent(err)) },
	} {
		synctest.Test(t, func(t *testing.T) {
			start := time.Now()
			calls := 0
			err := Retry(t.Context(), Exponential(time.Second, 10), func(context.Context) error {
				calls++
				if calls == 2 {
					return wrap(errAuth)
				}
				return errFlaky
			})
			if calls != 2 {
				t.Errorf("op called %d times, want 2", calls)
			}
			if got := time.Since(start); got != time.Second {
				t.Errorf("Retry returned after %v, want 1s", got)
			}
			var perm *PermanentError
			if !errors.As(err, &perm) || perm.Err != errAuth || !errors.Is(err, errAuth) {
				t.Errorf("Retry = %#v, want a wrapped PermanentError of %v", err, errAuth)
			}
			if !strings.Contains(err.Error(), "attempt 2 failed permanently") {
				t.Errorf("Retry = %q, want the attempt named", err)
			}
		})
	}
}

func TestPermanent(t *testing.T) {
	if Permanent(nil) != nil {
		t.Error("Permanent(nil) is not nil")
	}
	err := Permanent(errFlaky)
	if err.Error() != errFlaky.Error() || errors.Unwrap(err) != errFlaky {
		t.Errorf("Permanent(%v) = %q unwrapping to %v", errFlaky, err, errors.Unwrap(err))
	}
}

func TestRetryCancelledDuringWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(t.Context())
		time.AfterFunc(2500*time.Millisecond, func() { cancel(errShutdown) })
		start := time.Now()
		at, err := callTimes(ctx, Exponential(time.Second, 0), 0)
		if got := time.Since(start); got != 2500*time.Millisecond {
			t.Errorf("Retry returned after %v, want 2.5s", got)
		}
		if want := []time.Duration{0, time.Second}; !slices.Equal(at, want) {
			t.Errorf("calls at %v, want %v", at, want)
		}
		if !errors.Is(err, errShutdown) || !errors.Is(err, errFlaky) {
			t.Errorf("Retry = %v, want both the cause and the last error wrapped", err)
		}
		if !strings.Contains(err.Error(), "stopped after 2 attempts") {
			t.Errorf("Retry = %q, want the attempt count", err)
		}
	})
}

func TestRetryDoneBeforeFirstAttempt(t *testing.T) {
	ctx, cancel := context.WithCancelCause(t.Context())
	cancel(errShutdown)
	called := false
	err := Retry(ctx, Constant(time.Second, 3), func(context.Context) error {
		called = true
		return nil
	})
	if called || err != errShutdown {
		t.Errorf("Retry = %v (op called: %v), want %v without calling op", err, called, errShutdown)
	}
}

func TestRetryPassesContext(t *testing.T) {
	type key struct{}
	ctx := context.WithValue(t.Context(), key{}, "v")
	err := Retry(ctx, Constant(0, 1), func(got context.Context) error {
		if got.Value(key{}) != "v" {
			return errors.New("op did not receive Retry's context")
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}
