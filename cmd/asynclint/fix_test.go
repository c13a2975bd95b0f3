package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestFixPreviewExitCodes checks that --diff and --dry-run exit 1 when
// there is something to change and write nothing, that a clean tree exits
// 0, and that AL100 findings left for lack of --twins are pointed out.
func TestFixPreviewExitCodes(t *testing.T) {
	const helper = "import time\n\n\ndef pause():\n    time.sleep(1)\n\n\nasync def run():\n    pause()\n"
	const direct = "import time\n\n\nasync def f():\n    time.sleep(1)\n"
	const clean = "import asyncio\n\n\nasync def f():\n    await asyncio.sleep(1)\n"
	for _, tc := range []struct {
		name     string
		src      string
		args     []string
		code     int
		stdout   string // a substring of the output, "" for none
		twinHint bool
	}{
		{"diff with changes", direct, []string{"--diff"}, exitFindings, "+    await asyncio.sleep(1)", false},
		{"dry-run with changes", direct, []string{"--dry-run"}, exitFindings, "would fix a.py (", false},
		{"diff on a clean file", clean, []string{"--diff"}, exitClean, "", false},
		{"dry-run on a clean file", clean, []string{"--dry-run"}, exitClean, "", false},
		{"dry-run of AL100 without --twins", helper, []string{"--dry-run"}, exitClean, "", true},
		{"dry-run of AL100 with --twins", helper, []string{"--dry-run", "--twins"}, exitFindings, "would fix a.py (", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, map[string]string{"a.py": tc.src})
			t.Chdir(dir)
			var out, errb bytes.Buffer
			if code := run(append([]string{"fix", "--no-config"}, append(tc.args, ".")...), &out, &errb); code != tc.code {
				t.Errorf("exit %d, want %d\n%s", code, tc.code, errb.String())
			}
			if tc.stdout == "" && out.Len() > 0 || !strings.Contains(out.String(), tc.stdout) {
				t.Errorf("stdout %q, want %q", out.String(), tc.stdout)
			}
			if got := strings.Contains(errb.String(), "not rewritten without --twins"); got != tc.twinHint {
				t.Errorf("--twins hint shown: %v, want %v\n%s", got, tc.twinHint, errb.String())
			}
			if got, _ := os.ReadFile("a.py"); string(got) != tc.src {
				t.Errorf("a preview wrote the file:\n%s", got)
			}
		})
	}
}

// TestFixNamesUnreadable: fix names a path that does not exist and a file
// it cannot read, as check does, and exits 1 for them, writing nothing.
func TestFixNamesUnreadable(t *testing.T) {
	const lat = "# coding: latin-1\nimport time\n\n\nasync def f():\n    time.sleep(1)  # \xe9\n"
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"lat.py": lat})
	t.Chdir(dir)
	for _, tc := range []struct{ arg, want string }{
		{"nope", "nope:1:1: E902 no such file or directory"},
		{"lat.py", "lat.py:1:1: E902 invalid UTF-8"},
	} {
		for _, mode := range []string{"--diff", "--dry-run", "--twins"} {
			var out, errb bytes.Buffer
			if code := run([]string{"fix", "--no-config", mode, tc.arg}, &out, &errb); code != exitFindings || !strings.Contains(errb.String(), tc.want) {
				t.Errorf("fix %s %s: exit %d, want %d naming %q\n%s", mode, tc.arg, code, exitFindings, tc.want, errb.String())
			}
		}
	}
	if got, _ := os.ReadFile("lat.py"); string(got) != lat {
		t.Errorf("lat.py was written:\n%q", got)
	}
}

// TestFixSkipsFilesOutside: a symlink to a file outside the tree is
// checked but not rewritten: fix names it as manual and fixes the rest.
func TestFixSkipsFilesOutside(t *testing.T) {
	const src = "import time\n\n\nasync def f():\n    time.sleep(1)\n"
	dir, outside := t.TempDir(), t.TempDir()
	writeTree(t, dir, map[string]string{"own.py": src})
	writeTree(t, outside, map[string]string{"ext.py": src})
	if err := os.Symlink(outside+"/ext.py", dir+"/link.py"); err != nil {
		t.Skipf("symlinks unsupported: %v", err)
	}
	t.Chdir(dir)
	var out, errb bytes.Buffer
	if code := run([]string{"fix", "--no-config", "."}, &out, &errb); code != exitFindings {
		t.Errorf("exit %d, want %d\n%s", code, exitFindings, errb.String())
	}
	if !strings.Contains(errb.String(), "link.py:5:5: ASYNC251 manual: the file lies outside the paths given") {
		t.Errorf("link.py not named as manual:\n%s", errb.String())
	}
	if got, _ := os.ReadFile("own.py"); !strings.Contains(string(got), "await asyncio.sleep(1)") {
		t.Errorf("own.py not fixed:\n%s", got)
	}
	if got, _ := os.ReadFile(outside + "/ext.py"); string(got) != src {
		t.Errorf("the file outside was written:\n%s", got)
	}
}

