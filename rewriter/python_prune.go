package rewriter

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pycheck"
	"github.com/asynclint/asynclint/internal/python/pyedit"
	"github.com/asynclint/asynclint/internal/python/pygraph"
	"github.com/asynclint/asynclint/pyparse"
)

// PruneOptions tune fix --prune.
type PruneOptions struct {
	// Public also removes functions of the public surface: named in
	// __all__, re-exported by a package's __init__.py, or in a module
	// PublicModule marks (--prune-public). Their __all__ entries and
	// re-exports go with them.
	Public bool
	// PublicModule reports whether the configuration marks a module as
	// public (the public-modules key); nil marks none.
	PublicModule func(m *pyparse.Module) bool
	// Editable reports whether the file at path may be rewritten (it lies
	// below the paths given); nil means every file. The functions of
	// other files are not candidates.
	Editable func(path string) bool
}

// Pruned is the decision on one sync function that has an async twin.
type Pruned struct {
	Path     string           `json:"filename"`
	Pos      finding.Position `json:"location"`
	Function string           `json:"function"`
	Twin     string           `json:"twin"`
	// Removed reports that the function goes; otherwise Reason names its
	// first remaining use ("called by svc/api.py:12 cli_flush") or why it
	// stays.
	Removed bool   `json:"removed"`
	Reason  string `json:"reason,omitempty"`
	// Imports are the imports removed with it, "path:line name".
	Imports []string `json:"imports,omitempty"`
	// Uses are all its remaining uses (for the report's compat list).
	Uses []pygraph.Use `json:"-"`
}

// pruneDecorators are decorators a removed function may carry: they
// register it nowhere.
var pruneDecorators = map[string]bool{
	"staticmethod": true, "classmethod": true,
	"deprecated": true, "warnings.deprecated": true, "typing_extensions.deprecated": true,
}

// PlanPrune plans the removal of the sync functions that have an async twin
// and that nothing in the analysed tree uses any more (tests included): not
// called, not referenced as a value, not named by getattr or __all__, not
// re-exported, with the imports of them and the imports only their bodies
// used. Removing one function may leave another unused: the decisions are
// taken to a fixed point, so a second run removes nothing more.
func PlanPrune(proj *pycheck.Project, opts PruneOptions) (*Plan, []Pruned, error) {
	cands, uses, err := proj.Compat()
	if err != nil {
		return nil, nil, err
	}
	if opts.Editable != nil {
		cands = slices.DeleteFunc(cands, func(f *pygraph.Func) bool { return !opts.Editable(f.Module.Path) })
	}
	g := proj.Graph
	p := newPlanner(g, PyOptions{})
	defer p.close()
	decisions := make([]Pruned, len(cands))
	static := make([]string, len(cands))
	for i, f := range cands {
		decisions[i] = Pruned{Path: f.Module.Path, Pos: f.Fn.NamePos, Function: f.Fn.Qual, Twin: f.Twin.Name, Uses: uses[f]}
		if !p.restore(f.Module) {
			break
		}
		static[i] = keepReason(g, f, opts)
	}
	if p.err != nil {
		return nil, nil, fmt.Errorf("%w: nothing is pruned, run fix --prune again", p.err)
	}
	removed := map[*pygraph.Func]bool{}
	inRemoved := func(u pygraph.Use) bool {
		for f := range removed {
			if f.Module == u.Module && u.Span.Start >= f.Fn.Span.Start && u.Span.End <= f.Fn.Span.End {
				return true
			}
		}
		return false
	}
	counts := func(u pygraph.Use) bool {
		switch u.Kind {
		case pygraph.UseImport:
			return false
		case pygraph.UseAll, pygraph.UseReexport:
			return !opts.Public
		}
		return !inRemoved(u)
	}
	for changed := true; changed; {
		changed = false
		for i, f := range cands {
			if removed[f] || static[i] != "" {
				continue
			}
			if !slices.ContainsFunc(uses[f], counts) {
				removed[f] = true
				changed = true
			}
		}
	}
	// An import of a removed function in a file that cannot be rewritten
	// (a syntax error, or not among the paths given) keeps it.
	for i, f := range cands {
		if !removed[f] {
			continue
		}
		for _, u := range uses[f] {
			switch {
			case inRemoved(u):
			case u.Module.SyntaxError != nil:
				delete(removed, f)
				static[i] = fmt.Sprintf("imported by %s, which has a syntax error", u.Module.Path)
			case opts.Editable != nil && !opts.Editable(u.Module.Path) && editedWith(u, opts):
				// Its import there would have to go too.
				delete(removed, f)
				static[i] = fmt.Sprintf("imported by %s, which is not among the paths given", u.Module.Path)
			}
		}
	}
	for i, f := range cands {
		d := &decisions[i]
		if !removed[f] {
			d.Reason = static[i]
			// The first use the analysis is sure of, else the first maybe.
			for _, u := range uses[f] {
				if d.Reason == "" && counts(u) && !u.Unresolved {
					d.Reason = useText(u)
				}
			}
			for _, u := range uses[f] {
				if d.Reason == "" && counts(u) {
					d.Reason = useText(u)
				}
			}
			continue
		}
		d.Removed = true
		d.Imports = p.removeFunc(f, uses[f], opts)
	}
	for _, pf := range p.files {
		pf.mergeRemovals()
	}
	changes, err := p.changes()
	if err != nil {
		return nil, nil, err
	}
	plan := &Plan{Changes: changes}
	return plan, decisions, nil
}

