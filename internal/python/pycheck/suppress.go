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
// File errors (E902, E999) are never suppressed, as in ruff.
func suppressed(m *pyparse.Module, f finding.Finding) bool {
	if finding.IsFileError(f.Code) {
		return false
	}
	b, ok := directiveLine(m, f.Start.Offset)
	if !ok {
		return false
	}
	line := string(b)
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

// directiveLine returns the line holding off when it holds a suppression
// comment (pyparse.Module.Directives), without its line break. Only such a
// line can suppress, so the others are answered without the source (which
// a summary from the cache reads only when asked).
func directiveLine(m *pyparse.Module, off int) ([]byte, bool) {
	if m == nil || off < 0 {
		return nil, false
	}
	d, ok := m.Directive(off)
	if !ok {
		return nil, false
	}
	src := m.Source()
	if d.End > len(src) {
		return nil, false
	}
	return src[d.Start:d.End], true
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
		line, ok := directiveLine(m, off)
		if !ok || off >= len(m.Source()) || !bytes.Contains(line, []byte("asynclint:")) {
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