// TestFixListsOtherCategories: fix names every blocking call site it does
// not rewrite: a direct blocking HTTP call in an async function (no
// one-to-one async form) as manual, and an AL101 helper call as needing
// --twins, which then moves the helper's request to a thread in its twin.
func TestFixListsOtherCategories(t *testing.T) {
	const src = "import requests\n\n\ndef fetch(u):\n    r = requests.get(u)\n    return r\n\n\nasync def main():\n    requests.post(\"u\")\n    fetch(\"u\")\n"
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.py": src})
	t.Chdir(dir)
	var out, errb bytes.Buffer
	if code := run([]string{"fix", "--no-config", "a.py"}, &out, &errb); code != exitFindings {
		t.Errorf("fix: exit %d, want %d\n%s", code, exitFindings, errb.String())
	}
	for _, want := range []string{
		"a.py:10:5: ASYNC210 manual: a blocking http call in an async function has no one-to-one async form",
		"1 AL1xx finding not rewritten without --twins",
		"0 sites in 0 files; 1 left as manual",
	} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("fix stderr lacks %q:\n%s", want, errb.String())
		}
	}
	errb.Reset()
	if code := run([]string{"fix", "--no-config", "--twins", "a.py"}, &out, &errb); code != exitFindings {
		t.Errorf("fix --twins: exit %d, want %d (ASYNC210 is left)\n%s", code, exitFindings, errb.String())
	}
	got, _ := os.ReadFile("a.py")
	for _, want := range []string{"async def fetch_async(u):\n    r = await asyncio.to_thread(requests.get, u)\n", "    await fetch_async(\"u\")\n"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("fix --twins wrote no %q:\n%s", want, got)
		}
	}
}

// TestFixConfiguredBlockingDirect: a configured extra-blocking function
// called directly in an async function is listed as manual for what it
// is, with or without --twins, and is not counted among the findings that
// only --twins rewrites (the helper reaching one is).
func TestFixConfiguredBlockingDirect(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		".asynclint.toml": "extra-blocking = [\"mylib.fetch_sync:http\", \"mylib.wait_blocking\"]\n",
		"m.py":            "import mylib\n\ndef helper():\n    mylib.wait_blocking()\n\nasync def main():\n    mylib.fetch_sync()\n    helper()\n",
	})
	t.Chdir(dir)
	const want = "m.py:7:5: AL101 manual: a configured blocking (http) function called directly in an async function"
	for _, args := range [][]string{{"fix", "--diff", "."}, {"fix", "--twins", "--diff", "."}} {
		var out, errb bytes.Buffer
		run(args, &out, &errb)
		if !strings.Contains(errb.String(), want) {
			t.Errorf("%v: stderr %q, want %q", args, errb.String(), want)
		}
		if twins := len(args) == 4; !twins && !strings.Contains(errb.String(), "1 AL1xx finding not rewritten without --twins") {
			t.Errorf("%v: stderr %q, want one finding for --twins", args, errb.String())
		}
	}
}

// TestFixTwinNameKeyword: a twin-name that makes a keyword of a helper's
// name (a{name} of wait is await) leaves the site manual with why, and
// writes nothing: the twin would not parse.
func TestFixTwinNameKeyword(t *testing.T) {
	dir := t.TempDir()
	helper := "import time\n\n\ndef wait():\n    time.sleep(1)\n"
	writeTree(t, dir, map[string]string{
		".asynclint.toml": "twin-name = \"a{name}\"\n",
		"helper.py":       helper,
		"main.py":         "from helper import wait\n\n\nasync def main():\n    wait()\n",
	})
	t.Chdir(dir)
	var out, errb bytes.Buffer
	code := run([]string{"fix", "--twins", "--no-cache", "--lang", "python", "."}, &out, &errb)
	if code != exitFindings || !strings.Contains(errb.String(), `AL100 manual: the twin's name "await" (twin-name) is a Python keyword`) {
		t.Errorf("fix --twins: exit %d, want 1 and the site manual:\n%s%s", code, out.String(), errb.String())
	}
	if data, _ := os.ReadFile("helper.py"); string(data) != helper {
		t.Errorf("helper.py rewritten:\n%s", data)
	}
}
