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

// The rule codes the Python rewriter fixes.
const (
	codeASYNC251 = "ASYNC251"
	codeAL100    = "AL100"
)

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
// AL100 when opts.Twins is set) over the modules of g. The findings are
// those `check` reports, suppressions and selection already applied: a
// finding not given is not fixed. Findings of other codes are ignored.
func PlanPython(proj *pycheck.Project, findings []finding.Finding, opts PyOptions) (*Plan, error) {
	g := proj.Graph
	p := &pyPlanner{g: g, opts: opts, files: map[*pyparse.Module]*pyFile{}, twins: map[*pyparse.Function]*twinPlan{}}
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
		if f.Code != codeASYNC251 && (f.Code != codeAL100 || !opts.Twins) {
			continue
		}
		if site := fmt.Sprintf("%s %s %d", f.Code, finding.SiteKey(pathKey(f.Path), f.Start), f.End.Offset); sites[site] {
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
		c := callAt(m, f)
		if c == nil {
			reason := "no call found at the reported position"
			if fn := m.FunctionAt(f.Start.Offset); fn != nil && slices.ContainsFunc(fn.Reads, func(r *pyparse.Call) bool { return r.Span.Start == f.Start.Offset }) {
				reason = "a property read or a context manager, not a call: no twin to await"
			}
			plan.Manual = append(plan.Manual, Manual{Path: f.Path, Pos: f.Start, Code: f.Code, Reason: reason})
			continue
		}
		var reason string
		if f.Code == codeASYNC251 {
			reason = p.fixSleep(m, c)
		} else {
			reason = p.fixAsyncCall(m, c)
		}
		if reason != "" {
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

// changes applies each planned file's edits, in path order.
func (p *pyPlanner) changes() ([]Change, error) {
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
		src, err := textedit.Apply(m.Src, edits)
		if err != nil {
			return nil, fmt.Errorf("rewrite %s: %w", m.Path, err)
		}
		out = append(out, Change{Path: m.Path, Old: m.Src, New: src, Edits: edits})
	}
	return out, nil
}

// twinAll plans a twin for every blocking sync function of the graph that
// has none, and returns those refused.
func (p *pyPlanner) twinAll() []Manual {
	var refused []Manual
	var planned []*twinPlan
	for _, f := range p.g.Blocking() {
		if f.Fn.Async || f.Twin != nil {
			continue
		}
		refuse := func(reason string) {
			refused = append(refused, Manual{Path: f.Module.Path, Pos: f.Fn.NamePos, Code: "twin", Reason: "no twin for " + f.Fn.Qual + ": " + reason})
		}
		if _, ok := f.BlocksIn(finding.Sleep); !ok {
			cats := f.Categories()
			w := f.Blocks[cats[0]]
			refuse(fmt.Sprintf("it blocks in %s (%s), which has no async form a twin could await", w.Via.CalleeText, cats[0]))
			continue
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

// callAt finds the call a finding reports: ASYNC251 at the callee of a
// time.sleep call, AL100 at the start of a call that is not awaited (an
// awaited call may start at the same place: `await f().g()`).
func callAt(m *pyparse.Module, f finding.Finding) *pyparse.Call {
	var best *pyparse.Call
	for _, c := range m.Calls {
		pos := c.Pos
		if f.Code == codeAL100 {
			pos = m.Position(c.Span.Start)
		}
		match := pos.Offset == f.Start.Offset
		if f.Start.Offset == 0 {
			match = pos.Line == f.Start.Line && pos.Col == f.Start.Col
		}
		if !match {
			continue
		}
		// Calls of a chain start together (`s.get(1).get(2)`): AL100
		// ends where its call ends.
		if f.Code == codeAL100 && f.End.Offset != 0 && m.Position(c.Span.End).Offset != f.End.Offset {
			continue
		}
		if f.Code == codeASYNC251 && c.Target == "time.sleep" || f.Code == codeAL100 && !c.Awaited {
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
}

func (p *pyPlanner) file(m *pyparse.Module) *pyFile {
	pf := p.files[m]
	if pf == nil {
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

// fixSleep rewrites an ASYNC251 call in place; it returns why not, "" on
// success.
func (p *pyPlanner) fixSleep(m *pyparse.Module, c *pyparse.Call) string {
	if c.Target != "time.sleep" || !c.InAsyncContext() {
		return "not a call of time.sleep in an async function"
	}
	pf := p.file(m)
	es, imp, add, reason := pyedit.Sleep(m, c, pyedit.AsyncLib(m, pf.lib))
	if reason != "" {
		return reason
	}
	if add != "" {
		pf.added[add] = true
	}
	pf.spans = append(pf.spans, es...)
	pf.sites = append(pf.sites, siteFix{spans: es})
	pf.imports.Replaced = append(pf.imports.Replaced, c.Callee)
	if imp != nil {
		pf.imports.Used[imp] = true
	}
	return ""
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
