package pycheck

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pyrules"
)

func run(t *testing.T, paths []string, opts Options) *Result {
	t.Helper()
	res, err := Run(paths, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// lines renders findings as `path:line:col: CODE message`, paths relative
// to base.
func lines(res *Result, base string) []string {
	var out []string
	for _, f := range res.Findings {
		p := strings.TrimPrefix(f.Path, base+"/")
		out = append(out, fmt.Sprintf("%s:%d:%d: %s %s", p, f.Start.Line, f.Start.Col, f.Code, f.Message))
	}
	return out
}

func diff(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestASYNC251MatchesRuff checks the fixtures against the findings ruff
// 0.17.4 reports on them (recorded with ../shared/bench/ruff-anchor).
func TestASYNC251MatchesRuff(t *testing.T) {
	res := run(t, []string{"../pyrules/sleep/testdata", "../../../testdata/python/noimport"}, Options{})
	const m = "ASYNC251 Async functions should not call `time.sleep`"
	want := []string{
		"flagged.py:8:5: " + m,
		"flagged.py:12:5: " + m,
		"flagged.py:16:5: " + m,
		"flagged.py:20:5: " + m,
		"flagged.py:25:5: " + m,
		"flagged.py:29:13: " + m,
		"flagged.py:34:9: " + m,
		"flagged.py:40:9: " + m,
		"flagged.py:44:11: " + m,
		"forms.py:17:11: " + m,
		"forms.py:18:23: " + m,
		"forms.py:19:9: " + m,
		"forms.py:25:13: " + m,
		"forms.py:28:9: " + m,
		"forms.py:31:10: " + m,
		"forms.py:32:10: " + m,
		"forms.py:33:10: " + m,
		"forms.py:34:11: " + m,
		"forms.py:35:23: " + m,
		"forms.py:36:34: " + m,
		"forms.py:37:15: " + m,
		"forms.py:40:13: " + m,
		"forms.py:44:9: " + m,
		"forms.py:46:9: " + m,
		"forms.py:48:9: " + m,
		"forms.py:50:5: " + m,
		"forms.py:55:5: " + m,
		"forms.py:71:6: " + m,
		"forms.py:72:5: " + m,
		"forms.py:73:5: " + m,
		"forms.py:74:5: " + m,
	}
	diff(t, lines(res, "../pyrules/sleep/testdata"), want)
}

func TestAL100(t *testing.T) {
	res := run(t, []string{"../../../testdata/python/al100"}, Options{})
	const retry = "(../../../testdata/python/al100/app/core/retry.py:5)"
	want := []string{
		"app/api/handlers.py:12:5: AL100 `get_session()` blocks the event loop: it calls `connect()` → `_retry()` → `backoff()` → `time.sleep` " + retry,
		"app/api/handlers.py:18:5: AL100 `reconnect()` blocks the event loop: it calls `connect()` → `_retry()` → `backoff()` → `time.sleep` " + retry,
		"app/api/handlers.py:22:5: AL100 `backoff()` blocks the event loop: it calls `time.sleep` " + retry,
		"app/api/handlers.py:23:5: AL100 `recursive()` blocks the event loop: it calls `time.sleep` (../../../testdata/python/al100/app/core/retry.py:11)",
		"app/api/handlers.py:27:5: AL100 `first()` blocks the event loop: it calls `second()` → `third()` → `connect()` → `_retry()` → `backoff()` → `time.sleep` " + retry,
		"app/api/handlers.py:47:5: AL100 `backoff()` blocks the event loop: it calls `time.sleep` " + retry,
		"app/api/handlers.py:55:9: AL100 `blocking()` blocks the event loop: it calls `backoff()` → `time.sleep` " + retry,
		"app/api/handlers.py:60:9: AL100 `local()` blocks the event loop: it calls `backoff()` → `time.sleep` " + retry,
	}
	diff(t, lines(res, "../../../testdata/python/al100"), want)

	states := map[string]finding.State{}
	for _, s := range res.Sites {
		states[fmt.Sprintf("%s:%d", filepath.Base(s.Path), s.Start.Line)] = s.State
	}
	wantStates := map[string]finding.State{
		"retry.py:5":  finding.ReachedFromAsync,
		"retry.py:11": finding.ReachedFromAsync,
		"retry.py:28": finding.Compat,
	}
	for k, v := range wantStates {
		if states[k] != v {
			t.Errorf("site %s: state %q, want %q (all: %v)", k, states[k], v, states)
		}
	}
}

func TestSitesStates(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "m.py", "import asyncio, time\n\nasync def a():\n    await asyncio.sleep(1)\n    time.sleep(1)\n    helper()\n\ndef helper():\n    time.sleep(1)\n\ndef idle():\n    time.sleep(1)\n\ndef twin():\n    time.sleep(1)\n\nasync def twin_async():\n    await asyncio.sleep(1)\n")
	res := run(t, []string{dir}, Options{})
	var got []string
	for _, s := range res.Sites {
		got = append(got, fmt.Sprintf("%d %s %s %s", s.Start.Line, s.Function, s.Callee, s.State))
	}
	diff(t, got, []string{
		"4 a asyncio.sleep async-safe",
		"5 a time.sleep in-async",
		"9 helper time.sleep reached-from-async",
		"12 idle time.sleep sync",
		"15 twin time.sleep compat",
		"18 twin_async asyncio.sleep async-safe",
	})
}

// TestSitesGuarded: a blocking call in a branch that every call from
// async code cannot run (its parameter left at a false default, here or
// two hops down) is not reached from async code, as check does not report
// it; the same call reached by a call that passes a true value is.
func TestSitesGuarded(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "m.py", `import time

async def a(x):
    helper()
    outer()
    both()
    both(debug=x)

def helper(debug=False):
    if debug:
        time.sleep(1)

def outer():
    inner()

def inner(interval=None):
    if interval is not None:
        time.sleep(interval)

def both(debug=False):
    if debug:
        time.sleep(1)
`)
	res := run(t, []string{dir}, Options{})
	var got []string
	for _, s := range res.Sites {
		got = append(got, fmt.Sprintf("%d %s %s %s", s.Start.Line, s.Function, s.Callee, s.State))
	}
	diff(t, got, []string{
		"11 helper time.sleep sync",
		"18 inner time.sleep sync",
		"22 both time.sleep reached-from-async",
	})
	diff(t, lines(res, dir), []string{
		"m.py:7:5: AL100 `both()` blocks the event loop: it calls `time.sleep` (" + dir + "/m.py:22)",
	})
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSuppressionsAndSelection(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "s.py", "import time\n\ndef h():\n    time.sleep(1)\n\nasync def f():\n"+
		"    time.sleep(1)  # asynclint: ignore[ASYNC251]\n"+
		"    time.sleep(1)  # noqa: AL100, ASYNC251\n"+
		"    time.sleep(1)  # noqa: E501\n"+
		"    h()  # asynclint: ignore[AL100]\n"+
		"    h()  # NOQA\n"+
		"    h()\n")
	tests := []struct {
		name string
		opts Options
		want []string
	}{
		{"all", Options{}, []string{"s.py:9:5: ASYNC251", "s.py:12:5: AL100"}},
		{"select AL", Options{Select: []string{"AL"}}, []string{"s.py:12:5: AL100"}},
		{"ignore ASYNC", Options{Ignore: []string{"ASYNC"}}, []string{"s.py:12:5: AL100"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, []string{dir}, tt.opts)
			var got []string
			for _, f := range res.Findings {
				got = append(got, fmt.Sprintf("%s:%d:%d: %s", filepath.Base(f.Path), f.Start.Line, f.Start.Col, f.Code))
			}
			diff(t, got, tt.want)
		})
	}
}

