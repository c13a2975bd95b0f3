package project

import (
	"os"
	"path/filepath"
	"testing"
)

// tree writes files (path -> contents) under a fresh directory.
func tree(t *testing.T, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestOf(t *testing.T) {
	dir := tree(t,
		"repo/.git/HEAD", "repo/app/__init__.py", "repo/app/main.py", "repo/app/net.py",
		// A setup.py inside a package does not make it a project.
		"repo/app/sub/__init__.py", "repo/app/sub/setup.py", "repo/app/sub/x.py",
		// A pyproject.toml beside no __init__.py does.
		"repo/tools/pyproject.toml", "repo/tools/t.py",
		"loose/a.py",
	)
	// The files' tree sits in a temporary directory, which may itself
	// lie in a project: only answers inside dir are asserted.
	in := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }
	outside := func(p string) bool { return p == "" || !filepath.IsAbs(p) || len(p) < len(dir) || p[:len(dir)] != dir }
	cases := []struct {
		files []string
		want  string // "" for no project inside dir
	}{
		{[]string{"repo/app/main.py"}, "repo"},
		{[]string{"repo/app/main.py", "repo/app/net.py"}, "repo"},
		{[]string{"repo/app/sub/x.py"}, "repo"},
		{[]string{"repo/tools/t.py"}, "repo/tools"},
		{[]string{"repo/app/main.py", "repo/tools/t.py"}, ""}, // two projects
		{[]string{"repo/app"}, ""},                            // a directory
		{[]string{"repo/app/gone.py"}, ""},                    // missing
		{[]string{"loose/a.py"}, ""},                          // none inside dir
	}
	for _, c := range cases {
		var files []string
		for _, f := range c.files {
			files = append(files, in(f))
		}
		got := Of(files)
		if c.want == "" {
			if !outside(got) {
				t.Errorf("Of(%v) = %s, want no project inside the tree", c.files, got)
			}
			continue
		}
		if got != in(c.want) {
			t.Errorf("Of(%v) = %s, want %s", c.files, got, in(c.want))
		}
	}
}

// TestRoot: the project of a directory, for a file not on disk yet.
func TestRoot(t *testing.T) {
	dir := tree(t, "repo/.git/HEAD", "repo/app/__init__.py", "repo/app/sub/__init__.py", "repo/app/sub/setup.py")
	repo := filepath.Join(dir, "repo")
	for _, d := range []string{"repo", "repo/app", "repo/app/sub"} {
		if got := Root(filepath.Join(dir, filepath.FromSlash(d))); got != repo {
			t.Errorf("Root(%s) = %s, want %s", d, got, repo)
		}
	}
}
