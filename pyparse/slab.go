package pyparse

// slab hands out values of T cut from chunks it allocates, so that a parse
// makes one allocation for many small model values (calls, argument spans,
// bindings) instead of one each. A chunk is never reused: what is cut from
// it lives as long as the model. Chunks start small and double up to
// slabMax values, so a module with few values wastes little.
type slab[T any] struct {
	buf  []T
	next int // size of the next chunk
}

const (
	slabMin = 4
	slabMax = 32
)

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

func (s *slab[T]) grow(n int) {
	size := max(s.next, slabMin)
	s.next = min(2*size, slabMax)
	s.buf = make([]T, 0, max(size, n))
}
