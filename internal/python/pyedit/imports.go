package pyedit

import (
	"bytes"
	"slices"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/asynclint/asynclint/internal/textedit"
	"github.com/asynclint/asynclint/pyparse"
)

// Addition returns the insertion of `import lib` for each of libs (in
// sorted order), after m's leading imports (after its docstring and
// __future__ imports), or at the top after any leading comments when there
// is nothing before.
func Addition(m *pyparse.Module, libs []string) Edit {
	nl := m.Newline()
	libs = slices.Clone(libs)
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
	src := m.Source()
	switch {
	case at == 0:
		at = m.BOM
		for at < len(src) && src[at] == '#' {
			at = m.LineEnd(at)
		}
		if at > m.BOM && at == len(src) && !EndsWithNewline(src) {
			text = nl + text
		}
		if !BlankLineAt(src, at) {
			text += nl
		}
	case !afterImport:
		if !EndsWithNewline(src[:at]) {
			text = nl + text
		}
		text = nl + text
		if at < len(src) && !BlankLineAt(src, at) {
			text += nl
		}
	default:
		if !EndsWithNewline(src[:at]) {
			text = nl + text
		}
	}
	return Edit{Start: at, End: at, Text: text}
}

// EndsWithNewline reports whether b ends with a line break.
func EndsWithNewline(b []byte) bool {
	return len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r')
}

