package b // want package:"blockers: 11"

import (
	"context"
	"time"
)

func Sleepy() { // want Sleepy:`^blocks: calls time.Sleep \(b.go:9\)$`
	time.Sleep(time.Second)
}

func Indirect() { // want Indirect:`^blocks: calls Sleepy, which calls time.Sleep \(b.go:9\)$`
	Sleepy()
}

func Deep() { // want Deep:`^blocks: calls deeper, which calls Indirect, which calls Sleepy, which calls time.Sleep \(b.go:9\)$`
	deeper()
}

func Deepest() { // want Deepest:`^blocks: calls Deep, which calls deeper, which \.\.\., which calls time.Sleep \(b.go:9\)$`
	Deep()
}

func deeper() { // want deeper:`^blocks: calls Indirect, which calls Sleepy, which calls time.Sleep`
	Indirect()
}

func inGoroutine() {
	go Sleepy()
	go func() { Sleepy() }()
	f := func() { Sleepy() }
	_ = f
}

func onTheSpot() { // want onTheSpot:`^blocks: calls Sleepy`
	func() { Sleepy() }()
}

func recursiveA(n int) { // want recursiveA:`^blocks: calls recursiveB, which calls <-time.After \(b.go:45\)$`
	recursiveB(n)
}

func recursiveB(n int) { // want recursiveB:`^blocks: calls <-time.After \(b.go:45\)$`
	recursiveA(n - 1)
	<-time.After(time.Second)
}

func loopA() { loopB() }

func loopB() { loopA() }

type Client struct{}

func (c *Client) Wait() { // want Wait:`^blocks: calls <-time.NewTimer\(...\).C`
	<-time.NewTimer(time.Second).C
}

func (c *Client) WaitContext(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(time.Second):
		return nil
	}
}

func WithCtx(ctx context.Context) { // want WithCtx:`^blocks: calls time.Sleep \(b.go:68\)$`
	time.Sleep(time.Second)
}

func Caller(ctx context.Context) { // want Caller:`^blocks: calls WithCtx, which calls time.Sleep \(b.go:68\)$`
	Indirect()   // want `^Indirect blocks and ignores cancellation of ctx: it calls Sleepy, which calls time.Sleep \(b.go:9\)$`
	WithCtx(ctx) // takes a context: its own waits are AL200's
	go Sleepy()  // not waited for
	loopA()      // never sleeps
	var c Client
	c.Wait() // want `^\(\*Client\).Wait blocks`
	_ = c.WaitContext(ctx)
}
