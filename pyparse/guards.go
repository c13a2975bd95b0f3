package pyparse

import (
	"slices"
	"strings"
)

// Literal is what the call graph knows of a value written in the source:
// None, another falsy literal (False, 0, "", ()), a literal that is always
// true (True, a nonzero number, a non-empty string, a lambda), another
// value that is never None (a list, dict or set display, an f-string), or
// anything else.
type Literal uint8

const (
	// LitOther is any other value (a name, a call, an expression).
	LitOther Literal = iota
	// LitNone is None.
	LitNone
	// LitFalsy is a falsy literal other than None.
	LitFalsy
	// LitTrue is a literal that is always true.
	LitTrue
	// LitValue is a value that is never None but may be true or false
	// ([] and {} are: a body may fill them).
	LitValue
)

// NotNone reports whether a value v is certainly not None.
func (v Literal) NotNone() bool { return v == LitFalsy || v == LitTrue || v == LitValue }

// Guard is a branch of a function's body that runs only when one of the
// function's parameters is true, or not None: the body of `if debug:`,
// `if timeout is not None and timeout > 0:`, `if blocking:` after
// `blocking = interval is not None and interval > 0.0`, or of a loop `for
// i in range(retries):`; or, negated, only when it is false or None: the
// body of `if not path:` or `if config is None:`, the else branch of `if
// text:`, or an elif after `if err is not None:`. The parameter is bound
// nowhere else in the function than in the branch itself (`if config is
// None: config = load()`), and such a local nowhere else at all.
// The call graph leaves out, for a call that passes a value the branch
// cannot run with or leaves the parameter at such a default, the calls the
// branch holds.
type Guard struct {
	// Span is the branch's body.
	Span Span
	// Param is the parameter's name; Index its position among the
	// parameters (self counted), -1 when it can only be passed by keyword.
	Param string
	Index int
	// Default is what the parameter's default value is as a Literal
	// (LitOther when it has none).
	Default Literal
	// PosOnly: the parameter comes before `/`, so no keyword gives it.
	PosOnly bool
	// NotNone: the test is whether the parameter is None (otherwise:
	// whether it is true).
	NotNone bool
	// Negated: the branch runs when the test fails (the parameter is None,
	// or false), otherwise when it holds.
	Negated bool
}

// Off reports whether the branch cannot run when the parameter's value is
// v.
func (g Guard) Off(v Literal) bool {
	switch {
	case g.Negated && g.NotNone:
		return v.NotNone()
	case g.Negated:
		return v == LitTrue
	case g.NotNone:
		return v == LitNone
	}
	return v == LitNone || v == LitFalsy
}

// Passed is what a call passes, as far as the call graph needs it to tell
// the parameters of the callee it leaves at their defaults or passes a
// false literal to (see Module.Arguments).
type Passed struct {
	// Positional are the positional arguments in order; PositionalNames
	// the name each one is when it is a plain name ("" otherwise).
	Positional      []Literal
	PositionalNames []string
	// Keywords are the keyword arguments.
	Keywords []Keyword
	// Unpacked: the call has *args or **kwargs, so any parameter may be
	// given.
	Unpacked bool
	// Star and StarStar are the names unpacked by `*name` (after every
	// positional argument) and `**name`, when those are the call's only
	// unpackings: a call forwarding a function's own *args and **kwargs.
	Star, StarStar string
}

// Keyword is a keyword argument: Name=Value, From the name Value is when
// it is a plain name ("" otherwise).
type Keyword struct {
	Name  string
	Value Literal
	From  string
}

// pendingGuard is a guard found in the body of fn, checked and completed
// when fn's body is done (see finishGuards).
type pendingGuard struct {
	fn      *Function
	span    Span
	param   string
	alias   string // the local the condition tests, "" for the parameter
	notNone bool
	negated bool
}

// condAlias is a local of fn bound to a condition on its parameters
// (`blocking = interval is not None and interval > 0.0`).
type condAlias struct {
	fn     *Function
	name   string
	guards []condGuard
}

// condGuard is one conjunct of a condition that tests a name: whether it
// is true or not None (notNone), or, negated, false or None.
type condGuard struct {
	name    string
	notNone bool
	negated bool
}

