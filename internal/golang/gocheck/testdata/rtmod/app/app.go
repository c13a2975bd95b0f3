// Package app is in a module that requires asynclint: its fixes call
// asyncrt.
package app

import (
	"context"
	"strings"
	"time"
)

// Run pauses, then trims.
func Run(ctx context.Context, s string) (string, error) {
	time.Sleep(time.Second)
	return strings.TrimSpace(s), nil
}
