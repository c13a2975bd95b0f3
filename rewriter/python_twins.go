package rewriter

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pyedit"
	"github.com/asynclint/asynclint/pyparse"
)

// twinDecorators are decorators an async twin can carry unchanged.
var twinDecorators = map[string]bool{
	"staticmethod": true, "classmethod": true,
	"abstractmethod": true, "abc.abstractmethod": true,
	"override": true, "typing.override": true, "typing_extensions.override": true,
}

// twinPlan is the async twin of one blocking sync function: an existing
// one reused, or a new one generated from a copy of the function.
type twinPlan struct {
	m *pyparse.Module
	f *pyparse.Function
	// name is the twin's name; existing is set when it is already there.
	name     string
	existing *pyparse.Function
	// reason is why no twin can be made ("" when one can).
	reason string
	// children are the twins of the blocking functions f calls.
	children []*twinPlan
	// local are the edits, in f's offsets, that make the copy async.
	local []span
	// libs are modules the copy needs imported; exts are from-import
	// extensions it needs.
	libs   []string
	exts   []importExt
	needed bool
}

// importExt adds a name to a from-import.
type importExt struct {
	m    *pyparse.Module
	key  string
	at   int
	text string
}

// RoleRefusal returns why `fix --twins` leaves an AL1xx call site manual
// because of what the call is used as (a context manager, a decorator:
// Python calls what it gets there without awaiting), "" if it does not.
func RoleRefusal(c *pyparse.Call) string {
	switch c.Role {
	case pyparse.RoleWith:
		return "used as a context manager"
	case pyparse.RoleDecorator:
		return "used as a decorator"
	}
	return ""
}

// SpecialMethod reports whether name is a special method's (`__enter__`),
// which Python calls without awaiting, so that `fix --twins` makes it no
// twin.
func SpecialMethod(name string) bool {
	return len(name) > 4 && strings.HasPrefix(name, "__") && strings.HasSuffix(name, "__")
}

// fixAsyncCall rewrites an AL100 call site to await the callee's async
// twin, planning the twin; it returns why not, "" on success.
func (p *pyPlanner) fixAsyncCall(m *pyparse.Module, c *pyparse.Call) string {
	if !c.InAsyncContext() || c.Awaited {
		return "not a blocking call in an async function"
	}
	if reason := RoleRefusal(c); reason != "" {
		return reason
	}
	callee := p.g.Resolve(m, c)
	if callee == nil || callee.Fn.Async || len(callee.Blocks) == 0 {
		return "the callee is not a blocking function of the tree"
	}
	tp := p.collect(callee.Module, callee.Fn)
	p.settle()
	if tp.reason != "" {
		return tp.reason
	}
	local, exts, reason := p.callSite(m, c, tp)
	if reason != "" {
		return reason
	}
	pf := p.file(m)
	pf.spans = append(pf.spans, local...)
	pf.sites = append(pf.sites, siteFix{spans: local, twin: tp})
	for _, e := range exts {
		p.addExt(e)
	}
	p.markNeeded(tp)
	return ""
}

func (p *pyPlanner) markNeeded(tp *twinPlan) {
	if tp.needed {
		return
	}
	tp.needed = true
	for _, c := range tp.children {
		p.markNeeded(c)
	}
}

func (p *pyPlanner) addExt(e importExt) {
	pf := p.file(e.m)
	if pf.extended[e.key] {
		return
	}
	pf.extended[e.key] = true
	pf.spans = append(pf.spans, span{Start: e.at, End: e.at, Text: e.text})
}

// settle fails, to a fixed point, every twin that needs a twin that cannot
// be made.
func (p *pyPlanner) settle() {
	for changed := true; changed; {
		changed = false
		for _, tp := range p.order {
			if tp.reason != "" || tp.existing != nil {
				continue
			}
			for _, c := range tp.children {
				if c.reason != "" {
					tp.reason = fmt.Sprintf("%s calls %s, which cannot get an async twin: %s", tp.f.Qual, c.f.Qual, c.reason)
					changed = true
					break
				}
			}
		}
	}
}

