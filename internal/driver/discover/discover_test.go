package discover

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func write(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func paths(root string, fs []File) []string {
	var out []string
	for _, f := range fs {
		rel, _ := filepath.Rel(root, filepath.FromSlash(f.Path))
		out = append(out, filepath.ToSlash(rel))
	}
	return out
}

func TestWalkSkipsAndIgnores(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		".git/HEAD":                   "",
		".gitignore":                  "build/\n*_gen.py\n",
		"a.py":                        "",
		"b.txt":                       "",
		"pkg/c.py":                    "",
		"pkg/.gitignore":              "local.py\n",
		"pkg/local.py":                "",
		"other/local.py":              "",
		"x_gen.py":                    "",
		"build/d.py":                  "",
		".venv/lib/e.py":              "",
		"venv/f.py":                   "",
		"dist/pkg/f.py":               "",
		"pkg/__pycache__/g.py":        "",
		"node_modules/h.py":           "",
		"lib/site-packages/i.py":      "",
		"excluded/j.py":               "",
		"pkg/deep/tests/fixture_k.py": "",
	})
	files, errs := Walk([]string{root}, Options{Exts: []string{".py"}, Exclude: []string{"excluded/", "fixture_*.py"}})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	got := paths(root, files)
	want := []string{"a.py", "other/local.py", "pkg/c.py"}
	if !slices.Equal(got, want) {
		t.Errorf("Walk = %v, want %v", got, want)
	}
}

// With ExcludeBase, the patterns are relative to it, not to the root
// walked: a walk of pkg keeps out what a walk of the base keeps out of
// pkg (anchored patterns included), and Admits says the same; a root
// outside the base is walked whole.
func TestExcludeBase(t *testing.T) {
	base := t.TempDir()
	outside := t.TempDir()
	write(t, base, map[string]string{
		"pkg/app.py":       "",
		"pkg/gen_a.py":     "",
		"pkg/sub/gen_b.py": "",
		"pkg/vendor/v.py":  "",
		"other/gen_c.py":   "",
		"gen_top.py":       "",
	})
	write(t, outside, map[string]string{"pkg/gen_a.py": ""})
	opts := Options{Exts: []string{".py"}, Exclude: []string{"pkg/gen_*.py", "/pkg/vendor/"}, ExcludeBase: base}
	for _, tc := range []struct {
		root string
		want []string
	}{
		{base, []string{"gen_top.py", "other/gen_c.py", "pkg/app.py", "pkg/sub/gen_b.py"}},
		{filepath.Join(base, "pkg"), []string{"pkg/app.py", "pkg/sub/gen_b.py"}},
		{filepath.Join(base, "pkg", "sub"), []string{"pkg/sub/gen_b.py"}},
	} {
		files, errs := Walk([]string{tc.root}, opts)
		if len(errs) != 0 {
			t.Fatalf("errors: %v", errs)
		}
		if got := paths(base, files); !slices.Equal(got, tc.want) {
			t.Errorf("Walk %s = %v, want %v", tc.root, got, tc.want)
		}
	}
	pkg := filepath.Join(base, "pkg")
	if Admits(pkg, filepath.Join(pkg, "gen_new.py"), opts) || !Admits(pkg, filepath.Join(pkg, "new.py"), opts) {
		t.Errorf("Admits below pkg: want gen_new.py excluded and new.py admitted")
	}
	files, _ := Walk([]string{filepath.Join(outside, "pkg")}, opts)
	if got := paths(outside, files); !slices.Equal(got, []string{"pkg/gen_a.py"}) {
		t.Errorf("Walk outside the base = %v, want pkg/gen_a.py", got)
	}
}

// The repository's own exclude file (.git/info/exclude) ignores as a
// .gitignore at its top does, in a walk of the top or of a folder below.
func TestWalkHonoursInfoExclude(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		".git/HEAD":         "",
		".git/info/exclude": "# local\nscratch/\n*_local.py\n",
		"a.py":              "",
		"b_local.py":        "",
		"scratch/c.py":      "",
		"src/d.py":          "",
		"src/e_local.py":    "",
	})
	for _, tc := range []struct {
		root string
		want []string
	}{
		{root, []string{"a.py", "src/d.py"}},
		{filepath.Join(root, "src"), []string{"src/d.py"}},
		{filepath.Join(root, "scratch"), []string{"scratch/c.py"}}, // named: checked anyway
	} {
		files, errs := Walk([]string{tc.root}, Options{Exts: []string{".py"}})
		if len(errs) != 0 {
			t.Fatalf("errors: %v", errs)
		}
		if got := paths(root, files); !slices.Equal(got, tc.want) {
			t.Errorf("Walk %s = %v, want %v", tc.root, got, tc.want)
		}
	}
	if files, _ := Walk([]string{root}, Options{Exts: []string{".py"}, NoIgnore: true}); len(files) != 5 {
		t.Errorf("Walk with NoIgnore: %d files, want 5", len(files))
	}
}

