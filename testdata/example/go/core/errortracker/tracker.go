// Package errortracker is the port of the plan's error_tracker: recovery
// strategies that pause, then retry the failed operation.
package errortracker

import (
	"context"
	"fmt"
	"time"

	asyncrt "github.com/asynclint/asynclint/runtime"

	"example.com/asynccore/core/backoff"
)

// Strategy is a recovery strategy.
type Strategy struct {
	// Name identifies the strategy in errors.
	Name string
	// Delay is the pause before the retry; 0 means the plan's default of
	// 1 (scaled) second.
	Delay time.Duration
}

func (s Strategy) delay() time.Duration {
	if s.Delay > 0 {
		return s.Delay
	}
	return backoff.Second
}

// Tracker applies recovery strategies to a failed operation.
type Tracker struct {
	// Retry is the operation to retry.
	Retry func(ctx context.Context) error
	// Applied counts the strategies applied.
	Applied int
}

// ApplyRecoveryStrategy is the plan's apply_recovery_strategy: it pauses for
// the strategy's delay, then retries. The pause ignores ctx.
func (t *Tracker) ApplyRecoveryStrategy(ctx context.Context, s Strategy) error {
	t.Applied++
	<-time.NewTimer(s.delay()).C
	if err := t.Retry(ctx); err != nil {
		return fmt.Errorf("errortracker: strategy %q: %w", s.Name, err)
	}
	return nil
}

// RecoverAll applies the strategies in turn until the retry succeeds. The
// closure captures ctx, and its pause ignores it.
func (t *Tracker) RecoverAll(ctx context.Context, strategies []Strategy) error {
	apply := func(s Strategy) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		t.Applied++
		time.Sleep(s.delay())
		return t.Retry(ctx)
	}
	var err error
	for _, s := range strategies {
		if err = apply(s); err == nil {
			return nil
		}
	}
	return fmt.Errorf("errortracker: %d strategies failed: %w", len(strategies), err)
}

// ApplyRecoveryStrategyContext is the converted form of
// ApplyRecoveryStrategy: its pause ends with ctx.
func (t *Tracker) ApplyRecoveryStrategyContext(ctx context.Context, s Strategy) error {
	t.Applied++
	if err := asyncrt.Sleep(ctx, s.delay()); err != nil {
		return err
	}
	if err := t.Retry(ctx); err != nil {
		return fmt.Errorf("errortracker: strategy %q: %w", s.Name, err)
	}
	return nil
}
