package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestTextGroupsByRoot checks that one helper reached from hundreds of
// async call sites is one text entry naming the blocking call and the
// number of sites, that --show-all lists every site, and that JSON keeps
// one finding per site with the whole chain in related (the blocking call
// last).
func TestTextGroupsByRoot(t *testing.T) {
	const n = 300
	dir := t.TempDir()
	var app strings.Builder
	app.WriteString("from helpers import pause\n\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&app, "async def handler_%d():\n    pause()\n\n", i)
	}
	app.WriteString("async def other():\n    once()\n\n\ndef once():\n    import time\n    time.sleep(2)\n")
	writeTree(t, dir, map[string]string{
		"helpers.py": "import time\n\n\ndef pause():\n    wait()\n\n\ndef wait():\n    time.sleep(1)\n",
		"app.py":     app.String(),
	})
	t.Chdir(dir)

	var out, errb bytes.Buffer
	if code := run([]string{"check", "--no-config", "--select", "AL100", "."}, &out, &errb); code != exitFindings {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	// Entries are in path order: the group sits at its root, helpers.py,
	// after app.py's ungrouped finding.
	want := []string{
		fmt.Sprintf("app.py:%d:5: AL100 `once()` blocks the event loop: it calls `time.sleep` (app.py:%d)", 3*n+4, 3*n+9),
		fmt.Sprintf("helpers.py:9:5: AL100 blocking sleep: `time.sleep`, reached from %d call sites:", n),
		"    app.py:4:5: `pause()` blocks the event loop: it calls `wait()` → `time.sleep` (helpers.py:9)",
		"    app.py:7:5: `pause()` blocks the event loop: it calls `wait()` → `time.sleep` (helpers.py:9)",
		"    app.py:10:5: `pause()` blocks the event loop: it calls `wait()` → `time.sleep` (helpers.py:9)",
		fmt.Sprintf("    ... and %d more (--show-all lists every site)", n-3),
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("text:\n%s\nwant:\n%s", out.String(), strings.Join(want, "\n"))
	}

	out.Reset()
	run([]string{"check", "--no-config", "--select", "AL100", "--show-all", "."}, &out, &errb)
	if got := strings.Count(out.String(), "\n"); got != n+1 {
		t.Errorf("--show-all: %d lines, want %d", got, n+1)
	}

	out.Reset()
	run([]string{"check", "--no-config", "--select", "AL100", "--format", "json", "."}, &out, &errb)
	var rep jsonChains
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != n+1 {
		t.Fatalf("JSON findings = %d, want %d", len(rep.Findings), n+1)
	}
	rel := rep.Findings[0].Related
	if len(rel) != 2 || rel[0].Path != "helpers.py" || rel[0].Location.Line != 5 || rel[0].Message != "calls `wait()`" ||
		rel[1].Location.Line != 9 || rel[1].Message != "blocking sleep: `time.sleep`" {
		t.Errorf("related = %+v", rel)
	}
}

// TestTextGroupsGoChains checks that the Go rules whose findings carry a
// chain (AL201, and AL202 through a helper) are grouped in the text output
// by the blocking call the chain ends in, while JSON keeps one finding per
// call site with the chain in related, the blocking call last.
func TestTextGroupsGoChains(t *testing.T) {
	dir := t.TempDir()
	var app strings.Builder
	app.WriteString("package app\n\nimport (\n\t\"context\"\n\n\t\"example.com/dep\"\n\t\"example.com/m/lib\"\n)\n")
	for i := 0; i < 4; i++ {
		fmt.Fprintf(&app, "\nfunc Handle%d(ctx context.Context) {\n\tlib.Pause()\n\t_, _ = lib.Fetch()\n}\n", i)
	}
	// A dependency (another module) that ignores a context inside: not
	// reported, the user cannot change it.
	app.WriteString("\nfunc Dep(ctx context.Context) { dep.Fetch() }\n")
	writeTree(t, dir, map[string]string{
		"go.mod":     "module example.com/m\n\ngo 1.22\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ./dep\n",
		"dep/go.mod": "module example.com/dep\n\ngo 1.22\n",
		"dep/dep.go": "package dep\n\nimport \"net/http\"\n\nfunc Fetch() { http.Get(\"http://example.com\") }\n",
		"lib/lib.go": "package lib\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\n" +
			"func Pause() { wait() }\n\nfunc wait() { time.Sleep(time.Second) }\n\n" +
			"func Fetch() (*http.Response, error) { return http.Get(\"http://example.com\") }\n",
		"app/app.go": app.String(),
	})
	t.Chdir(dir)

	var out, errb bytes.Buffer
	if code := run([]string{"check", "--no-config", "--select", "AL201,AL202", "./..."}, &out, &errb); code != exitFindings {
		t.Fatalf("exit %d: %s%s", code, out.String(), errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{
		"lib/lib.go:10:15: AL201 blocking call: time.Sleep, reached from 4 call sites:",
		"    app/app.go:11:2: lib.Pause blocks and ignores cancellation of ctx: it calls wait, which calls time.Sleep (lib/lib.go:10)",
		"    app/app.go:16:2: lib.Pause blocks and ignores cancellation of ctx: it calls wait, which calls time.Sleep (lib/lib.go:10)",
		"    app/app.go:21:2: lib.Pause blocks and ignores cancellation of ctx: it calls wait, which calls time.Sleep (lib/lib.go:10)",
		"    ... and 1 more (--show-all lists every site)",
		"lib/lib.go:12:47: AL202 ignores the context: http.Get, reached from 4 call sites:",
		"    app/app.go:12:9: lib.Fetch ignores cancellation of ctx: it calls http.Get (lib/lib.go:12), which has a context variant: http.NewRequestWithContext(ctx, ...) and (*http.Client).Do",
	}
	if len(lines) < len(want) || strings.Join(lines[:len(want)], "\n") != strings.Join(want, "\n") {
		t.Errorf("text:\n%s\nwant first:\n%s", out.String(), strings.Join(want, "\n"))
	}
	if strings.Contains(out.String(), "dep.Fetch") {
		t.Errorf("a dependency's inner call is reported:\n%s", out.String())
	}

	out.Reset()
	run([]string{"check", "--no-config", "--select", "AL201,AL202", "--format", "json", "./..."}, &out, &errb)
	var rep jsonChains
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 8 {
		t.Fatalf("JSON findings = %d, want 8 (one per call site)", len(rep.Findings))
	}
	for _, f := range rep.Findings {
		rel := f.Related
		switch {
		case f.Code == "AL201" && (len(rel) != 2 || rel[0].Path != "lib/lib.go" || rel[0].Location.Line != 8 || rel[0].Message != "calls wait" ||
			rel[1].Location.Line != 10 || rel[1].Message != "blocking call: time.Sleep"):
			t.Errorf("AL201 related = %+v", rel)
		case f.Code == "AL202" && (len(rel) != 1 || rel[0].Location.Line != 12 || rel[0].Message != "ignores the context: http.Get"):
			t.Errorf("AL202 related = %+v", rel)
		}
	}
}

// jsonChains is the part of `check --format json` the grouping tests read:
// each finding's code, path and chain.
type jsonChains struct {
	Findings []struct {
		Code    string `json:"code"`
		Path    string `json:"filename"`
		Related []struct {
			Path     string             `json:"filename"`
			Location struct{ Line int } `json:"location"`
			Message  string             `json:"message"`
		} `json:"related"`
	} `json:"findings"`
}

// TestReportRootsMatchCheck checks that `report` ranks the blocking roots
// with the counts `check` groups them by: a call site whose callee reaches
// two blocking calls counts for both roots (it has a finding for each),
// and two opens in one function are two roots.
func TestReportRootsMatchCheck(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"store.py": "import time\n\n\nclass Store:\n    def __init__(self, a, b):\n        self.load(a, b)\n        pause()\n\n" +
			"    def load(self, a, b):\n        open(a)\n        open(b)\n\n\ndef pause():\n    time.sleep(1)\n",
		"app.py": "from store import Store, pause\n\n\nasync def one():\n    Store('x', 'y')\n\n\nasync def two():\n    Store('x', 'y')\n    pause()\n",
	})
	t.Chdir(dir)

	out, errb, code := cli("check", "--show-all", ".")
	if code != exitFindings {
		t.Fatalf("check: exit %d: %s", code, errb)
	}
	fromCheck := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		// One line a site: group them by the root named at the end.
		if i := strings.LastIndex(l, " ("); i > 0 && strings.HasSuffix(l, ")") {
			code := strings.Fields(l)[1]
			fromCheck[code+" "+l[i+2:len(l)-1]]++
		}
	}

	out, errb, code = cli("report", "--format", "json", "--category", "all", ".")
	if code != exitClean {
		t.Fatalf("report: exit %d: %s", code, errb)
	}
	var rep struct {
		Roots []struct {
			Code      string `json:"code"`
			Path      string `json:"path"`
			Line      int    `json:"line"`
			Function  string `json:"function"`
			CallSites int    `json:"call_sites"`
		} `json:"roots"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	fromReport := map[string]int{}
	var got []string
	for _, r := range rep.Roots {
		fromReport[fmt.Sprintf("%s %s:%d", r.Code, r.Path, r.Line)] = r.CallSites
		got = append(got, fmt.Sprintf("%s %s:%d %s %d", r.Code, r.Path, r.Line, r.Function, r.CallSites))
	}
	want := []string{
		"AL100 store.py:15 pause 3",
		"AL103 store.py:10 Store.load 2",
		"AL103 store.py:11 Store.load 2",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("report roots:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if fmt.Sprint(fromCheck) != fmt.Sprint(fromReport) {
		t.Errorf("check groups %v, report roots %v", fromCheck, fromReport)
	}
}
