package d // want package:"blockers: 6"

// d checks callbacks and context provenance for AL201.

import (
	"b"
	"context"
	"io/fs"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

// search sleeps in the literal sort.Search calls before returning: it blocks.
func search(n int) int { // want search:`^blocks: calls time.Sleep \(d.go:18\)$`
	return sort.Search(n, func(i int) bool {
		time.Sleep(time.Second)
		return true
	})
}

// walk blocks through filepath.WalkDir's callback.
func walk() error { // want walk:`^blocks: calls b.Sleepy, which calls time.Sleep \(b.go:9\)$`
	return filepath.WalkDir(".", func(string, fs.DirEntry, error) error {
		b.Sleepy()
		return nil
	})
}

func retry(fn func() error) error {
	for range 3 {
		if fn() == nil {
			return nil
		}
	}
	return nil
}

// retried blocks through a project retry helper that runs its literal now.
func retried() error { // want retried:`^blocks: calls b.Sleepy`
	return retry(func() error {
		b.Sleepy()
		return nil
	})
}

var handlers []func()

func atExit(fn func()) {
	handlers = append(handlers, fn)
}

// later only registers closures: it does not block.
func later(t *testing.T) {
	time.AfterFunc(time.Second, func() { b.Sleepy() })
	t.Cleanup(func() { b.Sleepy() })
	atExit(func() { b.Sleepy() })
}

type key struct{}

func withConfig(ctx context.Context) context.Context {
	return context.WithValue(ctx, key{}, "cfg")
}

func Handle(ctx context.Context) { // want Handle:`^blocks: calls search`
	_ = search(3) // want `^search blocks and ignores cancellation of ctx: it calls time.Sleep \(d.go:18\)$`
	_ = walk()    // want `^walk blocks`
	_ = retried() // want `^retried blocks`
	later(nil)    // registers only
	context.AfterFunc(ctx, func() {
		b.Sleepy() // runs once ctx is done
	})
	time.AfterFunc(time.Second, func() {
		b.Sleepy() // runs on its own
	})
	sort.Slice([]int{}, func(i, j int) bool {
		b.Sleepy() // want `^b.Sleepy blocks`
		return false
	})
}

func rootedThroughWrapper() { // want rootedThroughWrapper:`^blocks: calls b.Sleepy`
	ctx := withConfig(context.Background())
	_ = ctx
	b.Sleepy() // a root wrapped with values only: nobody can cancel it
}

func liveThroughWrapper(stop chan context.CancelFunc) { // want liveThroughWrapper:`^blocks: calls b.Sleepy`
	root, cancel := context.WithCancel(context.Background())
	stop <- cancel
	ctx := withConfig(root)
	_ = ctx
	b.Sleepy() // want `^b.Sleepy blocks and ignores cancellation of ctx`
}
