package pygraph

import (
	"sort"
	"strconv"
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/pyparse"
)

// UseKind says how a function of the tree is used.
type UseKind string

// Use kinds. An import is a mention, not a use: an import nothing uses
// goes with the function. A re-export (an import in a package's
// __init__.py) and __all__ make the function part of a public surface.
const (
	UseCall      UseKind = "call"
	UseValue     UseKind = "value"
	UseDecorator UseKind = "decorator"
	UseGetattr   UseKind = "getattr"
	UseAll       UseKind = "__all__"
	UseReexport  UseKind = "re-export"
	UseImport    UseKind = "import"
)

// Use is one mention of a function of the tree in a module of the tree.
type Use struct {
	Kind   UseKind
	Module *pyparse.Module
	// Pos is where the mention starts; Span covers it (the import item, the
	// string literal, the callee or value expression).
	Pos  finding.Position
	Span pyparse.Span
	// Caller is the innermost def holding the mention, nil at module level
	// or in a class body.
	Caller *pyparse.Function
	// Import is the import of a UseImport or UseReexport.
	Import *pyparse.Import
	// Unresolved marks a mention that may be a use: an attribute of an
	// object the model cannot follow (`obj.flush()` for a method flush), a
	// getattr with a literal, a name only a star import can bind.
	Unresolved bool
}

// IsUse reports whether the mention keeps the function alive: anything
// but a plain import in a module that is not a package's __init__.py.
func (u Use) IsUse() bool { return u.Kind != UseImport }

// Where names the use's place as "path:line caller" ("<module>" at module
// level).
func (u Use) Where() string {
	caller := "<module>"
	if u.Caller != nil {
		caller = u.Caller.Qual
	}
	return u.Module.Path + ":" + strconv.Itoa(u.Pos.Line) + " " + caller
}

// Uses returns, for each of the given functions, its mentions in the given
// modules (the tree's modules: callers should pass every module that may
// mention a function's name), in path and position order. A mention is
// attributed to a function when it resolves to it through the graph's
// cross-module resolution (imports, re-exports, self and instance methods);
// mentions the model cannot resolve are attributed, marked Unresolved, to
// every method of that name and, for getattr literals and names a star
// import may bind, to every function of that name: a function is kept when
// in doubt. mentions gives each module's mentions of the functions' names:
// pyparse's Module.Mentions, or Parser.MentionsOf for a module
// without its tree.
func (g *Graph) Uses(mods []*pyparse.Module, fns []*Func, mentions map[*pyparse.Module][]pyparse.Mention) map[*Func][]Use {
	out := map[*Func][]Use{}
	byName := map[string][]*Func{}
	for _, f := range fns {
		byName[f.Fn.Name] = append(byName[f.Fn.Name], f)
	}
	for _, m := range mods {
		if m == nil || m.SyntaxError != nil && len(m.Source()) == 0 {
			continue
		}
		star := false
		for _, im := range m.Imports {
			if im.Name == "*" {
				star = true
			}
		}
		for _, mt := range mentions[m] {
			cands := byName[mt.Name]
			target := g.resolveMention(m, mt)
			for _, f := range cands {
				u := Use{Module: m, Pos: m.Position(mt.Span.Start), Span: mt.Span, Caller: mt.Function, Import: mt.Import}
				switch mt.Kind {
				case pyparse.MentionCall:
					u.Kind = UseCall
				case pyparse.MentionDecorator:
					u.Kind = UseDecorator
				case pyparse.MentionGetattr:
					u.Kind, u.Unresolved = UseGetattr, true
				case pyparse.MentionAll:
					u.Kind = UseAll
				case pyparse.MentionImport:
					u.Kind = UseImport
					if m.IsPackage && mt.Import.Scope == m.Scope {
						u.Kind = UseReexport
					}
				default:
					u.Kind = UseValue
				}
				switch {
				case mt.Kind == pyparse.MentionGetattr:
				case target == f:
				case target != nil:
					continue
				case mt.Kind == pyparse.MentionAll || mt.Kind == pyparse.MentionImport:
					continue // resolved above when it names f
				case g.unnamed(f.Module):
					// Mentions of a module nothing finds by name cannot be
					// resolved to it: each one may be a use.
					u.Unresolved = true
				case f.Fn.Class != nil && strings.Contains(mt.Text, ".") || f.Fn.Class != nil && mt.Text == "":
					u.Unresolved = true
				case !strings.Contains(mt.Text, ".") && star && !mt.Bound:
					u.Unresolved = true
				default:
					continue
				}
				if u.Caller == f.Fn && !u.Unresolved {
					continue // recursion is no use
				}
				out[f] = append(out[f], u)
			}
		}
	}
	for f, us := range out {
		sort.SliceStable(us, func(i, j int) bool {
			if us[i].Module.Path != us[j].Module.Path {
				return us[i].Module.Path < us[j].Module.Path
			}
			return us[i].Span.Start < us[j].Span.Start
		})
		out[f] = us
	}
	return out
}

