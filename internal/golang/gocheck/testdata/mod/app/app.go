// Package app calls lib from context-aware code.
package app

import (
	"context"
	"time"

	"example.com/mod/lib"
)

// Run polls, then pauses.
func Run(ctx context.Context) error {
	lib.Poll()
	_ = "ééé"; time.Sleep(time.Second)
	return lib.WaitContext(ctx)
}