// collect plans the twin of f and, transitively, of the blocking functions
// it calls.
func (p *pyPlanner) collect(m *pyparse.Module, f *pyparse.Function) *twinPlan {
	if tp := p.twins[f]; tp != nil {
		return tp
	}
	tp := &twinPlan{m: m, f: f}
	p.twins[f] = tp
	p.order = append(p.order, tp)
	if !p.restore(m) {
		tp.reason = m.Path + " changed since it was checked"
		return tp
	}
	gf := p.g.Func(m, f)
	if gf.Twin != nil {
		tp.existing, tp.name = gf.Twin, gf.Twin.Name
		return tp
	}
	if !p.editable(m) {
		tp.reason = fmt.Sprintf("%s is in %s, which is not among the paths given: fix rewrites only those (give it too)", f.Qual, m.Path)
		return tp
	}
	tp.name = f.Name + "_async"
	if p.opts.TwinName != nil {
		tp.name = p.opts.TwinName(f.Name)
	}
	if r := p.twinnable(m, f, tp.name); r != "" {
		tp.reason = r
		return tp
	}
	pf := p.file(m)
	// async def name_async
	tp.local = append(tp.local,
		span{Start: f.Def.Start, End: f.Def.Start, Text: "async "},
		span{Start: f.NamePos.Offset, End: f.NamePos.Offset + len(f.Name), Text: tp.name})
	// Every blocking call of the body is made async: a sleep awaited, a
	// call of another category moved to a thread, a blocking function of
	// the tree awaited in its twin.
	handled := map[*pyparse.Call]bool{}
	for _, c := range f.Calls {
		if c.Function != f || c.Context != pyparse.ContextFunction || c.Awaited {
			continue
		}
		if c.Kind == pyparse.Global && c.Target == "time.sleep" {
			es, _, add, reason := pyedit.Sleep(m, c, pyedit.AsyncLib(m, pf.lib))
			if reason != "" {
				tp.reason = reason
				return tp
			}
			tp.local = append(tp.local, es...)
			if add != "" {
				tp.libs = append(tp.libs, add)
			}
			handled[c] = true
			continue
		}
		if s, ok := p.g.Classify(m, c); ok && s.Category != finding.Sleep && s.Category != finding.Path {
			es, add, reason := p.threadEdits(m, c, s.Category)
			if reason != "" {
				tp.reason = fmt.Sprintf("%s calls %s", f.Qual, reason)
				return tp
			}
			tp.local = append(tp.local, es...)
			if add != "" {
				tp.libs = append(tp.libs, add)
			}
			handled[c] = true
			continue
		}
		callee := p.g.Resolve(m, c)
		if callee == nil || callee.Fn.Async || len(callee.Blocks) == 0 {
			continue
		}
		if callee.Module == m && callee.Fn != f && within(callee.Fn.Span, f.Span) {
			tp.reason = fmt.Sprintf("%s calls %s, a function nested in it that blocks", f.Qual, callee.Fn.Qual)
			return tp
		}
		child := p.collect(callee.Module, callee.Fn)
		if child.reason != "" {
			tp.reason = fmt.Sprintf("%s calls %s, which cannot get an async twin: %s", f.Qual, callee.Fn.Qual, child.reason)
			return tp
		}
		local, exts, reason := p.callSite(m, c, child)
		if reason != "" {
			tp.reason = fmt.Sprintf("call of %s in %s: %s", callee.Fn.Qual, f.Qual, reason)
			return tp
		}
		tp.local = append(tp.local, local...)
		tp.exts = append(tp.exts, exts...)
		tp.children = append(tp.children, child)
		handled[c] = true
	}
	for _, cat := range gf.Categories() {
		if via := gf.Blocks[cat].Via; via != nil && !handled[via] {
			tp.reason = fmt.Sprintf("%s blocks in %s, which has no async form", f.Qual, via.CalleeText)
			break
		}
	}
	return tp
}

// within reports whether every edit of the site lies inside s.
func (sf siteFix) within(s pyparse.Span) bool {
	for _, e := range sf.spans {
		if e.Start < s.Start || e.End > s.End {
			return false
		}
	}
	return len(sf.spans) > 0
}

func within(inner, outer pyparse.Span) bool {
	return inner.Start >= outer.Start && inner.End <= outer.End
}

