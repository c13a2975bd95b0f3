package discover

import (
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

// walkWith walks root with the listing store l (nil: none) and returns the
// files found, relative to root and sorted.
func walkWith(t *testing.T, root string, l *listings) []string {
	t.Helper()
	var files []File
	w := walker{opts: Options{Exts: []string{".py"}}, root: root, listings: l,
		add: func(p string, _ bool) { files = append(files, File{Path: filepath.ToSlash(p)}) }}
	if errs := w.walk(); len(errs) > 0 {
		t.Fatalf("walk: %v", errs)
	}
	l.save()
	got := paths(root, files)
	slices.Sort(got)
	return got
}

// openLater opens root's store in dir as a run an hour from now does: every
// directory of the test's tree was changed long enough before it to be
// stored (see racyWindow).
func openLater(t *testing.T, dir, root string) *listings {
	t.Helper()
	l := openListings(dir, root, []string{".py"})
	if l == nil {
		t.Skip("no stored listings on this system")
	}
	l.store.Now = func() time.Time { return time.Now().Add(time.Hour) }
	return l
}

// stored returns the listing of rel that l's file held when opened.
func stored(t *testing.T, l *listings, rel string) (listing, bool) {
	t.Helper()
	r, ok := l.store.Stored(rel)
	if !ok {
		return listing{}, false
	}
	d, whole := decodeListing(r.Data)
	if !whole {
		t.Fatalf("the stored listing of %s is not whole", rel)
	}
	return d, true
}

func tree(t *testing.T) string {
	root := t.TempDir()
	write(t, root, map[string]string{
		"a.py":           "",
		"notes.txt":      "",
		"pkg/b.py":       "",
		"pkg/c.json":     "",
		"pkg/.gitignore": "",
		"pkg/sub/d.py":   "",
		"data/e.py":      "",
	})
	return root
}

// A directory unchanged since its listing was stored is not read again:
// the store's listing is what the walk uses (a file only the store holds
// is found), until the directory changes.
func TestListingsUsedUntilChanged(t *testing.T) {
	root, dir := tree(t), t.TempDir()
	want := []string{"a.py", "data/e.py", "pkg/b.py", "pkg/sub/d.py"}
	if got := walkWith(t, root, openLater(t, dir, root)); !slices.Equal(got, want) {
		t.Fatalf("first walk: %v, want %v", got, want)
	}
	l := openLater(t, dir, root)
	pkg, ok := stored(t, l, "pkg")
	if !ok || !pkg.gitignore {
		t.Fatalf("stored pkg: %+v (ok %v), want its listing with a .gitignore", pkg, ok)
	}
	var names []string
	for _, e := range pkg.entries {
		names = append(names, e.name)
	}
	if !slices.Equal(names, []string{"b.py", "sub"}) {
		t.Errorf("stored entries of pkg: %v, want the wanted ones only", names)
	}
	// A file the store alone lists: found, so pkg was not read.
	rec, _ := l.store.Stored("pkg")
	pkg.entries = append(pkg.entries, dirent{name: "ghost.py"})
	l.store.Put("pkg", rec.Key, time.Now().Add(time.Hour), encodeListing(pkg))
	l.store.Save()
	l = openLater(t, dir, root)
	if got := walkWith(t, root, l); !slices.Contains(got, "pkg/ghost.py") {
		t.Fatalf("walk with the stored listing: %v, want pkg/ghost.py from the store", got)
	}
	// A walk that changes nothing leaves the store's file alone.
	path := storePath(t, dir)
	before, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	walkWith(t, root, openLater(t, dir, root))
	if after, err := os.Stat(path); err != nil || !os.SameFile(before, after) {
		t.Errorf("an unchanged tree's walk rewrote the store (%v)", err)
	}
	// Adding a file changes pkg: read again, and the ghost is gone.
	write(t, root, map[string]string{"pkg/f.py": ""})
	want = []string{"a.py", "data/e.py", "pkg/b.py", "pkg/f.py", "pkg/sub/d.py"}
	if got := walkWith(t, root, openLater(t, dir, root)); !slices.Equal(got, want) {
		t.Fatalf("after adding pkg/f.py: %v, want %v", got, want)
	}
	// Removing a folder and a file: both gone.
	if err := os.RemoveAll(filepath.Join(root, "data")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(root, "pkg", "sub", "d.py")); err != nil {
		t.Fatal(err)
	}
	want = []string{"a.py", "pkg/b.py", "pkg/f.py"}
	if got := walkWith(t, root, openLater(t, dir, root)); !slices.Equal(got, want) {
		t.Fatalf("after removing data/ and pkg/sub/d.py: %v, want %v", got, want)
	}
	if d, ok := stored(t, openLater(t, dir, root), "data"); ok {
		t.Errorf("the store keeps the removed folder data: %+v", d)
	}
}

// A directory changed just before it was read (within racyWindow) is not
// stored: a change later in the same tick of the file system's clock would
// leave its stat as it was.
func TestListingsNotStoredWhenRacy(t *testing.T) {
	root, dir := tree(t), t.TempDir()
	l := openListings(dir, root, []string{".py"})
	if l == nil {
		t.Skip("no stored listings on this system")
	}
	// The tree was made just now: every folder is racy.
	walkWith(t, root, l)
	if n := openListings(dir, root, []string{".py"}).store.Len(); n != 0 {
		t.Errorf("stored %d listings of folders changed just before", n)
	}
}

// A store that is not one whole (garbage, cut short, of another format) is
// ignored and rewritten; the walk finds every file.
func TestListingsCorruptIgnored(t *testing.T) {
	root := tree(t)
	want := []string{"a.py", "data/e.py", "pkg/b.py", "pkg/sub/d.py"}
	for name, mangle := range map[string]func([]byte) []byte{
		"garbage":   func([]byte) []byte { return []byte("not a store") },
		"cut short": func(b []byte) []byte { return b[:len(b)-3] },
		"bit flip":  func(b []byte) []byte { c := slices.Clone(b); c[len(c)-2] ^= 1; return c },
		"other format": func(b []byte) []byte {
			c := slices.Clone(b)
			c[len(listingsMagic)-2] = '9'
			return c
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			l := openLater(t, dir, root)
			walkWith(t, root, l)
			path := storePath(t, dir)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, mangle(data), 0o644); err != nil {
				t.Fatal(err)
			}
			l = openLater(t, dir, root)
			if n := l.store.Len(); n != 0 {
				t.Fatalf("a mangled store was read: %d listings", n)
			}
			if got := walkWith(t, root, l); !slices.Equal(got, want) {
				t.Fatalf("walk: %v, want %v", got, want)
			}
			if openLater(t, dir, root).store.Len() == 0 {
				t.Error("the mangled store was not rewritten")
			}
		})
	}
}

