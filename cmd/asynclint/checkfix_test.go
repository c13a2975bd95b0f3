package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/textedit"
)

// TestCheckShowsFix: `check --format json` and SARIF carry ASYNC251's fix,
// and the JSON fix applied gives the file `fix` writes (one answer).
func TestCheckShowsFix(t *testing.T) {
	dir := t.TempDir()
	const src = "import time\n\n\nasync def f():\n    time.sleep(1)\n"
	writeTree(t, dir, map[string]string{"a.py": src})
	t.Chdir(dir)
	var out, errb bytes.Buffer
	if code := run([]string{"check", "--no-config", "--format", "json", "a.py"}, &out, &errb); code != exitFindings {
		t.Fatalf("check: exit %d: %s", code, errb.String())
	}
	var doc struct {
		Findings []finding.Finding `json:"findings"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 1 || doc.Findings[0].Fix == nil {
		t.Fatalf("findings %+v: want one ASYNC251 with a fix", doc.Findings)
	}
	fix := doc.Findings[0].Fix
	// JSON carries lines and columns; the offsets are rebuilt from them.
	for i, e := range fix.Edits {
		fix.Edits[i].Start.Offset, fix.Edits[i].End.Offset = offsetOf(src, e.Start), offsetOf(src, e.End)
	}
	applied, err := textedit.Apply([]byte(src), fix.Edits)
	if err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code := run([]string{"check", "--no-config", "--format", "sarif", "a.py"}, &out, &errb); code != exitFindings {
		t.Fatalf("check sarif: exit %d", code)
	}
	if !strings.Contains(out.String(), `"fixes"`) || !strings.Contains(out.String(), `"text": "await "`) {
		t.Errorf("SARIF carries no fix:\n%s", out.String())
	}
	errb.Reset()
	if code := run([]string{"fix", "--no-config", "a.py"}, &out, &errb); code != exitClean {
		t.Fatalf("fix: exit %d: %s", code, errb.String())
	}
	fixed, err := os.ReadFile("a.py")
	if err != nil {
		t.Fatal(err)
	}
	if string(fixed) != string(applied) || !strings.Contains(string(fixed), "await asyncio.sleep(1)") {
		t.Errorf("fix wrote\n%s\nthe JSON fix gives\n%s", fixed, applied)
	}
}

// offsetOf is the byte offset of a 1-based line and column (ASCII text).
func offsetOf(src string, p finding.Position) int {
	off := 0
	for line := 1; line < p.Line; line++ {
		off += strings.IndexByte(src[off:], '\n') + 1
	}
	return off + p.Col - 1
}