// twinnable returns why f cannot get a generated twin named name, "" if it
// can.
func (p *pyPlanner) twinnable(m *pyparse.Module, f *pyparse.Function, name string) string {
	if m.SyntaxError != nil {
		return m.Path + " has a syntax error"
	}
	// The configuration checks that twin-name adds ASCII identifier
	// characters only; a name can still make a keyword (a{name} of wait).
	if pythonKeywords[name] {
		return fmt.Sprintf("the twin's name %q (twin-name) is a Python keyword", name)
	}
	for _, d := range f.Decorators {
		base, _, _ := strings.Cut(d, "(")
		if base == "property" || strings.HasSuffix(base, ".setter") || strings.HasSuffix(base, ".getter") {
			return fmt.Sprintf("%s is a property", f.Qual)
		}
		if !twinDecorators[base] {
			return fmt.Sprintf("%s is decorated with @%s, which may not suit an async def", f.Qual, base)
		}
	}
	if f.Name == "__init__" || f.Name == "__new__" {
		return fmt.Sprintf("%s is a constructor, which cannot be awaited", f.Qual)
	}
	if SpecialMethod(f.Name) {
		return fmt.Sprintf("%s is a special method, which Python calls without awaiting", f.Qual)
	}
	if headerNames(m, f) {
		// `def timeit(self, n=timeit.default)` in a class body: once the
		// def has run, the twin's header would see the def, not the module.
		return fmt.Sprintf("%s uses its own name in its signature or decorators", f.Qual)
	}
	if hasYield(f.Node) {
		return fmt.Sprintf("%s is a generator", f.Qual)
	}
	scope := m.Scope
	switch {
	case f.Class != nil:
		scope = f.Class.Scope
	case f.Parent != nil:
		scope = f.Parent.Scope
	}
	if len(scope.Bindings.Of(f.Name)) > 1 {
		// `if ...: def f()` / `else: def f()`: a twin beside one of them
		// would not exist when the other is the one defined.
		return fmt.Sprintf("%s is defined more than once in its scope", f.Qual)
	}
	taken := len(scope.Bindings.Of(name)) > 0
	if f.Class != nil && f.Class.Methods[name] != nil {
		taken = true
	}
	if taken {
		return fmt.Sprintf("%s already exists and is not an async def", name)
	}
	return ""
}

// headerNames reports whether f's decorators, parameters or return
// annotation name f.Name: evaluated again for a twin defined after f, they
// would see f instead of what they saw before.
func headerNames(m *pyparse.Module, f *pyparse.Function) bool {
	root := f.Node
	if p := root.Parent(); p != nil && p.Type() == "decorated_definition" {
		root = p
	}
	var walk func(x *sitter.Node) bool
	walk = func(x *sitter.Node) bool {
		if x.Type() == "block" {
			return false
		}
		if x.Type() == "identifier" && int(x.StartByte())+m.BOM != f.NamePos.Offset && m.Text(m.NodeSpan(x)) == f.Name {
			return true
		}
		for i := 0; i < int(x.NamedChildCount()); i++ {
			if walk(x.NamedChild(i)) {
				return true
			}
		}
		return false
	}
	return walk(root)
}

// hasYield reports whether the body of def n yields (not counting nested
// defs, lambdas and classes).
func hasYield(n *sitter.Node) bool {
	body := n.ChildByFieldName("body")
	if body == nil {
		return false
	}
	var walk func(x *sitter.Node) bool
	walk = func(x *sitter.Node) bool {
		switch x.Type() {
		case "yield":
			return true
		case "function_definition", "lambda", "class_definition":
			return false
		}
		for i := 0; i < int(x.NamedChildCount()); i++ {
			if walk(x.NamedChild(i)) {
				return true
			}
		}
		return false
	}
	return walk(body)
}

