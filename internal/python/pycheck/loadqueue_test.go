package pycheck

import (
	"sync"
	"testing"
)

// TestLoadQueueLargestFirst: files come out largest first whatever order
// they were queued in, and, once the queue is closed, the files still
// queued are taken before a waiting take reports the end.
func TestLoadQueueLargestFirst(t *testing.T) {
	q := newLoadQueue()
	for _, size := range []int{3, 50, 1, 700, 20, 50} {
		q.push(&file{size: size})
	}
	var got []int
	f, ok := q.take(false)
	if !ok {
		t.Fatal("the queue gave no file")
	}
	got = append(got, f.size)
	q.close()
	for {
		f, ok := q.take(true)
		if !ok {
			break
		}
		got = append(got, f.size)
	}
	want := []int{700, 50, 50, 20, 3, 1}
	if len(got) != len(want) {
		t.Fatalf("took %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("took %v, want %v", got, want)
		}
	}
	if _, ok := q.take(false); ok {
		t.Error("an empty queue gave a file")
	}
}

// TestLoadQueueWakesTakers: takers waiting on an empty queue get the files
// pushed later, each file once, and all return once it is closed.
func TestLoadQueueWakesTakers(t *testing.T) {
	q := newLoadQueue()
	var mu sync.Mutex
	seen := map[*file]int{}
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				f, ok := q.take(true)
				if !ok {
					return
				}
				mu.Lock()
				seen[f]++
				mu.Unlock()
			}
		}()
	}
	files := make([]*file, 100)
	for i := range files {
		files[i] = &file{size: i % 7}
		q.push(files[i])
	}
	q.close()
	wg.Wait()
	for i, f := range files {
		if seen[f] != 1 {
			t.Fatalf("file %d taken %d times", i, seen[f])
		}
	}
}
