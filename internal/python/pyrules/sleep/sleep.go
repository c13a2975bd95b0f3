// Package sleep holds ASYNC251, `time.sleep` in an async function.
package sleep

import (
	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pyrules"
	"github.com/asynclint/asynclint/internal/ruledoc"
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
		"where the module uses that library), adds the import and removes `import time` when nothing else uses it.",
}

// ASYNC251 reports calls of time.sleep in async context.
var ASYNC251 = pyrules.Direct{
	Code:     "ASYNC251",
	Category: finding.Sleep,
	Keys:     []string{"sleep"},
	Match:    pyrules.Global("time.sleep"),
	Message:  pyrules.Constant("Async functions should not call `time.sleep`"),
}