// callSite returns the edits (in m's offsets) making call c await the twin
// of tp, and the import extensions it needs.
func (p *pyPlanner) callSite(m *pyparse.Module, c *pyparse.Call, tp *twinPlan) ([]span, []importExt, string) {
	if c.CalleeText == "" {
		return nil, nil, "the callee is not a plain dotted name"
	}
	head, _, dotted := strings.Cut(c.CalleeText, ".")
	last := c.CalleeText[strings.LastIndexByte(c.CalleeText, '.')+1:]
	ls := c.Callee.End - len(last)
	if ls < c.Callee.Start || string(m.Source()[ls:c.Callee.End]) != last {
		return nil, nil, "the callee is not written as a plain dotted name"
	}
	if tp.f.Class == nil && c.Kind == pyparse.Global && p.g.Namespace(m, c.Target) != tp.m {
		// `from pkg import f` where pkg re-exports f from pkg.impl: the
		// twin is defined beside f, and pkg does not export it.
		where := tp.m.Name
		if where == "" {
			where = filepath.Base(tp.m.Path)
		}
		return nil, nil, fmt.Sprintf("%s is imported through a re-export; import its twin %s from %s", c.CalleeText, tp.name, where)
	}
	newName := tp.name
	var exts []importExt
	if !dotted {
		bd, ok := m.Lookup(head, c.Scope, c.Callee.Start)
		if !ok {
			return nil, nil, "the callee's name is not bound in the module"
		}
		switch bd.Kind {
		case pyparse.BindFunction:
			if tb, ok := m.Lookup(newName, c.Scope, c.Callee.Start); ok && (tb.Kind != pyparse.BindFunction || tb.Function != tp.existing) {
				return nil, nil, fmt.Sprintf("the name %s is bound to something else here", newName)
			}
		case pyparse.BindImport:
			im := bd.Import
			if im.Name == "" || im.Name == "*" {
				return nil, nil, "the callee is imported in a way the rewriter does not extend"
			}
			if im.Alias != "" {
				newName = twinNameLike(tp, im.Alias)
			}
			want := strings.TrimSuffix(im.Target, im.Name) + tp.name
			if tb, ok := m.Lookup(newName, c.Scope, c.Callee.Start); ok {
				if tb.Kind != pyparse.BindImport || tb.Import.Target != want {
					return nil, nil, fmt.Sprintf("the name %s is bound to something else here", newName)
				}
			} else {
				text := ", " + tp.name
				if newName != tp.name {
					text += " as " + newName
				}
				exts = append(exts, importExt{m: m, key: fmt.Sprintf("%d:%s", im.Item.Start, newName), at: im.Item.End, text: text})
			}
		default:
			return nil, nil, "the callee is not a function or an imported name"
		}
	}
	es, reason := pyedit.Await(m, c, "")
	if reason != "" {
		return nil, nil, reason
	}
	out := make([]span, 0, len(es)+1)
	for _, e := range es {
		if e.Start == c.Span.End {
			out = append(out, span{Start: ls, End: c.Callee.End, Text: newName})
		}
		out = append(out, e)
	}
	if len(out) == len(es) {
		out = append(out, span{Start: ls, End: c.Callee.End, Text: newName})
	}
	return out, exts, ""
}

// twinNameLike names an alias's twin the way tp's twin is named from f.
func twinNameLike(tp *twinPlan, alias string) string {
	if prefix, suffix, ok := strings.Cut(tp.name, tp.f.Name); ok {
		return prefix + alias + suffix
	}
	return alias + "_async"
}

