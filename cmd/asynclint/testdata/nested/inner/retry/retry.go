// Package retry waits in the module nested inside the outer one.
package retry

import (
	"context"
	"time"
)

// Again sleeps though it holds a context.
func Again(ctx context.Context) {
	time.Sleep(time.Second)
}
