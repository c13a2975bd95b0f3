package rewriter

import (
	"bytes"
	"slices"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/pyparse"
)

// pyFile collects the edits of one module.
type pyFile struct {
	m     *pyparse.Module
	lib   string // the configured async library, "" for asyncio
	spans []span
	// sites are the call-site fixes among spans (ASYNC251 and AL100), each
	// with the twin it awaits (nil for a sleep): a twin generated from a
	// function that holds a fixed site, in a nested async def, carries it.
	sites []siteFix
	// replaced are callee expressions replaced in the file; the names in
	// them no longer count as uses of an import.
	replaced []pyparse.Span
	// used are the imports a replaced callee named: candidates for removal.
	used map[*pyparse.Import]bool
	// forced are imports of a function removed (fix --prune): they go
	// whatever else mentions the name.
	forced map[*pyparse.Import]bool
	// added are the modules to import ("asyncio", "warnings").
	added map[string]bool
	// extended are from-import extensions already made, by key.
	extended map[string]bool
	// importedBy reports whether another module of the tree imports the
	// qualified name; such a name is kept.
	importedBy func(qual string) bool
}

// siteFix is the edits fixing one call site.
type siteFix struct {
	spans []span
	twin  *twinPlan
}

// finish returns the module's edits: the collected spans, the imports
// removed because nothing uses them any more, and the imports added.
func (pf *pyFile) finish() []finding.Edit {
	m := pf.m
	spans := slices.Clone(pf.spans)
	addAt := -1
	if len(pf.added) > 0 {
		add := pf.addition()
		addAt = add.start
		spans = append(spans, add)
	}
	spans = append(spans, pf.removals(addAt)...)
	slices.SortStableFunc(spans, func(a, b span) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return a.end - b.end
	})
	edits := make([]finding.Edit, 0, len(spans))
	for _, s := range spans {
		edits = append(edits, finding.Edit{Path: m.Path, Start: m.Position(s.start), End: m.Position(s.end), NewText: s.text})
	}
	return edits
}

// addition returns the insertion of the added imports, after the module's
// leading imports (after its docstring and __future__ imports), or at the
// top after any leading comments when there is nothing before.
func (pf *pyFile) addition() span {
	m := pf.m
	nl := m.Newline()
	libs := make([]string, 0, len(pf.added))
	for l := range pf.added {
		libs = append(libs, l)
	}
	slices.Sort(libs)
	var b strings.Builder
	for _, l := range libs {
		b.WriteString("import " + l + nl)
	}
	text := b.String()
	at := m.ImportsEnd
	afterImport := false
	for _, im := range m.Imports {
		if im.Scope == m.Scope && im.Stmt.End <= at {
			afterImport = true
		}
	}
	switch {
	case at == 0:
		at = m.BOM
		for at < len(m.Src) && m.Src[at] == '#' {
			at = m.LineEnd(at)
		}
		if at > m.BOM && at == len(m.Src) && !endsWithNewline(m.Src) {
			text = nl + text
		}
		if !blankLineAt(m.Src, at) {
			text += nl
		}
	case !afterImport:
		if !endsWithNewline(m.Src[:at]) {
			text = nl + text
		}
		text = nl + text
		if at < len(m.Src) && !blankLineAt(m.Src, at) {
			text += nl
		}
	default:
		if !endsWithNewline(m.Src[:at]) {
			text = nl + text
		}
	}
	return span{at, at, text}
}

func endsWithNewline(b []byte) bool {
	return len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r')
}

// blankLineAt reports whether the line starting at off holds only
// whitespace (the end of the file counts as blank).
func blankLineAt(src []byte, off int) bool {
	for i := off; i < len(src); i++ {
		switch src[i] {
		case ' ', '\t', '\f':
		case '\n', '\r':
			return true
		default:
			return false
		}
	}
	return true
}

