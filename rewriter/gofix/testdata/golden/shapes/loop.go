package shapes

import (
	"context"
	"time"
)

// Drain waits inside a loop with break and continue around the wait: they
// must keep acting on the loop.
func Drain(ctx context.Context, queue <-chan int) (int, error) {
	total := 0
	for {
		n, ok := <-queue
		if !ok {
			break
		}
		if n == 0 {
			continue
		}
		total += n
		time.Sleep(time.Duration(n) * time.Millisecond)
		if total > 100 {
			break
		}
	}
	return total, nil
}
