// Package reached holds AL100..AL104: async code calling a sync function of
// the tree that blocks, directly or through other sync functions in any
// module, one code for each blocking category (the calls the direct rules
// know): AL100 sleep, AL101 HTTP, AL102 subprocess, AL103 file open, AL104
// input.
package reached

import (
	"fmt"
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pygraph"
	"github.com/asynclint/asynclint/internal/ruledoc"
	"github.com/asynclint/asynclint/pyparse"
)

// Codes maps each propagated category to its code.
var Codes = map[finding.Category]string{
	finding.Sleep:      "AL100",
	finding.HTTP:       "AL101",
	finding.Subprocess: "AL102",
	finding.File:       "AL103",
	finding.Input:      "AL104",
}

// Labels name the blocking call of each category in messages.
var Labels = map[finding.Category]string{
	finding.Sleep:      "blocking sleep",
	finding.HTTP:       "blocking HTTP call",
	finding.Subprocess: "blocking subprocess call",
	finding.File:       "blocking file open",
	finding.Input:      "blocking input",
}

const (
	resolution = "Calls are resolved through imports (relative ones included), module-level instances and " +
		"class aliases, `self.method()`, `cls()`, `super().method()`, and receivers whose class is statically " +
		"certain: built from a class of the tree, annotated (parameters, locals, class attributes, return and " +
		"`@property` annotations), or assigned in a method (`self.client = Client()`); calling a class runs " +
		"`__init__`, an instance `__call__`, a `with` item `__enter__`/`__exit__`, a property read its getter " +
		"(where the property is read, on a call's result too: `get_session().output`; not again where a name " +
		"bound to its value is used); " +
		"decorators are followed when transparent (see the README). A call site reaching several blocking " +
		"calls has a finding for each. Awaited calls, async callees and " +
		"functions handed to a thread (`asyncio.to_thread(f)`, `loop.run_in_executor(None, f)`, " +
		"`anyio.to_thread.run_sync(f)`) are not followed; calls that cannot be resolved statically are not " +
		"guessed at, nor are calls through a name that module-level imports bind to one of several modules of " +
		"the tree (`if LINUX: from . import _linux as _impl` ... `else: from . import _aix as _impl`). " +
		"A branch that runs only when a parameter is true or not None (`if debug:`, `if timeout is not None " +
		"and timeout > 0:`, `if blocking:` after `blocking = interval is not None`, the body of `for _ in " +
		"range(retries):`) is not followed from a call that passes None or a false literal there (`False`, `0`, " +
		"`\"\"`, `()`) or leaves the parameter at such a default: `cpu_percent()` does not reach the " +
		"`time.sleep(interval)` of `if interval is not None:`, `cpu_percent(0.5)` does. Nor is a branch that runs " +
		"only when a parameter is false or None (`if config is None:`, `if not path:`, the `else` of `if text:`) " +
		"from a call that passes a true literal there (`True`, `1`, `\"w\"`, a lambda) or, for None, any literal " +
		"or display (`{}`, `[]`, an f-string), or leaves the parameter at such a default. The parameter is bound " +
		"nowhere else in the function than in that branch (`if config is None: config = load()`), and a local " +
		"tested in its stead nowhere else at all. This holds at every link of the chain, and one link further through what a " +
		"function passes on of its own arguments: its `*args` and `**kwargs` (`super().__init__(*args, " +
		"**kwargs)`), or a parameter it never rebinds (`yacc(debug=yacc_debug)`), read as it was given; " +
		"any other call passing `*args` or `**kwargs`, or through a decorator that may change the arguments, is " +
		"taken to pass anything. " +
		"The message names the chain down to the blocking call. A configured `extra-blocking` " +
		"function of this category called directly in an `async def` is reported with this code too."
	threadFix = "With `--twins`, `asynclint fix` adds an async twin `name_async` as for AL100 and awaits it at " +
		"the call sites. In the twin, a blocking call of this category that is a plain expression statement, " +
		"the whole right side of a plain assignment (`r = requests.get(url)`) or the whole value of a return " +
		"(`return requests.get(url)`) becomes `r = await asyncio.to_thread(requests.get, url)` " +
		"(`return await asyncio.to_thread(requests.get, url)`): it still blocks, but a worker thread, not the " +
		"event loop. Anywhere else (a `with` item, an argument, a comprehension or generator, an operand, an " +
		"augmented assignment `self.n += f()`, which reads its target before the await and writes it after), a method " +
		"of an object (moving it to a thread would share the object between threads), a call returning an " +
		"object, kept, whose own methods block (`urlopen`'s response, a `Popen` process, `stream=True`), and any call " +
		"in a module that uses trio or anyio, no twin is made: fix lists the call site as manual, naming the " +
		"blocking call and its category."
	why = "A sync helper that %s blocks the event loop exactly as the direct call does, but no " +
		"single-file linter can see it: ruff's %s only looks at the async function's own body."
)

