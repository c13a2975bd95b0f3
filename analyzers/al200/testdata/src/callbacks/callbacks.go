// Package callbacks checks which function literals run as part of their
// enclosing function, and which contexts are cancellable through wrappers.
package callbacks

import (
	"cfg"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"time"
)

func synchronous(ctx context.Context, n int) {
	sort.Search(n, func(i int) bool {
		time.Sleep(time.Second) // want `time.Sleep ignores cancellation of ctx`
		return true
	})
	_ = filepath.Walk(".", func(string, os.FileInfo, error) error {
		time.Sleep(time.Second) // want `time.Sleep ignores cancellation of ctx`
		return nil
	})
	_ = cfg.Retry(3, func() error {
		time.Sleep(time.Second) // want `time.Sleep ignores cancellation of ctx`
		return nil
	})
}

func registered(ctx context.Context, x *int) {
	time.AfterFunc(time.Second, func() {
		time.Sleep(time.Second) // runs later, on its own
	})
	context.AfterFunc(ctx, func() {
		time.Sleep(time.Second) // runs once ctx is done
	})
	runtime.SetFinalizer(x, func(*int) {
		time.Sleep(time.Second) // a finalizer
	})
	cfg.AtShutdown(func() {
		time.Sleep(time.Second) // registered: cfg.AtShutdown stores it
	})
	cfg.Spawn(func() {
		time.Sleep(time.Second) // a one-shot goroutine, started by cfg.Spawn
	})
	cfg.Spawn(func() {
		for {
			poll(ctx)
			time.Sleep(time.Second) // want `time.Sleep ignores cancellation of ctx`
		}
	})
	cfg.AtShutdown(func() {
		func() {
			time.Sleep(time.Second) // called on the spot inside a registered closure
		}()
	})
}

func poll(context.Context) {}

func wrappedRoot() {
	ctx := cfg.With(context.Background(), "x")
	_ = ctx
	time.Sleep(time.Second) // a root wrapped with values only: nobody can cancel it
	ctx2 := cfg.WithTwo(context.TODO())
	_ = ctx2
	time.Sleep(time.Second) // the same, through two wrappers
}

func detached() {
	ctx := cfg.Detach(context.Background(), false)
	_ = ctx
	time.Sleep(time.Second) // want `time.Sleep ignores cancellation of ctx`
}

type server struct{ stop context.CancelFunc }

func (s *server) wrappedLive() {
	root, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	ctx := cfg.With(root, "x")
	_ = ctx
	time.Sleep(time.Second) // want `time.Sleep ignores cancellation of ctx`
}

type hooks struct {
	onStop func()
	all    []func()
}

func held(ctx context.Context, h *hooks) {
	f := func() {
		time.Sleep(time.Second) // want `time.Sleep ignores cancellation of ctx`
	}
	f()
	g := func() {
		time.Sleep(time.Second) // held, then stored in a field: runs later
	}
	h.onStop = g
	h.all = append(h.all, func() {
		time.Sleep(time.Second) // appended: runs later
	})
	h.onStop = func() {
		time.Sleep(time.Second) // stored in a field
	}
	k := func() {
		time.Sleep(time.Second) // started in a one-shot goroutine
	}
	go k()
}
