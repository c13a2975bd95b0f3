package pyparse

import (
	"math/rand/v2"
	"testing"
)

// TestPositionFromLine checks the builder's positions, searched for from
// the line of the one before, against Position's own search, for offsets
// in source order, backwards, far ahead and out of range, on sources with
// each line ending, a byte order mark and multi-byte characters; and the
// line starts found by the "\n"-only fast path against the general loop.
func TestPositionFromLine(t *testing.T) {
	srcs := []string{
		"",
		"x",
		"\n\n\n",
		"a = 1\nb = f(2)\n\ndef g():\n    return 'é' + h()\n",
		"\xEF\xBB\xBFa = 1\r\nb = 2\r\n",
		"a = 1\rb = 2\r\nc = 3\n",
		"s = '日本語'\nt = s\n" + string(make([]byte, 300)) + "\nu = 1",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, src := range srcs {
		m := &Module{src: []byte(src)}
		if len(src) >= 3 && src[:3] == "\xEF\xBB\xBF" {
			m.BOM = 3
		}
		var offs []int
		for off := -2; off <= len(src)+2; off++ {
			offs = append(offs, off)
		}
		for range 200 {
			offs = append(offs, rng.IntN(len(src)+5)-2)
		}
		line := 0
		for _, off := range offs {
			want := m.Position(off)
			if got := m.position(off, &line); got != want {
				t.Fatalf("%q: offset %d: from the last line %+v, searched %+v", src, off, got, want)
			}
		}
		var slow []int32
		general := append([]byte(src), '\r') // a '\r' at the end forces the general loop
		slow = lineStarts(general)
		fast := lineStarts([]byte(src))
		if len(fast) != len(slow) && len(fast)+1 != len(slow) {
			t.Fatalf("%q: %d line starts, the general loop %d", src, len(fast), len(slow))
		}
		for i := range fast {
			if fast[i] != slow[i] {
				t.Fatalf("%q: line %d starts at %d, the general loop says %d", src, i+1, fast[i], slow[i])
			}
		}
	}
}
