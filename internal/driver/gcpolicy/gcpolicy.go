// Package gcpolicy sets Go's garbage collector for asynclint's batch
// commands (check, fix, report), which build the models of a tree and
// keep most of them to the end of the run: with Go's default (GOGC=100),
// a heap growing from nothing to its size is marked again at each
// doubling, for little garbage found. On the async benchmark corpus
// (scripts/bench-corpus.sh) a warm check spent about a quarter of its time
// so.
//
// A heap that only grows is memory the kernel maps in fresh, one 4 KB page
// fault at a time: on that corpus a cold check took 13,000 more faults
// than its parse floor, a tenth of its cpu time in the kernel. So Batch
// also asks for transparent huge pages for the first part of the heap
// (see hugeHeap), where the kernel leaves them to the program's choice
// (/sys/kernel/mm/transparent_hugepage/enabled set to madvise, the
// default of most distributions).
package gcpolicy

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
)

// hugeBytes is the most heap Batch asks huge pages for: the async
// benchmark corpus's check allocates about 56 MB in all.
const hugeBytes = 64 << 20

// hugeErr is what asking for huge pages returned (for the tests).
var hugeErr error

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
	// Before the sentinel: hugeHeap collects once itself.
	hugeErr = hugeHeap(min(limit/4, hugeBytes))
	// The finalizer of an object nothing holds runs after the first
	// collection. (Large enough not to share a tiny-allocator block.)
	sentinel := new([64]byte)
	runtime.SetFinalizer(sentinel, func(*[64]byte) {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
	})
}
