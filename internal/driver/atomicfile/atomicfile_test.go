package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteReplaces(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "entry")
	for _, text := range []string{"first", "second, longer"} {
		if err := Write(p, []byte(text)); err != nil {
			t.Fatal(err)
		}
		if got, err := os.ReadFile(p); err != nil || string(got) != text {
			t.Fatalf("read back %q (%v), want %q", got, err, text)
		}
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("folder holds %d files, want the entry alone (no temporary file left)", len(es))
	}
}

func TestWriteFailureLeavesTarget(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "entry")
	if err := Write(p, []byte("kept")); err != nil {
		t.Fatal(err)
	}
	// A folder in the way of the rename: the write fails, the folder and
	// no temporary file remain.
	sub := filepath.Join(dir, "sub")
	if err := os.MkdirAll(filepath.Join(sub, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Write(sub, []byte("new")); err == nil {
		t.Fatal("writing over a non-empty folder succeeded")
	}
	if es, _ := os.ReadDir(dir); len(es) != 2 {
		t.Errorf("folder holds %d entries, want entry and sub (the temporary file removed)", len(es))
	}
	if err := Write(filepath.Join(dir, "missing", "entry"), nil); err == nil {
		t.Error("writing into a missing folder succeeded")
	}
	if got, _ := os.ReadFile(p); string(got) != "kept" {
		t.Errorf("entry is %q, want it kept", got)
	}
}
