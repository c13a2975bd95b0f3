package pyrules

import (
	"fmt"
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pygraph"
	"github.com/asynclint/asynclint/internal/ruledoc"
	"github.com/asynclint/asynclint/pyparse"
)

// AL100Doc documents AL100.
var AL100Doc = ruledoc.Rule{
	Code:     "AL100",
	Name:     "blocking-call-in-async-function",
	Language: "python",
	Summary:  "Async functions should not call sync functions that block by sleeping",
	What: "Checks for calls, in an `async def`, of a sync function of the checked tree that blocks by " +
		"sleeping (`time.sleep` or a configured extra blocking function), directly or through other " +
		"sync functions, in any module of the tree. Calls are resolved through imports (relative ones " +
		"included), `self.method()`, and `obj.method()` where `obj` was built from a class of the tree. " +
		"Awaited calls and functions handed to a thread (`asyncio.to_thread(f)`, " +
		"`loop.run_in_executor(None, f)`, `anyio.to_thread.run_sync(f)`) are not followed; calls that " +
		"cannot be resolved statically are not guessed at. The message names the chain down to the sleep.",
	Why: "A sync helper that sleeps blocks the event loop exactly as a direct `time.sleep` does, but no " +
		"single-file linter can see it: ruff's ASYNC251 only looks at the async function's own body.",
	Example: "```python\n# db.py\nimport time\n\ndef connect():\n    time.sleep(1)\n\n" +
		"# app.py\nfrom .db import connect\n\nasync def handler():\n    connect()\n```",
	Instead: "Call an async twin that awaits its sleep, or hand the sync function to a thread:\n\n" +
		"```python\n# db.py\nasync def connect_async():\n    await asyncio.sleep(1)\n\n" +
		"# app.py\nasync def handler():\n    await connect_async()\n    # or: await asyncio.to_thread(connect)\n```",
	Fix: "With `--twins`, `asynclint fix` adds an async twin `name_async` beside each blocking function " +
		"(reusing an existing one), keeps the sync version (with `--deprecate`, warning to use the twin), " +
		"and rewrites the call sites in async functions to `await name_async(...)`. Call sites it cannot " +
		"rewrite exactly are listed as manual.",
}

// AL100 reports async call sites that reach a blocking sync function.
func AL100(g *pygraph.Graph) []finding.Finding {
	var out []finding.Finding
	for _, ac := range g.AsyncCalls() {
		c := ac.Call
		f := finding.Finding{
			Path:  ac.Module.Path,
			Start: c.Pos,
			End:   ac.Module.Position(c.Span.End),
			Code:  "AL100",
		}
		if ac.Callee == nil {
			f.Message = fmt.Sprintf("`%s()` blocks the event loop: `%s` is configured as blocking", c.CalleeText, c.Target)
			out = append(out, f)
			continue
		}
		steps := g.Chain(ac.Callee)
		if len(steps) == 0 {
			continue
		}
		names := make([]string, len(steps))
		for i, s := range steps {
			names[i] = "`" + s.Name + "`"
		}
		last := steps[len(steps)-1]
		f.Message = fmt.Sprintf("%s blocks the event loop: it calls %s (%s:%d)",
			lead(ac), strings.Join(names, " → "), last.Path, last.Pos.Line)
		f.Related = make([]finding.Related, len(steps))
		for i, st := range steps {
			f.Related[i] = finding.Related{Path: st.Path, Start: st.Pos, Message: "calls `" + st.Name + "`"}
		}
		f.Related[len(steps)-1].Message = "blocking call `" + last.Name + "`"
		out = append(out, f)
	}
	return out
}

// lead names what the async code does that blocks: a call of the function
// (`connect()`), a property read (`self.slow` (property `Box.slow`)), or
// entering a context manager (`with self.lock` (`Lock.__enter__()`)).
func lead(ac pygraph.AsyncCall) string {
	c := ac.Call
	name := ac.Callee.Fn.Name
	if ac.Callee.Fn.Class != nil && strings.HasPrefix(name, "__") {
		name = ac.Callee.Fn.Qual
	}
	callee := "`" + name + "()`"
	switch {
	case c.Read && c.Role == pyparse.RoleWith:
		return fmt.Sprintf("`with %s` (%s)", c.CalleeText, callee)
	case c.Read:
		return fmt.Sprintf("`%s` (property `%s`)", c.CalleeText, ac.Callee.Fn.Qual)
	}
	return callee
}
