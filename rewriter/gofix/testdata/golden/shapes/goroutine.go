package shapes

import (
	"context"
	"sync"
	"time"
)

// Tick runs a goroutine that waits: the fix returns from the goroutine.
func Tick(ctx context.Context, wg *sync.WaitGroup, tick func()) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			tick()
			time.Sleep(time.Second)
		}
	}()
}
