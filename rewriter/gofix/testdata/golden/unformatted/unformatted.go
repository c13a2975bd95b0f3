// Package unformatted is not gofmt-clean: only the fixed lines change.
package unformatted

import (
	"context"
	"time"
)

var  spaced   =  1

// Wait sleeps.
func Wait(ctx context.Context) error {
	x := spaced +1
	_ = x
	time.Sleep(time.Second)
	return nil
}