func TestExtraBlocking(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "x.py", "import mylib\n\ndef h():\n    mylib.wait_blocking()\n\nasync def f():\n    h()\n    mylib.wait_blocking()\n    mylib.fetch()\n    await mylib.wait_blocking()\n")
	res := run(t, []string{dir}, Options{Extra: []pyrules.Extra{{Name: "mylib.wait_blocking", Category: finding.Sleep}, {Name: "mylib.fetch", Category: finding.HTTP}}})
	got := lines(res, filepath.ToSlash(dir))
	diff(t, got, []string{
		"x.py:7:5: AL100 `h()` blocks the event loop: it calls `mylib.wait_blocking` (" + filepath.ToSlash(dir) + "/x.py:4)",
		"x.py:8:5: AL100 `mylib.wait_blocking()` blocks the event loop: `mylib.wait_blocking` is configured as blocking",
		"x.py:9:5: AL101 `mylib.fetch()` blocks the event loop: `mylib.fetch` is configured as blocking",
	})
	// The same question answered by the coverage sites: the direct call
	// is reported by the code check gives it.
	res = run(t, []string{dir}, Options{Extra: []pyrules.Extra{{Name: "mylib.wait_blocking", Category: finding.Sleep}}})
	var codes []string
	for _, s := range res.Sites {
		codes = append(codes, fmt.Sprintf("%d:%s:%s:%s", s.Start.Line, s.State, s.Category, s.Code))
	}
	diff(t, codes, []string{"4:reached-from-async:sleep:AL100", "8:in-async:sleep:AL100"})
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a_syntax.py", "import time\n\nasync def f():\n    time.sleep(1)\n\ndef g(:\n    pass\n")
	write(t, dir, "b_binary.py", "async\x00\x01\x02")
	write(t, dir, "c_latin1.py", "# caf\xe9\nasync def f(): pass\n")
	write(t, dir, "d_empty.py", "")
	big := strings.Repeat("def f(x):\n    return x + 1\n\n", 5<<20/28) + "import time\nasync def g():\n    time.sleep(1)\n"
	write(t, dir, "e_big.py", big)
	if err := os.Mkdir(filepath.Join(dir, "f_dir.py"), 0o755); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.py")
	res := run(t, []string{dir, missing, filepath.Join(dir, "f_dir.py", "")}, Options{})
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s:%d:%d: %s %s", filepath.Base(f.Path), f.Start.Line, f.Start.Col, f.Code, f.Message))
	}
	joined := strings.Join(got, "\n")
	for _, want := range []string{
		"a_syntax.py:4:5: ASYNC251",
		"a_syntax.py:6:7: E999 syntax error:",
		"b_binary.py:1:1: E902 binary file (it contains NUL bytes)",
		"c_latin1.py:1:1: E902 invalid UTF-8 at line 1",
		"e_big.py:" + fmt.Sprint(strings.Count(big, "\n")) + ":5: ASYNC251",
		"missing.py:1:1: E902 no such file or directory",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("missing %q in:\n%s", want, joined)
		}
	}
	if strings.Contains(joined, "d_empty.py") {
		t.Errorf("empty file reported:\n%s", joined)
	}
}

