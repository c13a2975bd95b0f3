// Package aliased already imports the runtime under another name.
package aliased

import (
	"context"
	"time"

	rt "github.com/asynclint/asynclint/runtime"
)

// Twice waits twice, once already cancellably.
func Twice(ctx context.Context) error {
	if err := rt.Sleep(ctx, time.Second); err != nil {
		return err
	}
	time.Sleep(time.Second)
	return nil
}
