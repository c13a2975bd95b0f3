package existing

import (
	"context"
	"time"

	rt "github.com/asynclint/asynclint/runtime"
)

func wait(ctx context.Context) error {
	if err := rt.Sleep(ctx, time.Second); err != nil {
		return err
	}
	time.Sleep(time.Second) // want `time.Sleep ignores`
	return nil
}

func shadowing(ctx context.Context) {
	rt := 1
	_ = rt
	time.Sleep(time.Second) // want `time.Sleep ignores`
}
