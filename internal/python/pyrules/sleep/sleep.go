// Package sleep holds ASYNC251, `time.sleep` in an async function.
package sleep

import (
	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pyedit"
	"github.com/asynclint/asynclint/internal/python/pyrules"
	"github.com/asynclint/asynclint/internal/ruledoc"
	"github.com/asynclint/asynclint/pyparse"
	"slices"
	"strings"
)

// Doc documents ASYNC251.
var Doc = ruledoc.Rule{
	Code:     "ASYNC251",
	Name:     "blocking-sleep-in-async-function",
	Language: "python",
	Summary:  "Async functions should not call `time.sleep`",
	What: "Checks for `time.sleep` calls whose innermost enclosing function is an `async def` " +
		"(including inside comprehensions, async generators and async methods, and `await time.sleep(...)`). " +
		"Calls in a nested sync `def`, a `lambda` or a class body, and `time.sleep` passed as a value " +
		"(`asyncio.to_thread(time.sleep, 1)`) are not flagged. The code and semantics match ruff's and " +
		"flake8-async's ASYNC251, so existing `# noqa: ASYNC251` comments keep working.",
	Why: "`time.sleep` blocks the thread, and with it the event loop: while one coroutine sleeps, " +
		"no other task, callback or I/O completion runs.",
	Example: "```python\nimport time\n\nasync def fetch():\n    time.sleep(1)\n```",
	Instead: "Await the event loop's sleep, which lets other tasks run:\n\n" +
		"```python\nimport asyncio\n\nasync def fetch():\n    await asyncio.sleep(1)\n```",
	Fix: "`asynclint fix` rewrites the call to `await asyncio.sleep(...)` (`trio.sleep` or `anyio.sleep` " +
		"where the module uses that library), adds the import and removes `import time` when nothing else uses it. " +
		"The fix is made with the finding: `check --format json` and SARIF show it, the editor offers it, and `fix` applies it; " +
		"where none can be made (the name `asyncio` taken, a call in a generator expression, a file with a syntax error, " +
		"a result that would not parse) `fix` lists the call as manual with the reason. Nor is a `time.sleep` " +
		"rewritten in a function that also waits with an awaited yielding sleep (`await asyncio.sleep(0.01)`; a " +
		"checkpoint, `sleep(0)`, does not count): knowing the async form, it most likely blocks on purpose, as a " +
		"test of a loop monitor does; it is still reported, and listed as manual.",
}

// ASYNC251 reports calls of time.sleep in async context.
var ASYNC251 = pyrules.Direct{
	Code:     "ASYNC251",
	Category: finding.Sleep,
	Keys:     []string{"sleep"},
	Match:    pyrules.Global("time.sleep"),
	Message:  pyrules.Constant("Async functions should not call `time.sleep`"),
	Fix:      Fix,
}

// Fix is ASYNC251's fix of call c, the one `asynclint fix` applies: the call
// awaited with the async library's sleep (the module's own, else the
// configured one), `import asyncio` (or trio, anyio) added when missing,
// and the import the old callee named removed when this fix leaves it
// unused. Or why there is none.
func Fix(m *pyparse.Module, c *pyparse.Call, fc pyrules.FixContext) (*finding.Fix, string) {
	if c.Target != "time.sleep" || !c.InAsyncContext() {
		return nil, "not a call of time.sleep in an async function"
	}
	if y := yieldingSleep(m, c.Function); y != "" {
		return nil, "the function also awaits " + y + ": this blocking sleep looks deliberate (blocking the event loop on purpose, as a test may); rewrite it by hand if it is not"
	}
	lib := pyedit.AsyncLib(m, fc.Library)
	es, imp, add, reason := pyedit.Sleep(m, c, lib)
	if reason != "" {
		return nil, reason
	}
	addAt := -1
	if add != "" {
		a := pyedit.Addition(m, []string{add})
		addAt = a.Start
		es = append(es, a)
	}
	ims := pyedit.Imports{Used: map[*pyparse.Import]bool{}, Replaced: []pyparse.Span{c.Callee}, ImportedBy: fc.ImportedBy}
	if imp != nil {
		ims.Used[imp] = true
	}
	es = append(es, ims.Removals(m, addAt)...)
	ref := m.Text(c.Callee)
	for _, e := range es {
		if e.Start == c.Callee.Start && e.End == c.Callee.End {
			ref = e.Text
		}
	}
	return &finding.Fix{Message: "Use `await " + ref + "(...)`", Edits: pyedit.Positioned(m, es)}, ""
}

// yieldingSleeps are the sleeps that yield to the event loop.
var yieldingSleeps = []string{"asyncio.sleep", "trio.sleep", "anyio.sleep"}

// yieldingSleep returns the yielding sleep fn awaits for a while in its own
// body ("" for none): a function that waits with `await asyncio.sleep(0.01)`
// and still calls `time.sleep(0.2)` most likely blocks on purpose (a test
// of a loop monitor). A checkpoint, `await asyncio.sleep(0)`, does not
// count: it yields once, it does not wait.
func yieldingSleep(m *pyparse.Module, fn *pyparse.Function) string {
	if fn == nil {
		return ""
	}
	for _, c := range m.Calls {
		if c.Function != fn || !c.Awaited || !slices.Contains(yieldingSleeps, c.Target) {
			continue
		}
		switch strings.Join(strings.Fields(strings.Trim(m.Text(c.Args), "()")), "") {
		case "", "0", "0.0", "0.", "delay=0", "seconds=0":
			continue
		}
		return c.Target
	}
	return ""
}
