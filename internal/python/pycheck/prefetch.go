package pycheck

import (
	"slices"
	"sync"

	"github.com/asynclint/asynclint/pyparse"
)

// prefetcher parses files on the workers' parsers while the graph is
// built: those the graph's probe found missing as soon as it finds them
// (source.Prefetch), and those a Load asks for. The probe goes on meanwhile,
// on its own goroutine: without it, the workers would sit idle until the
// probe's round ended and its Load came.
//
// It changes when a file is parsed, not what the graph sees: a file's
// model is settled for the graph (file.ready) only when a Load returns it,
// at the point the Load would have parsed it, so the modules loaded and
// their order are those of a graph that parsed at each Load.
type prefetcher struct {
	mu     sync.Mutex
	more   *sync.Cond
	queue  []*file
	closed bool
	wg     sync.WaitGroup
}

// startPrefetch starts a goroutine per parser, parsing what is queued.
// The parsers are the prefetcher's alone until stop returns.
func startPrefetch(parsers []*pyparse.Parser, s *source) *prefetcher {
	pf := &prefetcher{}
	pf.more = sync.NewCond(&pf.mu)
	for _, p := range parsers {
		pf.wg.Add(1)
		go func() {
			defer pf.wg.Done()
			for {
				f := pf.take()
				if f == nil {
					return
				}
				s.parseOne(p, f)
				close(f.done)
			}
		}()
	}
	return pf
}

// take returns the next file queued, waiting for one; nil once stopped
// and drained.
func (pf *prefetcher) take() *file {
	pf.mu.Lock()
	defer pf.mu.Unlock()
	for len(pf.queue) == 0 && !pf.closed {
		pf.more.Wait()
	}
	if len(pf.queue) == 0 {
		return nil
	}
	f := pf.queue[0]
	pf.queue = pf.queue[1:]
	return f
}

// add queues the files not queued yet, in order. It runs on the graph's
// goroutine, which alone reads and writes file.queued.
func (pf *prefetcher) add(fs []*file) {
	pf.mu.Lock()
	for _, f := range fs {
		if !f.queued {
			f.queued, f.done = true, make(chan struct{})
			pf.queue = append(pf.queue, f)
		}
	}
	pf.mu.Unlock()
	pf.more.Broadcast()
}

// wait queues the files of todo not queued yet (nil entries skipped), the
// largest first as source.parse orders them, and waits until each is
// parsed; they are then settled for the graph (file.ready, file.failed).
func (pf *prefetcher) wait(todo []*file) {
	var fresh []*file
	for _, f := range todo {
		if f != nil && !f.queued {
			fresh = append(fresh, f)
		}
	}
	// Sizes are read before the files are queued: a parse may set them.
	slices.SortStableFunc(fresh, func(a, b *file) int { return b.size - a.size })
	pf.add(fresh)
	for _, f := range todo {
		if f != nil {
			<-f.done
			f.ready, f.failed = true, f.err != nil
		}
	}
}

// stop ends the goroutines once the queue is drained.
func (pf *prefetcher) stop() {
	pf.mu.Lock()
	pf.closed = true
	pf.mu.Unlock()
	pf.more.Broadcast()
	pf.wg.Wait()
}

// Prefetch queues the file of key (pygraph.Prefetcher).
func (s *source) Prefetch(key string) {
	if s.pf == nil {
		return
	}
	if f := s.fileOf(key); f != nil && !f.ready && !f.queued {
		s.prefetched++
		s.pf.add([]*file{f})
	}
}