// keepReason returns why f stays whatever its uses, "" if nothing does.
func keepReason(g *pygraph.Graph, f *pygraph.Func, opts PruneOptions) string {
	m, fn := f.Module, f.Fn
	switch {
	case m.SyntaxError != nil:
		return m.Path + " has a syntax error"
	case fn.Parent != nil:
		return "nested in " + fn.Parent.Qual
	case fn.Class != nil && (fn.Class.Parent != nil || fn.Class.Outer != nil):
		return "a method of a nested class"
	case !opts.Public && opts.PublicModule != nil && opts.PublicModule(m):
		return "its module is public (public-modules in the configuration; --prune-public removes it)"
	}
	if !directChild(fn) {
		return "defined inside a statement (if, try, ...)"
	}
	scope := m.Scope
	if fn.Class != nil {
		scope = fn.Class.Scope
	}
	if len(scope.Bindings.Of(fn.Name)) > 1 {
		return "defined more than once in its scope"
	}
	for _, d := range fn.Decorators {
		base, _, _ := strings.Cut(d, "(")
		if !pruneDecorators[base] {
			return "decorated with @" + base + ", which may register it"
		}
	}
	return calledByFramework(g, f)
}

// calledByFramework returns why code outside the tree may call f, "" if
// nothing says so: the test runner collects it, or it is a method of a class
// deriving from a class outside the tree, or overriding a base's method.
func calledByFramework(g *pygraph.Graph, f *pygraph.Func) string {
	base := filepath.Base(f.Module.Path)
	if base == "conftest.py" || strings.HasPrefix(f.Fn.Name, "test") && (strings.HasPrefix(base, "test") || strings.HasSuffix(base, "_test.py")) {
		return "the test runner collects it"
	}
	return g.Base(f)
}

// directChild reports whether the def is a statement of the module or of
// its class body, not inside an if, try or with.
func directChild(fn *pyparse.Function) bool {
	n := defNode(fn)
	p := n.Parent()
	if p == nil {
		return false
	}
	if fn.Class == nil {
		return p.Type() == "module"
	}
	gp := p.Parent()
	return p.Type() == "block" && gp != nil && gp.Type() == "class_definition"
}

// defNode is the def's statement: its decorated_definition if decorated.
func defNode(fn *pyparse.Function) *sitter.Node {
	n := fn.Node
	if p := n.Parent(); p != nil && p.Type() == "decorated_definition" {
		return p
	}
	return n
}

// useText says what a use is, for the kept list.
func useText(u pygraph.Use) string {
	where := displayWhere(u)
	maybe := ""
	if u.Unresolved {
		maybe = "maybe "
	}
	switch u.Kind {
	case pygraph.UseCall:
		return maybe + "called by " + where
	case pygraph.UseDecorator:
		return maybe + "used as a decorator by " + where
	case pygraph.UseGetattr:
		return "named by getattr in " + where
	case pygraph.UseAll:
		return "in __all__ of " + u.Module.Path + " (public; --prune-public removes it)"
	case pygraph.UseReexport:
		return "re-exported by " + u.Module.Path + " (public; --prune-public removes it)"
	}
	return maybe + "referenced as a value by " + where
}

func displayWhere(u pygraph.Use) string {
	caller := "<module>"
	if u.Caller != nil {
		caller = u.Caller.Qual
	}
	return fmt.Sprintf("%s:%d %s", u.Module.Path, u.Pos.Line, caller)
}

