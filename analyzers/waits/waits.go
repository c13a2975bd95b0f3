// Package waits recognises, in type-checked Go syntax, the waits that the
// asynclint analyzers reason about: blocking waits (time.Sleep, a bare receive
// from time.After or from a fresh time.NewTimer's channel), waits that already
// honour a context (asyncrt.Sleep, a select on ctx.Done() and a timer, a rate
// limiter's Wait(ctx)), the context.Context variables in scope at a position,
// and the suppression comments that silence a finding.
package waits

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
	"time"

	"golang.org/x/tools/go/types/typeutil"
)

// RuntimePath is the import path of the asyncrt package that fixes call.
const RuntimePath = "github.com/asynclint/asynclint/runtime"

// RuntimeName is the package name of RuntimePath, and the import name fixes
// use for it. It differs from the directory name so that rewritten code never
// clashes with the standard library's runtime package.
const RuntimeName = "asyncrt"

// RatePath is the import path of golang.org/x/time/rate.
const RatePath = "golang.org/x/time/rate"

// Kind says what sort of wait a Wait is.
type Kind int

// The kinds of wait.
const (
	// Sleep is a call time.Sleep(d).
	Sleep Kind = iota + 1
	// After is a receive <-time.After(d) outside a select.
	After
	// Timer is a receive <-time.NewTimer(d).C outside a select.
	Timer
	// TimerSelect is a select whose only cases receive from fresh timers,
	// with no default and no ctx.Done() case.
	TimerSelect
	// CtxSleep is a call of asyncrt.Sleep or asyncrt.Retry.
	CtxSleep
	// CtxSelect is a timer receive in a select that also has a ctx.Done() case.
	CtxSelect
	// LimiterWait is a call of Wait or WaitN on a rate.Limiter or asyncrt.Limiter.
	LimiterWait
)

// Wait is one wait found in a function body.
type Wait struct {
	Kind Kind
	// Node is the *ast.CallExpr (Sleep, CtxSleep, LimiterWait), the
	// receive *ast.UnaryExpr (After, Timer, CtxSelect) or the
	// *ast.SelectStmt (TimerSelect).
	Node ast.Node
	// Duration is the duration argument of a blocking wait, nil if there
	// is no single one (TimerSelect).
	Duration ast.Expr
	// Callee names what is called: "time.Sleep", "time.After",
	// "time.NewTimer", "asyncrt.Sleep", "rate.Limiter.Wait", ...
	Callee string
}

// Safe reports whether the wait already honours a context.
func (w Wait) Safe() bool { return w.Kind >= CtxSleep }

// IsStd reports whether path names a package of the standard library (or
// the Go command), which the analyzers do not analyse: its waits are known by
// name. Standard-library paths have no dot in their first element; the known
// top-level names are listed so that a user module without a dot in its
// name is still analysed.
func IsStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	if strings.Contains(first, ".") {
		return false
	}
	return stdRoots[first]
}

var stdRoots = map[string]bool{
	"archive": true, "bufio": true, "builtin": true, "bytes": true, "cmp": true,
	"cmd": true, "compress": true, "container": true, "context": true, "crypto": true,
	"database": true, "debug": true, "embed": true, "encoding": true, "errors": true,
	"expvar": true, "flag": true, "fmt": true, "go": true, "hash": true, "html": true,
	"image": true, "index": true, "internal": true, "io": true, "iter": true, "log": true,
	"maps": true, "math": true, "mime": true, "net": true, "os": true, "path": true,
	"plugin": true, "reflect": true, "regexp": true, "runtime": true, "slices": true,
	"sort": true, "strconv": true, "strings": true, "structs": true, "sync": true,
	"syscall": true, "testing": true, "text": true, "time": true, "unicode": true,
	"unique": true, "unsafe": true, "vendor": true, "weak": true, "C": true,
}

// MayWait reports whether file imports a package whose functions the
// analyzers recognise as waits ("time", asyncrt, rate). A file that imports
// none of them holds no wait.
func MayWait(file *ast.File) bool {
	for _, imp := range file.Imports {
		switch strings.Trim(imp.Path.Value, "`\"") {
		case "time", RuntimePath, RatePath:
			return true
		}
	}
	return false
}

