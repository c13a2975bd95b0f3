// Package path holds ASYNC240: blocking os.path and pathlib.Path calls in
// an async function, with ruff's semantics. It is off by default and its
// calls are not propagated through helpers: they are cheap system calls.
package path

import (
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pyrules"
	"github.com/asynclint/asynclint/internal/ruledoc"
	"github.com/asynclint/asynclint/pyparse"
)

// Doc documents ASYNC240.
var Doc = ruledoc.Rule{
	Code:     "ASYNC240",
	Name:     "blocking-path-method-in-async-function",
	Language: "python",
	Summary:  "Async functions should not perform blocking `os.path` or `pathlib.Path` operations",
	What: "Checks for `os.path` functions and `pathlib.Path` methods that touch the file system (`exists`, " +
		"`stat`, `is_file`, `read_text`, `mkdir`, `resolve`, ...) in an `async def`, on `Path(...)` built inline " +
		"or on a name bound to a `pathlib` path (assigned or annotated) by the first binding of the name in " +
		"its scope (a rebinding after the call does not count). Off by default (select " +
		"ASYNC240 to turn it on), and not followed through helpers: these are short system calls. The code and " +
		"semantics match ruff's ASYNC240.",
	Why:     "Each call is a system call on the event loop's thread; on a slow or network file system it blocks every task.",
	Example: "```python\nimport os\n\nasync def check(p):\n    return os.path.exists(p)\n```",
	Instead: "```python\nimport anyio\n\nasync def check(p):\n    return await anyio.Path(p).exists()\n```",
}

var io = map[string]bool{}

func init() {
	// ruff 0.17.4's list (one list for os.path functions and Path
	// methods; `open` is left to ASYNC230).
	for _, n := range strings.Fields(`abspath absolute chmod copy copy_into cwd exists expanduser from_uri
		full_match getatime getctime getmtime getsize glob group hardlink_to home info is_block_device
		is_char_device is_dir is_fifo is_file is_junction is_mount is_socket is_symlink isdevdrive isdir isfile
		isjunction islink ismount isreserved iterdir lchmod lexists link_to lstat mkdir move move_into normpath
		owner read_bytes read_text readlink realpath relpath rename replace resolve rglob rmdir samefile
		sameopenfile stat symlink_to touch unlink walk write_bytes write_text`) {
		io[n] = true
	}
}

func isPathClass(q string) bool {
	switch q {
	case "pathlib.Path", "pathlib.PosixPath", "pathlib.PurePath", "pathlib.PurePosixPath", "pathlib.PureWindowsPath", "pathlib.WindowsPath":
		return true
	}
	return false
}

// library returns "os.path" or "pathlib.Path" for a blocking call, "" if
// the call is not one.
func library(m *pyparse.Module, c *pyparse.Call) string {
	if q := pyrules.Qualified(m, c); q != "" {
		rest, ok := strings.CutPrefix(q, "os.path.")
		if ok && !strings.Contains(rest, ".") && io[rest] {
			return "os.path"
		}
		return ""
	}
	if !io[pyrules.AttrName(m, c)] {
		return ""
	}
	m, c, obj, attr := pyrules.Attribute(m, c)
	if obj == nil || !io[attr] {
		return ""
	}
	if pyrules.IsCallOf(m, c, obj, isPathClass) {
		return "pathlib.Path"
	}
	if obj.Type() == "identifier" && pyrules.TypedAs(m, c, obj, isPathClass) {
		return "pathlib.Path"
	}
	return ""
}

// ASYNC240 reports blocking path operations in async context.
var ASYNC240 = pyrules.Direct{
	Code:     "ASYNC240",
	Category: finding.Path,
	Match:    func(m *pyparse.Module, c *pyparse.Call) bool { return library(m, c) != "" },
	Message: func(m *pyparse.Module, c *pyparse.Call) string {
		return "Async functions should not perform blocking " + library(m, c) + " operations"
	},
}
