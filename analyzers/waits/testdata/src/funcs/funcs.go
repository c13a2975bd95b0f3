// Package funcs holds functions whose facts say when they run their
// function arguments and whether they only wrap a context with values.
package funcs

import "context"

type key struct{}

// With attaches a configuration value to ctx; it adds nothing else.
func With(ctx context.Context, v string) context.Context { // want With:"funcs: wraps=arg0"
	return context.WithValue(ctx, key{}, v)
}

// WithTwo wraps through With.
func WithTwo(ctx context.Context) context.Context { // want WithTwo:"funcs: wraps=arg0"
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
func AtShutdown(fn func()) { // want AtShutdown:"funcs: arg0=later"
	hooks = append(hooks, fn)
}

// Retry calls fn until it succeeds.
func Retry(n int, fn func() error) error { // want Retry:"funcs: arg1=now"
	var err error
	for range n {
		if err = fn(); err == nil {
			return nil
		}
	}
	return err
}

// Spawn runs fn in a goroutine.
func Spawn(fn func()) { // want Spawn:"funcs: arg0=goroutine"
	go fn()
}

// Forward hands fn to Retry: it runs it now too.
func Forward(fn func() error) error { // want Forward:"funcs: arg0=now"
	return Retry(3, fn)
}

// Both calls fn now and stores it: now wins.
func Both(fn func()) { // want Both:"funcs: arg0=now"
	fn()
	hooks = append(hooks, fn)
}

// Nil only compares fn with nil: nothing is known.
func Nil(fn func()) bool {
	return fn == nil
}

// Deferred runs fn when it returns: still before its caller goes on.
func Deferred(fn func()) { // want Deferred:"funcs: arg0=now"
	defer fn()
}

// InGoroutine calls fn in a goroutine's literal.
func InGoroutine(fn func()) { // want InGoroutine:"funcs: arg0=goroutine"
	go func() { fn() }()
}

// Identity returns its context: a wrapper that adds nothing.
func Identity(ctx context.Context) context.Context { // want Identity:"funcs: wraps=arg0"
	return ctx
}

// Second wraps its second context parameter.
func Second(a, b context.Context) context.Context { // want Second:"funcs: wraps=arg1"
	return context.WithValue(b, key{}, a)
}

// Timeout returns a context with a deadline: not a value wrapper.
func Timeout(ctx context.Context) context.Context {
	c, _ := context.WithTimeout(ctx, 0)
	return c
}

// Held calls fn in a literal it calls through a variable: now.
func Held(fn func()) { // want Held:"funcs: arg0=now"
	run := func() { fn() }
	run()
}

// HeldStored calls fn in a literal it only stores: later.
func HeldStored(fn func()) { // want HeldStored:"funcs: arg0=later"
	run := func() { fn() }
	hooks = append(hooks, run)
}

// HeldGo starts a variable holding a literal that calls fn: in a goroutine.
func HeldGo(fn func()) { // want HeldGo:"funcs: arg0=goroutine"
	run := func() { fn() }
	go run()
}