// IsContext reports whether t is context.Context.
func IsContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Name() == "Context" && obj.Pkg() != nil && obj.Pkg().Path() == "context"
}

// HasContextParam reports whether sig takes a context.Context parameter.
func HasContextParam(sig *types.Signature) bool {
	for v := range sig.Params().Variables() {
		if IsContext(v.Type()) {
			return true
		}
	}
	return false
}

// funcIs reports whether fn is the package-level function pkg.name.
func funcIs(fn *types.Func, pkg, name string) bool {
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == pkg && fn.Name() == name &&
		fn.Signature().Recv() == nil
}

// callee returns the function a call statically calls, nil if none.
func callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}

// classifyCall recognises calls that wait: time.Sleep and the
// context-aware waits.
func classifyCall(info *types.Info, call *ast.CallExpr) (Wait, bool) {
	fn := callee(info, call)
	if fn == nil || fn.Pkg() == nil {
		return Wait{}, false
	}
	switch {
	case funcIs(fn, "time", "Sleep") && len(call.Args) == 1:
		return Wait{Kind: Sleep, Node: call, Duration: call.Args[0], Callee: "time.Sleep"}, true
	case funcIs(fn, RuntimePath, "Sleep"), funcIs(fn, RuntimePath, "Retry"):
		return Wait{Kind: CtxSleep, Node: call, Callee: RuntimeName + "." + fn.Name()}, true
	}
	if recv := fn.Signature().Recv(); recv != nil && (fn.Name() == "Wait" || fn.Name() == "WaitN") {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Name() == "Limiter" {
			switch fn.Pkg().Path() {
			case RatePath:
				return Wait{Kind: LimiterWait, Node: call, Callee: "rate.Limiter." + fn.Name()}, true
			case RuntimePath:
				return Wait{Kind: LimiterWait, Node: call, Callee: RuntimeName + ".Limiter." + fn.Name()}, true
			}
		}
	}
	return Wait{}, false
}

// freshTimer recognises the operand of a receive that waits on a timer
// created right there: time.After(d) or time.NewTimer(d).C.
func freshTimer(info *types.Info, x ast.Expr) (Kind, ast.Expr, string, bool) {
	x = ast.Unparen(x)
	if call, ok := x.(*ast.CallExpr); ok && len(call.Args) == 1 && funcIs(callee(info, call), "time", "After") {
		return After, call.Args[0], "time.After", true
	}
	if sel, ok := x.(*ast.SelectorExpr); ok && sel.Sel.Name == "C" {
		if call, ok := ast.Unparen(sel.X).(*ast.CallExpr); ok && len(call.Args) == 1 &&
			funcIs(callee(info, call), "time", "NewTimer") {
			return Timer, call.Args[0], "time.NewTimer", true
		}
	}
	return 0, nil, "", false
}

// anyTimer recognises a receive operand that is a timer's channel: a fresh
// timer, time.Tick(d), or the C field of a *time.Timer or *time.Ticker.
func anyTimer(info *types.Info, x ast.Expr) (string, bool) {
	if _, _, name, ok := freshTimer(info, x); ok {
		return name, true
	}
	x = ast.Unparen(x)
	if call, ok := x.(*ast.CallExpr); ok && funcIs(callee(info, call), "time", "Tick") {
		return "time.Tick", true
	}
	if sel, ok := x.(*ast.SelectorExpr); ok && sel.Sel.Name == "C" {
		if tv, ok := info.Types[sel.X]; ok {
			t := tv.Type
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil &&
				n.Obj().Pkg().Path() == "time" && (n.Obj().Name() == "Timer" || n.Obj().Name() == "Ticker") {
				return "time." + n.Obj().Name(), true
			}
		}
	}
	return "", false
}

// isCtxDone recognises x.Done() where x is a context.Context.
func isCtxDone(info *types.Info, x ast.Expr) bool {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Done" {
		return false
	}
	tv, ok := info.Types[sel.X]
	return ok && IsContext(tv.Type)
}

// commRecv returns the channel operand received from by a select case, nil
// for a send or the default case.
func commRecv(comm ast.Stmt) ast.Expr {
	if u := recvOf(comm); u != nil {
		return u.X
	}
	return nil
}

