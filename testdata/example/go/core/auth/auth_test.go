package auth

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"example.com/asynccore/core/backoff"
)

var errTimeout = errors.New("identity service timed out")

// flaky fails with errs in turn, then returns a token.
type flaky struct {
	errs  []error
	calls int
}

func (f *flaky) Authenticate(ctx context.Context) (string, error) {
	f.calls++
	if f.calls <= len(f.errs) {
		return "", f.errs[f.calls-1]
	}
	return "token", nil
}

func TestRetryAuthentication(t *testing.T) {
	tests := []struct {
		name      string
		errs      []error
		wantToken string
		wantErr   error
		wantCalls int
		wantAfter time.Duration
	}{
		{"first try", nil, "token", nil, 1, 0},
		{"after two failures", []error{errTimeout, errTimeout}, "token", nil, 3, 2 * backoff.Second},
		{"all attempts fail", []error{errTimeout, errTimeout, errTimeout}, "", errTimeout, 3, 3 * backoff.Second},
		{"invalid credentials", []error{ErrInvalidCredentials}, "", ErrInvalidCredentials, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				a := &flaky{errs: tt.errs}
				start := time.Now()
				token, err := NewManager(a).RetryAuthentication(t.Context())
				if token != tt.wantToken || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
					t.Errorf("RetryAuthentication = %q, %v; want %q, %v", token, err, tt.wantToken, tt.wantErr)
				}
				if a.calls != tt.wantCalls {
					t.Errorf("Authenticate called %d times, want %d", a.calls, tt.wantCalls)
				}
				if got := time.Since(start); got != tt.wantAfter {
					t.Errorf("returned after %v, want %v", got, tt.wantAfter)
				}
			})
		})
	}
}

func TestRetryAuthenticationSync(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := &flaky{errs: []error{errTimeout}}
		token, err := NewManager(nil).RetryAuthenticationSync(func() (string, error) {
			return a.Authenticate(context.Background())
		})
		if token != "token" || err != nil || a.calls != 2 {
			t.Errorf("RetryAuthenticationSync = %q, %v after %d calls; want token after 2", token, err, a.calls)
		}
	})
}
