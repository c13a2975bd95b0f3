// Package http holds ASYNC210 (blocking HTTP calls: requests, httpx,
// urllib3, urllib.request.urlopen) and ASYNC212 (methods of a sync
// httpx.Client) in async functions, with ruff's semantics.
package http

import (
	"fmt"
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pyrules"
	"github.com/asynclint/asynclint/internal/ruledoc"
	"github.com/asynclint/asynclint/pyparse"
)

// Doc210 documents ASYNC210.
var Doc210 = ruledoc.Rule{
	Code:     "ASYNC210",
	Name:     "blocking-http-call-in-async-function",
	Language: "python",
	Summary:  "Async functions should not call blocking HTTP methods",
	What: "Checks for calls, whose innermost enclosing function is an `async def`, of `urllib.request.urlopen`, " +
		"`urllib3.request`, and the module-level request functions of `requests` and `httpx` (`get`, `post`, " +
		"`put`, `patch`, `delete`, `head`, `options`, `connect`, `trace`). The code and semantics match ruff's " +
		"ASYNC210, so `# noqa: ASYNC210` comments keep working.",
	Why:     "A blocking HTTP call blocks the event loop until the response arrives: no other task runs meanwhile.",
	Example: "```python\nimport requests\n\nasync def fetch():\n    requests.get(\"https://example.com\")\n```",
	Instead: "Use an async client:\n\n```python\nimport httpx\n\nasync def fetch():\n    async with httpx.AsyncClient() as client:\n" +
		"        await client.get(\"https://example.com\")\n```",
}

// Doc212 documents ASYNC212.
var Doc212 = ruledoc.Rule{
	Code:     "ASYNC212",
	Name:     "blocking-http-call-httpx-in-async-function",
	Language: "python",
	Summary:  "Async functions should not use a sync `httpx.Client`",
	What: "Checks for calls of the request methods (`get`, `post`, `put`, `patch`, `delete`, `head`, `options`, " +
		"`request`, `send`, `stream`, `close`) of a name bound to an `httpx.Client` (assigned from " +
		"`httpx.Client(...)` or annotated `httpx.Client`, also inside `Optional[...]` or `| None`) by the first " +
		"binding of the name in its scope, in an `async def`. A rebinding after the call does not count; a " +
		"call after a rebinding is not reported. The code and semantics match ruff's ASYNC212.",
	Why:     "The sync client blocks the event loop for the whole request.",
	Example: "```python\nimport httpx\n\nasync def fetch():\n    client = httpx.Client()\n    client.get(\"https://example.com\")\n```",
	Instead: "```python\nasync def fetch():\n    async with httpx.AsyncClient() as client:\n        await client.get(\"https://example.com\")\n```",
}

var verbs = map[string]bool{"get": true, "post": true, "delete": true, "patch": true, "put": true,
	"head": true, "connect": true, "options": true, "trace": true}

func blockingHTTP(q string) bool {
	switch q {
	case "urllib.request.urlopen", "urllib3.request":
		return true
	}
	mod, fn, ok := strings.Cut(q, ".")
	return ok && (mod == "requests" || mod == "httpx") && verbs[fn]
}

// ASYNC210 reports blocking HTTP calls in async context.
var ASYNC210 = pyrules.Direct{
	Code:     "ASYNC210",
	Category: finding.HTTP,
	Keys:     []string{"requests", "httpx", "urllib"},
	Match:    func(m *pyparse.Module, c *pyparse.Call) bool { return blockingHTTP(pyrules.Qualified(m, c)) },
	Message:  pyrules.Constant("Async functions should not call blocking HTTP methods"),
}

var clientMethods = map[string]bool{"close": true, "delete": true, "get": true, "head": true, "options": true,
	"patch": true, "post": true, "put": true, "request": true, "send": true, "stream": true}

func isClient(q string) bool { return q == "httpx.Client" }

// mayNameHTTPX reports whether a name of m can resolve to one of httpx's:
// m imports httpx or a module of it, or is one (its own definitions are
// qualified with its name). No other module's `x.get()` can be a client's
// call, and the questions that would tell cost a walk of the tree each.
func mayNameHTTPX(m *pyparse.Module) bool {
	if inHTTPX(m.Name) {
		return true
	}
	for _, im := range m.Imports {
		if inHTTPX(im.Target) {
			return true
		}
	}
	return false
}

func inHTTPX(q string) bool { return q == "httpx" || strings.HasPrefix(q, "httpx.") }

func clientCall(m *pyparse.Module, c *pyparse.Call) (name, method string, ok bool) {
	if !clientMethods[pyrules.AttrName(m, c)] || c.Kind == pyparse.Global {
		return "", "", false
	}
	if strings.Count(c.CalleeText, ".") > 1 {
		// `a.b.get()`: the object is an attribute, never a name (checked
		// below through the tree, at a cost: `.get(` is everywhere).
		return "", "", false
	}
	if !mayNameHTTPX(m) {
		return "", "", false
	}
	m, c, obj, attr := pyrules.Attribute(m, c)
	if obj == nil || !clientMethods[attr] || obj.Type() != "identifier" {
		return "", "", false
	}
	if !pyrules.TypedAs(m, c, obj, isClient) {
		return "", "", false
	}
	return m.Text(m.NodeSpan(obj)), attr, true
}

// ASYNC212 reports request methods of a sync httpx.Client in async context.
var ASYNC212 = pyrules.Direct{
	Code:     "ASYNC212",
	Category: finding.HTTP,
	Keys:     []string{"httpx"},
	Match: func(m *pyparse.Module, c *pyparse.Call) bool {
		_, _, ok := clientCall(m, c)
		return ok
	},
	Message: func(m *pyparse.Module, c *pyparse.Call) string {
		name, method, _ := clientCall(m, c)
		return fmt.Sprintf("Blocking httpx method %s.%s() in async context, use httpx.AsyncClient", name, method)
	},
}
