// Package graphdb is the port of the plan's neo4j_manager: a graph-database
// manager that connects through a driver, retrying with the plan's
// min(2**attempt, 30) second backoff. FakeDriver stands in for the real one.
package graphdb

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"example.com/asynccore/core/backoff"
)

// ErrUnavailable is what FakeDriver returns while it is "down".
var ErrUnavailable = errors.New("graphdb: service unavailable")

// Session is an open database session.
type Session struct {
	// ID numbers the sessions a driver opened, from 1.
	ID int
}

// Driver opens sessions.
type Driver interface {
	Open(ctx context.Context) (*Session, error)
}

// FakeDriver fails with ErrUnavailable for its first Failures calls of
// Open, then succeeds. It is safe for concurrent use.
type FakeDriver struct {
	mu       sync.Mutex
	Failures int
	calls    int
	opened   int
}

// Open implements Driver.
func (d *FakeDriver) Open(ctx context.Context) (*Session, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls++
	if d.calls <= d.Failures {
		return nil, ErrUnavailable
	}
	d.opened++
	return &Session{ID: d.opened}, nil
}

// Calls returns how many times Open was called.
func (d *FakeDriver) Calls() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.calls
}

// Manager connects to the graph database.
type Manager struct {
	Driver Driver
	// MaxRetries is the number of connection attempts.
	MaxRetries int
	// MaxDelay caps the backoff: the plan's 30 seconds.
	MaxDelay time.Duration
}

// NewManager returns a manager with the plan's settings: 5 attempts, a
// backoff capped at 30 (scaled) seconds.
func NewManager(d Driver) *Manager {
	return &Manager{Driver: d, MaxRetries: 5, MaxDelay: 30 * backoff.Second}
}

// ConnectWithRetry is the plan's connect_with_retry. It takes a context but
// its waits go through backoff.PauseAttempt, which sleeps without one: a
// cancelled caller still waits out the whole backoff.
func (m *Manager) ConnectWithRetry(ctx context.Context) (*Session, error) {
	var lastErr error
	for attempt := range m.MaxRetries {
		s, err := m.Driver.Open(ctx)
		if err == nil {
			return s, nil
		}
		lastErr = err
		backoff.PauseAttempt(attempt, m.MaxDelay)
	}
	return nil, fmt.Errorf("graphdb: connect failed after %d attempts: %w", m.MaxRetries, lastErr)
}

// Connect is the blocking version, kept for callers that have no context.
//
// Deprecated: use ConnectContext.
func (m *Manager) Connect() (*Session, error) {
	var lastErr error
	for attempt := range m.MaxRetries {
		s, err := m.Driver.Open(context.Background())
		if err == nil {
			return s, nil
		}
		lastErr = err
		time.Sleep(backoff.Delay(attempt, m.MaxDelay))
	}
	return nil, fmt.Errorf("graphdb: connect failed after %d attempts: %w", m.MaxRetries, lastErr)
}

// ConnectContext is the context-aware version of Connect: its waits end
// when ctx does, and it then returns the context's cause.
func (m *Manager) ConnectContext(ctx context.Context) (*Session, error) {
	for attempt := 0; ; attempt++ {
		s, err := m.Driver.Open(ctx)
		if err == nil {
			return s, nil
		}
		if attempt+1 >= m.MaxRetries {
			return nil, fmt.Errorf("graphdb: connect failed after %d attempts: %w", m.MaxRetries, err)
		}
		t := time.NewTimer(backoff.Delay(attempt, m.MaxDelay))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, context.Cause(ctx)
		case <-t.C:
		}
	}
}
