package gomod

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRoot(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"m/a/b", "m/n/c", "m/d/go.mod", "x/y"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"m/go.mod", "m/n/go.mod"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("module m\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ dir, want string }{
		{"m", "m"},
		{"m/a/b", "m"},
		{"m/n/c", "m/n"},
		{"m/d", "m"}, // a directory named go.mod is not a go.mod file
		{"x/y", ""},
	} {
		want := ""
		if tc.want != "" {
			want = filepath.Join(dir, tc.want)
		}
		if got := Root(filepath.Join(dir, tc.dir)); got != want {
			t.Errorf("Root(%s) = %q, want %q", tc.dir, got, want)
		}
	}
	t.Chdir(filepath.Join(dir, "m", "a"))
	if got, want := Root("b"), filepath.Join(dir, "m"); got != want {
		t.Errorf("Root of a relative directory = %q, want %q", got, want)
	}
}
