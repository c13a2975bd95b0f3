package a // want package:"blockers: 3"

import (
	"b"
	"context"
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
		b.Deepest() // want `^b.Deepest blocks and ignores cancellation of ctx: it calls Deep, which calls deeper, which \.\.\., which calls time.Sleep \(b.go:9\)$`
	}()
}

func noContext() { // want noContext:`^blocks: calls b.Sleepy`
	b.Sleepy()
}