func TestSymlinkLoop(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "ok.py", "import time\nasync def f():\n    time.sleep(1)\n")
	if err := os.Symlink(dir, filepath.Join(dir, "loop")); err != nil {
		t.Skip(err)
	}
	res := run(t, []string{dir}, Options{})
	n := 0
	for _, f := range res.Findings {
		if f.Code == "ASYNC251" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("ASYNC251 findings = %d, want 1: %v", n, lines(res, dir))
	}
}

func TestCRLFAndBOMColumns(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "w.py", "\ufeffimport time\r\nasync def f():\r\n    x = \"\u00e9\u00e9\"; time.sleep(1)\r\n")
	res := run(t, []string{dir}, Options{})
	got := lines(res, filepath.ToSlash(dir))
	diff(t, got, []string{"w.py:3:15: ASYNC251 Async functions should not call `time.sleep`"})
}

// TestNoSites checks that skipping Sites changes no finding, and that a
// file with a sleep but no async code is parsed only when async code
// reaches it.
func TestNoSites(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "app/__init__.py", "")
	write(t, dir, "app/api.py", "from app.helpers import wait\n\nasync def handler():\n    wait()\n")
	write(t, dir, "app/helpers.py", "import time\n\ndef wait():\n    time.sleep(1)\n")
	write(t, dir, "app/idle.py", "import time\n\ndef idle():\n    time.sleep(1)\n")
	roots := [][]string{{dir}, {"../../../testdata/python"}, {"../../../testdata/example/python"}}
	for _, r := range roots {
		with := run(t, r, Options{})
		without := run(t, r, Options{NoSites: true})
		diff(t, lines(without, ""), lines(with, ""))
		if without.Sites != nil {
			t.Errorf("%s: NoSites still returned %d sites", r[0], len(without.Sites))
		}
		if len(with.Sites) == 0 {
			t.Errorf("%s: no sites without NoSites", r[0])
		}
	}
	res := run(t, []string{dir}, Options{NoSites: true})
	var parsed []string
	for _, m := range res.Project.Modules {
		parsed = append(parsed, filepath.Base(m.Path))
	}
	diff(t, parsed, []string{"api.py", "helpers.py"})
}

