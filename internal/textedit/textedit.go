// Package textedit applies byte-range edits (finding.Edit) to a file's text
// and widens a range to the whole lines holding it: the language-neutral
// text operations that the rules' fixes and both languages' rewriters share.
package textedit

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"

	"github.com/asynclint/asynclint/internal/finding"
)

// Sorted returns a copy of edits in the order Apply applies them: by
// start, then end, insertions at one offset in the order given.
func Sorted(edits []finding.Edit) []finding.Edit {
	es := slices.Clone(edits)
	slices.SortStableFunc(es, func(a, b finding.Edit) int {
		return cmp.Or(cmp.Compare(a.Start.Offset, b.Start.Offset), cmp.Compare(a.End.Offset, b.End.Offset))
	})
	return es
}

// Apply returns src with edits applied. Edits are byte ranges of src
// (Start.Offset, End.Offset); their order does not matter, except that
// insertions at the same offset are applied in the order given, and an
// insertion goes before a replacement starting at its offset. Overlapping
// or out-of-range edits are an error.
func Apply(src []byte, edits []finding.Edit) ([]byte, error) {
	es := Sorted(edits)
	out := make([]byte, 0, len(src)+64)
	last := 0
	for i, e := range es {
		s, t := e.Start.Offset, e.End.Offset
		if s < 0 || t < s || t > len(src) {
			return nil, fmt.Errorf("edit %d: range [%d,%d) outside the file (%d bytes)", i, s, t, len(src))
		}
		if s < last {
			return nil, fmt.Errorf("edit at [%d,%d) overlaps the edit before it (ending at %d)", s, t, last)
		}
		out = append(out, src[last:s]...)
		out = append(out, e.NewText...)
		last = t
	}
	return append(out, src[last:]...), nil
}

// WholeLines widens [start, end) of src to the whole lines holding it, from
// the start of the first line (not before skip, the length of a byte order
// mark) to past the line break of the last ("\n", "\r\n" or a lone "\r"),
// when only spaces, tabs and form feeds share those lines, except after end
// a comment opening with comment (when not ""). Otherwise ok is false and
// the range is returned as it is. Both languages' import removals use it.
func WholeLines(src []byte, start, end, skip int, comment string) (ls, le int, ok bool) {
	blank := func(b []byte) bool {
		return len(bytes.Trim(b, " \t\f")) == 0
	}
	ls = start
	for ls > skip && src[ls-1] != '\n' && src[ls-1] != '\r' {
		ls--
	}
	le = end
	for le < len(src) && src[le] != '\n' && src[le] != '\r' {
		le++
	}
	rest := bytes.TrimLeft(src[end:le], " \t\f")
	if !blank(src[ls:start]) || !(len(rest) == 0 || comment != "" && bytes.HasPrefix(rest, []byte(comment))) {
		return start, end, false
	}
	if le < len(src) {
		if src[le] == '\r' && le+1 < len(src) && src[le+1] == '\n' {
			le++
		}
		le++
	}
	return ls, le, true
}