// resolveMention returns the function of the tree a mention names, nil when
// it names none or cannot be resolved.
func (g *Graph) resolveMention(m *pyparse.Module, mt pyparse.Mention) *Func {
	switch mt.Kind {
	case pyparse.MentionImport:
		if mt.Import.Target == "" {
			return nil
		}
		return g.symbolFunc(m, mt.Import.Target)
	case pyparse.MentionGetattr:
		return nil
	case pyparse.MentionAll:
		bd, ok := m.Lookup(mt.Name, m.Scope, len(m.Source()))
		if !ok {
			return nil
		}
		return g.bindingFunc(m, bd, "")
	}
	if mt.Text == "" || !mt.Bound {
		return nil
	}
	text := strings.ReplaceAll(mt.Text, " ", "")
	head, rest, _ := strings.Cut(text, ".")
	bd := mt.Head
	if bd.Kind == pyparse.BindParam {
		// self.m / cls.m in a method of a module-level class.
		f := bd.Function
		if f == nil || f.Class == nil || len(f.Params) == 0 || f.Params[0] != head || rest == "" || strings.Contains(rest, ".") || f.HasDecorator("staticmethod") {
			return nil
		}
		if mm, fn := g.method(m, f.Class, rest, 0); fn != nil {
			return g.fn(mm, fn)
		}
		return nil
	}
	return g.bindingFunc(m, bd, rest)
}

// bindingFunc resolves a binding, followed by the dotted rest, to a
// function of the tree.
func (g *Graph) bindingFunc(m *pyparse.Module, bd pyparse.Binding, rest string) *Func {
	switch bd.Kind {
	case pyparse.BindFunction:
		if rest == "" {
			return g.fn(m, bd.Function)
		}
	case pyparse.BindClass:
		if rest != "" && !strings.Contains(rest, ".") {
			if mm, fn := g.method(m, bd.Class, rest, 0); fn != nil {
				return g.fn(mm, fn)
			}
		}
	case pyparse.BindImport:
		t := bd.Import.Target
		if t == "" {
			return nil
		}
		if rest != "" {
			t += "." + rest
		}
		return g.symbolFunc(m, t)
	case pyparse.BindAssign:
		if bd.Ctor != nil && rest != "" && !strings.Contains(rest, ".") && bd.Ctor.Kind == pyparse.Global {
			if mod, _, cls := g.symbol(m, bd.Ctor.Target, 0); cls != nil {
				if mm, fn := g.method(mod, cls, rest, 0); fn != nil {
					return g.fn(mm, fn)
				}
			}
		}
	}
	return nil
}

// symbolFunc resolves a qualified name in from's code to a function of
// the tree.
func (g *Graph) symbolFunc(from *pyparse.Module, target string) *Func {
	m, fn, _ := g.symbol(from, target, 0)
	if fn == nil || m == nil {
		return nil
	}
	return g.fn(m, fn)
}

// Base returns, for a method of a class of the tree, why the class's
// hierarchy may call it without the tree naming it: a base class outside
// the tree ("C derives from X, outside the analysed tree, which may call
// it"), or a base of the tree defining the same name ("it overrides B.m");
// "" if neither.
func (g *Graph) Base(f *Func) string {
	if f.Fn.Class == nil {
		return ""
	}
	return g.baseReason(f.Module, f.Fn.Class, f.Fn.Name, 0)
}

func (g *Graph) baseReason(m *pyparse.Module, c *pyparse.Class, name string, depth int) string {
	if depth > 8 {
		return c.Qual + " has a deep class hierarchy"
	}
	for i, bt := range c.BaseTargets {
		base := c.Bases[i]
		if base == "object" || strings.Contains(base, "=") {
			continue
		}
		bm, _, bc := g.symbol(m, bt, 0)
		if bc == nil {
			return c.Qual + " derives from " + base + ", outside the analysed tree, which may call it"
		}
		if _, fn := g.method(bm, bc, name, 0); fn != nil {
			return "it overrides " + bc.Qual + "." + name
		}
		if r := g.baseReason(bm, bc, name, depth+1); r != "" {
			return r
		}
	}
	return ""
}
