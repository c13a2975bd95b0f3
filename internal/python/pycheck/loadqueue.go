package pycheck

import (
	"container/heap"
	"sync"
)

// loadQueue hands the files the graph asks for to the loaders (see
// source.startLoaders), the largest first. A Load ends when the last of
// its files is parsed: with the large files started first, what is left
// at the end are small ones, which even out the workers' shares. The graph
// queues files in the order its tries ask for them (source.Prefetch), which
// a first-in first-out channel would keep: a large module asked for last
// was parsed alone at the end of the batch, the other workers idle.
type loadQueue struct {
	mu     sync.Mutex
	ready  sync.Cond
	files  bySize
	closed bool
}

func newLoadQueue() *loadQueue {
	q := &loadQueue{}
	q.ready.L = &q.mu
	return q
}

// push queues f.
func (q *loadQueue) push(f *file) {
	q.mu.Lock()
	heap.Push(&q.files, f)
	q.mu.Unlock()
	q.ready.Signal()
}

// take removes and returns the largest queued file. With wait, it waits
// for one while the queue is open; ok is false once the queue is closed
// and empty, or, without wait, when it is empty.
func (q *loadQueue) take(wait bool) (f *file, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for wait && len(q.files) == 0 && !q.closed {
		q.ready.Wait()
	}
	if len(q.files) == 0 {
		return nil, false
	}
	return heap.Pop(&q.files).(*file), true
}

// close lets the waiting takers return once the files queued are taken.
func (q *loadQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.ready.Broadcast()
}

// bySize is a heap of files, the largest on top (container/heap).
type bySize []*file

func (h bySize) Len() int           { return len(h) }
func (h bySize) Less(i, j int) bool { return h[i].size > h[j].size }
func (h bySize) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *bySize) Push(x any)        { *h = append(*h, x.(*file)) }
func (h *bySize) Pop() any {
	old := *h
	f := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return f
}