// ifGuards records the guards of an if statement's branches in a
// function: the body of the `if` and of each `elif` runs only when its own
// condition holds, and each later branch (an elif, the else) only when the
// earlier conditions failed, which says something of a parameter when one
// of them is a single test of it (`if text:`, `if err is not None:`).
func (b *builder) ifGuards(n nd) {
	if len(b.fn.Params) == 0 {
		return
	}
	var failed []condGuard
	cond := none
	for _, c := range b.named(n) {
		switch {
		case cond == none && b.kindOf(c) != kBlock && b.typ(c) != "elif_clause" && b.typ(c) != "else_clause":
			cond = c
		case b.kindOf(c) == kBlock:
			if cond != none {
				failed = b.branchGuards(cond, b.span(c), failed)
			}
			cond = none
		case b.typ(c) == "elif_clause":
			if ns := b.named(c); len(ns) == 2 && b.kindOf(ns[1]) == kBlock {
				failed = b.branchGuards(ns[0], b.span(ns[1]), failed)
			}
		case b.typ(c) == "else_clause":
			if ns := b.named(c); len(ns) == 1 && b.kindOf(ns[0]) == kBlock {
				b.recordGuards(failed, b.span(ns[0]))
			}
		}
	}
}

// rangeGuard records the guard of a loop `for i in range(n):` on its
// body: with n a parameter, the body runs only when n is true (a positive
// number; range(0) is empty, range(None) raises).
func (b *builder) rangeGuard(n nd) {
	if len(b.fn.Params) == 0 {
		return
	}
	ns := b.named(n)
	if len(ns) < 3 || b.kindOf(ns[1]) != kCall || b.kindOf(ns[2]) != kBlock {
		return
	}
	t := b.text(ns[1])
	name, ok := strings.CutPrefix(t, "range(")
	if !ok {
		return
	}
	name, ok = strings.CutSuffix(name, ")")
	if name = strings.TrimSpace(name); !ok || !b.isParam(name) {
		return
	}
	b.pending = append(b.pending, pendingGuard{fn: b.fn, span: b.span(ns[2]), param: name})
}

// readCond reads condition n (see condReader.read) when it may test a
// parameter of the function being built (mayTest); ok false otherwise.
func (b *builder) readCond(n nd) ([]condGuard, bool) {
	text := b.text(n)
	if !b.mayTest(text) {
		return nil, false
	}
	return b.conds.read(text)
}

// branchGuards records the guards that condition cond, and the earlier
// conditions of its if statement that failed (failed), put on body. It
// returns failed with what cond's failing says when it is a single test.
func (b *builder) branchGuards(cond nd, body Span, failed []condGuard) []condGuard {
	gs, ok := b.readCond(cond)
	if !ok {
		b.recordGuards(failed, body)
		return failed
	}
	whole := b.conds.whole
	var negation condGuard
	if whole {
		negation = gs[0]
		negation.negated = !negation.negated
	}
	b.recordGuards(gs, body)
	b.recordGuards(failed, body)
	if whole {
		failed = append(failed[:len(failed):len(failed)], negation)
	}
	return failed
}

// recordGuards records, as pending guards of body, the tests gs of the
// function's parameters and of the locals bound to a condition on them
// (whose tests hold when the local is true).
func (b *builder) recordGuards(gs []condGuard, body Span) {
	for _, g := range gs {
		if b.isParam(g.name) {
			b.pending = append(b.pending, pendingGuard{fn: b.fn, span: body, param: g.name, notNone: g.notNone, negated: g.negated})
			continue
		}
		if g.notNone || g.negated {
			continue
		}
		if a := b.alias(func(a *condAlias) bool { return a.name == g.name }); a != nil {
			for _, ag := range a.guards {
				b.pending = append(b.pending, pendingGuard{fn: b.fn, span: body, param: ag.name, alias: a.name, notNone: ag.notNone, negated: ag.negated})
			}
		}
	}
}

// alias returns the last local of the function being built, bound to a
// condition on its parameters, that match accepts; nil if none. The
// function's own are the last of b.aliases: those of the defs nested in it
// go once they are built.
func (b *builder) alias(match func(*condAlias) bool) *condAlias {
	for i := len(b.aliases) - 1; i >= 0 && b.aliases[i].fn == b.fn; i-- {
		if match(&b.aliases[i]) {
			return &b.aliases[i]
		}
	}
	return nil
}

