// Package input holds ASYNC250: the builtin input() in an async function,
// with ruff's semantics.
package input

import (
	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pyrules"
	"github.com/asynclint/asynclint/internal/ruledoc"
	"github.com/asynclint/asynclint/pyparse"
)

// Doc documents ASYNC250.
var Doc = ruledoc.Rule{
	Code:     "ASYNC250",
	Name:     "blocking-input-in-async-function",
	Language: "python",
	Summary:  "Async functions should not call `input()`",
	What:     "Checks for calls of the builtin `input` (or `builtins.input`) in an `async def`. The code and semantics match ruff's ASYNC250.",
	Why:      "`input()` blocks the event loop until the user answers.",
	Example:  "```python\nasync def main():\n    name = input(\"Name: \")\n```",
	Instead:  "```python\nimport asyncio\n\nasync def main():\n    name = await asyncio.to_thread(input, \"Name: \")\n```",
}

// ASYNC250 reports input() in async context.
var ASYNC250 = pyrules.Direct{
	Code:     "ASYNC250",
	Category: finding.Input,
	Keys:     []string{"input"},
	Match:    func(m *pyparse.Module, c *pyparse.Call) bool { return pyrules.Qualified(m, c) == "builtins.input" },
	Message:  pyrules.Constant("Blocking call to `input()` in async context"),
}