// emitTwins inserts the needed new twins after their functions, the
// imports they need, and the deprecation warnings.
func (p *pyPlanner) emitTwins() error {
	for _, tp := range p.order {
		if !tp.needed || tp.reason != "" {
			continue
		}
		pf := p.file(tp.m)
		if p.opts.Deprecate && p.editable(tp.m) {
			// (An existing twin's function in a file not given keeps
			// its body: its callers are pointed at the twin all the same.)
			p.deprecate(pf, tp)
		}
		if tp.existing != nil {
			continue
		}
		f, m := tp.f, tp.m
		local := make([]span, 0, len(tp.local))
		for _, s := range tp.local {
			local = append(local, span{Start: s.Start - f.Span.Start, End: s.End - f.Span.Start, Text: s.Text})
		}
		// The fixed call sites of async defs nested in f, so the twin is
		// as fixed as the original; not one awaiting a new twin nested in
		// f, which the copy would not define.
		for _, sf := range pf.sites {
			if !sf.within(f.Span) {
				continue
			}
			if t := sf.twin; t != nil && t.existing == nil && t.m == m && t.f != f && within(t.f.Span, f.Span) {
				continue
			}
			for _, s := range sf.spans {
				local = append(local, span{Start: s.Start - f.Span.Start, End: s.End - f.Span.Start, Text: s.Text})
			}
		}
		text, err := applySpans(m.Source()[f.Span.Start:f.Span.End], local)
		if err != nil {
			return fmt.Errorf("twin of %s in %s: %w", f.Qual, m.Path, err)
		}
		nl := m.Newline()
		at := m.LineEnd(f.Span.End)
		var b strings.Builder
		if !pyedit.EndsWithNewline(m.Source()[:at]) {
			b.WriteString(nl)
		}
		b.WriteString(nl)
		if f.Class == nil && f.Parent == nil {
			b.WriteString(nl)
		}
		b.WriteString(f.Indent)
		b.Write(text)
		b.WriteString(nl)
		pf.spans = append(pf.spans, span{Start: at, End: at, Text: b.String()})
		for _, l := range tp.libs {
			pf.added[l] = true
		}
		for _, e := range tp.exts {
			p.addExt(e)
		}
	}
	return nil
}

// deprecate makes f warn that it is deprecated in favour of its twin, at
// the top of its body after the docstring, unless it warns already.
func (p *pyPlanner) deprecate(pf *pyFile, tp *twinPlan) {
	f, m := tp.f, tp.m
	for _, c := range f.Calls {
		if c.Target == "warnings.warn" && c.Function == f {
			return
		}
	}
	ref, add, reason := pyedit.ModuleRef(m, "warnings", f.Scope, f.Body.Start)
	if reason != "" {
		return
	}
	twinQual := tp.name
	if f.Class != nil {
		twinQual = f.Class.Qual + "." + tp.name
	}
	call := fmt.Sprintf("%s.warn(%q, DeprecationWarning, stacklevel=2)", ref, f.Qual+" is deprecated; use "+twinQual)
	nl := m.Newline()
	var s span
	switch {
	case f.BodyIndent == "":
		// A body on the def line: `def f(): ...`.
		s = span{Start: f.Body.Start, End: f.Body.Start, Text: call + "; "}
	case !f.Docstring.Empty():
		at := m.LineEnd(f.Docstring.End)
		pre := ""
		if !pyedit.EndsWithNewline(m.Source()[:at]) {
			pre = nl
		}
		s = span{Start: at, End: at, Text: pre + f.BodyIndent + call + nl}
	default:
		at := m.LineStart(f.Body.Start)
		s = span{Start: at, End: at, Text: f.BodyIndent + call + nl}
	}
	pf.spans = append(pf.spans, s)
	if add != "" {
		pf.added[add] = true
	}
}

// applySpans applies edits given in offsets of src.
func applySpans(src []byte, spans []span) ([]byte, error) {
	ss := slices.Clone(spans)
	slices.SortStableFunc(ss, func(a, b span) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return a.End - b.End
	})
	var out []byte
	last := 0
	for _, s := range ss {
		if s.Start < last || s.End > len(src) || s.Start < 0 {
			return nil, fmt.Errorf("edit [%d,%d) overlaps or lies outside the function", s.Start, s.End)
		}
		out = append(out, src[last:s.Start]...)
		out = append(out, s.Text...)
		last = s.End
	}
	return append(out, src[last:]...), nil
}

// editable reports whether the plan may rewrite m (PyOptions.Editable).
func (p *pyPlanner) editable(m *pyparse.Module) bool {
	return p.opts.Editable == nil || p.opts.Editable(m.Path)
}

// pythonKeywords are Python 3's hard keywords, which no def may be named.
var pythonKeywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true, "async": true,
	"await": true, "break": true, "class": true, "continue": true, "def": true, "del": true,
	"elif": true, "else": true, "except": true, "finally": true, "for": true, "from": true,
	"global": true, "if": true, "import": true, "in": true, "is": true, "lambda": true,
	"nonlocal": true, "not": true, "or": true, "pass": true, "raise": true, "return": true,
	"try": true, "while": true, "with": true, "yield": true,
}
