package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestExampleThreePhases runs the migration's three phases on a copy of the
// Python example: the report ranks the roots before (backoff_pause first,
// with the three call sites it makes blocking), fix --twins --deprecate
// --all-blocking adds twins and refuses the nested thread target, the
// report lists the compat functions with their uses, fix --prune removes the
// sync versions nothing uses and keeps the others naming a use, the result
// compiles and runs without a DeprecationWarning turned error, and a second
// prune changes nothing.
func TestExampleThreePhases(t *testing.T) {
	dir := t.TempDir()
	copyExample(t, dir)
	py := filepath.Join(dir, "python")
	t.Chdir(py)
	var before struct {
		Roots []struct {
			Function  string   `json:"function"`
			CallSites int      `json:"call_sites"`
			Category  string   `json:"category"`
			Functions []string `json:"functions"`
		} `json:"roots"`
	}
	out, _, _ := cli("report", "--format", "json", ".")
	if err := json.Unmarshal([]byte(out), &before); err != nil {
		t.Fatal(err)
	}
	if len(before.Roots) == 0 || before.Roots[0].Function != "backoff_pause" || before.Roots[0].CallSites != 3 ||
		strings.Join(before.Roots[0].Functions, ",") != "checkpoint,prepare_batch" {
		t.Errorf("roots before: %+v", before.Roots)
	}

	_, errs, code := cli("fix", "--twins", "--deprecate", "--all-blocking", ".")
	if code == exitError {
		t.Fatalf("fix: %s", errs)
	}
	if !strings.Contains(errs, "src/core/async_api_client.py:37:13: refused: no twin for AsyncAPIClient.request_later.pause: it is nested") {
		t.Errorf("fix did not list the refused nested function:\n%s", errs)
	}
	src, err := os.ReadFile(filepath.Join(py, "src/core/tool_factory.py"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(src, []byte("async def legacy_bootstrap_async(")) {
		t.Errorf("--all-blocking gave legacy_bootstrap, which no async code reaches, no twin")
	}

	var mid struct {
		Compat []struct {
			Function     string            `json:"function"`
			SyncCallers  []json.RawMessage `json:"sync_callers"`
			AsyncCallers []json.RawMessage `json:"async_callers"`
			References   []struct {
				Kind string `json:"kind"`
			} `json:"references"`
		} `json:"compat"`
	}
	out, _, _ = cli("report", "--format", "json", ".")
	if err := json.Unmarshal([]byte(out), &mid); err != nil {
		t.Fatal(err)
	}
	compat := map[string]string{}
	for _, c := range mid.Compat {
		var kinds []string
		for _, r := range c.References {
			kinds = append(kinds, r.Kind)
		}
		compat[c.Function] = strings.Join(kinds, ",")
		if c.Function == "backoff_pause" && len(c.SyncCallers) != 1 {
			t.Errorf("backoff_pause: %d sync callers, want 1 (checkpoint)", len(c.SyncCallers))
		}
	}
	if compat["prepare_batch"] != "import,value,value" || compat["Neo4jManager._warm_up"] != "value" {
		t.Errorf("compat references: %v", compat)
	}

	_, errs, code = cli("fix", "--prune", ".")
	if code != exitClean {
		t.Fatalf("prune exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"removed src/core/api_rate_limiter.py:40 APIRateLimiter.throttle (its async twin throttle_async stays)",
		"removed src/core/neo4j_manager.py:67 Neo4jManager._wait_for_pool",
		"kept src/core/tool_factory.py:17 prepare_batch: referenced as a value by src/services/ingest_service.py:17 ingest_in_thread",
		"kept src/core/error_handler.py:16 backoff_pause: called by src/core/error_tracker.py:16 checkpoint",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("prune output lacks %q:\n%s", want, errs)
		}
	}
	src, _ = os.ReadFile(filepath.Join(py, "src/core/api_rate_limiter.py"))
	if bytes.Contains(src, []byte("def throttle(")) || bytes.Contains(src, []byte("import warnings")) {
		t.Errorf("throttle or its warnings import left:\n%s", src)
	}
	_, errs, code = cli("fix", "--prune", "--dry-run", ".")
	if code != exitClean || !strings.Contains(errs, "Would remove 0 sync functions in 0 files") {
		t.Errorf("second prune (exit %d) would change something:\n%s", code, errs)
	}
	if python, err := exec.LookPath("python3"); err == nil {
		cmd := exec.Command(python, "-W", "error::DeprecationWarning", "demo_driver.py", "3", "--seconds-only")
		cmd.Dir = py
		cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("the pruned example does not run: %v\n%s", err, msg)
		}
	}
}

func TestPruneFlags(t *testing.T) {
	for _, args := range [][]string{
		{"fix", "--prune", "--twins", "."},
		{"fix", "--prune-public", "."},
		{"fix", "--all-blocking", "."},
	} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != exitError {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestPruneDirectoryCountsTheProject: a directory given (`fix --prune
// src`, the README's step 7) is checked as part of the project holding
// it, as a file given is: a sync function that the project's tests still
// call is kept, as `fix --prune src/app/db.py` keeps it, and report's
// compat list names that use.
func TestPruneDirectoryCountsTheProject(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"pyproject.toml":      "[project]\nname = \"app\"\n",
		"src/app/__init__.py": "",
		"src/app/db.py":       "import asyncio\nimport time\n\n\ndef connect():\n    time.sleep(1)\n\n\nasync def connect_async():\n    await asyncio.sleep(1)\n",
		"tests/test_db.py":    "from app.db import connect\n\n\ndef test_connect():\n    connect()\n",
	})
	t.Chdir(dir)
	const kept = "kept src/app/db.py:5 connect: called by tests/test_db.py:5 test_connect"
	for _, target := range []string{"src/app/db.py", "src", "src/app"} {
		out, errs, code := cli("fix", "--prune", "--diff", "--no-cache", target)
		if code != exitClean || out != "" || !strings.Contains(errs, kept) {
			t.Errorf("fix --prune --diff %s: exit %d, want connect kept for its test:\n%s%s", target, code, out, errs)
		}
	}
	out, errs, code := cli("report", "--no-cache", "src")
	if code != exitClean || !strings.Contains(out, "sync call by tests/test_db.py:5 test_connect") || strings.Contains(out, "no use left") {
		t.Errorf("report src: exit %d, want connect's use by the test:\n%s%s", code, out, errs)
	}
	if got, err := os.ReadFile("src/app/db.py"); err != nil || !bytes.Contains(got, []byte("def connect():")) {
		t.Errorf("src/app/db.py after --diff runs: %s %v", got, err)
	}
}

// TestExcludeInSubdirectory: the configuration's exclude patterns are
// relative to its file, whatever folder is checked: `check pkg` keeps
// pkg/gen_helper.py out of its walk as `check .` does (no call followed
// into it, not counted as checked), so each says the same of pkg/app.py.
func TestExcludeInSubdirectory(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"pyproject.toml":    "[tool.asynclint]\nexclude = [\"pkg/gen_*.py\"]\n",
		"pkg/__init__.py":   "",
		"pkg/app.py":        "from pkg.gen_helper import helper\n\n\nasync def main():\n    helper()\n",
		"pkg/gen_helper.py": "import time\n\n\ndef helper():\n    time.sleep(1)\n",
	})
	t.Chdir(dir)
	for _, target := range []string{".", "pkg", "pkg/app.py"} {
		var outb, errb bytes.Buffer
		code := run([]string{"check", "--no-cache", target}, &outb, &errb)
		out, errs := outb.String(), errb.String()
		if code != exitClean || strings.Contains(errs, "3 files") {
			t.Errorf("check %s: exit %d, want clean, the excluded helper not followed nor counted:\n%s%s", target, code, out, errs)
		}
	}
}
