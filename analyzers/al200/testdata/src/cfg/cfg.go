// Package cfg holds helpers the callbacks fixture calls across a package
// boundary: what they do is known to it through facts.
package cfg

import "context"

type key struct{}

// With attaches a configuration value to ctx; it adds nothing else.
func With(ctx context.Context, v string) context.Context {
	return context.WithValue(ctx, key{}, v)
}

// WithTwo wraps through With.
func WithTwo(ctx context.Context) context.Context {
	return With(With(ctx, "a"), "b")
}

// Detach returns a context of its own when asked: not a value wrapper.
func Detach(ctx context.Context, detach bool) context.Context {
	if detach {
		return context.Background()
	}
	return context.WithValue(ctx, key{}, "")
}

var hooks []func()

// AtShutdown registers fn to run at shutdown.
func AtShutdown(fn func()) {
	hooks = append(hooks, fn)
}

// Retry calls fn until it succeeds.
func Retry(n int, fn func() error) error {
	var err error
	for range n {
		if err = fn(); err == nil {
			return nil
		}
	}
	return err
}

// Spawn runs fn in a goroutine.
func Spawn(fn func()) {
	go fn()
}

// Forward hands fn to Retry: it runs it now too.
func Forward(fn func() error) error {
	return Retry(3, fn)
}
