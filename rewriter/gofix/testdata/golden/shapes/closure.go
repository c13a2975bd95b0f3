package shapes

import (
	"context"
	"time"
)

// Each calls a closure that waits: the fix returns from the closure.
func Each(ctx context.Context, items []string) error {
	visit := func(s string) (string, error) {
		time.Sleep(time.Duration(len(s)) * time.Millisecond)
		return s, nil
	}
	for _, it := range items {
		if _, err := visit(it); err != nil {
			return err
		}
	}
	return nil
}
