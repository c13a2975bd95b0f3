package aliased

import (
	"context"
	"time"
)

type asyncrt struct{}

// Shadowed has a type named asyncrt: the import takes another name.
func Shadowed(ctx context.Context) {
	var _ asyncrt
	time.Sleep(time.Second)
}