// removeFunc plans the removal of f: its lines, the imports of it, the
// imports only its body used, and with opts.Public its __all__ entries. It
// returns the imports removed.
func (p *pyPlanner) removeFunc(f *pygraph.Func, uses []pygraph.Use, opts PruneOptions) []string {
	m, fn := f.Module, f.Fn
	pf := p.file(m)
	if pf.imports.Forced == nil {
		pf.imports.Forced = map[*pyparse.Import]bool{}
	}
	start, end := funcLines(m, fn)
	pf.spans = append(pf.spans, span{Start: start, End: end, Text: ""})
	pf.imports.Replaced = append(pf.imports.Replaced, pyparse.Span{Start: start, End: end})
	// Imports its body used, when nothing else uses them: removals()
	// decides, with the removed span no longer counting.
	bound := map[string]bool{}
	for _, im := range m.Imports {
		if im.Scope == m.Scope && im.Bound != "" && im.Name != "*" {
			bound[im.Bound] = true
		}
	}
	for _, mt := range m.Mentions(bound) {
		if mt.Span.Start < fn.Span.Start || mt.Span.End > fn.Span.End {
			continue
		}
		head, _, _ := strings.Cut(mt.Text, ".")
		if head == "" {
			continue
		}
		if bd, ok := m.Lookup(head, mt.Scope, mt.Span.Start); ok && bd.Kind == pyparse.BindImport && bd.Import.Scope == m.Scope {
			pf.imports.Used[bd.Import] = true
		}
	}
	var imports []string
	for _, u := range uses {
		switch {
		case editedWith(u, opts) && !p.restore(u.Module):
			// changes fails the plan
		case u.Kind == pygraph.UseImport || u.Kind == pygraph.UseReexport && opts.Public:
			upf := p.file(u.Module)
			if upf.imports.Forced == nil {
				upf.imports.Forced = map[*pyparse.Import]bool{}
			}
			upf.imports.Forced[u.Import] = true
			upf.imports.Used[u.Import] = true
			imports = append(imports, fmt.Sprintf("%s:%d %s", u.Module.Path, u.Pos.Line, u.Import.Name))
		case u.Kind == pygraph.UseAll && opts.Public:
			upf := p.file(u.Module)
			if s, ok := elementRemoval(u.Module, u.Span); ok {
				upf.spans = append(upf.spans, s)
			}
		}
	}
	return imports
}

// editedWith reports whether removing a function edits the file of its
// use u: an import of it goes with it, and with opts.Public its
// re-exports and __all__ entries.
func editedWith(u pygraph.Use, opts PruneOptions) bool {
	return u.Kind == pygraph.UseImport || (u.Kind == pygraph.UseReexport || u.Kind == pygraph.UseAll) && opts.Public
}

// funcLines returns the byte range removing fn: its lines (decorators
// included), the comment lines right above it at its indentation, and the
// blank lines before it.
func funcLines(m *pyparse.Module, fn *pyparse.Function) (int, int) {
	src := m.Source()
	start := m.LineStart(fn.Span.Start)
	end := m.LineEnd(fn.Span.End)
	for start > m.BOM {
		prev := m.LineStart(start - 1)
		line := string(src[prev:start])
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") && strings.HasPrefix(line, fn.Indent+"#") {
			start = prev
			continue
		}
		break
	}
	first := start
	for start > m.BOM {
		prev := m.LineStart(start - 1)
		if !pyedit.BlankLineAt(src, prev) {
			break
		}
		start = prev
	}
	if start == first || start <= m.BOM {
		// First in its block or file: take the blank lines after it
		// instead.
		start = max(start, m.BOM)
		for end < len(src) && pyedit.BlankLineAt(src, end) {
			end = m.LineEnd(end)
		}
	}
	return start, end
}

// elementRemoval returns the removal of a string element of a list or
// tuple, with its comma; the whole line when the element is alone on it.
func elementRemoval(m *pyparse.Module, s pyparse.Span) (span, bool) {
	src := m.Source()
	ls, le := m.LineStart(s.Start), m.LineEnd(s.End)
	before := strings.TrimSpace(string(src[ls:s.Start]))
	after := strings.TrimSpace(string(src[s.End:le]))
	after = strings.TrimPrefix(after, ",")
	if before == "" && (strings.TrimSpace(after) == "" || strings.HasPrefix(strings.TrimSpace(after), "#")) {
		return span{Start: ls, End: le, Text: ""}, true
	}
	if j, ok := pyedit.CommaAfter(src, s.End); ok {
		return span{Start: s.Start, End: j, Text: ""}, true
	}
	i := s.Start
	for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t' || src[i-1] == '\n' || src[i-1] == '\r') {
		i--
	}
	if i > 0 && src[i-1] == ',' {
		return span{Start: i - 1, End: s.End, Text: ""}, true
	}
	return span{Start: s.Start, End: s.End, Text: ""}, true
}

// mergeRemovals joins overlapping removals (two adjacent functions taking
// the same blank lines) and drops the imports inside a removed function,
// which go with it.
func (pf *pyFile) mergeRemovals() {
	slices.SortFunc(pf.spans, func(a, b span) int { return a.Start - b.Start })
	var out []span
	for _, s := range pf.spans {
		if n := len(out); n > 0 && s.Text == "" && out[n-1].Text == "" && s.Start < out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	pf.spans = out
	for im := range pf.imports.Used {
		for _, r := range pf.imports.Replaced {
			if im.Stmt.Start >= r.Start && im.Stmt.End <= r.End {
				delete(pf.imports.Used, im)
				delete(pf.imports.Forced, im)
			}
		}
	}
}