// recvOf returns the receive expression of a select case, nil if none.
func recvOf(comm ast.Stmt) *ast.UnaryExpr {
	var e ast.Expr
	switch s := comm.(type) {
	case *ast.ExprStmt:
		e = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			e = s.Rhs[0]
		}
	}
	u, _ := ast.Unparen(e).(*ast.UnaryExpr)
	if u != nil && u.Op == token.ARROW {
		return u
	}
	return nil
}

// classifySelect returns the waits a select statement holds: each timer
// case of a select that also waits on ctx.Done() (context-aware), or the
// whole select when it can only be ended by fresh timers (blocking).
func classifySelect(info *types.Info, sel *ast.SelectStmt) []Wait {
	var ctxDone, hasDefault, onlyFresh = false, false, true
	type timerCase struct {
		recv *ast.UnaryExpr
		name string
	}
	var timers []timerCase
	var firstFresh Wait
	for _, stmt := range sel.Body.List {
		cc, ok := stmt.(*ast.CommClause)
		if !ok {
			continue
		}
		if cc.Comm == nil {
			hasDefault = true
			continue
		}
		x := commRecv(cc.Comm)
		if x == nil {
			onlyFresh = false
			continue
		}
		if isCtxDone(info, x) {
			ctxDone = true
			onlyFresh = false
			continue
		}
		if kind, d, name, ok := freshTimer(info, x); ok {
			if firstFresh.Kind == 0 {
				firstFresh = Wait{Kind: TimerSelect, Node: sel, Callee: name}
				if kind == After || kind == Timer {
					firstFresh.Duration = d
				}
			}
		} else {
			onlyFresh = false
		}
		if name, ok := anyTimer(info, x); ok {
			timers = append(timers, timerCase{recvOf(cc.Comm), name})
		}
	}
	switch {
	case ctxDone:
		var ws []Wait
		for _, tc := range timers {
			if tc.recv != nil {
				ws = append(ws, Wait{Kind: CtxSelect, Node: tc.recv, Callee: tc.name})
			}
		}
		return ws
	case !hasDefault && onlyFresh && firstFresh.Kind != 0:
		firstFresh.Duration = nil
		return []Wait{firstFresh}
	}
	return nil
}

// Negligible reports whether the blocking wait w, whose enclosing nodes are
// stack (as in Event.Stack), cannot noticeably delay the return of its
// function on cancellation, so that reporting it would help nobody: its
// duration is a constant of at most zero (no wait at all); or of at most
// MaxYield outside any loop (a yield); or of at most MaxPoll in a loop that
// checks a context on every iteration (`for ctx.Err() == nil`, a select
// on ctx.Done() in the body...), which already returns within that delay.
func Negligible(info *types.Info, w *Wait, stack []ast.Node) bool {
	if w.Duration == nil {
		return false
	}
	tv, ok := info.Types[w.Duration]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return false
	}
	d, exact := constant.Int64Val(tv.Value)
	if !exact {
		return false
	}
	if d <= 0 {
		return true
	}
	loop := innermostLoop(stack)
	if loop == nil {
		return d <= int64(MaxYield)
	}
	return d <= int64(MaxPoll) && checksContext(info, loop)
}

// MaxYield is the longest constant wait outside a loop that Negligible
// takes for a yield.
const MaxYield = time.Millisecond

// MaxPoll is the longest constant wait in a loop checking a context that
// Negligible takes for a polling interval.
const MaxPoll = time.Second

// innermostLoop returns the innermost for or range statement of stack
// within the innermost function, nil if none.
func innermostLoop(stack []ast.Node) ast.Node {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return n
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		}
	}
	return nil
}

// checksContext reports whether the loop calls Err or Done on a context in
// its condition, post statement or body (not in closures).
func checksContext(info *types.Info, loop ast.Node) bool {
	found := false
	ast.Inspect(loop, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if ok && len(n.Args) == 0 && (sel.Sel.Name == "Err" || sel.Sel.Name == "Done") {
				if tv, ok := info.Types[sel.X]; ok && IsContext(tv.Type) {
					found = true
				}
			}
		}
		return true
	})
	return found
}
