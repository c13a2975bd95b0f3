package pycheck

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/pyparse"
)

var (
	noqaRe   = regexp.MustCompile(`(?i)#\s*noqa(?::\s*([A-Za-z0-9]+(?:[\s,]+[A-Za-z0-9]+)*))?`)
	ignoreRe = regexp.MustCompile(`#\s*asynclint:\s*ignore\[([A-Za-z0-9,\s]+)\]`)
)

// suppressed reports whether the reported line carries `# noqa`, `# noqa:
// CODE[, CODE]` naming the finding's code, or `# asynclint: ignore[CODE]`.
func suppressed(m *pyparse.Module, f finding.Finding) bool {
	if m == nil || f.Start.Offset < 0 {
		return false
	}
	// Only a line with a directive can suppress: the others are answered
	// without the source (a module read from the cache has it read later).
	if _, ok := m.Directive(f.Start.Offset); !ok || f.Start.Offset > len(m.Source()) {
		return false
	}
	ls := m.LineStart(f.Start.Offset)
	line := string(m.Source()[ls:m.LineEnd(f.Start.Offset)])
	if !strings.Contains(line, "#") {
		return false
	}
	for _, mm := range noqaRe.FindAllStringSubmatch(line, -1) {
		if mm[1] == "" {
			return true
		}
		if hasCode(mm[1], f.Code) {
			return true
		}
	}
	for _, mm := range ignoreRe.FindAllStringSubmatch(line, -1) {
		if hasCode(mm[1], f.Code) {
			return true
		}
	}
	return false
}

func hasCode(list, code string) bool {
	for _, c := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if strings.EqualFold(c, code) {
			return true
		}
	}
	return false
}

// rootSilencer returns the graph's Silenced: whether the line holding an
// offset carries `# asynclint: ignore[CODE]` (followed, as it should be,
// by the reason). Lines without a directive (pyparse.Module.Directives)
// are answered without the source.
func rootSilencer() func(m *pyparse.Module, off int, code string) bool {
	return func(m *pyparse.Module, off int, code string) bool {
		if m == nil || off < 0 {
			return false
		}
		if _, ok := m.Directive(off); !ok || off >= len(m.Source()) {
			return false
		}
		line := m.Source()[m.LineStart(off):m.LineEnd(off)]
		if !bytes.Contains(line, []byte("asynclint:")) {
			return false
		}
		for _, mm := range ignoreRe.FindAllSubmatch(line, -1) {
			if hasCode(string(mm[1]), code) {
				return true
			}
		}
		return false
	}
}
