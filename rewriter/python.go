package rewriter

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pycheck"
	"github.com/asynclint/asynclint/internal/python/pyedit"
	"github.com/asynclint/asynclint/internal/python/pygraph"
	"github.com/asynclint/asynclint/internal/rules"
	"github.com/asynclint/asynclint/internal/textedit"
	"github.com/asynclint/asynclint/pyparse"
)

// PyOptions select the Python rewrites.
type PyOptions struct {
	// Twins enables the AL100 rewrite: async twins of blocking sync
	// functions reached from async code, and callers pointed at them.
	Twins bool
	// Deprecate makes each sync function given a twin (or whose existing
	// twin callers are pointed at) warn with a DeprecationWarning.
	Deprecate bool
	// Library is the async library ("asyncio", "trio" or "anyio") whose
	// sleep replaces time.sleep in a module that imports none of them;
	// a module that imports one keeps to it. Empty means asyncio.
	Library string
	// TwinName names a new async twin from the sync function's name; nil
	// means name + "_async".
	TwinName func(name string) string
	// AllBlocking (with Twins) adds a twin for every sync function of the
	// tree that blocks, reached from async code or not (the plan's "add
	// async versions of all blocking methods"); the graph must have been
	// built with pycheck.Options.AllFunctions. Those refused are listed in
	// Plan.Refused.
	AllBlocking bool
	// Editable reports whether the file at path may be rewritten (it lies
	// below the paths given); nil means every file. A twin needed in a
	// file that may not is refused, and the sites awaiting it are manual.
	Editable func(path string) bool
}

// Manual is a site the rewriter could not rewrite exactly and left alone.
type Manual struct {
	Path   string           `json:"filename"`
	Pos    finding.Position `json:"location"`
	Code   string           `json:"code"`
	Reason string           `json:"reason"`
}

// Plan is the outcome of planning: the files to change, the sites fixed,
// and what was left for a human.
type Plan struct {
	// Changes are the rewritten files, ordered by path.
	Changes []Change
	// Fixed are the findings the changes resolve.
	Fixed []finding.Finding
	// Manual are the findings left alone, with the reason.
	Manual []Manual
	// Skipped names files not rewritten at all (a syntax error).
	Skipped []*FileError
	// Refused are the blocking functions fix --twins --all-blocking gives
	// no twin, with the reason (Code "twin").
	Refused []Manual
}

// ErrSyntax marks a file that is not rewritten because it does not parse.
var ErrSyntax = fmt.Errorf("has a syntax error, not rewritten")

// codeASYNC251 is the rule whose findings carry the fix the rewriter
// applies in place.
const codeASYNC251 = "ASYNC251"

// VerifyPython is the Verifier of rewritten Python files: the result must
// parse without a syntax error when the original did.
func VerifyPython(path string, old, new []byte) error {
	p := pyparse.NewParser()
	defer p.Close()
	before, err := p.SyntaxError(path, old)
	if err != nil {
		return err
	}
	if before != nil {
		return nil
	}
	se, err := p.SyntaxError(path, new)
	if err != nil {
		return err
	}
	if se != nil {
		return fmt.Errorf("%s:%d:%d: rewritten file does not parse: %s", path, se.Pos.Line, se.Pos.Col, se.Message)
	}
	return nil
}