func TestWalkSubdirHonoursRepoGitignore(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		".git/HEAD":      "",
		".gitignore":     "gen/\n",
		"src/a.py":       "",
		"src/gen/b.py":   "",
		"src/keep/c.py":  "",
		"src/.gitignore": "keep/c.py\n",
	})
	files, errs := Walk([]string{filepath.Join(root, "src")}, Options{Exts: []string{".py"}})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	got := paths(root, files)
	if want := []string{"src/a.py"}; !slices.Equal(got, want) {
		t.Errorf("Walk = %v, want %v", got, want)
	}
}

func TestExplicitFilesAlwaysKept(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		".git/HEAD":  "",
		".gitignore": "*.py\n",
		"a.py":       "",
		"script":     "",
	})
	files, errs := Walk([]string{filepath.Join(root, "a.py"), filepath.Join(root, "script"), filepath.Join(root, "a.py")},
		Options{Exts: []string{".py"}, Exclude: []string{"a.py"}})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	if got := paths(root, files); !slices.Equal(got, []string{"a.py", "script"}) {
		t.Errorf("Walk = %v", got)
	}
	for _, f := range files {
		if !f.Explicit {
			t.Errorf("%s: Explicit = false", f.Path)
		}
	}
}

// A link to a file the walk finds under its own name is that file (an
// alias checked twice would be fixed twice, and written through); a link
// to a file outside the walk, or to one the walk leaves out, is checked
// by its name.
func TestFileLinks(t *testing.T) {
	root := t.TempDir()
	elsewhere := t.TempDir()
	write(t, root, map[string]string{
		"pkg/real.py":  "",
		"pkg/z_gen.py": "",
		".gitignore":   "*_gen.py\n",
		".git/HEAD":    "",
	})
	write(t, elsewhere, map[string]string{"shared.py": ""})
	for link, target := range map[string]string{
		"pkg/alias.py":     "real.py",
		"other/deep.py":    "../pkg/real.py",
		"pkg/shared.py":    filepath.Join(elsewhere, "shared.py"),
		"pkg/generated.py": "z_gen.py",
	} {
		p := filepath.Join(root, filepath.FromSlash(link))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Skip("symlinks unsupported:", err)
		}
	}
	files, errs := Walk([]string{root}, Options{Exts: []string{".py"}})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	if got, want := paths(root, files), []string{"pkg/generated.py", "pkg/real.py", "pkg/shared.py"}; !slices.Equal(got, want) {
		t.Errorf("Walk = %v, want %v", got, want)
	}
	// Walked alone, other's link leads outside the walk: checked by its name.
	files, _ = Walk([]string{filepath.Join(root, "other")}, Options{Exts: []string{".py"}})
	if got := paths(root, files); !slices.Equal(got, []string{"other/deep.py"}) {
		t.Errorf("Walk other = %v, want other/deep.py", got)
	}
}

func TestWalkErrorsNameThePath(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"ok/a.py": ""})
	loop := filepath.Join(root, "loop")
	if err := os.Symlink(loop, loop); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
	// A link to a directory inside the walk is not followed, so no loop.
	if err := os.Symlink(root, filepath.Join(root, "ok", "up")); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(root, "missing.py")
	files, errs := Walk([]string{missing, loop, filepath.Join(root, "ok")}, Options{Exts: []string{".py"}})
	if got := paths(root, files); !slices.Equal(got, []string{"ok/a.py"}) {
		t.Errorf("Walk = %v", got)
	}
	if len(errs) != 2 {
		t.Fatalf("errors = %v, want 2", errs)
	}
	for i, want := range []string{missing + ": no such file or directory", loop + ": symbolic link loop"} {
		if errs[i].Error() != want {
			t.Errorf("error %d = %q, want %q", i, errs[i], want)
		}
	}
}

func TestUnreadableDirectoryReported(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every directory")
	}
	root := t.TempDir()
	write(t, root, map[string]string{"locked/a.py": "", "b.py": ""})
	if err := os.Chmod(filepath.Join(root, "locked"), 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(root, "locked"), 0o755) })
	files, errs := Walk([]string{root}, Options{Exts: []string{".py"}})
	if got := paths(root, files); !slices.Equal(got, []string{"b.py"}) {
		t.Errorf("Walk = %v", got)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "permission denied") {
		t.Errorf("errors = %v", errs)
	}
}

// TestExplicitRootInsideIgnoredDir checks that naming a directory that an
// ancestor's .gitignore ignores still walks it (as ripgrep and ruff do),
// while the rest of that repository's rules are not needed.
func TestExplicitRootInsideIgnoredDir(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		".git/HEAD":              "",
		".gitignore":             "/versions\n",
		"versions/3.11/lib/a.py": "",
		"versions/3.11/lib/b.py": "",
	})
	files, errs := Walk([]string{filepath.Join(root, "versions", "3.11")}, Options{Exts: []string{".py"}})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	if got := paths(root, files); !slices.Equal(got, []string{"versions/3.11/lib/a.py", "versions/3.11/lib/b.py"}) {
		t.Errorf("Walk = %v", got)
	}
	files, _ = Walk([]string{root}, Options{Exts: []string{".py"}})
	if len(files) != 0 {
		t.Errorf("walking the repository must honour /versions: %v", paths(root, files))
	}
}

