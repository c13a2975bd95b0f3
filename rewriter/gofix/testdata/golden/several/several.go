// Package several has several waits in one file: once all are rewritten
// to asyncrt.Sleep, nothing else uses "time" and its import goes.
package several

import (
	"context"
	"errors"
	"time"
)

const pause = 5e8

// ErrGone is returned when the peer has left.
var ErrGone = errors.New("gone")

// Poll waits between attempts.
func Poll(ctx context.Context, ready func() bool) error {
	for !ready() {
		time.Sleep(pause)
	}
	return nil
}

// Settle waits twice.
func Settle(ctx context.Context) {
	time.Sleep(pause)
	<-time.After(2 * pause)
}