// PlanPython plans the rewrites of the given findings (ASYNC251 always,
// AL100..AL104 when opts.Twins is set; the direct blocking calls of other
// categories are listed as manual) over the modules of g. The findings are
// those `check` reports, suppressions and selection already applied: a
// finding not given is not fixed. Findings of other codes are ignored.
func PlanPython(proj *pycheck.Project, findings []finding.Finding, opts PyOptions) (*Plan, error) {
	g := proj.Graph
	p := newPlanner(g, opts)
	defer p.close()
	// Findings may spell a path otherwise than discovery did (relative to
	// the working directory where the user gave an absolute path): match
	// them by absolute path.
	byPath := map[string]*pyparse.Module{}
	for _, m := range g.Modules() {
		byPath[pathKey(m.Path)] = m
	}
	for _, m := range proj.Modules {
		byPath[pathKey(m.Path)] = m
	}
	plan := &Plan{}
	skipped := map[string]bool{}
	// A call site reaching several blocking calls has a finding for each:
	// it is rewritten once. The calls of a chain (c.get(1).get(2)) start
	// together and are told apart by their ends.
	sites := map[string]bool{}
	for _, f := range findings {
		fixer := rules.FixerOf(f.Code)
		if fixer == rules.ListManual {
			// A direct blocking call of a category with no one-to-one
			// async form: fix names it, and leaves it.
			r, _ := rules.Find(f.Code)
			plan.Manual = append(plan.Manual, Manual{Path: f.Path, Pos: f.Start, Code: f.Code, Reason: fmt.Sprintf(
				"a blocking %s call in an async function has no one-to-one async form: use an async library, or await asyncio.to_thread(...) by hand", r.Category)})
			continue
		}
		if fixer == rules.FixTwins && len(f.Related) == 0 {
			// A configured extra-blocking function called directly in an
			// async function: no chain, no helper to twin.
			r, _ := rules.Find(f.Code)
			plan.Manual = append(plan.Manual, Manual{Path: f.Path, Pos: f.Start, Code: f.Code, Reason: fmt.Sprintf(
				"a configured blocking (%s) function called directly in an async function: fix knows no async form of it: call an async equivalent, or await asyncio.to_thread(...) by hand", r.Category)})
			continue
		}
		if fixer != rules.FixPython && (fixer != rules.FixTwins || !opts.Twins) {
			continue
		}
		// One rewrite a call site, whichever categories its callee blocks
		// in (AL100 and AL101 for a helper that sleeps and fetches).
		kind := f.Code
		if fixer == rules.FixTwins {
			kind = "AL1xx"
		}
		if site := fmt.Sprintf("%s %s %d", kind, finding.SiteKey(pathKey(f.Path), f.Start), f.End.Offset); sites[site] {
			continue
		} else {
			sites[site] = true
		}
		m := byPath[pathKey(f.Path)]
		if m == nil {
			plan.Manual = append(plan.Manual, Manual{Path: f.Path, Pos: f.Start, Code: f.Code, Reason: "module not in the analysed tree"})
			continue
		}
		if m.SyntaxError != nil {
			if !skipped[m.Path] {
				skipped[m.Path] = true
				plan.Skipped = append(plan.Skipped, &FileError{Path: m.Path, Err: ErrSyntax})
			}
			continue
		}
		if !p.restore(m) {
			break
		}
		if f.Code == codeASYNC251 {
			if reason := p.applyFix(m, f); reason != "" {
				plan.Manual = append(plan.Manual, Manual{Path: f.Path, Pos: f.Start, Code: f.Code, Reason: reason})
				continue
			}
			plan.Fixed = append(plan.Fixed, f)
			continue
		}
		c := callAt(m, f)
		if c == nil {
			reason := "no call found at the reported position"
			if fn := m.FunctionAt(f.Start.Offset); fn != nil && slices.ContainsFunc(fn.Reads, func(r *pyparse.Call) bool { return r.Span.Start == f.Start.Offset }) {
				reason = "a property read or a context manager, not a call: no twin to await"
			}
			plan.Manual = append(plan.Manual, Manual{Path: f.Path, Pos: f.Start, Code: f.Code, Reason: reason})
			continue
		}
		if reason := p.fixAsyncCall(m, c); reason != "" {
			plan.Manual = append(plan.Manual, Manual{Path: f.Path, Pos: f.Start, Code: f.Code, Reason: reason})
			continue
		}
		plan.Fixed = append(plan.Fixed, f)
	}
	if opts.Twins && opts.AllBlocking {
		plan.Refused = p.twinAll()
	}
	if err := p.emitTwins(); err != nil {
		return nil, err
	}
	changes, err := p.changes()
	if err != nil {
		return nil, err
	}
	plan.Changes = changes
	return plan, nil
}

// changes applies each planned file's edits, in path order; an error,
// and no change, when a file the plan read changed since it was checked.
func (p *pyPlanner) changes() ([]Change, error) {
	if p.err != nil {
		return nil, fmt.Errorf("%w: nothing is rewritten, run fix again", p.err)
	}
	mods := make([]*pyparse.Module, 0, len(p.files))
	for m := range p.files {
		mods = append(mods, m)
	}
	slices.SortFunc(mods, func(a, b *pyparse.Module) int { return strings.Compare(a.Path, b.Path) })
	var out []Change
	for _, m := range mods {
		edits := p.files[m].finish()
		if len(edits) == 0 {
			continue
		}
		src, err := textedit.Apply(m.Source(), edits)
		if err != nil {
			return nil, fmt.Errorf("rewrite %s: %w", m.Path, err)
		}
		out = append(out, Change{Path: m.Path, Old: m.Source(), New: src, Edits: edits})
	}
	return out, nil
}

