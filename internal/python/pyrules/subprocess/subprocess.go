// Package subprocess holds ASYNC220 (creating a subprocess), ASYNC221
// (running one to completion) and ASYNC222 (waiting for one) with blocking
// calls in async functions, with ruff's semantics.
package subprocess

import (
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pyrules"
	"github.com/asynclint/asynclint/internal/ruledoc"
	"github.com/asynclint/asynclint/pyparse"
)

const why = "The call blocks the thread, and with it the event loop, until the process starts or ends: no other task runs meanwhile."

// Doc220 documents ASYNC220.
var Doc220 = ruledoc.Rule{
	Code:     "ASYNC220",
	Name:     "create-subprocess-in-async-function",
	Language: "python",
	Summary:  "Async functions should not create subprocesses with blocking methods",
	What: "Checks for `subprocess.Popen`, `os.popen`, and `os.spawn*` with a mode other than `os.P_WAIT`, in an " +
		"`async def`. The code and semantics match ruff's ASYNC220.",
	Why:     why,
	Example: "```python\nimport subprocess\n\nasync def run():\n    subprocess.Popen([\"make\"])\n```",
	Instead: "```python\nimport asyncio\n\nasync def run():\n    await asyncio.create_subprocess_exec(\"make\")\n```",
}

// Doc221 documents ASYNC221.
var Doc221 = ruledoc.Rule{
	Code:     "ASYNC221",
	Name:     "run-process-in-async-function",
	Language: "python",
	Summary:  "Async functions should not run processes with blocking methods",
	What: "Checks for `subprocess.run`, `call`, `check_call`, `check_output`, `getoutput`, `getstatusoutput`, " +
		"`os.system`, `os.posix_spawn`, `os.posix_spawnp`, and `os.spawn*` with mode `os.P_WAIT` (or no mode), " +
		"in an `async def`. The code and semantics match ruff's ASYNC221.",
	Why:     why,
	Example: "```python\nimport subprocess\n\nasync def build():\n    subprocess.run([\"make\"])\n```",
	Instead: "```python\nimport asyncio\n\nasync def build():\n    proc = await asyncio.create_subprocess_exec(\"make\")\n    await proc.wait()\n```",
}

// Doc222 documents ASYNC222.
var Doc222 = ruledoc.Rule{
	Code:     "ASYNC222",
	Name:     "wait-for-process-in-async-function",
	Language: "python",
	Summary:  "Async functions should not wait on processes with blocking methods",
	What:     "Checks for `os.wait`, `os.wait3`, `os.wait4`, `os.waitid` and `os.waitpid` in an `async def`. The code and semantics match ruff's ASYNC222.",
	Why:      why,
	Example:  "```python\nimport os\n\nasync def reap(pid):\n    os.waitpid(pid, 0)\n```",
	Instead:  "Wait in a thread:\n\n```python\nasync def reap(pid):\n    await asyncio.to_thread(os.waitpid, pid, 0)\n```",
}

// keys are the words one of which any spelling of a call the rules know
// holds, in the call or its import: `from os import wait` then `wait()`
// holds "wait" but not "os.wait", so the wait functions' key is "wait".
var keys = []string{"subprocess", "popen", "system", "spawn", "wait"}

// kind classifies a call: 220, 221, 222 or 0.
func kind(m *pyparse.Module, c *pyparse.Call) int {
	q := pyrules.Qualified(m, c)
	mod, fn, ok := strings.Cut(q, ".")
	if !ok || strings.Contains(fn, ".") {
		return 0
	}
	switch mod {
	case "subprocess":
		switch fn {
		case "Popen":
			return 220
		case "run", "call", "check_call", "check_output", "getoutput", "getstatusoutput":
			return 221
		}
	case "os":
		switch fn {
		case "popen":
			return 220
		case "system", "posix_spawn", "posix_spawnp":
			return 221
		case "wait", "wait3", "wait4", "waitid", "waitpid":
			return 222
		case "spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve", "spawnvp", "spawnvpe":
			if pWait(m, c) {
				return 221
			}
			return 220
		}
	}
	return 0
}

// pWait reports whether a spawn call's mode is os.P_WAIT: no mode, the
// name itself, or a local name assigned it.
func pWait(m *pyparse.Module, c *pyparse.Call) bool {
	if m, c = pyrules.Full(m, c); c == nil {
		return false
	}
	arg := pyrules.Argument(m, c, "mode", 0)
	if arg == nil {
		return true
	}
	if q := pyrules.ResolveNode(m, c, arg); q != "" {
		return q == "os.P_WAIT"
	}
	if arg.Type() == "identifier" {
		v, ok := pyrules.ValueOf(m, c, arg, false)
		if ok && v.Init != nil {
			return pyrules.ResolveNode(m, c, v.Init) == "os.P_WAIT"
		}
	}
	return false
}

func rule(code string, k int, msg string) pyrules.Direct {
	return pyrules.Direct{
		Code:     code,
		Category: finding.Subprocess,
		Keys:     keys,
		Match:    func(m *pyparse.Module, c *pyparse.Call) bool { return kind(m, c) == k },
		Message:  pyrules.Constant(msg),
	}
}

// The rules.
var (
	ASYNC220 = rule("ASYNC220", 220, "Async functions should not create subprocesses with blocking methods")
	ASYNC221 = rule("ASYNC221", 221, "Async functions should not run processes with blocking methods")
	ASYNC222 = rule("ASYNC222", 222, "Async functions should not wait on processes with blocking methods")
)
