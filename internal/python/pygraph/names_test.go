package pygraph

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestModuleNames(t *testing.T) {
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
		{"/r/scripts/tool.py", []string{"/r"}, "scripts.tool,tool", false},
		{"/r/scripts/tool.py", []string{"/r/scripts/tool.py"}, "tool", false},
		{"/r/scripts/my-tool.py", []string{"/r"}, "", false},
	}
	for _, tt := range tests {
		names, pkg := ModuleNames(tt.path, tt.roots, has)
		if got := strings.Join(names, ","); got != tt.want || pkg != tt.pkg {
			t.Errorf("ModuleNames(%s, %v) = %q %v, want %q %v", tt.path, tt.roots, got, pkg, tt.want, tt.pkg)
		}
	}
}