// BlankLineAt reports whether the line starting at off holds only
// whitespace (the end of the file counts as blank).
func BlankLineAt(src []byte, off int) bool {
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

// Imports are what decides which imports of a module edits leave unused.
type Imports struct {
	// Used are the imports replaced code named: candidates for removal.
	Used map[*pyparse.Import]bool
	// Forced are imports removed whatever else mentions their name (the
	// import of a function fix --prune removes).
	Forced map[*pyparse.Import]bool
	// Replaced are the source ranges edits replace: the names in them no
	// longer count as uses of an import.
	Replaced []pyparse.Span
	// ImportedBy reports whether another module of the tree imports the
	// qualified name; such a name is kept. Nil: none does.
	ImportedBy func(qual string) bool
}

// Removals returns the edits deleting the imports of m that only the
// replaced code used. addAt is where imports are added (-1: nowhere); a
// line removed just before it keeps its neighbouring blank lines.
func (pf *Imports) Removals(m *pyparse.Module, addAt int) []Edit {
	var out []Edit
	imps := make([]*pyparse.Import, 0, len(pf.Used))
	for im := range pf.Used {
		imps = append(imps, im)
	}
	slices.SortFunc(imps, func(a, b *pyparse.Import) int { return a.Item.Start - b.Item.Start })
	// Statements losing every name are removed whole.
	byStmt := map[pyparse.Span][]*pyparse.Import{}
	for _, im := range imps {
		if !pf.Forced[im] && pf.stillUsed(m, im) {
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
func (pf *Imports) stillUsed(m *pyparse.Module, im *pyparse.Import) bool {
	if im.Name == "*" || im.Bound == "" {
		return true
	}
	if im.Scope == m.Scope {
		if m.IsPackage || len(m.Scope.Bindings.Of("__all__")) > 0 && inAll(m, im.Bound) {
			return true // may be re-exported
		}
		if pf.ImportedBy != nil && m.Name != "" && pf.ImportedBy(m.Name+"."+im.Bound) {
			return true
		}
	}
	if len(im.Scope.Bindings.Of(im.Bound)) > 1 {
		return true // rebound in its scope: leave it to the user
	}
	src := m.Source()
	region := im.Scope.Span
	if im.Scope == m.Scope {
		region = pyparse.Span{Start: 0, End: len(src)}
	}
	name := []byte(im.Bound)
	if !pf.mayUse(m, region, im, name) {
		return false // treeUses would find no identifier either
	}
	return pf.treeUses(m, region, im, name)
}

// treeUses reports whether an identifier name lies within region outside
// the import statements and the replaced callees, walking m's tree, or a
// string annotation names it (`-> "time.struct_time"`, which
// typing.get_type_hints evaluates). No import statement uses a name: the
// `time` of `from time import sleep` is a module's, not the binding's.
func (pf *Imports) treeUses(m *pyparse.Module, region pyparse.Span, im *pyparse.Import, name []byte) bool {
	src := m.Source()
	used := false
	var walk func(n *sitter.Node, annotation bool)
	walk = func(n *sitter.Node, annotation bool) {
		if used {
			return
		}
		s := m.NodeSpan(n)
		if s.End <= region.Start || s.Start >= region.End {
			return
		}
		switch n.Type() {
		case "import_statement", "import_from_statement", "future_import_statement":
			return
		case "type":
			annotation = true
		case "string":
			if annotation && wordIn(src[s.Start:s.End], name) {
				used = true
				return
			}
		}
		for _, r := range pf.Replaced {
			if s.Start >= r.Start && s.End <= r.End {
				return
			}
		}
		if n.Type() == "identifier" && bytes.Equal(src[s.Start:s.End], name) {
			used = true
			return
		}
		for i := 0; i < int(n.ChildCount()); i++ {
			walk(n.Child(i), annotation)
		}
	}
	walk(m.Tree.RootNode(), false)
	return used
}

// wordIn reports whether name occurs in text as a whole word.
func wordIn(text, name []byte) bool {
	for i := 0; ; {
		j := bytes.Index(text[i:], name)
		if j < 0 {
			return false
		}
		s, e := i+j, i+j+len(name)
		if !(s > 0 && pyparse.IdentByte(text[s-1]) || e < len(text) && pyparse.IdentByte(text[e])) {
			return true
		}
		i = s + 1
	}
}

// mayUse reports whether name occurs in m's source within region as a
// whole word outside the import statements and the replaced callees: where
// treeUses, which reads every node of the tree, can find a use.
// Most imports a fix removes are used nowhere else, which the text tells.
func (pf *Imports) mayUse(m *pyparse.Module, region pyparse.Span, im *pyparse.Import, name []byte) bool {
	src := m.Source()
	start, end := max(region.Start, 0), min(region.End, len(src))
	for i := start; i < end; {
		j := bytes.Index(src[i:end], name)
		if j < 0 {
			return false
		}
		s, e := i+j, i+j+len(name)
		i = s + 1
		if s > 0 && pyparse.IdentByte(src[s-1]) || e < len(src) && pyparse.IdentByte(src[e]) {
			continue // part of a longer word
		}
		if slices.ContainsFunc(m.Imports, func(o *pyparse.Import) bool { return s >= o.Stmt.Start && e <= o.Stmt.End }) {
			continue // no import statement uses a name (see treeUses)
		}
		replaced := false
		for _, r := range pf.Replaced {
			if s >= r.Start && e <= r.End {
				replaced = true
				break
			}
		}
		if !replaced {
			return true
		}
	}
	return false
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
func statementRemoval(m *pyparse.Module, s pyparse.Span, addAt int) (Edit, bool) {
	src := m.Source()
	ls, le, ok := textedit.WholeLines(src, s.Start, s.End, m.BOM, "#")
	if !ok || aloneInBlock(m, ls, le) {
		return Edit{}, false
	}
	// Between a blank line (or the top) and a blank line, take one blank
	// line along so no double blank or leading blank line is left.
	prevBlank := ls <= m.BOM || (ls >= 2 && BlankLineAt(src, m.LineStart(ls-1)))
	if prevBlank && le != addAt && le < len(src) && BlankLineAt(src, le) {
		le = m.LineEnd(le)
	}
	return Edit{Start: ls, End: le, Text: ""}, true
}

// aloneInBlock reports whether removing the statement on the lines
// [ls, le) may leave its block without a statement (`try:` / `import x`
// / `except ...`), which Python rejects. An indented statement is removed
// only beside a sibling, read from the text: the code line before it is
// as indented and does not end with `:` (a header continued on the lines
// before, `if (a and` / `    b):`, is deeper or ends so), or the code
// line after it is as indented and is not an import (imports of the block
// may all go; a statement that stays keeps it). Anything else counts as
// alone, which only keeps an import.
func aloneInBlock(m *pyparse.Module, ls, le int) bool {
	src := m.Source()
	indent, code := indentOf(src[ls:m.LineEnd(ls)])
	if !code || indent == 0 {
		return false
	}
	for end := ls; end > m.BOM; {
		brk := end - 1 // the line break ending the line before
		if brk > m.BOM && src[brk] == '\n' && src[brk-1] == '\r' {
			brk--
		}
		start := m.LineStart(brk)
		if n, ok := indentOf(src[start:end]); ok {
			line := bytes.TrimRight(src[start:end], " \t\f\r\n")
			if n == indent && !bytes.HasSuffix(line, []byte(":")) && !bytes.HasSuffix(line, []byte("\\")) {
				return false
			}
			break
		}
		end = start
	}
	// Or before a sibling that stays: the next code line as indented, and
	// not an import (which may go too).
	for start := le; start < len(src); {
		end := m.LineEnd(start)
		if n, ok := indentOf(src[start:end]); ok {
			stmt := bytes.TrimLeft(src[start:end], " \t\f")
			imp := bytes.HasPrefix(stmt, []byte("import ")) || bytes.HasPrefix(stmt, []byte("from "))
			return n != indent || imp
		}
		start = end
	}
	return true
}

// indentOf returns the indentation of a line as Python counts it (a tab
// to the next multiple of 8) and whether the line holds code (neither
// blank nor only a comment).
func indentOf(line []byte) (int, bool) {
	col := 0
	for _, b := range line {
		switch b {
		case ' ':
			col++
		case '\t':
			col += 8 - col%8
		case '\f':
			col = 0
		case '\n', '\r', '#':
			return 0, false
		default:
			return col, true
		}
	}
	return 0, false
}

// itemRemoval returns the removal of one name of a multi-name import with
// its comma.
func itemRemoval(m *pyparse.Module, im *pyparse.Import) (Edit, bool) {
	src := m.Source()
	i := im.Item.Start
	for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	if i > 0 && src[i-1] == ',' {
		return Edit{Start: i - 1, End: im.Item.End, Text: ""}, true
	}
	if j, ok := CommaAfter(src, im.Item.End); ok {
		return Edit{Start: im.Item.Start, End: j, Text: ""}, true
	}
	return Edit{}, false
}

// CommaAfter returns, when a comma follows offset end of src (after spaces
// and tabs), the offset past it and the spaces and tabs after it: the end
// of a list item's removal with its separator.
func CommaAfter(src []byte, end int) (int, bool) {
	j := end
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	if j >= len(src) || src[j] != ',' {
		return 0, false
	}
	j++
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	return j, true
}
