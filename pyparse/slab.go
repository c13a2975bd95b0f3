package pyparse

// slab hands out values of T cut from chunks it allocates, so that a parse
// makes one allocation for many small model values (calls, argument spans,
// bindings) instead of one each. Chunks start small and double up to
// slabMax values (or max, when set), so a module with few values wastes
// little.
//
// A chunk lives as long as the model, except for a slab given a pool: it
// takes its chunks from the pool when it holds some and lists every chunk
// it cut from (used), so that once nothing of the model points into them
// (Parser.DropTree) they go back to the pool for the next parse. A batch
// check builds hundreds of models and keeps them all, without a
// collection: memory not reused is memory the kernel must fault in fresh.
type slab[T any] struct {
	buf  []T
	next int // size of the next chunk
	max  int // the largest chunk; slabMax when 0
	pool *chunkPool[T]
	used [][]T // the chunks cut from, when pool is set
}

const (
	slabMin = 4
	slabMax = 32
)

// chunkPool holds the chunks of models whose slabs no longer hold
// anything (see slab), all of one size, for a Parser's next parses.
type chunkPool[T any] struct {
	free [][]T
}

// release gives the full-grown chunks the slab cut from back to its pool
// (the others are dropped); nothing may point into them any more.
func (s *slab[T]) release() {
	if s.pool == nil {
		return
	}
	for _, c := range s.used {
		if cap(c) == s.chunkSize() {
			s.pool.free = append(s.pool.free, c[:0])
		}
	}
	s.buf, s.used = nil, nil
}

// one returns a pointer to a new zero T.
func (s *slab[T]) one() *T {
	if len(s.buf) == cap(s.buf) {
		s.grow(1)
	}
	s.buf = s.buf[:len(s.buf)+1]
	return &s.buf[len(s.buf)-1]
}

// reserve makes the next n values (at least) come from one chunk, for a
// caller that knows how many it will ask for.
func (s *slab[T]) reserve(n int) {
	if cap(s.buf)-len(s.buf) < n {
		s.buf = make([]T, 0, n)
	}
}

// slice returns n zero Ts, capped at n so that an append to them copies.
func (s *slab[T]) slice(n int) []T {
	if n == 0 {
		return nil
	}
	if cap(s.buf)-len(s.buf) < n {
		s.grow(n)
	}
	start := len(s.buf)
	s.buf = s.buf[:start+n]
	return s.buf[start : start+n : start+n]
}

// chunkSize is the size of a slab's full-grown chunk (the size a pool
// holds).
func (s *slab[T]) chunkSize() int {
	if s.max > 0 {
		return s.max
	}
	return slabMax
}

func (s *slab[T]) grow(n int) {
	top := s.chunkSize()
	if s.pool != nil {
		// Chunks come back to the pool: they may as well be full-grown.
		if n <= top {
			if k := len(s.pool.free); k > 0 {
				c := s.pool.free[k-1]
				s.pool.free = s.pool.free[:k-1]
				clear(c[:cap(c)])
				s.buf = c
			} else {
				s.buf = make([]T, 0, top)
			}
		} else {
			s.buf = make([]T, 0, n)
		}
		s.used = append(s.used, s.buf)
		return
	}
	size := max(s.next, slabMin)
	s.next = min(2*size, top)
	s.buf = make([]T, 0, max(size, n))
}