// TestCategoriesThroughHelpers: on the multi-module example each category
// is reached through sync helpers and reported with its code at the async
// call site, naming the blocking call at the end of the chain; functions
// handed to a thread or executor, lambdas run in a thread, awaited async
// helpers and path calls are not.
func TestCategoriesThroughHelpers(t *testing.T) {
	dir := "../../../testdata/python/categories"
	res := run(t, []string{dir}, Options{})
	got := lines(res, dir)
	app := dir + "/app"
	diff(t, got, []string{
		"app/handlers.py:11:5: AL101 `refresh()` blocks the event loop: it calls `fetch_profile()` → `requests.get` (" + app + "/net.py:6)",
		"app/handlers.py:12:5: AL101 `ping()` blocks the event loop: it calls `client.get` (" + app + "/net.py:11)",
		"app/handlers.py:13:5: AL102 `build()` blocks the event loop: it calls `subprocess.run` (" + app + "/procs.py:6)",
		"app/handlers.py:14:5: AL102 `reap()` blocks the event loop: it calls `os.waitpid` (" + app + "/procs.py:10)",
		"app/handlers.py:15:5: AL103 `load()` blocks the event loop: it calls `open` (" + app + "/store.py:6)",
		"app/handlers.py:16:5: AL103 `load_path()` blocks the event loop: it calls `pathlib.Path.open` (" + app + "/store.py:11)",
		"app/handlers.py:17:5: AL104 `ask()` blocks the event loop: it calls `input` (" + app + "/cli.py:2)",
		"app/handlers.py:18:5: AL100 `backoff()` blocks the event loop: it calls `time.sleep` (" + app + "/timing.py:5)",
		"app/net.py:16:12: ASYNC210 Async functions should not call blocking HTTP methods",
	})
	// Coverage sites carry their category; report counts them by it.
	cats := map[finding.Category]int{}
	for _, s := range res.Sites {
		cats[s.Category]++
	}
	want := map[finding.Category]int{finding.Sleep: 2, finding.HTTP: 3, finding.Subprocess: 2, finding.File: 2, finding.Input: 1}
	for c, n := range want {
		if cats[c] != n {
			t.Errorf("%d %s sites, want %d (all: %v)", cats[c], c, n, cats)
		}
	}
}

// TestOverlay checks that unsaved content replaces a file's for the whole
// analysis (AL100 across modules follows the overlay, not the disk), that
// an overlaid file not on disk is checked, and that nothing is written.
func TestOverlayAcrossModules(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "app/__init__.py", "")
	api := write(t, dir, "app/api.py", "from app.helpers import wait\n\nasync def handler():\n    wait()\n")
	helpers := write(t, dir, "app/helpers.py", "import time\n\ndef wait():\n    time.sleep(1)\n")
	codes := func(res *Result) []string {
		var out []string
		for _, f := range res.Findings {
			out = append(out, fmt.Sprintf("%s:%d: %s", filepath.Base(f.Path), f.Start.Line, f.Code))
		}
		return out
	}
	diff(t, codes(run(t, []string{dir}, Options{NoSites: true})), []string{"api.py:4: AL100"})

	// The helper no longer blocks in its unsaved buffer: no AL100.
	noSleep := []byte("import asyncio\n\ndef wait():\n    pass\n")
	diff(t, codes(run(t, []string{dir}, Options{NoSites: true, Overlay: map[string][]byte{helpers: noSleep}})), nil)

	// The caller's buffer adds a direct sleep; a new unsaved module is checked.
	newFile := filepath.Join(dir, "app", "new.py")
	overlay := map[string][]byte{
		api:     []byte("import time\nfrom app.helpers import wait\n\nasync def handler():\n    wait()\n    time.sleep(1)\n"),
		newFile: []byte("import time\n\nasync def f():\n    time.sleep(2)\n"),
	}
	diff(t, codes(run(t, []string{dir}, Options{NoSites: true, Overlay: overlay})), []string{"api.py:5: AL100", "api.py:6: ASYNC251", "new.py:4: ASYNC251"})
	if _, err := os.Stat(newFile); err == nil {
		t.Error("the overlay's new file was written to disk")
	}
	if src, _ := os.ReadFile(helpers); string(src) != "import time\n\ndef wait():\n    time.sleep(1)\n" {
		t.Errorf("helpers.py changed on disk: %q", src)
	}
}

