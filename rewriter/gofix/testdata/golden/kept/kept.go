// Package kept still uses "time" after the fix: its import stays.
package kept

import (
	"context"
	"time"
)

// Stamp waits, then returns the time.
func Stamp(ctx context.Context) (time.Time, error) {
	time.Sleep(10 * time.Millisecond)
	return time.Now(), nil
}
