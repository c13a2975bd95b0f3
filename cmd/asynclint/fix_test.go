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