// TestWalkLinkedRoot: a root that is a symbolic link to a directory is
// walked (links below a root are still not followed), and a .gitignore
// sorted after other entries applies to all of them.
func TestWalkLinkedRoot(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	write(t, real, map[string]string{"a.py": "", "-b.py": "", ".gitignore": "-b.py\n"})
	link := filepath.Join(dir, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
	files, errs := Walk([]string{link}, Options{Exts: []string{".py"}})
	if got := paths(link, files); len(errs) != 0 || !slices.Equal(got, []string{"a.py"}) {
		t.Errorf("Walk = %v, %v; want [a.py]", got, errs)
	}
}

// TestWalkWideTree walks a tree of several hundred directories, which the
// walk reads in parallel: every wanted file is found once, whatever the
// order the directories were read in; the .gitignore of a directory
// governs its subtree only, and skipped directories stay skipped.
func TestWalkWideTree(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{}
	var want []string
	for a := range 8 {
		for b := range 6 {
			for c := range 5 {
				dir := fmt.Sprintf("a%d/b%d/c%d", a, b, c)
				files[dir+"/m.py"] = "x = 1\n"
				files[dir+"/data.txt"] = "not python\n"
				files[dir+"/gen_out.py"] = "y = 2\n"
				want = append(want, dir+"/m.py")
				if a != 3 {
					// a3's .gitignore leaves out gen_*.py below it.
					want = append(want, dir+"/gen_out.py")
				}
			}
			files[fmt.Sprintf("a%d/b%d/node_modules/dep.py", a, b)] = "z = 3\n"
		}
	}
	files["a3/.gitignore"] = "gen_*.py\n"
	write(t, root, files)
	for range 3 {
		got, errs := Walk([]string{root}, Options{Exts: []string{".py"}})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		slices.Sort(want)
		if ps := paths(root, got); !slices.Equal(ps, want) {
			t.Fatalf("found %d files, want %d; first difference near %q", len(ps), len(want), firstDiff(ps, want))
		}
	}
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i] + " / " + b[i]
		}
	}
	return "the end"
}

// TestRootsSpelledTwice: a file under roots that overlap, spelled
// relative and absolute, is yielded once, as its first spelling.
func TestRootsSpelledTwice(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"src/pkg/a.py": "", "src/b.py": ""})
	t.Chdir(root)
	files, errs := Walk([]string{"src", filepath.Join(root, "src"), "./src/pkg", filepath.Join(root, "src", "b.py")}, Options{Exts: []string{".py"}, NoIgnore: true})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Path)
	}
	slices.Sort(got)
	if want := []string{"src/b.py", "src/pkg/a.py"}; !slices.Equal(got, want) {
		t.Errorf("Walk = %v, want %v", got, want)
	}
}

// TestAdmitsAsWalk: Admits says of every file of a tree what a walk does,
// through skipped folders, excludes, and .gitignore files above the root
// and below it.
func TestAdmitsAsWalk(t *testing.T) {
	top := t.TempDir()
	write(t, top, map[string]string{
		".git/HEAD":                 "",
		".gitignore":                "build/\n*.gen.py\n",
		"proj/a.py":                 "",
		"proj/b.gen.py":             "",
		"proj/notes.txt":            "",
		"proj/build/c.py":           "",
		"proj/node_modules/d.py":    "",
		"proj/.venv/lib/e.py":       "",
		"proj/vendored/f.py":        "",
		"proj/pkg/g.py":             "",
		"proj/pkg/.gitignore":       "local_*.py\nskip/\n",
		"proj/pkg/local_h.py":       "",
		"proj/pkg/skip/i.py":        "",
		"proj/pkg/sub/local_j.py":   "",
		"proj/pkg/migrations/k.py":  "",
		"proj/pkg/migrations/l.txt": "",
	})
	root := filepath.Join(top, "proj")
	for _, opts := range []Options{
		{Exts: []string{".py"}},
		{Exts: []string{".py"}, Exclude: []string{"vendored/", "migrations/"}},
		{Exts: []string{".py"}, NoIgnore: true},
	} {
		walked, errs := Walk([]string{root}, opts)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		kept := map[string]bool{}
		for _, p := range paths(root, walked) {
			kept[p] = true
		}
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			if got, want := Admits(root, p, opts), kept[filepath.ToSlash(rel)]; got != want {
				t.Errorf("%+v: Admits(%s) = %v, the walk says %v", opts, rel, got, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestRootsLinkedTwice: a root reached through a symbolic link to another
// root, or a file through a linked folder, is walked once.
func TestRootsLinkedTwice(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"src/pkg/a.py": "", "src/b.py": ""})
	t.Chdir(root)
	if err := os.Symlink("src", "srclink"); err != nil {
		t.Fatal(err)
	}
	files, errs := Walk([]string{"src", "srclink", "srclink/b.py", "src/pkg/a.py"}, Options{Exts: []string{".py"}, NoIgnore: true})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Path)
	}
	slices.Sort(got)
	if want := []string{"src/b.py", "src/pkg/a.py"}; !slices.Equal(got, want) {
		t.Errorf("Walk = %v, want %v", got, want)
	}
}
