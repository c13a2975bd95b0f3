// Package pyparse builds, from one tree-sitter parse, the semantic model of a
// Python module that asynclint's rules and rewriter ask questions of: its
// imports and aliases, every function and class, the scopes and bindings
// that decide what a name refers to, and every call with its callee resolved
// to a qualified name where static facts allow.
//
// Byte offsets in the model (Span, finding.Position.Offset) index the file
// as it was read, a UTF-8 byte order mark included, so edits can be applied
// to the original bytes.
package pyparse

import (
	sitter "github.com/smacker/go-tree-sitter"

	"github.com/asynclint/asynclint/internal/finding"
)

// Span is a half-open byte range [Start, End) of the original file.
type Span struct {
	Start, End int
}

// Empty reports whether the span covers nothing (the zero Span means absent).
func (s Span) Empty() bool { return s.End <= s.Start }

// Module is the semantic model of one Python file.
type Module struct {
	// Path is the file path as given to Parse.
	Path string
	// Name is the dotted module name ("pkg.sub.mod"), as given in Options;
	// it qualifies the module's own functions and classes.
	Name string
	// IsPackage reports that the file is a package's __init__.py, which
	// changes what a relative import is relative to.
	IsPackage bool
	// BOM is the length of the UTF-8 byte order mark at the start of the
	// source (0 or 3). The tree indexes Source()[BOM:].
	BOM int
	// Tree is the tree-sitter tree of Source()[BOM:]; node byte offsets
	// plus BOM are offsets into the source. Use Module.NodeSpan to convert.
	Tree *sitter.Tree
	// SyntaxError is the first ERROR or MISSING node, nil when the file
	// parsed cleanly. The rest of the tree is modelled as recovered.
	SyntaxError *SyntaxError

	// Scope is the module scope.
	Scope *Scope
	// Imports lists every import in source order, at any depth.
	Imports []*Import
	// Functions lists every def and async def in source order, nested ones
	// and methods included.
	Functions []*Function
	// Classes lists every class in source order, nested ones included.
	Classes []*Class
	// Calls lists every call in source order.
	Calls []*Call
	// Docstring is the module docstring statement, empty if none.
	Docstring Span
	// FutureImports are the `from __future__ import ...` statements.
	FutureImports []Span
	// Matched names the rule set whose verdicts the calls' Match fields
	// hold (the checker that recorded them while the syntax tree was
	// there); "" when none was recorded. The content-hash cache carries
	// both, so a module read from it answers "which rule matches this
	// call" without a tree.
	Matched string
	// ImportsEnd is the end offset (after the line break) of the last
	// top-level import statement among the module's leading statements,
	// or of the docstring / __future__ imports if there is no import; 0 if
	// none. The rewriter inserts new imports there.
	ImportsEnd int

	// Directives are the lines that may suppress a finding made on them
	// (see directiveLines), each from its start to its line break: a
	// finding on any other line is not suppressed, which its check can
	// tell without the source.
	Directives []Span

	// src is the source as read, a byte order mark included (see Source).
	src []byte
	// later reads src on its first use (see SourceLater)
	later *laterSource
	lines []int32 // byte offsets (into the source) of line starts
	// treeOfSrc: Tree was parsed from Source()[BOM:] as it is (no line break
	// normalised, no lines joined), so Parser.Parses can reuse it
	treeOfSrc bool
	// used are the chunks of what DropTree drops, for Parser.DropTree
	used *usedChunks
}

// SyntaxError describes the first error node of a parse.
type SyntaxError struct {
	Pos     finding.Position
	Message string
}

// ScopeKind is the kind of a scope.
type ScopeKind uint8

// Scope kinds.
const (
	ModuleScope ScopeKind = iota
	FunctionScope
	LambdaScope
	ClassScope
	ComprehensionScope
)

// String returns the kind's name.
func (k ScopeKind) String() string {
	return [...]string{"module", "function", "lambda", "class", "comprehension"}[k]
}

// Scope is a Python scope: the module, a function, a lambda, a class body or
// a comprehension.
type Scope struct {
	Kind   ScopeKind
	Parent *Scope
	// Function is set for FunctionScope, Class for ClassScope.
	Function *Function
	Class    *Class
	// Bindings are the names bound in the scope, each with its bindings
	// in source order.
	Bindings Bindings
	// Globals and Nonlocals are the names declared global / nonlocal.
	Globals, Nonlocals map[string]bool
	Span               Span
}

// Bindings are the names a scope binds, sorted by name, each with its
// bindings in source order. A scope binds a few names mostly: a sorted
// slice takes a tenth of the memory a map would.
type Bindings []NameBindings

// NameBindings are the bindings of one name of a scope, in source order.
type NameBindings struct {
	Name string
	List []Binding
}