// TestRootSuppression checks that `# asynclint: ignore[AL100]` on a
// blocking call or on a helper's def silences the async call sites that
// reach the blocking call only through that place, that sites with
// another chain are still reported (through the other chain), that
// `# noqa` at a call site still works, and that the silenced blocking call
// is still a site for the report.
func TestRootSuppression(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "helpers.py", "import time\n\n\n"+
		"def start_server():\n    time.sleep(5)  # asynclint: ignore[AL100] one-time server start\n\n\n"+ // 4-5
		"def quiet():  # asynclint: ignore[AL100] only called at startup\n    time.sleep(1)\n\n\n"+ // 8-9
		"def both():\n    start_server()\n    time.sleep(1)\n\n\n"+ // 12-14
		"def via_quiet():\n    quiet()\n\n\n"+ // 17-18
		"def noisy():\n    time.sleep(2)\n\n\n"+ // 21-22
		"def two_paths():\n    start_server()\n    noisy()\n") // 25-27
	write(t, dir, "app.py", "from helpers import both, noisy, quiet, start_server, two_paths, via_quiet\n\n\n"+
		"async def main():\n"+
		"    start_server()\n"+ // 5: silenced at the sleep
		"    quiet()\n"+ // 6: silenced at the def
		"    both()\n"+ // 7: its own sleep
		"    via_quiet()\n"+ // 8: silenced through quiet
		"    two_paths()\n"+ // 9: through noisy
		"    noisy()  # noqa: AL100\n") // 10: local suppression
	res := run(t, []string{dir}, Options{Select: []string{"AL100"}})
	got := lines(res, filepath.ToSlash(dir))
	base := filepath.ToSlash(dir) + "/"
	for i := range got {
		got[i] = strings.ReplaceAll(got[i], base, "")
	}
	diff(t, got, []string{
		"app.py:7:5: AL100 `both()` blocks the event loop: it calls `time.sleep` (helpers.py:14)",
		"app.py:9:5: AL100 `two_paths()` blocks the event loop: it calls `noisy()` → `time.sleep` (helpers.py:22)",
	})
	found := false
	for _, s := range res.Sites {
		if filepath.Base(s.Path) == "helpers.py" && s.Start.Line == 5 {
			found = true
		}
	}
	if !found {
		t.Errorf("the silenced sleep is no longer a site: %+v", res.Sites)
	}
}

// TestPackageRootImports: with a package's own directory given as the
// root, `import logging` in its modules is the standard library's, as
// Python 3 imports it, not the package's logging.py (which blocks); the
// package's modules are still found by their package names. A root that
// is no package keeps the names relative to it (a scripts folder).
func TestPackageRootImports(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "pkg/__init__.py", "")
	write(t, dir, "pkg/logging.py", "import time\n\ndef getLogger():\n    time.sleep(1)\n")
	write(t, dir, "pkg/app.py", "import logging\nfrom pkg.logging import getLogger as blocking\n\nasync def f():\n    logging.getLogger()\n\nasync def g():\n    blocking()\n")
	write(t, dir, "scripts/helper.py", "import time\n\ndef pause():\n    time.sleep(1)\n")
	write(t, dir, "scripts/tool.py", "import helper\n\nasync def main():\n    helper.pause()\n")
	res := run(t, []string{filepath.Join(dir, "pkg"), filepath.Join(dir, "scripts")}, Options{NoSites: true})
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s:%d %s", strings.TrimPrefix(filepath.ToSlash(f.Path), filepath.ToSlash(dir)+"/"), f.Start.Line, f.Code))
	}
	diff(t, got, []string{"pkg/app.py:8 AL100", "scripts/tool.py:4 AL100"})
}

