// Package shapes holds waits in functions of several shapes.
package shapes

import (
	"context"
	"time"
)

// Record is a result type.
type Record struct{ ID int }

// Fetch has named results: the fix returns zero values and the error.
func Fetch(ctx context.Context, id int) (rec Record, n int, err error) {
	rec = Record{ID: id}
	time.Sleep(time.Second)
	return rec, 1, nil
}
