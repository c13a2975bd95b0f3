// Package errorhandler is the port of the plan's error_handler: operations
// retried with the plan's 2**attempt second backoff.
package errorhandler

import (
	"context"
	"fmt"
	"sync"
	"time"

	asyncrt "github.com/asynclint/asynclint/runtime"

	"example.com/asynccore/core/backoff"
)

// Handler runs operations with retries and keeps the errors it saw.
type Handler struct {
	mu     sync.Mutex
	errors []error
}

// Errors returns the errors seen so far, oldest first.
func (h *Handler) Errors() []error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]error(nil), h.errors...)
}

func (h *Handler) record(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.errors = append(h.errors, err)
}

// HandleWithRetry is the plan's handle_with_retry: up to maxRetries calls of
// op, 2**attempt (scaled) seconds apart. The pauses ignore ctx.
func (h *Handler) HandleWithRetry(ctx context.Context, op func(context.Context) (string, error), maxRetries int) (result string, err error) {
	for attempt := range maxRetries {
		result, err = op(ctx)
		if err == nil {
			return result, nil
		}
		h.record(err)
		delay := backoff.Second << attempt
		time.Sleep(delay)
	}
	return "", fmt.Errorf("errorhandler: %d attempts failed: %w", maxRetries, err)
}

// HandleWithRetryContext is the converted form of HandleWithRetry: the same
// backoff through asyncrt.Retry, whose waits end with ctx.
func (h *Handler) HandleWithRetryContext(ctx context.Context, op func(context.Context) (string, error), maxRetries int) (string, error) {
	var result string
	err := asyncrt.Retry(ctx, asyncrt.Exponential(backoff.Second, maxRetries), func(ctx context.Context) error {
		r, err := op(ctx)
		if err != nil {
			h.record(err)
			return err
		}
		result = r
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("errorhandler: %w", err)
	}
	return result, nil
}