// TestAmbiguousModules: two services checked together each have an `app`
// package. Which app.util an import means depends on what the running
// program puts on sys.path: in svcB/app/main.py (app.main from svcB) it
// is svcB's, in svcA's code svcA's, as when each service runs. Code under
// neither root (shared/client.py) cannot say: its call is not followed and
// the name is listed. Two script folders that each have a utils.py are
// read the same way, each run.py importing its own; a third folder's
// `import utils` is undecided without being listed (bare names are no
// package names). Each service checked on its own has the same findings.
func TestAmbiguousModules(t *testing.T) {
	dir := t.TempDir()
	for _, svc := range []string{"svcA", "svcB"} {
		write(t, dir, svc+"/app/__init__.py", "")
		write(t, dir, svc+"/app/main.py", "from app.util import helper\nfrom .util import helper as rel\n\nasync def handler():\n    helper()\n    rel()\n")
	}
	write(t, dir, "svcA/app/util.py", "import time\n\ndef helper():\n    time.sleep(1)\n")
	write(t, dir, "svcB/app/util.py", "def helper():\n    return 1\n")
	write(t, dir, "shared/client.py", "from app.util import helper\n\nasync def call():\n    helper()\n")
	write(t, dir, "tools/one/utils.py", "import time\n\ndef pause():\n    time.sleep(1)\n")
	write(t, dir, "tools/one/run.py", "import utils\n\nasync def main():\n    utils.pause()\n")
	write(t, dir, "tools/two/utils.py", "import time\n\ndef pause():\n    pass\n")
	write(t, dir, "tools/two/run.py", "import utils\n\nasync def main():\n    utils.pause()\n")
	write(t, dir, "tools/three/run.py", "import utils\n\nasync def main():\n    utils.pause()\n")
	// Beside a package of the same name, a module is not imported: no
	// ambiguity, and the package's blocking helper is followed.
	write(t, dir, "svcA/app/jobs.py", "async def unused():\n    pass\n\ndef run():\n    pass\n")
	write(t, dir, "svcA/app/jobs/__init__.py", "import time\n\ndef run():\n    time.sleep(1)\n")
	write(t, dir, "svcA/app/worker.py", "from app.jobs import run\n\nasync def work():\n    run()\n")
	res := run(t, []string{dir}, Options{NoSites: true})
	diff(t, lines(res, dir), []string{
		"svcA/app/main.py:5:5: AL100 `helper()` blocks the event loop: it calls `time.sleep` (" + filepath.Join(dir, "svcA") + "/app/util.py:4)",
		"svcA/app/main.py:6:5: AL100 `helper()` blocks the event loop: it calls `time.sleep` (" + filepath.Join(dir, "svcA") + "/app/util.py:4)",
		"svcA/app/worker.py:4:5: AL100 `run()` blocks the event loop: it calls `time.sleep` (" + filepath.Join(dir, "svcA") + "/app/jobs/__init__.py:4)",
		"tools/one/run.py:4:5: AL100 `pause()` blocks the event loop: it calls `time.sleep` (" + filepath.Join(dir, "tools/one") + "/utils.py:4)",
	})
	var amb []string
	for _, a := range res.Ambiguous {
		var ps []string
		for _, p := range a.Paths {
			ps = append(ps, strings.TrimPrefix(filepath.ToSlash(p), filepath.ToSlash(dir)+"/"))
		}
		amb = append(amb, a.Name+" "+strings.Join(ps, " "))
	}
	diff(t, amb, []string{"app svcA/app/__init__.py svcB/app/__init__.py", "app.util svcA/app/util.py svcB/app/util.py"})
	for svc, want := range map[string][]string{
		"svcA": {
			"app/main.py:5:5: AL100 `helper()` blocks the event loop: it calls `time.sleep` (" + filepath.Join(dir, "svcA") + "/app/util.py:4)",
			"app/main.py:6:5: AL100 `helper()` blocks the event loop: it calls `time.sleep` (" + filepath.Join(dir, "svcA") + "/app/util.py:4)",
			"app/worker.py:4:5: AL100 `run()` blocks the event loop: it calls `time.sleep` (" + filepath.Join(dir, "svcA") + "/app/jobs/__init__.py:4)",
		},
		"svcB":      nil,
		"tools/one": {"run.py:4:5: AL100 `pause()` blocks the event loop: it calls `time.sleep` (" + filepath.Join(dir, "tools/one") + "/utils.py:4)"},
	} {
		root := filepath.Join(dir, svc)
		res := run(t, []string{root}, Options{NoSites: true})
		diff(t, lines(res, root), want)
		if len(res.Ambiguous) != 0 {
			t.Errorf("%s alone: ambiguous %v", svc, res.Ambiguous)
		}
	}
	// One file however the roots spell it; an open buffer of a file the
	// walk leaves out (a virtualenv's copy of the package) is not added.
	venv := write(t, dir, "svcA/.venv/lib/python3.11/site-packages/app/util.py", "def helper():\n    return 1\n")
	write(t, dir, "svcA/.venv/lib/python3.11/site-packages/app/__init__.py", "")
	t.Chdir(dir)
	res = run(t, []string{"svcA", filepath.Join(dir, "svcA")}, Options{NoSites: true, Overlay: map[string][]byte{venv: []byte("def helper():\n    return 2\n")}})
	diff(t, lines(res, dir), []string{
		"svcA/app/main.py:5:5: AL100 `helper()` blocks the event loop: it calls `time.sleep` (svcA/app/util.py:4)",
		"svcA/app/main.py:6:5: AL100 `helper()` blocks the event loop: it calls `time.sleep` (svcA/app/util.py:4)",
		"svcA/app/worker.py:4:5: AL100 `run()` blocks the event loop: it calls `time.sleep` (svcA/app/jobs/__init__.py:4)",
	})
	if len(res.Ambiguous) != 0 {
		t.Errorf("svcA twice, with the virtualenv's copy open: ambiguous %v", res.Ambiguous)
	}
}

