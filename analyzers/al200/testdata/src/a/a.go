package a

import (
	"context"
	"time"
)

func param(ctx context.Context) {
	time.Sleep(time.Second) // want `^time.Sleep ignores cancellation of ctx: use asyncrt.Sleep\(ctx, d\)$`
}

func noContext() {
	time.Sleep(time.Second) // no context in scope
}

func local(r interface{ Context() context.Context }) {
	ctx := r.Context()
	_ = ctx
	time.Sleep(time.Second) // want `time.Sleep ignores cancellation of ctx`
}

func localRoot() {
	ctx := context.Background()
	_ = ctx
	time.Sleep(time.Second) // nobody can cancel a fresh root
}

func declaredAfter() {
	time.Sleep(time.Second) // ctx is not declared yet
	ctx := context.Background()
	_ = ctx
}

func captured(ctx context.Context) {
	go func() {
		for {
			time.Sleep(time.Second) // a detached periodic task that refers to no context: independent of the caller
		}
	}()
	go func() {
		for {
			poll(ctx)
			time.Sleep(time.Second) // want `time.Sleep ignores cancellation of ctx`
		}
	}()
	f := func() {
		time.Sleep(time.Second) // want `time.Sleep ignores cancellation of ctx`
	}
	f()
}

func oneShotGoroutine(ctx context.Context, done chan struct{}) {
	go func() {
		time.Sleep(time.Second) // a delayed action, independent of the caller
		close(done)
	}()
}

func otherName(c context.Context) {
	<-time.After(time.Second) // want `^<-time.After ignores cancellation of c: use asyncrt.Sleep\(c, d\)$`
}

func timer(ctx context.Context) {
	<-time.NewTimer(time.Second).C // want `a receive from time.NewTimer\(...\).C ignores cancellation of ctx`
}

func valueUse(ctx context.Context) time.Time {
	return <-time.After(time.Second) // want `<-time.After ignores`
}

func goSleep(ctx context.Context) {
	go time.Sleep(time.Second) // runs in another goroutine
	f := time.Sleep            // a reference, not a call
	_ = f
}

func deferSleep(ctx context.Context) {
	defer time.Sleep(time.Second) // want `time.Sleep ignores`
}

func timerOnlySelect(ctx context.Context) {
	select { // want `a select on timers only ignores cancellation of ctx`
	case <-time.After(time.Second):
	}
}

func otherChannel(ctx context.Context, stop chan struct{}) {
	select {
	case <-stop:
	case <-time.After(time.Second): // cancellable by stop
	}
}

func withDefault(ctx context.Context) {
	select {
	case <-time.After(time.Second):
	default:
	}
}

var global = context.Background()

func packageLevelContext() {
	time.Sleep(time.Second) // a package-level context does not count
}

type server struct{ ctx context.Context }

func (s *server) field() {
	time.Sleep(time.Second) // a context in a field is not a variable in scope
}

func shadowed(ctx context.Context) {
	{
		ctx := 1
		_ = ctx
		time.Sleep(time.Second) // the only ctx visible here is an int
	}
}

func preferCtx(a context.Context, ctx context.Context) {
	time.Sleep(time.Second) // want `cancellation of ctx:`
}

func innermost(ctx context.Context) {
	func(inner context.Context) {
		time.Sleep(time.Second) // want `cancellation of inner:`
	}(ctx)
}

func suppressed(ctx context.Context) {
	time.Sleep(time.Second) //nolint:asynclint
	time.Sleep(time.Second) //nolint:AL200

	//asynclint:ignore AL200 waiting for the device to settle
	time.Sleep(time.Second)
	//nolint:errcheck,al200 // lowercase, in a list
	time.Sleep(time.Second)
	time.Sleep(time.Second) //nolint // every linter

	time.Sleep(time.Second) //nolint:AL201 // want `time.Sleep ignores`
	time.Sleep(time.Second) // want `time.Sleep ignores`
	//asynclint:ignore AL201 another rule
	time.Sleep(time.Second) // want `time.Sleep ignores`
	time.Sleep(time.Second) //nolint:AL200 // a trailing comment covers its own line only
	time.Sleep(time.Second) // want `time.Sleep ignores`
}

func poll(ctx context.Context) {}
