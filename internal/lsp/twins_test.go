package lsp

import (
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	twinHelpersPy = "import time\n\n\ndef fetch():\n    time.sleep(1)\n\n\ndef ticks():\n    time.sleep(1)\n    yield 1\n"
	twinMainPy    = "from app.helpers import fetch, ticks\n\n\nasync def main():\n    fetch()\n    for t in ticks():\n        pass\n"
)

// twinTree writes the two-module workspace of the twin tests into dir: a
// helper module with a blocking helper and a blocking generator, and an
// async caller of both in another module.
func twinTree(t *testing.T, dir string) (helpers, main string) {
	t.Helper()
	writeFile(t, dir, "app/__init__.py", "")
	return writeFile(t, dir, "app/helpers.py", twinHelpersPy), writeFile(t, dir, "app/main.py", twinMainPy)
}

// openTwinSession starts a server on dir with the given code action client
// capabilities, opens path and returns its diagnostics.
func openTwinSession(t *testing.T, dir, path, text string, codeAction map[string]any) (*client, []diagnostic) {
	t.Helper()
	c := startServer(t, dir)
	caps := map[string]any{}
	if codeAction != nil {
		caps["textDocument"] = map[string]any{"codeAction": codeAction}
	}
	if m := c.call("initialize", map[string]any{"processId": nil, "rootUri": pathURI(dir), "capabilities": caps}); m.Error != nil {
		t.Fatalf("initialize: %+v", m.Error)
	}
	c.notify("initialized", map[string]any{})
	c.notify("textDocument/didOpen", textDoc(pathURI(path), "python", 1, text))
	return c, c.diagnostics(pathURI(path), 1)
}

// rawActions asks for the quick fixes under r and returns them as sent.
func rawActions(t *testing.T, c *client, uri string, r lspRange) []json.RawMessage {
	t.Helper()
	resp := c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri}, "range": r, "context": map[string]any{"diagnostics": []any{}, "only": []string{"quickfix"}},
	})
	var actions []json.RawMessage
	if resp.Error != nil || json.Unmarshal(resp.Result, &actions) != nil {
		t.Fatalf("codeAction: %+v %s", resp.Error, resp.Result)
	}
	return actions
}

func decodeAction(t *testing.T, raw json.RawMessage) codeAction {
	t.Helper()
	var a codeAction
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatalf("code action %s: %v", raw, err)
	}
	return a
}