// removals returns the edits deleting the imports that only the replaced
// callees used. addAt is where imports are added (-1: nowhere); a line
// removed just before it keeps its neighbouring blank lines.
func (pf *pyFile) removals(addAt int) []span {
	m := pf.m
	var out []span
	imps := make([]*pyparse.Import, 0, len(pf.used))
	for im := range pf.used {
		imps = append(imps, im)
	}
	slices.SortFunc(imps, func(a, b *pyparse.Import) int { return a.Item.Start - b.Item.Start })
	// Statements losing every name are removed whole.
	byStmt := map[pyparse.Span][]*pyparse.Import{}
	for _, im := range imps {
		if !pf.forced[im] && pf.stillUsed(im) {
			continue
		}
		byStmt[im.Stmt] = append(byStmt[im.Stmt], im)
	}
	for _, im := range m.Imports {
		gone := byStmt[im.Stmt]
		if len(gone) == 0 {
			continue
		}
		delete(byStmt, im.Stmt)
		total := 0
		for _, x := range m.Imports {
			if x.Stmt == im.Stmt {
				total++
			}
		}
		if total == len(gone) {
			if s, ok := statementRemoval(m, im.Stmt, addAt); ok {
				out = append(out, s)
			}
			continue
		}
		for _, g := range gone {
			if s, ok := itemRemoval(m, g); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// stillUsed reports whether an import's bound name is used anywhere it is
// visible, other than in the replaced callees; conservative: any identifier
// of that name counts.
func (pf *pyFile) stillUsed(im *pyparse.Import) bool {
	m := pf.m
	if im.Name == "*" || im.Bound == "" {
		return true
	}
	if im.Scope == m.Scope {
		if m.IsPackage || len(m.Scope.Bindings["__all__"]) > 0 && inAll(m, im.Bound) {
			return true // may be re-exported
		}
		if pf.importedBy != nil && m.Name != "" && pf.importedBy(m.Name+"."+im.Bound) {
			return true
		}
	}
	if len(im.Scope.Bindings[im.Bound]) > 1 {
		return true // rebound in its scope: leave it to the user
	}
	region := im.Scope.Span
	if im.Scope == m.Scope {
		region = pyparse.Span{Start: 0, End: len(m.Src)}
	}
	name := []byte(im.Bound)
	used := false
	var walk func(n *sitter.Node)
	walk = func(n *sitter.Node) {
		if used {
			return
		}
		s := m.NodeSpan(n)
		if s.End <= region.Start || s.Start >= region.End {
			return
		}
		if s.Start >= im.Stmt.Start && s.End <= im.Stmt.End {
			return
		}
		for _, r := range pf.replaced {
			if s.Start >= r.Start && s.End <= r.End {
				return
			}
		}
		if n.Type() == "identifier" && bytes.Equal(m.Src[s.Start:s.End], name) {
			used = true
			return
		}
		for i := 0; i < int(n.ChildCount()); i++ {
			walk(n.Child(i))
		}
	}
	walk(m.Tree.RootNode())
	return used
}

// inAll reports whether the module's __all__ names name.
func inAll(m *pyparse.Module, name string) bool {
	for _, mt := range m.Mentions(map[string]bool{name: true}) {
		if mt.Kind == pyparse.MentionAll {
			return true
		}
	}
	return false
}

// statementRemoval returns the removal of a statement with its line, when
// the statement is alone on its lines (a trailing comment goes with it).
func statementRemoval(m *pyparse.Module, s pyparse.Span, addAt int) (span, bool) {
	ls, le, ok := WholeLines(m.Src, s.Start, s.End, m.BOM, "#")
	if !ok {
		return span{}, false
	}
	// Between a blank line (or the top) and a blank line, take one blank
	// line along so no double blank or leading blank line is left.
	prevBlank := ls <= m.BOM || (ls >= 2 && blankLineAt(m.Src, m.LineStart(ls-1)))
	if prevBlank && le != addAt && le < len(m.Src) && blankLineAt(m.Src, le) {
		le = m.LineEnd(le)
	}
	return span{ls, le, ""}, true
}

// itemRemoval returns the removal of one name of a multi-name import with
// its comma.
func itemRemoval(m *pyparse.Module, im *pyparse.Import) (span, bool) {
	src := m.Src
	i := im.Item.Start
	for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	if i > 0 && src[i-1] == ',' {
		return span{i - 1, im.Item.End, ""}, true
	}
	j := im.Item.End
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	if j < len(src) && src[j] == ',' {
		j++
		for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
			j++
		}
		return span{im.Item.Start, j, ""}, true
	}
	return span{}, false
}