// twinAll plans a twin for every blocking sync function of the graph that
// has none, and returns those refused.
func (p *pyPlanner) twinAll() []Manual {
	var refused []Manual
	var planned []*twinPlan
	for _, f := range p.g.Blocking() {
		if f.Fn.Async || f.Twin != nil || !p.editable(f.Module) {
			continue // (a function of a file not given is not asked for)
		}
		refuse := func(reason string) {
			refused = append(refused, Manual{Path: f.Module.Path, Pos: f.Fn.NamePos, Code: "twin", Reason: "no twin for " + f.Fn.Qual + ": " + reason})
		}
		if f.Fn.Parent != nil {
			refuse(fmt.Sprintf("it is nested in %s: --all-blocking twins module-level functions and methods", f.Fn.Parent.Qual))
			continue
		}
		if r := calledByFramework(p.g, f); r != "" {
			refuse(r + " (a twin would never be called)")
			continue
		}
		planned = append(planned, p.collect(f.Module, f.Fn))
	}
	p.settle()
	for _, tp := range planned {
		if tp.reason != "" {
			refused = append(refused, Manual{Path: tp.m.Path, Pos: tp.f.NamePos, Code: "twin", Reason: "no twin for " + tp.f.Qual + ": " + tp.reason})
			continue
		}
		p.markNeeded(tp)
	}
	slices.SortStableFunc(refused, func(a, b Manual) int {
		if a.Path != b.Path {
			return strings.Compare(a.Path, b.Path)
		}
		return a.Pos.Offset - b.Pos.Offset
	})
	return refused
}

// callAt finds the call an AL1xx finding reports: a call starting at the
// finding that is not awaited (an awaited call may start at the same
// place: `await f().g()`), and that ends where the finding ends (the
// calls of a chain, `s.get(1).get(2)`, start together).
func callAt(m *pyparse.Module, f finding.Finding) *pyparse.Call {
	var best *pyparse.Call
	for _, c := range m.Calls {
		pos := m.Position(c.Span.Start)
		match := pos.Offset == f.Start.Offset
		if f.Start.Offset == 0 {
			match = pos.Line == f.Start.Line && pos.Col == f.Start.Col
		}
		if !match {
			continue
		}
		if f.End.Offset != 0 && m.Position(c.Span.End).Offset != f.End.Offset {
			continue
		}
		if !c.Awaited {
			return c
		}
		if best == nil {
			best = c
		}
	}
	return best
}

type pyPlanner struct {
	g     *pygraph.Graph
	opts  PyOptions
	files map[*pyparse.Module]*pyFile
	twins map[*pyparse.Function]*twinPlan
	order []*twinPlan
	// parser gives back the trees of the modules the plan reads or
	// edits (restore); err is the first module it could not.
	parser *pyparse.Parser
	err    error
}

func newPlanner(g *pygraph.Graph, opts PyOptions) *pyPlanner {
	return &pyPlanner{g: g, opts: opts, files: map[*pyparse.Module]*pyFile{}, twins: map[*pyparse.Function]*twinPlan{}}
}

// close releases the planner's parser (the trees it restored stay).
func (p *pyPlanner) close() {
	if p.parser != nil {
		p.parser.Close()
	}
}

// restore gives m its syntax tree back when the analysis dropped it (a
// run keeps models, not trees: the rewriter re-reads the files it reads
// or edits, pyparse.Parser.Restore). False when the file changed since it
// was checked: the plan then fails (changes), and nothing is written.
func (p *pyPlanner) restore(m *pyparse.Module) bool {
	if m.Tree != nil {
		return true
	}
	if p.err != nil {
		return false
	}
	if p.parser == nil {
		p.parser = pyparse.NewParser()
	}
	if err := p.parser.Restore(m); err != nil {
		p.err = err
		return false
	}
	return true
}

