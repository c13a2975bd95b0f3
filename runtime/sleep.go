package asyncrt

import (
	"context"
	"time"
)

// Sleep pauses the calling goroutine for d or until ctx is done, whichever
// comes first. It returns nil when the full duration elapsed, and
// context.Cause(ctx) when ctx ended the wait: the cause given to a
// context.CancelCauseFunc where one was set, otherwise ctx.Err().
//
// A context that is already done makes Sleep return its cause at once, even
// for d <= 0; otherwise d <= 0 returns nil at once. Sleep starts no
// goroutine and stops its timer before returning.
func Sleep(ctx context.Context, d time.Duration) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}