// TestTwinQuickFix checks the AL1xx quick fix: offered without an edit to a
// client that resolves edits lazily, resolved into edits of both modules
// that give exactly what `asynclint fix --twins` writes, refused with a
// message for a site the rewriter leaves manual (a generator helper),
// refused once the document changed, and not offered at all to a client
// that cannot resolve.
func TestTwinQuickFix(t *testing.T) {
	dir := t.TempDir()
	helpers, mainPath := twinTree(t, dir)
	helpersURI, mainURI := pathURI(helpers), pathURI(mainPath)
	before := snapshot(t, dir)

	c, ds := openTwinSession(t, dir, mainPath, twinMainPy, map[string]any{
		"dataSupport": true, "resolveSupport": map[string]any{"properties": []string{"edit"}},
	})
	if got, want := codes(ds), []string{"5:5 AL100", "6:14 AL100"}; !slices.Equal(got, want) {
		t.Fatalf("main.py diagnostics %v, want %v", got, want)
	}

	// Offered without an edit, with the data to resolve it.
	raws := rawActions(t, c, mainURI, ds[0].Range)
	if len(raws) != 1 {
		t.Fatalf("quick fixes at fetch(): %s, want the twin fix alone", raws)
	}
	offered := decodeAction(t, raws[0])
	if offered.Title != "Create async twin `fetch_async` and await it (AL100)" || offered.Kind != "quickfix" ||
		len(offered.Diagnostics) != 1 || offered.Diagnostics[0].Code != "AL100" || offered.Edit.Changes != nil ||
		!strings.Contains(string(raws[0]), `"data":`) || strings.Contains(string(raws[0]), `"edit":`) {
		t.Errorf("offered twin fix: %s", raws[0])
	}

	// Resolved: edits to both files, giving what fix --twins writes.
	resp := c.call("codeAction/resolve", raws[0])
	var resolved codeAction
	if resp.Error != nil || json.Unmarshal(resp.Result, &resolved) != nil {
		t.Fatalf("codeAction/resolve: %+v %s", resp.Error, resp.Result)
	}
	if resolved.Title != offered.Title || len(resolved.Edit.Changes) != 2 {
		t.Fatalf("resolved action %s: want the same title and edits to helpers.py and main.py", resp.Result)
	}
	gotHelpers := apply(t, twinHelpersPy, resolved.Edit.Changes[helpersURI])
	gotMain := apply(t, twinMainPy, resolved.Edit.Changes[mainURI])

	fixed := t.TempDir()
	if err := os.CopyFS(fixed, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	// fix takes paths, not sites: it fixes the whole tree, where the
	// generator's site is left manual, so fetch's is the only change.
	cmd := exec.Command(asynclintBinary(t), "fix", "--twins", ".")
	cmd.Dir = fixed
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
		t.Fatalf("fix --twins: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "AL100 manual: ticks is a generator") {
		t.Errorf("fix --twins output:\n%s\nwant the generator's site listed as manual", out)
	}
	wantHelpers, wantMain := readFile(t, filepath.Join(fixed, "app/helpers.py")), readFile(t, filepath.Join(fixed, "app/main.py"))
	if gotHelpers != wantHelpers || gotMain != wantMain {
		t.Errorf("resolved edits give\nhelpers.py:\n%s\nmain.py:\n%s\nfix --twins writes\nhelpers.py:\n%s\nmain.py:\n%s",
			gotHelpers, gotMain, wantHelpers, wantMain)
	}
	if !strings.Contains(gotMain, "    await fetch_async()\n") || !strings.Contains(gotHelpers, "async def fetch_async():\n    await asyncio.sleep(1)\n") {
		t.Errorf("twin fix gives helpers.py:\n%s\nmain.py:\n%s", gotHelpers, gotMain)
	}

	// A generator helper: offered (deciding needs the plan), resolved
	// without an edit, and the user is told why.
	raws = rawActions(t, c, mainURI, ds[1].Range)
	if len(raws) != 1 || decodeAction(t, raws[0]).Title != "Create async twin `ticks_async` and await it (AL100)" {
		t.Fatalf("quick fixes at ticks(): %s", raws)
	}
	resp = c.call("codeAction/resolve", raws[0])
	var manual codeAction
	if resp.Error != nil || json.Unmarshal(resp.Result, &manual) != nil {
		t.Fatalf("codeAction/resolve of the generator's fix: %+v %s", resp.Error, resp.Result)
	}
	if manual.Edit.Changes != nil || strings.Contains(string(resp.Result), `"edit":`) || manual.Title != decodeAction(t, raws[0]).Title {
		t.Errorf("generator's fix resolved with an edit: %s", resp.Result)
	}
	shown := c.next("window/showMessage about the generator", func(m message) bool { return m.Method == "window/showMessage" })
	if !strings.Contains(string(shown.Params), "ticks is a generator") || !strings.Contains(string(shown.Params), `"type":2`) {
		t.Errorf("showMessage %s: want a warning giving the rewriter's reason", shown.Params)
	}

	// Once the buffer changed, the action offered before no longer fits.
	c.notify("textDocument/didChange", change(mainURI, 2, "\n"+twinMainPy))
	c.diagnostics(mainURI, 2)
	if m := c.call("codeAction/resolve", raws[0]); m.Error == nil || m.Error.Code != -32801 {
		t.Errorf("resolve after a change: %+v %s, want error -32801 (content modified)", m.Error, m.Result)
	}
	if m := c.call("codeAction/resolve", map[string]any{"title": "not ours"}); m.Error == nil || m.Error.Code != -32602 {
		t.Errorf("resolve of an action without data: %+v, want error -32602", m.Error)
	}
	c.call("shutdown", nil)
	c.notify("exit", nil)
	waitExit(t, c, 0)

	// A client that cannot resolve edits is not offered the twin fix.
	c, ds = openTwinSession(t, dir, mainPath, twinMainPy, map[string]any{"dataSupport": true})
	if raws := rawActions(t, c, mainURI, ds[0].Range); len(raws) != 0 {
		t.Errorf("quick fixes for a client without resolveSupport: %s, want none", raws)
	}
	c.call("shutdown", nil)
	c.notify("exit", nil)
	waitExit(t, c, 0)

	after := snapshot(t, dir)
	if !maps.Equal(after, before) {
		t.Errorf("the server wrote to the tree")
	}
}

// TestTwinTitles checks what the twin fixes say: one action a call site
// whose helper blocks in two categories (covering both diagnostics), the
// twin named as the configuration says, and an existing twin awaited
// rather than created; and that none is offered where the rewriter refuses
// on sight (a constructor, a call used as a context manager), as
// `fix --twins` lists those sites as manual.
func TestTwinTitles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pyproject.toml", "[tool.asynclint]\ntwin-name = \"async_{name}\"\n")
	writeFile(t, dir, "app/__init__.py", "")
	writeFile(t, dir, "app/helpers.py", "import contextlib\nimport time\nimport requests\n\n\ndef both():\n    time.sleep(1)\n    requests.get(\"x\")\n\n\n"+
		"def get():\n    time.sleep(1)\n\n\nasync def async_get():\n    pass\n\n\n"+
		"class Pool:\n    def __init__(self):\n        time.sleep(1)\n\n\n"+
		"@contextlib.contextmanager\ndef held():\n    time.sleep(1)\n    yield\n")
	mainSrc := "from app.helpers import both, get, Pool, held\n\n\nasync def main():\n    both()\n    get()\n    Pool()\n    with held():\n        pass\n"
	mainPath := writeFile(t, dir, "app/main.py", mainSrc)
	mainURI := pathURI(mainPath)
	c, ds := openTwinSession(t, dir, mainPath, mainSrc, map[string]any{"resolveSupport": map[string]any{"properties": []string{"edit"}}})
	if got, want := codes(ds), []string{"5:5 AL100", "5:5 AL101", "6:5 AL100", "7:5 AL100", "8:10 AL100"}; !slices.Equal(got, want) {
		t.Fatalf("main.py diagnostics %v, want %v", got, want)
	}
	for _, d := range ds[3:] {
		if raws := rawActions(t, c, mainURI, d.Range); len(raws) != 0 {
			t.Errorf("quick fixes at %d:%d, which fix --twins leaves manual: %s", d.Range.Start.Line+1, d.Range.Start.Character+1, raws)
		}
	}
	raws := rawActions(t, c, mainURI, ds[0].Range)
	if len(raws) != 1 {
		t.Fatalf("quick fixes at both(): %s, want one", raws)
	}
	if a := decodeAction(t, raws[0]); a.Title != "Create async twin `async_both` and await it (AL100, AL101)" ||
		len(a.Diagnostics) != 2 || a.Diagnostics[0].Code != "AL100" || a.Diagnostics[1].Code != "AL101" {
		t.Errorf("twin fix at both(): %s", raws[0])
	}
	raws = rawActions(t, c, mainURI, ds[2].Range)
	if len(raws) != 1 || decodeAction(t, raws[0]).Title != "Await the async twin `async_get` (AL100)" {
		t.Fatalf("quick fixes at get(): %s", raws)
	}
	resp := c.call("codeAction/resolve", raws[0])
	var resolved codeAction
	if resp.Error != nil || json.Unmarshal(resp.Result, &resolved) != nil {
		t.Fatalf("codeAction/resolve: %+v %s", resp.Error, resp.Result)
	}
	if len(resolved.Edit.Changes) != 1 {
		t.Fatalf("resolved %s: want edits to main.py alone (the twin exists)", resp.Result)
	}
	want := strings.Replace(mainSrc, "    get()\n", "    await async_get()\n", 1)
	want = strings.Replace(want, "import both, get,", "import both, get, async_get,", 1)
	if got := apply(t, mainSrc, resolved.Edit.Changes[mainURI]); got != want {
		t.Errorf("existing twin's fix gives:\n%s\nwant:\n%s", got, want)
	}
	c.call("shutdown", nil)
	c.notify("exit", nil)
	waitExit(t, c, 0)
}

