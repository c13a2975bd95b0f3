// Package gcpolicy sets Go's garbage collector for asynclint's batch
// commands (check, fix, report), which build the models of a tree and
// keep most of them to the end of the run: with Go's default (GOGC=100),
// a heap growing from nothing to its size is marked again at each
// doubling, for little garbage found. On the async benchmark corpus
// (scripts/bench-corpus.sh) a warm check spent about a quarter of its time
// so.
package gcpolicy

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
)

// Batch makes the collector wait until the heap reaches limit bytes
// before its first collection (GOGC=off with a soft memory limit); that
// first collection puts Go's defaults back, so that a run that outgrows
// the limit is collected as usual from then on. A GOGC or GOMEMLIMIT set
// in the environment is the user's choice: Batch then changes nothing.
func Batch(limit int64) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(limit)
	// The finalizer of an object nothing holds runs after the first
	// collection. (Large enough not to share a tiny-allocator block.)
	sentinel := new([64]byte)
	runtime.SetFinalizer(sentinel, func(*[64]byte) {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
	})
}