// Of returns the bindings of name, in source order; nil when the scope
// does not bind it.
func (bs Bindings) Of(name string) []Binding {
	if i, ok := bs.find(name); ok {
		return bs[i].List
	}
	return nil
}

// find returns where name is in bs, or would be inserted, and whether it
// is there.
func (bs Bindings) find(name string) (int, bool) {
	lo, hi := 0, len(bs)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if bs[mid].Name < name {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, lo < len(bs) && bs[lo].Name == name
}

// BindingKind says how a name was bound.
type BindingKind uint8

// Binding kinds.
const (
	BindImport BindingKind = iota
	BindParam
	BindAssign
	BindFunction
	BindClass
	BindOther // for/with/except targets, walrus, del, match captures
)

// Binding is one binding of a name in a scope.
type Binding struct {
	Kind BindingKind
	// Offset is where the binding happens.
	Offset int
	// Import is set for BindImport, Function for BindFunction, Class for
	// BindClass.
	Import   *Import
	Function *Function
	Class    *Class
	// Ctor is, for `name = Callee(...)`, the call on the right-hand side;
	// used to resolve `name.method()` when Callee is a class.
	Ctor *Call
	// Value is, for `name = expr` where expr is a name followed by
	// attribute reads, calls and subscripts, that expression's shape
	// (resolved in the binding's scope); nil otherwise.
	Value *Expr
	// Type is the annotation of a parameter or an annotated assignment
	// (`x: Client = ...`), as a reference to the class it names; zero if
	// none or not a class name the model can follow.
	Type Ref
}

// Expr is the shape of a simple expression, as written: a name, then
// attribute reads (".a"), calls ("()") and subscripts ("[]").
type Expr struct {
	Head  string
	Steps []string
}

// Ref says what a value is, in qualified names the call graph resolves
// across modules: the value of the qualified name Base (or, with
// Instance, an instance of the class Base), then each step of Path taken
// in turn: an attribute read ("a"), a call ("()"), a subscript ("[]").
// The zero Ref is unknown.
type Ref struct {
	Base     string `json:",omitempty"`
	Instance bool   `json:",omitempty"`
	// Super marks `super()` in a method of the class Base: the first
	// attribute is looked up in Base's bases, not in Base.
	Super bool     `json:",omitempty"`
	Path  []string `json:",omitempty"`
	// Bound is how many of the reference's leading steps (Base counting
	// as one, then Path's) are the value a name was bound to (`out` in
	// `out = get_session().output; out.erase()`): the property getters
	// they read ran where the name was bound, not where it is used.
	Bound int `json:",omitempty"`
}

// Known reports whether the reference names something.
func (r Ref) Known() bool { return r.Base != "" }

// Equal reports whether two references name the same value.
func (r Ref) Equal(o Ref) bool {
	if r.Base != o.Base || r.Instance != o.Instance || r.Super != o.Super || len(r.Path) != len(o.Path) {
		return false
	}
	for i := range r.Path {
		if r.Path[i] != o.Path[i] {
			return false
		}
	}
	return true
}

// With returns r followed by more steps.
func (r Ref) With(steps ...string) Ref {
	p := make([]string, 0, len(r.Path)+len(steps))
	p = append(append(p, r.Path...), steps...)
	r.Path = p
	return r
}

// Attr is what the model knows of one instance attribute of a class.
type Attr struct {
	// Declared is the class-level annotation (`attr: Client`,
	// `attr: Optional[Client]`) or that of an annotated `self.attr: T =`
	// assignment; zero if none.
	Declared Ref
	// Assigned holds, for each `self.attr = value` in a method of the
	// class and each `attr = value` in its body, the value's reference
	// (zero when not known); assignments of None are left out.
	Assigned []Ref
}

// Type returns the attribute's class reference: the declared one, else
// the one every assignment agrees on; zero when unknown or ambiguous.
func (a *Attr) Type() Ref {
	if a == nil {
		return Ref{}
	}
	if a.Declared.Known() {
		return a.Declared
	}
	if len(a.Assigned) == 0 {
		return Ref{}
	}
	r := a.Assigned[0]
	for _, o := range a.Assigned[1:] {
		if !o.Equal(r) {
			return Ref{}
		}
	}
	return r
}

// Import is one imported name: `import a.b as c` or `from .m import f as g`
// yields one Import per name.
type Import struct {
	// Module is the dotted module written, without leading dots.
	Module string
	// Level is the number of leading dots of a relative import.
	Level int
	// Name is the imported name of a from-import, "*" for a star import,
	// "" for a plain import.
	Name string
	// Alias is the `as` name, "" if none.
	Alias string
	// Bound is the local name bound: the alias, the from-imported name, or
	// the first component of a plain import's module.
	Bound string
	// Target is the absolute qualified name the bound name refers to:
	// "time" for `import time as t`, "time.sleep" for `from time import
	// sleep`, "pkg.sub.f" for `from .sub import f` in package pkg. For
	// `import a.b` (bound "a") it is "a". Empty if a relative import climbs
	// above the top-level package.
	Target string
	// Stmt is the whole import statement; Item the name (with alias).
	Stmt, Item Span
	Pos        finding.Position
	// Scope is where the name is bound; Function the enclosing function.
	Scope    *Scope
	Function *Function
}

// Function is a def or async def.
type Function struct {
	Name string
	// Qual is the name qualified within the module: "f", "C.m", "f.g"
	// (nested functions are joined with dots, without "<locals>").
	Qual  string
	Async bool
	// Fixed has bit i set when Params[i] (i < 32) is bound nowhere in the
	// body (nor declared global or nonlocal there): its value is what the
	// call gave it, all along.
	Fixed uint32
	// Class is the class whose body directly holds the def (a method).
	Class *Class
	// Parent is the enclosing function, nil for module-level and for
	// methods of module-level classes.
	Parent *Function
	// Decorators holds each decorator's source text without the "@".
	Decorators []string
	// DecoratorTargets are the decorators' callees resolved to qualified
	// names in the enclosing scope ("functools.wraps", "pkg.retry"; "" where
	// not resolvable; a builtin such as "property" stays as written),
	// parallel to Decorators; DecoratorPos their positions.
	DecoratorTargets []string
	DecoratorPos     []finding.Position
	// ReturnNames are the names returned by `return name` statements of
	// the body (a decorator returning its wrapper), in source order.
	ReturnNames []string
	// ValueReturns counts the body's `return value` statements (a def
	// whose every one is `return self` returns its receiver).
	ValueReturns int
	// Returns is the return annotation as a reference to the class it
	// names (`-> Client`, `-> Optional[Client]`, `-> "Client"`); zero if
	// none or not followable.
	Returns Ref
	// Params are the parameter names in order.
	Params []string
	// Guards are the branches of the body that run only when a parameter
	// is true or not None (see Guard), in source order.
	Guards []Guard
	// Node is the function_definition node.
	Node *sitter.Node
	// Span covers the definition, decorators included; Def starts at
	// `async`/`def`; Body is the block; Docstring the docstring statement
	// (empty if none).
	Span, Def, Body, Docstring Span
	// Indent is the indentation of the def line, BodyIndent of the body's
	// first statement (both "" for a one-line body such as `def f(): pass`
	// at module level).
	Indent, BodyIndent string
	NamePos            finding.Position
	Scope              *Scope
	// Calls are the calls whose innermost enclosing def is this function,
	// lambdas and nested classes in it included.
	Calls []*Call
	// Reads are the attribute reads (`self.prop`, `obj.prop`) and the
	// non-call `with` items (`with self.lock:`) of the body whose value
	// the model can describe (Ref), in source order; the graph counts a
	// read that runs a @property getter, or an item's __enter__ and
	// __exit__, as a call.
	Reads []*Call
}

// IsMethod reports whether the def sits directly in a class body.
func (f *Function) IsMethod() bool { return f.Class != nil }

// HasDecorator reports whether one of the decorators is name (compared
// without arguments: "staticmethod", "functools.wraps").
func (f *Function) HasDecorator(name string) bool {
	for _, d := range f.Decorators {
		if i := indexByte(d, '('); i >= 0 {
			d = d[:i]
		}
		if d == name {
			return true
		}
	}
	return false
}

// Class is a class definition.
type Class struct {
	Name string
	// Qual is the name qualified within the module.
	Qual string
	// Bases are the base class expressions' source texts.
	Bases []string
	// BaseTargets are the bases resolved to qualified names ("" where not
	// resolvable), parallel to Bases.
	BaseTargets []string
	// Methods maps method names to their defs (the last def wins).
	Methods map[string]*Function
	// Attrs maps instance and class attribute names to what the class's
	// body and methods say of them.
	Attrs   map[string]*Attr
	Parent  *Function
	Outer   *Class
	Node    *sitter.Node
	Span    Span
	Scope   *Scope
	NamePos finding.Position
}

// ContextKind is the kind of the innermost enclosing scope that decides
// whether a call runs in async context.
type ContextKind uint8

// Context kinds.
const (
	ContextModule ContextKind = iota
	ContextFunction
	ContextLambda
	ContextClass
)

// CallRole is how a call's value is used.
type CallRole uint8

// Call roles.
const (
	RoleOther     CallRole = iota
	RoleStatement          // the whole expression statement (maybe awaited)
	RoleArgument           // an argument of another call
	RoleWith               // a `with` item's context manager
	RoleDecorator          // a decorator
)

// CallKind says how the callee was resolved.
type CallKind uint8

// Call kinds.
const (
	// Unresolved: the callee is not a name the model can follow.
	Unresolved CallKind = iota
	// Global: Target is a qualified name (an import, a module-level
	// function or class of this module, or a builtin-free dotted path).
	Global
	// SelfMethod: `self.m()` or `cls.m()` in a method; Target is
	// "mod.Class.m".
	SelfMethod
	// InstanceMethod: `obj.m()` where obj was assigned from a call of a
	// global name; Target is "<ctor target>.m" and Ref is set.
	InstanceMethod
	// LocalFunction: a def nested in an enclosing function; Local is set.
	LocalFunction
	// Typed: the callee is a value the model can describe as a Ref (an
	// attribute of self, an annotated parameter, a factory's result, a
	// subscripted class, super()); Ref is set and the call graph resolves
	// it across modules.
	Typed
)

// Call is one call expression.
type Call struct {
	Node *sitter.Node
	// Span is the call; Callee the function expression; Args the
	// argument list with its parentheses; ArgSpans each argument.
	Span, Callee, Args Span
	ArgSpans           []Span
	// CalleeText is the callee's dotted source text ("time.sleep",
	// "self.get"), "" if the callee is not a dotted name.
	CalleeText string
	// Target is the resolved qualified name, "" if unresolved; Kind says
	// how it was resolved.
	Target string
	// Local is the nested def called, for LocalFunction.
	Local *Function
	// Ref is the callee's reference, for Typed and InstanceMethod; for a
	// read (see Function.Reads) the attribute's or the with-item's value;
	// nil when unknown (most calls: a pointer takes a sixth of a Ref's
	// room). CalleeRef reads it.
	Ref *Ref
	// Await is the span of `await call(...)` when Awaited.
	Await Span
	// Parent is the call whose arguments hold this call directly.
	Parent *Call
	// Function is the innermost enclosing def (nil at module level).
	Function *Function
	// Scope is the innermost scope holding the call.
	Scope *Scope
	// Stmt is the innermost statement holding the call.
	Stmt Span
	// Pos is the start of the callee expression (where rules report).
	Pos finding.Position
	// Match is the verdict of the rule set Module.Matched names on this
	// call: nil when it recorded none or no rule matched.
	Match *Match

	// The small fields come last, packed together.

	Kind CallKind
	// Read marks an entry of Function.Reads: an attribute read that runs
	// a @property getter, or a `with` item that is not a call, when the
	// graph finds it does; not a call expression.
	Read bool
	// AsyncWith marks a call or read that is the context manager of an
	// `async with` item (Role is RoleWith).
	AsyncWith bool
	// Awaited reports `await call(...)`.
	Awaited bool
	// Guessed marks a call resolved (Target) through the last of several
	// imports of its head's name at module level that name different
	// things (`if LINUX: from . import _pslinux as _psplatform` ...
	// `elif AIX: from . import _psaix as _psplatform`), from a def: which
	// one the call reaches depends on what ran. The direct rules take the
	// last, as ruff does; the call graph follows it only when one of those
	// imports alone names code of the checked tree.
	Guessed bool
	Role    CallRole
	// Context is the innermost enclosing def, lambda or class body
	// (comprehensions are transparent): a call runs in async context when
	// Context is ContextFunction and Function.Async.
	Context ContextKind

	state uint8 // resolution: 0 pending, 1 in progress, 2 done
	idx   nd    // the call node in the module's flat tree
	expr  *Expr // the callee's shape when it is not a dotted name
}

// Match is a rule's verdict on a call, recorded while the module's syntax
// tree was there.
type Match struct {
	// Code is the code of the rule the call matches ("ASYNC212").
	Code string
	// Message is the rule's message for the call.
	Message string
	// Fix is the rule's fix of the call, made while the tree was there,
	// for a call in async context of a rule that has fixes; nil otherwise.
	Fix *RecordedFix
}

// RecordedFix is a rule's fix of a call as made when the module's calls
// were matched (its syntax tree still there), with what it assumed of the
// rest of the tree: it holds while no other module imports one of
// NotImported and the configured library is Library.
type RecordedFix struct {
	// Library is the configured async library the fix was made for.
	Library string
	// NotImported are the qualified names the fix asked "does another
	// module import this?" of, assuming no.
	NotImported []string
	// Fix is the fix; nil when there is none, NoFix then says why.
	Fix   *finding.Fix
	NoFix string
}

// CalleeRef returns the call's Ref, the zero Ref when it has none.
func (c *Call) CalleeRef() Ref {
	if c.Ref == nil {
		return Ref{}
	}
	return *c.Ref
}

// InAsyncContext reports whether the innermost enclosing def, lambda or
// class of the call is an async def.
func (c *Call) InAsyncContext() bool {
	return c.Context == ContextFunction && c.Function != nil && c.Function.Async
}

func indexByte(s string, b byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return i
		}
	}
	return -1
}