// aliasGuards records local name, bound to value in a function, when value
// is a condition on the function's parameters.
func (b *builder) aliasGuards(name string, value nd) {
	switch b.typ(value) {
	case "boolean_operator", "comparison_operator":
	default:
		return
	}
	gs, ok := b.readCond(value)
	if !ok {
		return
	}
	var mine []condGuard
	for _, g := range gs {
		if b.isParam(g.name) {
			mine = append(mine, g)
		}
	}
	if len(mine) > 0 {
		b.aliases = append(b.aliases, condAlias{fn: b.fn, name: name, guards: mine})
	}
}

// mayTest reports whether condition text may test a parameter of the
// function being built (other than a method's self) or a local bound to a
// condition on them: whether it holds one of their names.
func (b *builder) mayTest(text string) bool {
	for i, p := range b.fn.Params {
		if i == 0 && b.fn.Class != nil && !b.fn.HasDecorator("staticmethod") {
			continue
		}
		if strings.Contains(text, p) {
			return true
		}
	}
	return b.alias(func(a *condAlias) bool { return strings.Contains(text, a.name) }) != nil
}

// isParam reports whether name is a parameter of the function being
// built.
func (b *builder) isParam(name string) bool {
	for _, p := range b.fn.Params {
		if p == name {
			return true
		}
	}
	return false
}

// finishGuards completes what f's body says of its parameters once the
// body is built (f is the last of the module's functions before those
// nested in it, first nested at index nested; the classes nested in it
// from index classes): which ones it never rebinds (Fixed), and the guards
// found in it (from index start of the pending list), which hold when
// their parameter, and the local they go through, are bound nowhere else
// in f (nor declared global or nonlocal there, or nonlocal in a def or
// class nested in it). A body with a match
// statement, whose captures the model does not bind, says nothing.
func (b *builder) finishGuards(f *Function, start, nested, classes int) {
	pend := b.pending[start:]
	b.pending = b.pending[:start]
	for i := len(b.aliases) - 1; i >= 0 && b.aliases[i].fn == f; i-- {
		b.aliases = b.aliases[:i]
	}
	if b.matched[f] {
		return
	}
	var inner map[string]bool
	addNonlocals := func(sc *Scope) {
		if sc == nil {
			return
		}
		for name := range sc.Nonlocals {
			if inner == nil {
				inner = map[string]bool{}
			}
			inner[name] = true
		}
	}
	for _, g := range b.m.Functions[nested:] {
		addNonlocals(g.Scope)
	}
	// A class body may declare nonlocal too.
	for _, c := range b.m.Classes[classes:] {
		addNonlocals(c.Scope)
	}
	once := func(name string) bool {
		s := f.Scope
		return len(s.Bindings.Of(name)) == 1 && !s.Globals[name] && !s.Nonlocals[name] && !inner[name]
	}
	// onlyIn: name, a parameter, is bound nowhere else than in span.
	onlyIn := func(name string, span Span) bool {
		s := f.Scope
		if s.Globals[name] || s.Nonlocals[name] || inner[name] {
			return false
		}
		for _, bd := range s.Bindings.Of(name) {
			if bd.Kind != BindParam && (bd.Offset < span.Start || bd.Offset >= span.End) {
				return false
			}
		}
		return true
	}
	for i, p := range f.Params {
		if i < 32 && once(p) {
			f.Fixed |= 1 << i
		}
	}
	if len(pend) == 0 {
		return
	}
	sig, ok := b.m.Signature(f)
	if !ok {
		return
	}
	for _, p := range pend {
		idx := slices.Index(sig.Names, p.param)
		if idx < 0 || !onlyIn(p.param, p.span) || p.alias != "" && !once(p.alias) {
			continue
		}
		gd := Guard{Span: p.span, Param: p.param, Index: idx, Default: sig.Defaults[idx], NotNone: p.notNone, Negated: p.negated, PosOnly: idx < sig.PosOnly}
		if idx >= sig.KwOnly {
			gd.Index = -1
		}
		if !slices.Contains(f.Guards, gd) {
			f.Guards = append(f.Guards, gd)
		}
	}
	// An if statement's elif branches are found before the ifs nested in
	// its first branch.
	slices.SortStableFunc(f.Guards, func(x, y Guard) int { return x.Span.Start - y.Span.Start })
}

// condReader reads conditions (see read), reusing its memory from one
// condition to the next.
type condReader struct {
	toks   []string
	out    []condGuard
	pieces int // the conjuncts read, tests or not
	// whole: the last condition read is a single test of a name (`x`,
	// `not x`, `x is None`), so its failing says the opposite of it.
	whole bool
}

