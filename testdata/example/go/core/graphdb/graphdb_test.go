package graphdb

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"example.com/asynccore/core/backoff"
)

var errShutdown = errors.New("shutting down")

func TestConnect(t *testing.T) {
	s := backoff.Second
	// The blocking Connect is called without a context in scope, as its
	// callers have none.
	connects := map[string]func(*Manager, *testing.T) (*Session, error){
		"ConnectWithRetry": func(m *Manager, t *testing.T) (*Session, error) { return m.ConnectWithRetry(t.Context()) },
		"ConnectContext":   func(m *Manager, t *testing.T) (*Session, error) { return m.ConnectContext(t.Context()) },
		"Connect":          func(m *Manager, _ *testing.T) (*Session, error) { return m.Connect() },
	}
	for name, connect := range connects {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				d := &FakeDriver{Failures: 3}
				start := time.Now()
				sess, err := connect(NewManager(d), t)
				if err != nil || sess.ID != 1 {
					t.Fatalf("connect = %v, %v; want session 1", sess, err)
				}
				if got, want := time.Since(start), s+2*s+4*s; got != want {
					t.Errorf("connected after %v, want %v", got, want)
				}
				if d.Calls() != 4 {
					t.Errorf("driver called %d times, want 4", d.Calls())
				}
			})
		})
	}
}

func TestConnectGivesUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := NewManager(&FakeDriver{Failures: 100})
		m.MaxRetries = 2
		if _, err := m.ConnectWithRetry(t.Context()); !errors.Is(err, ErrUnavailable) {
			t.Errorf("ConnectWithRetry = %v, want %v", err, ErrUnavailable)
		}
		if _, err := m.ConnectContext(t.Context()); !errors.Is(err, ErrUnavailable) {
			t.Errorf("ConnectContext = %v, want %v", err, ErrUnavailable)
		}
	})
}

func TestConnectContextCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(t.Context())
		time.AfterFunc(backoff.Second/2, func() { cancel(errShutdown) })
		start := time.Now()
		_, err := NewManager(&FakeDriver{Failures: 100}).ConnectContext(ctx)
		if err != errShutdown {
			t.Errorf("ConnectContext = %v, want %v", err, errShutdown)
		}
		if got := time.Since(start); got != backoff.Second/2 {
			t.Errorf("returned after %v, want %v", got, backoff.Second/2)
		}
	})
}