// Runs walking one root at once leave a whole store (the last writer's).
func TestListingsConcurrentRuns(t *testing.T) {
	root, dir := tree(t), t.TempDir()
	want := []string{"a.py", "data/e.py", "pkg/b.py", "pkg/sub/d.py"}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			files, errs := Walk([]string{root}, Options{Exts: []string{".py"}, Listings: dir})
			if len(errs) > 0 || !slices.Equal(paths(root, files), want) {
				t.Errorf("walk: %v, %v; want %v", paths(root, files), errs, want)
			}
		}()
	}
	// Stored as an hour later would, to have every listing in the file.
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := walkWith(t, root, openLater(t, dir, root)); !slices.Equal(got, want) {
				t.Errorf("walk: %v, want %v", got, want)
			}
		}()
	}
	wg.Wait()
	l := openLater(t, dir, root)
	if l.store.Len() == 0 {
		t.Fatal("the store is not whole after concurrent runs")
	}
	if got := walkWith(t, root, l); !slices.Equal(got, want) {
		t.Fatalf("walk with the store: %v, want %v", got, want)
	}
}

// Each root and each set of endings has its own store, and a walk with
// the stores finds what a walk without finds.
func TestListingsPerRoot(t *testing.T) {
	a, b, dir := tree(t), tree(t), t.TempDir()
	write(t, b, map[string]string{"only_b.py": ""})
	for _, s := range []struct {
		root string
		exts []string
	}{{a, []string{".py"}}, {b, []string{".py"}}, {a, []string{".pyi"}}} {
		for range 2 { // storing, then from the store
			l := openListings(dir, s.root, s.exts)
			if l == nil {
				t.Skip("no stored listings on this system")
			}
			l.store.Now = func() time.Time { return time.Now().Add(time.Hour) }
			var got []File
			w := walker{opts: Options{Exts: s.exts}, root: s.root, listings: l,
				add: func(p string, _ bool) { got = append(got, File{Path: p}) }}
			if errs := w.walk(); len(errs) > 0 {
				t.Fatal(errs)
			}
			l.save()
			want, _ := Walk([]string{s.root}, Options{Exts: s.exts})
			g, wt := paths(s.root, got), paths(s.root, want)
			slices.Sort(g)
			slices.Sort(wt)
			if !slices.Equal(g, wt) {
				t.Fatalf("%s %v with the store: %v, without: %v", s.root, s.exts, g, wt)
			}
		}
	}
	if n := len(storeFiles(t, dir)); n != 3 {
		t.Errorf("%d store files for two roots and two sets of endings, want 3", n)
	}
}

// storeFiles lists the store files in dir.
func storeFiles(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range des {
		out = append(out, filepath.Join(dir, e.Name()))
	}
	return out
}

// storePath is the one store file in dir.
func storePath(t *testing.T, dir string) string {
	t.Helper()
	files := storeFiles(t, dir)
	if len(files) != 1 {
		t.Fatalf("store files in %s: %v, want one", dir, files)
	}
	return files[0]
}
