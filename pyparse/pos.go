package pyparse

import (
	"bytes"
	"unicode/utf8"

	"github.com/asynclint/asynclint/internal/finding"
)

// Position converts a byte offset of the source into a 1-based line and a 1-based
// column counted in Unicode code points. A byte order mark is not counted;
// "\r\n", "\n" and a lone "\r" end lines.
func (m *Module) Position(off int) finding.Position { return m.position(off, nil) }

// position is Position; with line set, the search for off's line starts
// at *line and *line is left at the line found, so that a builder asking
// in source order finds each line in a step or two.
func (m *Module) position(off int, line *int) finding.Position {
	src := m.Source()
	if m.lines == nil {
		m.lines = lineStarts(src)
	}
	if off > len(src) {
		off = len(src)
	}
	if off < 0 {
		off = 0
	}
	lo := 0
	if line != nil && *line < len(m.lines) && int(m.lines[*line]) <= off {
		lo = *line
		for lo+1 < len(m.lines) && int(m.lines[lo+1]) <= off && lo-*line < 8 {
			lo++
		}
	}
	if lo+1 < len(m.lines) && int(m.lines[lo+1]) <= off {
		hi := len(m.lines) - 1
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if int(m.lines[mid]) <= off {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
	}
	if line != nil {
		*line = lo
	}
	start := int(m.lines[lo])
	if lo == 0 && start < m.BOM {
		start = m.BOM
	}
	col := 1
	if off > start {
		col += utf8.RuneCount(src[start:off])
	}
	return finding.Position{Line: lo + 1, Col: col, Offset: off}
}

// LineStart returns the offset of the start of the line holding off.
func (m *Module) LineStart(off int) int {
	src := m.Source()
	off = min(off, len(src))
	for off > 0 && src[off-1] != '\n' && src[off-1] != '\r' {
		off--
	}
	if off < m.BOM {
		off = m.BOM
	}
	return off
}

// LineEnd returns the offset just past the line break of the line holding
// off (the source's length on the last line without one).
func (m *Module) LineEnd(off int) int {
	src := m.Source()
	for off < len(src) {
		switch src[off] {
		case '\n':
			return off + 1
		case '\r':
			if off+1 < len(src) && src[off+1] == '\n' {
				return off + 2
			}
			return off + 1
		}
		off++
	}
	return off
}

// Newline returns the file's line ending: "\r\n" if its first line ends so,
// "\n" otherwise.
func (m *Module) Newline() string {
	src := m.Source()
	for i, b := range src {
		if b == '\n' {
			if i > 0 && src[i-1] == '\r' {
				return "\r\n"
			}
			return "\n"
		}
	}
	return "\n"
}

func lineStarts(src []byte) []int32 {
	if bytes.IndexByte(src, '\r') < 0 {
		// Only "\n" ends lines: find them with the vectorised search.
		ls := make([]int32, 1, bytes.Count(src, []byte{'\n'})+1)
		for i := 0; ; {
			j := bytes.IndexByte(src[i:], '\n')
			if j < 0 {
				return ls
			}
			i += j + 1
			ls = append(ls, int32(i))
		}
	}
	ls := make([]int32, 1, 64)
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			ls = append(ls, int32(i+1))
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			ls = append(ls, int32(i+1))
		}
	}
	return ls
}
