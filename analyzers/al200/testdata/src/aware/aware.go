package aware

import (
	"context"
	"time"

	asyncrt "github.com/asynclint/asynclint/runtime"
	"golang.org/x/time/rate"
)

func selectDone(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(time.Second):
	}
	t := time.NewTimer(time.Second)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

func runtimeSleep(ctx context.Context) error {
	return asyncrt.Sleep(ctx, time.Second)
}

func limiters(ctx context.Context, l *rate.Limiter, m *asyncrt.Limiter) error {
	if err := l.Wait(ctx); err != nil {
		return err
	}
	return m.Wait(ctx)
}
