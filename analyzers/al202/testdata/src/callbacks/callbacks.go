package callbacks // want package:"ignorers: 1"

// callbacks checks that a literal held in a variable is part of its
// function when called, and runs on its own when stored, as nats.go's
// auto-acknowledging message callback is.
import (
	"context"
	"store"
)

type Msg struct{ s *store.Store }

func (m *Msg) Ack() { m.s.Get("ack") } // want Ack:`^ignores context: calls \(\*store.Store\).Get`

type conn struct{ cb func(*Msg) }

func (c *conn) subscribe(cb func(*Msg)) { c.cb = cb }

func Subscribe(ctx context.Context, c *conn, cb func(*Msg), s *store.Store) {
	if cb != nil {
		ocb := cb
		cb = func(m *Msg) { ocb(m); m.Ack() } // runs when a message comes, not now
	}
	c.subscribe(cb)
	get := func() { s.Get("now") } // want `^\(\*store.Store\).Get ignores cancellation of ctx: use \(\*store.Store\).GetContext\(ctx, \.\.\.\)$`
	get()
	ack := func(m *Msg) {
		m.Ack() // want `^\(\*Msg\).Ack ignores cancellation of ctx: it calls \(\*store.Store\).Get`
	}
	ack(&Msg{s})
}