// TestAmbiguousModulesHome: names are read from the importer's home. A
// package `app` at the checked root does not hide svcA's own app.util from
// svcA's code (its absolute and relative imports, a module's calls of its
// own functions), nor from svcA's tests folder (no __init__.py: the
// nearest folder above it that has an app decides, as pytest with
// svcA/conftest.py has it); the root's app.jobs is not svcA's package's;
// roots spelled relative and absolute compare as the same folders; a
// package whose __init__.py extends its __path__ may lie in two folders.
func TestAmbiguousModulesHome(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "app/__init__.py", "")
	write(t, dir, "app/util.py", "def helper():\n    return 1\n")
	write(t, dir, "svcA/app/__init__.py", "")
	write(t, dir, "svcA/app/util.py", "import time\n\ndef helper():\n    time.sleep(1)\n\nasync def run():\n    helper()\n")
	write(t, dir, "svcA/app/main.py", "from app.util import helper\nfrom .util import helper as rel\n\nasync def handler():\n    helper()\n    rel()\n")
	write(t, dir, "tools/one/utils.py", "import time\n\ndef pause():\n    time.sleep(1)\n")
	write(t, dir, "tools/two/utils.py", "def pause():\n    pass\n")
	write(t, dir, "tools/one/run.py", "import utils\n\nasync def main():\n    utils.pause()\n")
	write(t, dir, "svcA/conftest.py", "")
	write(t, dir, "svcA/tests/test_x.py", "from app.util import helper\n\nasync def test_f():\n    helper()\n")
	write(t, dir, "app/jobs.py", "import time\n\ndef run():\n    time.sleep(1)\n")
	write(t, dir, "svcA/app/worker.py", "from app.jobs import run\nfrom .jobs import run as rel\n\nasync def work():\n    run()\n    rel()\n")
	res := run(t, []string{dir}, Options{NoSites: true})
	svcA := filepath.Join(dir, "svcA") + "/app/util.py:4)"
	diff(t, lines(res, dir), []string{
		"svcA/app/main.py:5:5: AL100 `helper()` blocks the event loop: it calls `time.sleep` (" + svcA,
		"svcA/app/main.py:6:5: AL100 `helper()` blocks the event loop: it calls `time.sleep` (" + svcA,
		"svcA/app/util.py:7:5: AL100 `helper()` blocks the event loop: it calls `time.sleep` (" + svcA,
		"svcA/tests/test_x.py:4:5: AL100 `helper()` blocks the event loop: it calls `time.sleep` (" + svcA,
		"tools/one/run.py:4:5: AL100 `pause()` blocks the event loop: it calls `time.sleep` (" + filepath.Join(dir, "tools/one") + "/utils.py:4)",
	})
	if len(res.Ambiguous) != 0 {
		t.Errorf("ambiguous %v, want none (every importer decided)", res.Ambiguous)
	}
	t.Chdir(dir)
	res = run(t, []string{filepath.Join(dir, "tools/one/run.py"), "tools"}, Options{NoSites: true})
	diff(t, lines(res, dir), []string{
		"tools/one/run.py:4:5: AL100 `pause()` blocks the event loop: it calls `time.sleep` (tools/one/utils.py:4)",
	})
	// Given svcA's worker.py alone beside the root's app (a file root, as
	// pre-commit passes the files of a commit): app.jobs is svcA's own
	// package's, not in the tree, and the root's app/jobs.py is not it.
	res = run(t, []string{"svcA/app/worker.py", "app"}, Options{NoSites: true})
	diff(t, lines(res, dir), nil)
	for _, lib := range []string{"libfoo", "libbar"} {
		write(t, dir, lib+"/company/__init__.py", "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n")
	}
	write(t, dir, "libfoo/company/foo/__init__.py", "")
	write(t, dir, "libfoo/company/foo/api.py", "from company.bar.util import helper\n\nasync def handler():\n    helper()\n")
	write(t, dir, "libbar/company/bar/__init__.py", "")
	write(t, dir, "libbar/company/bar/util.py", "import time\n\ndef helper():\n    time.sleep(1)\n")
	res = run(t, []string{"libfoo", "libbar"}, Options{NoSites: true})
	diff(t, lines(res, dir), []string{
		"libfoo/company/foo/api.py:4:5: AL100 `helper()` blocks the event loop: it calls `time.sleep` (libbar/company/bar/util.py:4)",
	})
}