// file returns the edits of m, with m's tree restored (a restore that
// fails fails the plan in changes, before any edit is applied).
func (p *pyPlanner) file(m *pyparse.Module) *pyFile {
	pf := p.files[m]
	if pf == nil {
		p.restore(m)
		pf = &pyFile{m: m, lib: p.opts.Library, imports: pyedit.Imports{Used: map[*pyparse.Import]bool{}, ImportedBy: p.importedBy}, added: map[string]bool{}, extended: map[string]bool{}}
		p.files[m] = pf
	}
	return pf
}

// importedBy reports whether a loaded module imports the qualified name.
func (p *pyPlanner) importedBy(qual string) bool {
	for _, m := range p.g.Modules() {
		for _, im := range m.Imports {
			if im.Target == qual {
				return true
			}
		}
	}
	return false
}

// applyFix plans the fix an ASYNC251 finding carries (made by the rule
// when the finding was made): its call-site edits as they are; its import
// edits joined with those of the file's other fixes, the additions into
// one statement and the removals decided for the whole file once every
// fix is in. It returns why not, "" on success.
func (p *pyPlanner) applyFix(m *pyparse.Module, f finding.Finding) string {
	if f.Fix == nil || len(f.Fix.Edits) == 0 {
		if f.NoFix != "" {
			return f.NoFix
		}
		return "the finding carries no fix"
	}
	pf := p.file(m)
	var site []span
	added := map[string]bool{}
	for _, e := range f.Fix.Edits {
		s := span{Start: e.Start.Offset, End: e.End.Offset, Text: e.NewText}
		if pathKey(e.Path) != pathKey(m.Path) || s.Start < 0 || s.End < s.Start || s.End > len(m.Source()) {
			return "the fix does not fit the file"
		}
		if libs, ok := importAddition(m, s); ok {
			for _, l := range libs {
				added[l] = true
			}
			continue
		}
		if importRemoval(m, s) {
			continue
		}
		site = append(site, s)
	}
	if len(site) == 0 {
		return "the fix changes no call"
	}
	for l := range added {
		pf.added[l] = true
	}
	for _, s := range site {
		if s.End == s.Start {
			continue
		}
		pf.imports.Replaced = append(pf.imports.Replaced, pyparse.Span{Start: s.Start, End: s.End})
		if im := importNamedAt(m, s.Start, s.End); im != nil {
			pf.imports.Used[im] = true
		}
	}
	pf.spans = append(pf.spans, site...)
	pf.sites = append(pf.sites, siteFix{spans: site})
	return ""
}

// importAddition reports whether s is the insertion of import statements
// that pyedit.Addition makes in m, and the modules it imports.
func importAddition(m *pyparse.Module, s span) ([]string, bool) {
	if s.Start != s.End || s.Text == "" {
		return nil, false
	}
	var libs []string
	for _, line := range strings.FieldsFunc(s.Text, func(r rune) bool { return r == '\n' || r == '\r' }) {
		lib, ok := strings.CutPrefix(line, "import ")
		if !ok || lib == "" || strings.ContainsAny(lib, " ,;") {
			return nil, false
		}
		libs = append(libs, lib)
	}
	return libs, len(libs) > 0 && pyedit.Addition(m, libs) == s
}

// importRemoval reports whether s deletes an import of m (statement or
// name).
func importRemoval(m *pyparse.Module, s span) bool {
	if s.Text != "" {
		return false
	}
	for _, im := range m.Imports {
		if s.Start <= im.Item.Start && im.Item.End <= s.End {
			return true
		}
	}
	return false
}

// importNamedAt returns the import the name starting the code [start, end)
// of m is bound to there (`time` of `time.sleep`), nil if none.
func importNamedAt(m *pyparse.Module, start, end int) *pyparse.Import {
	text := m.Source()[start:end]
	i := 0
	for i < len(text) && (text[i] == '_' || text[i] >= 'a' && text[i] <= 'z' || text[i] >= 'A' && text[i] <= 'Z' || i > 0 && text[i] >= '0' && text[i] <= '9' || text[i] >= 0x80) {
		i++
	}
	if i == 0 {
		return nil
	}
	_, sc := m.ScopeAt(start)
	if bd, ok := m.Lookup(string(text[:i]), sc, start); ok && bd.Kind == pyparse.BindImport {
		return bd.Import
	}
	return nil
}

// pathKey is the absolute, cleaned form of a file path, for matching paths
// spelled differently.
func pathKey(p string) string {
	abs, err := filepath.Abs(filepath.FromSlash(p))
	if err != nil {
		return filepath.Clean(p)
	}
	return abs
}