// read returns the conjuncts of condition text that test a name: `x`
// (true), `x is not None` or `x != None` (not None), `not x` (false), and
// `x is None` or `x == None` (None). ok is false when
// the condition is not a conjunction (a top-level `or`, a conditional
// expression) or holds what a lexical reading cannot follow (strings,
// comments, line continuations): then it guards nothing. What it returns
// is good until the next read.
func (r *condReader) read(text string) ([]condGuard, bool) {
	toks, ok := condTokens(text, r.toks[:0])
	r.toks = toks
	if !ok {
		return nil, false
	}
	r.out, r.pieces = r.out[:0], 0
	ok = r.conj(toks)
	r.whole = ok && r.pieces == 1 && len(r.out) == 1
	return r.out, ok
}

func (r *condReader) conj(toks []string) bool {
	for len(toks) >= 2 && toks[0] == "(" && closes(toks) {
		toks = toks[1 : len(toks)-1]
	}
	depth := 0
	for _, t := range toks {
		switch t {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case "or", "if", "lambda":
			if depth == 0 {
				return false
			}
		}
	}
	for start, i := 0, 0; i <= len(toks); i++ {
		if i < len(toks) && (toks[i] != "and" || depthAt(toks, i) != 0) {
			continue
		}
		p := toks[start:i]
		start = i + 1
		if len(p) > 2 && p[0] == "(" && closes(p) {
			if !r.conj(p) {
				return false
			}
			continue
		}
		r.pieces++
		switch {
		case len(p) == 1 && isName(p[0]):
			r.out = append(r.out, condGuard{name: p[0]})
		case len(p) == 2 && p[0] == "not" && isName(p[1]):
			r.out = append(r.out, condGuard{name: p[1], negated: true})
		case len(p) == 4 && isName(p[0]) && p[1] == "is" && p[2] == "not" && p[3] == "None",
			len(p) == 3 && isName(p[0]) && p[1] == "!=" && p[2] == "None":
			r.out = append(r.out, condGuard{name: p[0], notNone: true})
		case len(p) == 3 && isName(p[0]) && (p[1] == "is" || p[1] == "==") && p[2] == "None":
			r.out = append(r.out, condGuard{name: p[0], notNone: true, negated: true})
		}
	}
	return true
}

// depthAt returns the bracket depth of toks[i].
func depthAt(toks []string, i int) int {
	depth := 0
	for _, t := range toks[:i] {
		switch t {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		}
	}
	return depth
}

// closes reports whether toks[0], an opening parenthesis, is closed by the
// last token.
func closes(toks []string) bool {
	depth := 0
	for i, t := range toks {
		switch t {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
			if depth == 0 {
				return i == len(toks)-1
			}
		}
	}
	return false
}

var condKeywords = map[string]bool{
	"and": true, "or": true, "not": true, "is": true, "in": true, "if": true, "else": true,
	"lambda": true, "None": true, "True": true, "False": true, "await": true,
}

func isName(t string) bool {
	c := t[0]
	return (c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80) && !condKeywords[t]
}

// condTokens splits a condition into names, keywords, numbers and
// operators, appended to toks; ok false for text it does not read (see
// condReader.read).
func condTokens(s string, toks []string) ([]string, bool) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '\'' || c == '"' || c == '#' || c == '\\':
			return toks, false
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 || c >= '0' && c <= '9':
			j := i + 1
			for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= 0x80 || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		case c == '!' || c == '=' || c == '<' || c == '>':
			j := i + 1
			if j < len(s) && s[j] == '=' {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		default:
			toks = append(toks, s[i:i+1])
			i++
		}
	}
	return toks, len(toks) > 0
}

// isZero reports whether a number literal is zero in any spelling (0,
// 0.0, .0, 0_0, 0x0, 0o0, 0b0, 0e5, 0j).
func isZero(t string) bool {
	t = strings.ToLower(strings.ReplaceAll(t, "_", ""))
	t = strings.TrimSuffix(t, "j")
	if len(t) > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'o' || t[1] == 'b') {
		t = t[2:]
	} else if i := strings.IndexByte(t, 'e'); i >= 0 {
		t = t[:i]
	}
	return t != "" && strings.Trim(t, "0.") == "" && strings.Count(t, ".") <= 1 && t != "."
}