// Docs are the rules' documentation, in code order.
var Docs = []ruledoc.Rule{
	{
		Code:     "AL100",
		Name:     "blocking-call-in-async-function",
		Language: "python",
		Summary:  "Async functions should not call sync functions that block by sleeping",
		What: "Checks for calls, in an `async def`, of a sync function of the checked tree that blocks by " +
			"sleeping (`time.sleep`, or an `extra-blocking` function of category `sleep`), directly or through " +
			"other sync functions, in any module of the tree. " + resolution,
		Why: fmt.Sprintf(why, "sleeps", "ASYNC251"),
		Example: "```python\n# db.py\nimport time\n\ndef connect():\n    time.sleep(1)\n\n" +
			"# app.py\nfrom .db import connect\n\nasync def handler():\n    connect()\n```",
		Instead: "Call an async twin that awaits its sleep, or hand the sync function to a thread:\n\n" +
			"```python\n# db.py\nasync def connect_async():\n    await asyncio.sleep(1)\n\n" +
			"# app.py\nasync def handler():\n    await connect_async()\n    # or: await asyncio.to_thread(connect)\n```",
		Fix: "With `--twins`, `asynclint fix` adds an async twin `name_async` beside each blocking function " +
			"(reusing an existing one), keeps the sync version (with `--deprecate`, warning to use the twin), " +
			"and rewrites the call sites in async functions to `await name_async(...)`. Call sites it cannot " +
			"rewrite exactly are listed as manual.",
	},
	{
		Code:     "AL101",
		Name:     "blocking-http-helper-in-async-function",
		Language: "python",
		Summary:  "Async functions should not call sync functions that make blocking HTTP requests",
		What: "Checks for calls, in an `async def`, of a sync function of the checked tree that makes a " +
			"blocking HTTP request (the calls ASYNC210 and ASYNC212 know: `requests`, `httpx` and `urllib3` " +
			"requests, `urllib.request.urlopen`, methods of an `httpx.Client`), directly or through other sync " +
			"functions. " + resolution,
		Why: fmt.Sprintf(why, "makes an HTTP request", "ASYNC210"),
		Example: "```python\n# net.py\nimport requests\n\ndef fetch_profile(uid):\n    return requests.get(f\"/users/{uid}\")\n\n" +
			"# app.py\nfrom .net import fetch_profile\n\nasync def handler(uid):\n    fetch_profile(uid)\n```",
		Instead: "Use an async client (`httpx.AsyncClient`, `aiohttp`) in an async twin, or run the helper in a thread:\n\n" +
			"```python\nasync def handler(uid):\n    await asyncio.to_thread(fetch_profile, uid)\n```",
		Fix: threadFix,
	},
	{
		Code:     "AL102",
		Name:     "blocking-subprocess-helper-in-async-function",
		Language: "python",
		Summary:  "Async functions should not call sync functions that run or wait for processes",
		What: "Checks for calls, in an `async def`, of a sync function of the checked tree that creates, runs " +
			"or waits for a process with a blocking call (the calls ASYNC220, ASYNC221 and ASYNC222 know: " +
			"`subprocess.run`, `subprocess.Popen`, `os.system`, `os.waitpid`...), directly or through other sync " +
			"functions. " + resolution,
		Why: fmt.Sprintf(why, "runs a process", "ASYNC221"),
		Example: "```python\n# build.py\nimport subprocess\n\ndef compile_assets():\n    subprocess.run([\"make\"])\n\n" +
			"# app.py\nasync def deploy():\n    compile_assets()\n```",
		Instead: "Use `asyncio.create_subprocess_exec` (or `anyio.run_process`) in an async twin, or run the helper in a thread:\n\n" +
			"```python\nasync def deploy():\n    await asyncio.to_thread(compile_assets)\n```",
		Fix: threadFix,
	},
	{
		Code:     "AL103",
		Name:     "blocking-open-helper-in-async-function",
		Language: "python",
		Summary:  "Async functions should not call sync functions that open files",
		What: "Checks for calls, in an `async def`, of a sync function of the checked tree that opens a file " +
			"with a blocking call (the calls ASYNC230 knows: `open`, `io.open`, `io.open_code`, `pathlib.Path.open`), " +
			"directly or through other sync functions. " + resolution,
		Why: fmt.Sprintf(why, "opens a file", "ASYNC230"),
		Example: "```python\n# store.py\ndef load(path):\n    with open(path) as f:\n        return f.read()\n\n" +
			"# app.py\nasync def handler():\n    load(\"data.json\")\n```",
		Instead: "Use `anyio.open_file` / `aiofiles` in an async twin, or run the helper in a thread:\n\n" +
			"```python\nasync def handler():\n    await asyncio.to_thread(load, \"data.json\")\n```",
		Fix: "`asynclint fix --twins` lists these call sites as manual, the file open named: a twin would have to " +
			"move the open and every read and write of the file it returns (`with open(p) as f: f.read()`) to a " +
			"thread together, which is a helper to write by hand (`await asyncio.to_thread(load, path)`).",
	},
	{
		Code:     "AL104",
		Name:     "blocking-input-helper-in-async-function",
		Language: "python",
		Summary:  "Async functions should not call sync functions that read `input()`",
		What: "Checks for calls, in an `async def`, of a sync function of the checked tree that calls the " +
			"builtin `input()` (what ASYNC250 knows), directly or through other sync functions. " + resolution,
		Why: fmt.Sprintf(why, "waits for the user", "ASYNC250"),
		Example: "```python\n# cli.py\ndef ask(q):\n    return input(q)\n\n" +
			"# app.py\nasync def main():\n    ask(\"name? \")\n```",
		Instead: "Run the helper in a thread:\n\n```python\nasync def main():\n    await asyncio.to_thread(ask, \"name? \")\n```",
		Fix:     threadFix,
	},
}