// TestAmbiguousModulesLogged: in a workspace with two services that each
// have an `app` package, svcB's handler reaches svcB's blocking helper (not
// svcA's harmless one), and code under neither service importing the
// shared names gets the check's warning as a window/logMessage.
func TestAmbiguousModulesLogged(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "svcA/app/__init__.py", "")
	writeFile(t, dir, "svcA/app/util.py", "def helper():\n    return 1\n")
	writeFile(t, dir, "svcB/app/__init__.py", "")
	writeFile(t, dir, "svcB/app/util.py", "import time\n\n\ndef helper():\n    time.sleep(1)\n")
	writeFile(t, dir, "shared/client.py", "from app.util import helper\n\n\nasync def call():\n    helper()\n")
	mainPy := "from app.util import helper\n\n\nasync def handler():\n    helper()\n"
	main := writeFile(t, dir, "svcB/app/main.py", mainPy)
	c, ds := openTwinSession(t, dir, main, mainPy, nil)
	if len(ds) != 1 || ds[0].Code != "AL100" || ds[0].Range.Start.Line != 4 {
		t.Errorf("svcB/app/main.py diagnostics %+v, want AL100 at helper() (line 5)", ds)
	}
	logged := c.next("window/logMessage about the shared module names", func(m message) bool {
		return m.Method == "window/logMessage" && strings.Contains(string(m.Params), "module names (app, app.util)")
	})
	if !strings.Contains(string(logged.Params), `"type":2`) || !strings.Contains(string(logged.Params), "svcA") {
		t.Errorf("logMessage %s: want a warning naming svcA and svcB", logged.Params)
	}
}