// TestSitesOnce: a module imported by two of its names (`helpers` and
// `tools.helpers`) is loaded once, so its blocking site is counted once.
func TestSitesOnce(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "tools/helpers.py", "import time\n\ndef wait():\n    time.sleep(1)\n")
	write(t, dir, "tools/run.py", "import helpers\nimport tools.helpers\n\nasync def main():\n    helpers.wait()\n    tools.helpers.wait()\n")
	res := run(t, []string{dir}, Options{})
	var got []string
	for _, s := range res.Sites {
		got = append(got, fmt.Sprintf("%s:%d %s", strings.TrimPrefix(s.Path, dir+"/"), s.Start.Line, s.Callee))
	}
	diff(t, got, []string{"tools/helpers.py:4 time.sleep"})
}

// TestKeysFindEverySpelling: a blocking call is a site however its name
// was imported (a from-import, an alias) or bound (a module's httpx
// client), in a file with no async code and in a sync def of a file with
// some: the prefilter's keys hold for every spelling (`from os import
// wait` then `wait()` holds none of "os.wait", "waitpid", "waitid",
// "wait3", "wait4": the keys once were those), and no body is left
// unmodelled for holding none (a def whose text held no key was once left
// out: `nap(1)` was no site).
func TestKeysFindEverySpelling(t *testing.T) {
	calls := map[string]string{
		"from os import wait":                    "wait()",
		"from os import wait as reap":            "reap()",
		"import os as o":                         "o.waitpid(1, 0)",
		"from os import system":                  "system('ls')",
		"from os import posix_spawn as ps":       "ps('ls', [], {})",
		"from subprocess import Popen as P":      "P(['ls'])",
		"from time import sleep as nap":          "nap(1)",
		"from requests import get as fetch":      "fetch('u')",
		"from urllib.request import urlopen":     "urlopen('u')",
		"from io import open as o":               "o('f')",
		"from builtins import input as ask":      "ask()",
		"import httpx as h":                      "h.get('u')",
		"from os import popen as run_command":    "run_command('ls')",
		"import httpx\nclient = httpx.Client()":  "client.get('u')",
		"from httpx import Client\nc = Client()": "c.post('u')",
	}
	dir := t.TempDir()
	var want []string
	imports := map[string]string{} // each file's imports, for the messages
	i := 0
	for imp, call := range calls {
		i++
		sync, mixed := fmt.Sprintf("s%02d.py", i), fmt.Sprintf("m%02d.py", i)
		write(t, dir, sync, fmt.Sprintf("%s\n\ndef f():\n    %s\n", imp, call))
		write(t, dir, mixed, fmt.Sprintf("%s\n\nasync def g():\n    pass\n\ndef f():\n    %s\n", imp, call))
		imports[sync], imports[mixed] = imp, imp
		line := strings.Count(imp, "\n") + 4
		want = append(want, fmt.Sprintf("%s:%d (%s)", sync, line, imp), fmt.Sprintf("%s:%d (%s)", mixed, line+3, imp))
	}
	res := run(t, []string{dir}, Options{})
	var got []string
	for _, s := range res.Sites {
		name := filepath.Base(s.Path)
		got = append(got, fmt.Sprintf("%s:%d (%s)", name, s.Start.Line, imports[name]))
	}
	sort.Strings(got)
	sort.Strings(want)
	diff(t, got, want)
}

// TestAL100SameNames: a chain through two functions of one name (a method
// calling the module's function) names them qualified, so the message
// does not read as a function calling itself; other chains keep the short
// names.
func TestAL100SameNames(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "m.py", "import time\n\n\ndef save():\n    time.sleep(1)\n\n\nclass Store:\n    def save(self):\n        save()\n\n\n"+
		"def flush():\n    save()\n\n\nasync def handler(s: Store):\n    s.save()\n    flush()\n")
	res := run(t, []string{dir}, Options{})
	diff(t, lines(res, dir), []string{
		"m.py:18:5: AL100 `Store.save()` blocks the event loop: it calls `save()` → `time.sleep` (" + dir + "/m.py:5)",
		"m.py:19:5: AL100 `flush()` blocks the event loop: it calls `save()` → `time.sleep` (" + dir + "/m.py:5)",
	})
}
