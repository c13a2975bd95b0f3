package pygraph

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestNames(t *testing.T) {
	inits := map[string]bool{"/r/src/pkg": true, "/r/src/pkg/sub": true}
	has := func(dir string) bool { return inits[filepath.ToSlash(dir)] }
	tests := []struct {
		path  string
		roots []string
		want  string
		pkg   bool
	}{
		{"/r/src/pkg/sub/mod.py", []string{"/r"}, "pkg.sub.mod,src.pkg.sub.mod", false},
		{"/r/src/pkg/__init__.py", []string{"/r/src"}, "pkg", true},
		// A root inside a package is no import root: not "sub.mod".
		{"/r/src/pkg/sub/mod.py", []string{"/r/src/pkg"}, "pkg.sub.mod", false},
		{"/r/scripts/tool.py", []string{"/r"}, "scripts.tool,tool", false},
		{"/r/scripts/tool.py", []string{"/r/scripts/tool.py"}, "tool", false},
		{"/r/scripts/my-tool.py", []string{"/r"}, "", false},
	}
	for _, tt := range tests {
		names, pkg := NewNamer(tt.roots, has).Names(tt.path)
		if got := strings.Join(names, ","); got != tt.want || pkg != tt.pkg {
			t.Errorf("Names(%s) under %v = %q %v, want %q %v", tt.path, tt.roots, got, pkg, tt.want, tt.pkg)
		}
	}
}

// TestNamer: one Namer gives each file the names a Namer of its own gives it, from
// files in any order and from several goroutines, and asks about each
// directory's __init__.py once.
func TestNamer(t *testing.T) {
	inits := map[string]bool{"/r/src/pkg": true, "/r/src/pkg/sub": true}
	plain := func(dir string) bool { return inits[filepath.ToSlash(dir)] }
	paths := []string{"/r/src/pkg/sub/a.py", "/r/src/pkg/sub/b.py", "/r/src/pkg/__init__.py", "/r/src/pkg/c.py", "/r/scripts/tool.py", "/r/src/pkg/sub/__init__.py"}
	roots := []string{"/r"}
	want := make([]string, len(paths))
	for i, p := range paths {
		names, pkg := NewNamer(roots, plain).Names(p)
		want[i] = fmt.Sprint(names, pkg)
	}

	asked := map[string]int{}
	nm := NewNamer(roots, func(dir string) bool {
		asked[filepath.ToSlash(dir)]++
		return plain(dir)
	})
	for i, p := range paths {
		names, pkg := nm.Names(p)
		if got := fmt.Sprint(names, pkg); got != want[i] {
			t.Errorf("%s: %s, want %s", p, got, want[i])
		}
	}
	if len(asked) == 0 {
		t.Fatal("hasInit never asked")
	}
	for dir, n := range asked {
		if n != 1 {
			t.Errorf("%s asked %d times, want once", dir, n)
		}
	}

	nm = NewNamer(roots, plain)
	var wg sync.WaitGroup
	got := make([]string, len(paths))
	for i, p := range paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			names, pkg := nm.Names(p)
			got[i] = fmt.Sprint(names, pkg)
		}()
	}
	wg.Wait()
	for i, p := range paths {
		if got[i] != want[i] {
			t.Errorf("concurrent: %s: %s, want %s", p, got[i], want[i])
		}
	}
}
