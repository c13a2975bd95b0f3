package lsp

import (
	"sort"
	"unicode/utf8"

	"github.com/asynclint/asynclint/internal/finding"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// text maps between asynclint's positions (1-based lines, columns in code
// points, byte offsets) and the protocol's (0-based lines, characters in
// UTF-16 code units, the encoding LSP 3.16 positions use). Lines end at
// "\n", "\r\n" or a lone "\r", as for Python and for LSP.
type text struct {
	src    []byte
	starts []int // byte offset of each line's start
}

func newText(src []byte) *text {
	t := &text{src: src, starts: []int{0}}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			t.starts = append(t.starts, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			t.starts = append(t.starts, i+1)
		}
	}
	return t
}

// lineEnd is the byte offset where line (0-based) ends, before its break.
func (t *text) lineEnd(line int) int {
	if line+1 >= len(t.starts) {
		return len(t.src)
	}
	end := t.starts[line+1]
	if end > 0 && t.src[end-1] == '\n' {
		end--
	}
	if end > t.starts[line] && t.src[end-1] == '\r' {
		end--
	}
	return end
}

// utf16Len counts the UTF-16 code units of b.
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		b = b[size:]
	}
	return n
}

// position converts a finding's line and column (code points) to the
// protocol's position. A place past the end of the text is clamped to it.
func (t *text) position(p finding.Position) protocol.Position {
	line := p.Line - 1
	if line < 0 {
		line = 0
	}
	if line >= len(t.starts) {
		line = len(t.starts) - 1
		return protocol.Position{Line: uint32(line), Character: uint32(utf16Len(t.src[t.starts[line]:t.lineEnd(line)]))}
	}
	start, end := t.starts[line], t.lineEnd(line)
	off := start
	for col := 1; col < p.Col && off < end; col++ {
		_, size := utf8.DecodeRune(t.src[off:end])
		off += size
	}
	return protocol.Position{Line: uint32(line), Character: uint32(utf16Len(t.src[start:off]))}
}

// offsetPosition converts a byte offset to the protocol's position.
func (t *text) offsetPosition(off int) protocol.Position {
	off = max(0, min(off, len(t.src)))
	line := sort.Search(len(t.starts), func(i int) bool { return t.starts[i] > off }) - 1
	return protocol.Position{Line: uint32(line), Character: uint32(utf16Len(t.src[t.starts[line]:off]))}
}

// rangeOf is the protocol range of a finding; a finding without an end
// covers its start.
func (t *text) rangeOf(f finding.Finding) protocol.Range {
	end := f.End
	if end.Line == 0 {
		end = f.Start
	}
	return protocol.Range{Start: t.position(f.Start), End: t.position(end)}
}

// before reports whether a comes before b.
func before(a, b protocol.Position) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Character < b.Character
}

// overlaps reports whether two ranges share a position (an empty range
// overlaps the ranges it touches).
func overlaps(a, b protocol.Range) bool {
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

// offset converts a protocol position to a byte offset, clamped to the
// line's end and the text's.
func (t *text) offset(p protocol.Position) int {
	line := int(p.Line)
	if line >= len(t.starts) {
		return len(t.src)
	}
	off, end := t.starts[line], t.lineEnd(line)
	for units := 0; off < end; {
		r, size := utf8.DecodeRune(t.src[off:end])
		n := 1
		if r >= 0x10000 {
			n = 2
		}
		if units+n > int(p.Character) {
			break
		}
		units += n
		off += size
	}
	return off
}
