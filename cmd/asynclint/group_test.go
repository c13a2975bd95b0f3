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
	want := []string{
		fmt.Sprintf("helpers.py:9:5: AL100 blocking sleep: `time.sleep`, reached from %d call sites:", n),
		"    app.py:4:5: `pause()` blocks the event loop: it calls `wait()` → `time.sleep` (helpers.py:9)",
		"    app.py:7:5: `pause()` blocks the event loop: it calls `wait()` → `time.sleep` (helpers.py:9)",
		"    app.py:10:5: `pause()` blocks the event loop: it calls `wait()` → `time.sleep` (helpers.py:9)",
		fmt.Sprintf("    ... and %d more (--show-all lists every site)", n-3),
		fmt.Sprintf("app.py:%d:5: AL100 `once()` blocks the event loop: it calls `time.sleep` (app.py:%d)", 3*n+4, 3*n+9),
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
	var rep struct {
		Findings []struct {
			Path    string `json:"filename"`
			Related []struct {
				Path     string             `json:"filename"`
				Location struct{ Line int } `json:"location"`
				Message  string             `json:"message"`
			} `json:"related"`
		} `json:"findings"`
	}
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
