// Package auth is the port of the plan's api_auth_manager: authentication
// retried after a fixed one-second pause.
package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"example.com/asynccore/core/backoff"
)

// ErrInvalidCredentials is a failure that retrying cannot fix.
var ErrInvalidCredentials = errors.New("auth: invalid credentials")

// Authenticator obtains a token from the identity service.
type Authenticator interface {
	Authenticate(ctx context.Context) (string, error)
}

// Manager authenticates with retries.
type Manager struct {
	Auth Authenticator
	// MaxRetries is the number of attempts.
	MaxRetries int
	// RetryDelay is the pause after a failed attempt: the plan's 1 second.
	RetryDelay time.Duration
}

// NewManager returns a manager with 3 attempts one (scaled) second apart.
func NewManager(a Authenticator) *Manager {
	return &Manager{Auth: a, MaxRetries: 3, RetryDelay: backoff.Second}
}

// RetryAuthentication is the plan's _retry_authentication: it retries
// after a fixed pause, but the pause ignores ctx.
func (m *Manager) RetryAuthentication(ctx context.Context) (string, error) {
	var lastErr error
	for range m.MaxRetries {
		token, err := m.Auth.Authenticate(ctx)
		if err == nil {
			return token, nil
		}
		if errors.Is(err, ErrInvalidCredentials) {
			return "", err
		}
		lastErr = err
		time.Sleep(m.RetryDelay)
	}
	return "", fmt.Errorf("auth: %d attempts failed: %w", m.MaxRetries, lastErr)
}

// RetryAuthenticationSync is the same retry for callers without a context:
// it has no promise to break, and is not flagged.
func (m *Manager) RetryAuthenticationSync(a func() (string, error)) (string, error) {
	var lastErr error
	for range m.MaxRetries {
		token, err := a()
		if err == nil {
			return token, nil
		}
		lastErr = err
		time.Sleep(m.RetryDelay)
	}
	return "", fmt.Errorf("auth: %d attempts failed: %w", m.MaxRetries, lastErr)
}
