package a // want package:"blockers: 4"

import (
	"b"
	"context"
	"time"
)

func helper() { // want helper:`^blocks: calls b.Indirect, which calls Sleepy, which calls time.Sleep \(b.go:9\)$`
	b.Indirect()
}

func Handle(ctx context.Context) { // want Handle:`^blocks: calls b.Sleepy, which calls time.Sleep \(b.go:9\)$`
	helper()   // want `^helper blocks and ignores cancellation of ctx: it calls b.Indirect, which calls Sleepy, which calls time.Sleep \(b.go:9\)$`
	b.Sleepy() // want `^b.Sleepy blocks and ignores cancellation of ctx`
	var c b.Client
	c.Wait() // want `^\(\*b.Client\).Wait blocks`
	_ = c.WaitContext(ctx)
	b.Sleepy() //nolint:AL201
	//asynclint:ignore AL201 the device needs it
	b.Sleepy()
	go func() {
		b.Sleepy() // a one-shot goroutine runs independently of Handle
	}()
	go func() {
		for {
			b.Sleepy() // a detached periodic task that refers to no context
		}
	}()
	go func() {
		for ctx.Err() == nil {
			b.Deepest() // want `^b.Deepest blocks and ignores cancellation of ctx: it calls Deep, which calls deeper, which \.\.\., which calls time.Sleep \(b.go:9\)$`
		}
	}()
}

func rooted() { // want rooted:`^blocks: calls b.Sleepy`
	ctx := context.Background()
	_ = ctx
	b.Sleepy() // nobody can cancel a fresh root
}

func noContext() { // want noContext:`^blocks: calls b.Sleepy`
	b.Sleepy()
}

func yield() {
	time.Sleep(time.Millisecond) // a yield does not make a function block
}

func callsYield(ctx context.Context) {
	yield()
}
