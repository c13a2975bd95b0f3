package e // want package:"blockers: 7"

// e checks function literals held in variables and stored for AL201: a
// literal assigned to a local variable runs where the variable is called;
// one stored in a field, a map, a slice or a channel, or returned, runs on
// its own.

import (
	"b"
	"context"
	"sort"
	"time"
)

// called sleeps in a literal it calls through a variable: it blocks.
func called() { // want called:`^blocks: calls time.Sleep \(e.go:18\)$`
	f := func() {
		time.Sleep(time.Second)
	}
	f()
}

// deferred blocks when it returns, in a deferred call of a variable.
func deferred() { // want deferred:`^blocks: calls b.Sleepy`
	var f = func() { b.Sleepy() }
	defer f()
}

// nested calls a variable from a literal called on the spot.
func nested() { // want nested:`^blocks: calls b.Sleepy`
	f := func() { b.Sleepy() }
	func() { f() }()
}

// handed passes the variable to sort.Slice, which runs it now.
func handed(xs []int) { // want handed:`^blocks: calls b.Sleepy`
	less := func(i, j int) bool { b.Sleepy(); return false }
	sort.Slice(xs, less)
}

// recursive calls itself through its variable; the first call blocks.
func recursive() { // want recursive:`^blocks: calls b.Sleepy`
	var walk func(n int)
	walk = func(n int) {
		if n > 0 {
			walk(n - 1)
		}
		b.Sleepy()
	}
	walk(3)
}

type server struct {
	onMsg    func(string)
	handlers map[string]func()
	hooks    []func()
	queue    chan func()
}

// unused assigns literals it never calls, or only starts in goroutines:
// it does not block.
func (s *server) unused() {
	f := func() { b.Sleepy() }
	_ = f != nil
	g := func() { b.Sleepy() }
	go g()
	h := func() { b.Sleepy() }
	go func() { h() }()
	s.onMsg = func(string) { b.Sleepy() }
	s.handlers["x"] = func() { b.Sleepy() }
	s.hooks = append(s.hooks, func() { b.Sleepy() })
	s.queue <- func() { b.Sleepy() }
	k := func() { b.Sleepy() }
	s.hooks = append(s.hooks, k)
}

// later returns a literal: whoever calls it runs it.
func later() func() {
	return func() { b.Sleepy() }
}

func (s *server) subscribe(cb func(string)) {
	s.onMsg = cb
}

// Serve has a context; the calls of literals it runs are reported, those
// of literals it stores or registers are not.
func (s *server) Serve(ctx context.Context) { // want Serve:`^blocks: calls called`
	called() // want `^called blocks and ignores cancellation of ctx: it calls time.Sleep \(e.go:18\)$`
	f := func() {
		b.Sleepy() // want `^b.Sleepy blocks and ignores cancellation of ctx`
	}
	f()
	g := func() {
		b.Sleepy() // want `^b.Sleepy blocks and ignores cancellation of ctx`
	}
	defer g()
	s.onMsg = func(string) {
		b.Sleepy() // stored in a field: runs when a message comes
	}
	s.handlers["x"] = func() {
		b.Sleepy() // stored in a map
	}
	s.hooks = append(s.hooks, func() {
		b.Sleepy() // appended to a slice
	})
	s.queue <- func() {
		b.Sleepy() // sent on a channel
	}
	cb := func(string) {
		b.Sleepy() // held in a variable, then stored by subscribe
	}
	s.subscribe(cb)
	var ocb func(string)
	ocb = func(m string) {
		b.Sleepy() // reassigned, then registered (as nats.go's auto-ack callback)
	}
	s.subscribe(ocb)
	h := func() {
		b.Sleepy() // held, then started in a goroutine nobody waits for
	}
	go h()
	srv := server{onMsg: func(string) {
		b.Sleepy() // in a composite literal
	}}
	_ = srv
	_ = later()
	s.unused()
}

// ContextInside calls a variable whose literal has its own context.
func ContextInside() { // want ContextInside:`^blocks: calls b.Sleepy`
	run := func(ctx context.Context) {
		b.Sleepy() // want `^b.Sleepy blocks and ignores cancellation of ctx`
	}
	run(context.Background())
}

type interceptor func(ctx context.Context, req string) error

// Interceptor returns a literal with a context of its own: whoever runs it
// gives it that context, which the literal ought to honour.
func Interceptor(outer context.Context) interceptor {
	return func(ctx context.Context, req string) error {
		b.Sleepy() // want `^b.Sleepy blocks and ignores cancellation of ctx`
		return nil
	}
}

// Register stores literals: their own context parameters count, the
// registering function's context does not.
func (s *server) Register(ctx context.Context, hooks map[string]func(context.Context)) {
	hooks["own"] = func(inner context.Context) {
		b.Sleepy() // want `^b.Sleepy blocks and ignores cancellation of inner`
	}
	hooks["outer"] = func(context.Context) {
		b.Sleepy() // its parameter is unnamed: no context to name; ctx is the registrar's
	}
	s.hooks = append(s.hooks, func() {
		local, cancel := context.WithCancel(ctx)
		defer cancel()
		_ = local
		b.Sleepy() // a local of a stored literal: not a promise to anyone
	})
}
