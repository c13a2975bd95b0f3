package pyparse

import (
	"bytes"
	"sync"
)

// laterSource reads a module's source on its first use.
type laterSource struct {
	mu   sync.Mutex
	read func() ([]byte, error)
	done bool
	err  error
}

// Source returns the module's source as read, a byte order mark included.
// A module whose source is read later (SourceLater) reads it on the first
// call; it is nil when that read failed (see SourceErr).
func (m *Module) Source() []byte {
	if l := m.later; l != nil {
		l.mu.Lock()
		if !l.done {
			m.src, l.err = l.read()
			l.done = true
		}
		l.mu.Unlock()
	}
	return m.src
}

// SetSource gives a module built without its source (a summary read from
// a cache) the bytes it was built from.
func (m *Module) SetSource(src []byte) { m.src, m.later, m.lines = src, nil, nil }

// SourceLater gives a module built without its source (a summary read from
// a cache) a function that reads the bytes it was built from, called on
// the first use of the source (Source, Text, Position, ...), so that a run
// that asks nothing of the module's text never reads its file. read must
// fail rather than return other bytes: the model's offsets index them.
func (m *Module) SourceLater(read func() ([]byte, error)) {
	m.src, m.lines = nil, nil
	m.later = &laterSource{read: read}
}

// SourceErr returns the error of reading the source later (SourceLater):
// nil when it was read, has not been asked for, or was given.
func (m *Module) SourceErr() error {
	l := m.later
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

// directiveLines returns the lines of src that may suppress a finding: a
// `#` followed, after spaces and tabs, by "noqa" in any case or by
// "asynclint:", what each suppression comment (`# noqa`, `# noqa: CODE`,
// `# asynclint: ignore[CODE]`) starts with. Each span runs from the line's
// start to its line break (excluded).
func directiveLines(src []byte) []Span {
	var out []Span
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '#')
		if j < 0 {
			return out
		}
		i += j + 1
		if !isDirective(src[i:]) {
			continue
		}
		start := i - 1
		for start > 0 && src[start-1] != '\n' && src[start-1] != '\r' {
			start--
		}
		end := i
		for end < len(src) && src[end] != '\n' && src[end] != '\r' {
			end++
		}
		// The search goes on after the line: one span a line.
		out = append(out, Span{start, end})
		i = end
	}
}

// isDirective reports whether b, what follows a `#`, starts (after spaces,
// tabs and form feeds) with "noqa" in any case or with "asynclint:".
func isDirective(b []byte) bool {
	k := 0
	for k < len(b) && (b[k] == ' ' || b[k] == '\t' || b[k] == '\f') {
		k++
	}
	return hasPrefixFold(b[k:], "noqa") || bytes.HasPrefix(b[k:], []byte("asynclint:"))
}

// hasPrefixFold reports whether b starts with the ASCII word w in any case.
func hasPrefixFold(b []byte, w string) bool {
	if len(b) < len(w) {
		return false
	}
	for i := 0; i < len(w); i++ {
		if b[i]|0x20 != w[i] {
			return false
		}
	}
	return true
}

// Directive returns the span of the line holding off when it may suppress
// a finding (see Module.Directives), and whether it does.
func (m *Module) Directive(off int) (Span, bool) {
	for _, d := range m.Directives {
		if d.Start <= off && off <= d.End {
			return d, true
		}
		if d.Start > off {
			break
		}
	}
	return Span{}, false
}