// Findings reports the async call sites that reach a blocking sync function,
// one finding for each category the callee blocks in.
func Findings(g *pygraph.Graph) []finding.Finding { return findings(g, "") }

func findings(g *pygraph.Graph, code string) []finding.Finding {
	var out []finding.Finding
	type key struct {
		path               string
		siteStart, siteEnd int // a chained call (c.get(1).get(2)) shares its start with the inner call
		root               int
		rootPath           string
		code               string
	}
	seen := map[key]bool{}
	for _, ac := range g.AsyncCalls() {
		if code != "" && ac.Code != code || ac.Code == "" {
			continue
		}
		// One finding for each distinct blocking call the site reaches.
		for _, steps := range g.SiteChains(ac) {
			last := steps[len(steps)-1]
			k := key{ac.Module.Path, ac.Call.Span.Start, ac.Call.Span.End, last.Pos.Offset, last.Path, ac.Code}
			if seen[k] {
				continue
			}
			seen[k] = true
			qualify := collisions(steps)
			names := make([]string, len(steps))
			for i, s := range steps {
				name := s.Name
				if i+1 < len(steps) && qualify[steps[i+1].Func.Display()] {
					name = steps[i+1].Func.Fn.Qual + "()"
				}
				names[i] = "`" + name + "`"
			}
			out = append(out, finding.Finding{
				Path:  ac.Module.Path,
				Start: ac.Call.Pos,
				End:   ac.Module.Position(ac.Call.Span.End),
				Code:  ac.Code,
				Message: fmt.Sprintf("%s blocks the event loop: it calls %s (%s:%d)",
					lead(ac, qualify[ac.Callee.Display()]), strings.Join(names, " → "), last.Path, last.Pos.Line),
				Related: related(steps, ac.Category),
				Chain:   chain(steps, ac.Category),
			})
		}
	}
	return out
}

// related names every step of the chain, the blocking call last.
func related(steps []pygraph.Step, cat finding.Category) []finding.Related {
	out := make([]finding.Related, len(steps))
	for i, st := range steps {
		out[i] = finding.Related{Path: st.Path, Start: st.Pos, Message: "calls `" + st.Name + "`"}
	}
	last := steps[len(steps)-1]
	out[len(out)-1].Message = Labels[cat] + ": `" + last.Name + "`"
	return out
}

// chain names the functions the chain goes through, for finding.Roots.
func chain(steps []pygraph.Step, cat finding.Category) *finding.Chain {
	c := &finding.Chain{Category: cat, Language: "python", Functions: make([]finding.ChainFunc, len(steps))}
	for i, st := range steps {
		c.Functions[i] = finding.ChainFunc{Name: st.Func.Fn.Qual, Path: st.Func.Module.Path, Offset: st.Func.Fn.Span.Start}
	}
	return c
}

// collisions returns the names (Func.Display) that two different
// functions of a chain share (a method `Store.save` calling the module's
// `save`): the message names those by their qualified names, so that it
// does not read as a function calling itself.
func collisions(steps []pygraph.Step) map[string]bool {
	by := map[string]*pygraph.Func{}
	var out map[string]bool
	for _, st := range steps {
		d := st.Func.Display()
		if f, ok := by[d]; ok && f != st.Func {
			if out == nil {
				out = map[string]bool{}
			}
			out[d] = true
		}
		by[d] = st.Func
	}
	return out
}

// lead names what the async code does that blocks: a call of the function
// (`connect()`, `Client.__enter__()`), a property read (`self.slow`
// (property `Box.slow`)), or a `with` item (`with self.lock`
// (`Lock.__enter__()`)), by its qualified name when qualified is set.
func lead(ac pygraph.AsyncCall, qualified bool) string {
	c := ac.Call
	name := ac.Callee.Fn.Name
	if qualified || ac.Callee.Fn.Class != nil && strings.HasPrefix(name, "__") {
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

// Rule returns the run function of the rule with code: the findings of
// Findings with that code.
func Rule(code string) func(*pygraph.Graph) []finding.Finding {
	return func(g *pygraph.Graph) []finding.Finding { return findings(g, code) }
}
