package rewriter

import (
	"fmt"
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pyedit"
	"github.com/asynclint/asynclint/pyparse"
)

// returnsBlocking are the calls, of the categories a twin moves to a
// thread, whose result is an object whose own methods block (a response
// stream, a process): moving the call alone to a thread would leave those
// on the event loop, unflagged.
var returnsBlocking = map[string]string{
	"urllib.request.urlopen": "a response whose reads block too",
	"subprocess.Popen":       "a process whose wait() and communicate() block too",
}

// threadEdits returns the edits turning blocking call c (of category cat,
// not a sleep) in a twin's body into `await asyncio.to_thread(f, *args,
// **kwargs)`, and the module to import; or why it cannot, naming the call
// and its category. Only a plain expression statement, the whole right
// side of a plain assignment or the whole value of a return statement is
// rewritten: anywhere else (a `with` item, an argument, a comprehension,
// an operand, an augmented assignment) the await would change when the
// call runs, or what its result is used for, in ways that need a human.
func (p *pyPlanner) threadEdits(m *pyparse.Module, c *pyparse.Call, cat finding.Category) ([]span, string, string) {
	name := c.CalleeText
	if name == "" {
		name = m.Text(c.Callee)
	}
	refuse := func(why string) ([]span, string, string) {
		return nil, "", fmt.Sprintf("%s (%s), which %s", name, cat, why)
	}
	if cat == finding.File {
		return refuse("opens a file whose reads and writes block too: move the file work into a sync helper and await asyncio.to_thread(helper) by hand")
	}
	if c.Role == pyparse.RoleWith {
		return refuse("is used as a context manager: " + plainOnly)
	}
	if augmentedValue(c) {
		// `n += f()` reads n before the await and writes it after: an
		// update another task makes in between would be lost.
		return refuse("is the right side of an augmented assignment, whose target would be read before the await and written after it: " + plainOnly)
	}
	if !plainSite(c) {
		return refuse("is part of a larger expression or statement: " + plainOnly)
	}
	if c.Kind != pyparse.Global && !(c.Kind == pyparse.Unresolved && c.CalleeText != "" && !strings.Contains(c.CalleeText, ".")) {
		return refuse("is a method of an object: moving it to a thread would share the object between threads")
	}
	if why := returnsBlocking[c.Target]; why != "" && c.Role != pyparse.RoleStatement {
		// Kept (`r = urlopen(u)`), not discarded (`urlopen(u)`).
		return refuse("returns " + why)
	}
	if strings.Contains(m.Text(c.Args), "stream=") {
		return refuse("streams its response, whose reads block too")
	}
	if lib := pyedit.AsyncLib(m, p.opts.Library); lib != "asyncio" {
		return refuse(fmt.Sprintf("would be moved to a thread, but the module uses %s: wrap it in %s.to_thread.run_sync by hand (it takes no keyword arguments)", lib, lib))
	}
	args := c.Node.ChildByFieldName("arguments")
	if args == nil || args.Type() != "argument_list" || c.Args.Empty() || m.Source()[c.Args.Start] != '(' {
		return refuse("has an argument form asyncio.to_thread cannot take")
	}
	ref, add, reason := pyedit.ModuleRef(m, "asyncio", c.Scope, c.Span.Start)
	if reason != "" {
		return refuse("cannot be moved to a thread: " + reason)
	}
	es := []span{{Start: c.Span.Start, End: c.Span.Start, Text: "await " + ref + ".to_thread("}}
	if len(c.ArgSpans) == 0 {
		// f() -> to_thread(f): the call's ")" closes to_thread's.
		es = append(es, span{Start: c.Args.Start, End: c.Args.Start + 1, Text: ""})
	} else {
		sep := ", "
		if src, next := m.Source(), c.Args.Start+1; next < len(src) && (src[next] == '\n' || src[next] == '\r') {
			sep = "," // `f(\n    a)`: no space left at the end of the line
		}
		es = append(es, span{Start: c.Args.Start, End: c.Args.Start + 1, Text: sep})
	}
	return es, add, ""
}

// plainOnly ends the refusals of a call site threadEdits does not move.
const plainOnly = "only a plain statement, assignment or return is moved to a thread"

// plainSite reports whether call c is a whole expression statement, the
// whole right side of a plain assignment statement (`x = f(...)`, `x: T =
// f(...)`, not `a = b = f()` or `x += f()`), or the whole value of a return
// statement (`return f(...)`, not `return f(...), y` or `return (f(...))`).
// A lambda's body is not a return statement; a generator, where `return`
// ends the iteration, gets no twin at all.
func plainSite(c *pyparse.Call) bool {
	if c.Awaited || c.Node == nil {
		return false
	}
	if c.Role == pyparse.RoleStatement {
		return true
	}
	par := c.Node.Parent()
	if par == nil {
		return false
	}
	switch par.Type() {
	case "return_statement":
		return par.NamedChildCount() == 1 && par.NamedChild(0).Equal(c.Node)
	case "assignment":
		right := par.ChildByFieldName("right")
		stmt := par.Parent()
		return right != nil && right.Equal(c.Node) && stmt != nil && stmt.Type() == "expression_statement" && stmt.NamedChildCount() == 1
	}
	return false
}

// augmentedValue reports whether call c is the whole right side of an
// augmented assignment (`x += f(...)`).
func augmentedValue(c *pyparse.Call) bool {
	if c.Node == nil {
		return false
	}
	par := c.Node.Parent()
	if par == nil || par.Type() != "augmented_assignment" {
		return false
	}
	right := par.ChildByFieldName("right")
	return right != nil && right.Equal(c.Node)
}
