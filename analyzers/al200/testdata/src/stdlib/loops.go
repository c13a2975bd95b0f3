package stdlib

import (
	"context"
	"time"
)

func poll(ctx context.Context, ready func() bool) error {
	for !ready() {
		time.Sleep(100 * time.Millisecond) // want `time.Sleep ignores`
		if ready() {
			break
		}
	}
	return nil
}

func each(ctx context.Context, items []string) {
	for _, it := range items {
		if it == "" {
			continue
		}
		select {
		case <-ctx.Done():
			return
		default:
			<-time.After(time.Minute) // want `<-time.After ignores`
		}
	}
}
