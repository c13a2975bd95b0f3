// Package pyrules holds what asynclint's Python rules share: the shape of a
// direct rule (one that reports a blocking call made in async code, as
// ruff's flake8_async rules do) and the Checker that runs the enabled ones
// over a module and tells the call graph which calls block, so that "is
// this call blocking, and which rule says so" is decided in one place.
//
// Each rule family lives in its own folder below (sleep, http, subprocess,
// file, input, path, reached), with its code, documentation, ruff's fixture
// and its test.
package pyrules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pygraph"
	"github.com/asynclint/asynclint/pyparse"
)

// Direct is a rule that reports a blocking call whose innermost enclosing
// function is an `async def`, at the callee expression (ruff's range).
type Direct struct {
	// Code is the rule's code ("ASYNC210").
	Code string
	// Category is what the calls it knows block on.
	Category finding.Category
	// Keys are byte strings one of which the source of a matching call, or
	// of the imports it resolves through, holds ("requests", "urlopen"):
	// where a file holds no async def, the prefilter parses it only if it
	// holds a key.
	Keys []string
	// Match reports whether c is a call the rule knows, whatever its
	// context (the checker asks about async context; the call graph about
	// sync helpers).
	Match func(m *pyparse.Module, c *pyparse.Call) bool
	// Message is the finding's message for call c.
	Message func(m *pyparse.Module, c *pyparse.Call) string
	// Fix, when set, is the fix of a finding of call c (ruff's set_fix),
	// or why there is none. m is modelled whole with its syntax tree:
	// the checker asks it in Record, while the tree is there, or parses a
	// module without one again. It withholds a fix whose result would not
	// parse.
	Fix func(m *pyparse.Module, c *pyparse.Call, fc FixContext) (*finding.Fix, string)
}

// Extra is a configured blocking function (`extra-blocking`): a qualified
// name and the category it blocks in.
type Extra struct {
	Name     string
	Category finding.Category
}

// Checker runs the enabled direct rules and classifies blocking calls.
type Checker struct {
	direct []Direct
	extra  map[string]finding.Category
	// extraCode gives the code reporting a configured blocking function
	// called directly in async code, by category (AL100 for sleep).
	extraCode map[finding.Category]string
	// settings names the direct rules, in the order they are asked: what
	// a module's recorded verdicts (pyparse.Module.Matched) depend on.
	settings string
	// byCode gives the direct rule of each code.
	byCode map[string]*Direct
}

// NewChecker returns a checker for the direct rules (in the order they are
// asked: the first that matches a call decides) and the configured extra
// blocking functions, reported with extraCode[their category].
func NewChecker(direct []Direct, extra []Extra, extraCode map[finding.Category]string) *Checker {
	ch := &Checker{direct: direct, extra: map[string]finding.Category{}, extraCode: extraCode, byCode: map[string]*Direct{}}
	codes := make([]string, len(direct))
	for i := range direct {
		codes[i] = direct[i].Code
		if _, dup := ch.byCode[direct[i].Code]; !dup {
			ch.byCode[direct[i].Code] = &ch.direct[i]
		}
	}
	ch.settings = "direct:" + strings.Join(codes, ",")
	for _, e := range extra {
		if _, dup := ch.extra[e.Name]; !dup {
			ch.extra[e.Name] = e.Category
		}
	}
	return ch
}

// Classify reports whether call c of module m blocks, with the rule that
// reports it when it is made directly in async code and its category. A
// known rule wins over a configured name. Awaited calls of configured names
// are not blocking (the name was awaitable after all).
func (ch *Checker) Classify(m *pyparse.Module, c *pyparse.Call) (pygraph.Sink, bool) {
	if r, _ := ch.rule(m, c); r != nil {
		return pygraph.Sink{Code: r.Code, Category: r.Category}, true
	}
	if cat, ok := ch.extraOf(c); ok {
		return pygraph.Sink{Code: ch.extraCode[cat], Category: cat}, true
	}
	return pygraph.Sink{}, false
}

// Settings names what the verdicts Record stores depend on (the direct
// rules, in the order they are asked): a cache of module summaries must
// have it in its key.
func (ch *Checker) Settings() string { return ch.settings }

// Record matches every call of m against the rules while m still has its
// syntax tree and stores each verdict in the model (pyparse.Call.Match,
// pyparse.Module.Matched), with the fix of each call in async context
// whose rule has one, made for the async library lib (see
// pyparse.RecordedFix), so that questions about m's calls after the tree
// is freed (pyparse.Module.DropTree), or of m's summary read from the
// content-hash cache, need no second parse of the file. p parses the
// fixed source to check it (nil: a parser of its own).
func (ch *Checker) Record(m *pyparse.Module, p *pyparse.Parser, lib string) {
	var fx *fixer
	for _, c := range m.Calls {
		c.Match = nil
		r := ch.match(m, c)
		if r == nil {
			continue
		}
		c.Match = &pyparse.Match{Code: r.Code, Message: r.Message(m, c)}
		if r.Fix == nil || !c.InAsyncContext() {
			continue
		}
		rf := &pyparse.RecordedFix{Library: lib}
		if fx == nil {
			fx = &fixer{m: m, p: p, shared: p != nil}
			defer fx.close()
		}
		fx.fc = FixContext{Library: lib, ImportedBy: func(qual string) bool {
			rf.NotImported = append(rf.NotImported, qual)
			return false
		}}
		rf.Fix, rf.NoFix = fx.fix(r, c)
		c.Match.Fix = rf
	}
	m.Matched = ch.settings
}

