package discover

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// walkDirFind is what Find replaces: filepath.WalkDir with the same skips.
func walkDirFind(root, name string, skip func(string) bool) []string {
	var out []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && p != root && skip(d.Name()) {
			return filepath.SkipDir
		}
		if !d.IsDir() && d.Name() == name && filepath.Dir(p) != filepath.Clean(root) {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// TestFindAsWalkDir checks that Find finds what filepath.WalkDir finds
// (nested entries of the name, not the root's own, none below skipped
// folders, symbolic links not followed), with and without a listing
// store, and that a store sees an entry added since the run before.
func TestFindAsWalkDir(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{
		"go.mod", "a/go.mod", "a/b/go.mod", "a/b/c/x.py", "skipme/go.mod", "d/e/f/go.mod", "d/go.mod.bak", "g/go.mod/inner.txt",
	} {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A link to a folder with a go.mod is not followed; a link named
	// go.mod is an entry of the name.
	if err := os.Symlink(filepath.Join(root, "a"), filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "a", "go.mod"), filepath.Join(root, "d", "go.mod")); err != nil {
		t.Fatal(err)
	}
	skip := func(name string) bool { return name == "skipme" || strings.HasPrefix(name, ".") }
	want := walkDirFind(root, "go.mod", skip)
	if len(want) != 4 {
		t.Fatalf("the tree should have 4 nested go.mod for WalkDir, has %v", want)
	}
	if got := Find(root, "go.mod", skip, ""); !slices.Equal(got, want) {
		t.Errorf("without a store: Find = %v, WalkDir = %v", got, want)
	}
	// With a store, as runs an hour from now (the tree's folders are
	// then old enough to be stored; see racyWindow).
	dir := t.TempDir()
	later := func() *listings {
		l := findListings(dir, root, "go.mod")
		if l == nil {
			t.Skip("no stored listings on this system")
		}
		l.store.Now = func() time.Time { return time.Now().Add(time.Hour) }
		return l
	}
	for run := range 2 {
		l := later()
		if got := find(root, "go.mod", skip, l); !slices.Equal(got, want) {
			t.Errorf("run %d with a store: Find = %v, WalkDir = %v", run, got, want)
		}
		l.save()
	}
	if d, ok := stored(t, later(), "a/b"); !ok || len(d.entries) != 2 {
		t.Errorf("a/b's stored listing = %+v (stored %v), want its go.mod and c", d, ok)
	}
	// Added after the store was written: a/b/c changed, so it is read
	// again and the new entry found.
	if err := os.WriteFile(filepath.Join(root, "a", "b", "c", "go.mod"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	want = walkDirFind(root, "go.mod", skip)
	if got := find(root, "go.mod", skip, later()); !slices.Equal(got, want) || len(want) != 5 {
		t.Errorf("after adding a/b/c/go.mod: Find = %v, WalkDir = %v", got, want)
	}
	// A root that is a link is not followed, as by WalkDir.
	if got := Find(filepath.Join(root, "link"), "go.mod", skip, ""); len(got) != 0 {
		t.Errorf("Find through a linked root = %v, want nothing", got)
	}
}
