// Package file holds ASYNC230: opening a file with a blocking call in an
// async function, with ruff's semantics.
package file

import (
	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pyrules"
	"github.com/asynclint/asynclint/internal/ruledoc"
	"github.com/asynclint/asynclint/pyparse"
)

// Doc documents ASYNC230.
var Doc = ruledoc.Rule{
	Code:     "ASYNC230",
	Name:     "blocking-open-call-in-async-function",
	Language: "python",
	Summary:  "Async functions should not open files with blocking methods like `open`",
	What: "Checks for `open`, `io.open`, `io.open_code`, and `.open()` of a `pathlib.Path` (built inline, " +
		"`Path(p).open()`, or assigned to the name it is called on), in an `async def`. The code and semantics " +
		"match ruff's ASYNC230.",
	Why:     "Opening (and then reading or writing) a file blocks the event loop on the disk.",
	Example: "```python\nasync def load():\n    with open(\"data.json\") as f:\n        return f.read()\n```",
	Instead: "```python\nimport anyio\n\nasync def load():\n    async with await anyio.open_file(\"data.json\") as f:\n        return await f.read()\n```",
}

func isPath(q string) bool { return q == "pathlib.Path" }

func isOpen(m *pyparse.Module, c *pyparse.Call) bool {
	switch pyrules.Qualified(m, c) {
	case "builtins.open", "io.open", "io.open_code":
		return true
	}
	if pyrules.AttrName(m, c) != "open" {
		return false
	}
	m, c, obj, attr := pyrules.Attribute(m, c)
	if obj == nil || attr != "open" {
		return false
	}
	if obj.Type() == "call" {
		return pyrules.IsCallOf(m, c, obj, isPath)
	}
	v, ok := pyrules.ValueOf(m, c, obj, false)
	return ok && pyrules.IsCallOf(m, c, v.Init, isPath)
}

// ASYNC230 reports blocking file opens in async context.
var ASYNC230 = pyrules.Direct{
	Code:     "ASYNC230",
	Category: finding.File,
	Keys:     []string{"open"},
	Match:    isOpen,
	Message:  pyrules.Constant("Async functions should not open files with blocking methods like `open`"),
}