// recorded returns the fix Record made of call c when it holds in fc (the
// same library, none of the names it assumed not imported imported).
func recorded(c *pyparse.Call, fc FixContext) (*pyparse.RecordedFix, bool) {
	if c.Match == nil || c.Match.Fix == nil || c.Match.Fix.Library != fc.Library {
		return nil, false
	}
	rf := c.Match.Fix
	if fc.ImportedBy != nil {
		for _, q := range rf.NotImported {
			if fc.ImportedBy(q) {
				return nil, false
			}
		}
	}
	return rf, true
}

// fixAt returns fx with its edits in the file at path: a fix recorded in a
// cache entry names the file it was recorded for, which may be another
// file of the same bytes and module name (a copy of the tree, a vendored
// copy beside the original).
func fixAt(fx *finding.Fix, path string) *finding.Fix {
	if fx == nil || !slices.ContainsFunc(fx.Edits, func(e finding.Edit) bool { return e.Path != path }) {
		return fx
	}
	out := &finding.Fix{Message: fx.Message, Edits: slices.Clone(fx.Edits)}
	for i := range out.Edits {
		out.Edits[i].Path = path
	}
	return out
}

// rule returns the direct rule matching c, and its message for c.
func (ch *Checker) rule(m *pyparse.Module, c *pyparse.Call) (*Direct, string) {
	if m.Matched == ch.settings {
		if c.Match == nil {
			return nil, ""
		}
		return ch.byCode[c.Match.Code], c.Match.Message
	}
	if r := ch.match(m, c); r != nil {
		return r, r.Message(m, c)
	}
	return nil, ""
}

func (ch *Checker) match(m *pyparse.Module, c *pyparse.Call) *Direct {
	for i := range ch.direct {
		if ch.direct[i].Match(m, c) {
			return &ch.direct[i]
		}
	}
	return nil
}

func (ch *Checker) extraOf(c *pyparse.Call) (finding.Category, bool) {
	if c.Kind != pyparse.Global || c.Awaited || len(ch.extra) == 0 {
		return "", false
	}
	cat, ok := ch.extra[c.Target]
	return cat, ok
}

// Findings reports the blocking calls made directly in async code in m,
// each with its rule's fix (see Direct.Fix): the one Record made when it
// holds in fc, else made now (parsing m again when it has no tree).
func (ch *Checker) Findings(m *pyparse.Module, fc FixContext) []finding.Finding {
	var out []finding.Finding
	fx := fixer{m: m, fc: fc}
	defer fx.close()
	for _, c := range m.Calls {
		if !c.InAsyncContext() {
			continue
		}
		f := finding.Finding{Path: m.Path, Start: c.Pos}
		if r, msg := ch.rule(m, c); r != nil {
			f.Code, f.Message = r.Code, msg
			if r.Fix != nil {
				if rf, ok := recorded(c, fc); ok && m.Matched == ch.settings {
					f.Fix, f.NoFix = fixAt(rf.Fix, m.Path), rf.NoFix
				} else {
					f.Fix, f.NoFix = fx.fix(r, c)
				}
			}
		} else if cat, ok := ch.extraOf(c); ok {
			f.Code = ch.extraCode[cat]
			f.Message = fmt.Sprintf("`%s()` blocks the event loop: `%s` is configured as blocking", c.CalleeText, c.Target)
		} else {
			continue
		}
		if f.Code != "" {
			f.End = m.Position(c.Callee.End)
			out = append(out, f)
		}
	}
	return out
}

// Keys returns the prefilter keys of the checker's rules and configured
// names (the last component of each name).
func (ch *Checker) Keys() []string {
	var keys []string
	for _, r := range ch.direct {
		keys = append(keys, r.Keys...)
	}
	for n := range ch.extra {
		if i := strings.LastIndexByte(n, '.'); i >= 0 {
			n = n[i+1:]
		}
		if n != "" {
			keys = append(keys, n)
		}
	}
	return keys
}

// Builtin reports whether c calls the builtin name: its callee is the bare
// name and the name is bound nowhere the call can see (ruff's
// match_builtin_expr).
func Builtin(m *pyparse.Module, c *pyparse.Call, name string) bool {
	if c.CalleeText != name {
		return false
	}
	_, bound := m.Lookup(name, c.Scope, c.Callee.Start)
	return !bound
}

// Constant returns a Message function giving always msg.
func Constant(msg string) func(*pyparse.Module, *pyparse.Call) string {
	return func(*pyparse.Module, *pyparse.Call) string { return msg }
}

// Global returns a Match function for calls resolving to one of names.
func Global(names ...string) func(*pyparse.Module, *pyparse.Call) bool {
	set := map[string]bool{}
	for _, n := range names {
		set[n] = true
	}
	return func(_ *pyparse.Module, c *pyparse.Call) bool { return c.Kind == pyparse.Global && set[c.Target] }
}

// ParseExtra reads an `extra-blocking` entry: a qualified name, optionally
// followed by a colon and the category it blocks in ("mylib.fetch:http");
// without one the category is sleep.
func ParseExtra(s string) (Extra, error) {
	name, cat, hasCat := strings.Cut(s, ":")
	if !strings.Contains(name, ".") || strings.ContainsAny(name, " ()") || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") {
		return Extra{}, fmt.Errorf("%q is not a qualified name such as mylib.wait_blocking", s)
	}
	e := Extra{Name: name, Category: finding.Sleep}
	if hasCat {
		c, ok := finding.ParseCategory(cat)
		if !ok {
			names := make([]string, len(finding.Categories))
			for i, c := range finding.Categories {
				names[i] = string(c)
			}
			return Extra{}, fmt.Errorf("%q: unknown category %q (want one of %s)", s, cat, strings.Join(names, ", "))
		}
		e.Category = c
	}
	return e, nil
}
