package pygraph

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// ModuleNames returns the dotted names a Python file is importable as, the
// primary one first, and whether it is a package's __init__.py. The primary
// name follows the package structure (walking up while directories hold an
// __init__.py); when the file's own directory is not a package, the name
// relative to the given root directory that holds it comes first. hasInit
// reports whether a directory holds an __init__.py (nil: ask the file
// system).
func ModuleNames(path string, roots []string, hasInit func(dir string) bool) (names []string, isPackage bool) {
	if hasInit == nil {
		hasInit = func(dir string) bool {
			_, err := os.Stat(filepath.Join(dir, "__init__.py"))
			return err == nil
		}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	base := strings.TrimSuffix(filepath.Base(abs), filepath.Ext(abs))
	isPackage = base == "__init__"
	dir := filepath.Dir(abs)
	var parts []string
	if !isPackage {
		parts = []string{base}
	}
	pkgDir := dir
	for hasInit(pkgDir) {
		parts = append([]string{filepath.Base(pkgDir)}, parts...)
		parent := filepath.Dir(pkgDir)
		if parent == pkgDir {
			break
		}
		pkgDir = parent
	}
	initName := strings.Join(parts, ".")
	inPackage := hasInit(dir)
	var rootName string
	for _, r := range roots {
		ra, err := filepath.Abs(r)
		if err != nil || !caseFold && !strings.HasPrefix(abs, ra) {
			// Both are clean: a path under ra starts with it (where
			// filepath.Rel compares names case-sensitively).
			continue
		}
		rel, err := filepath.Rel(ra, abs)
		if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
			continue
		}
		rel = strings.TrimSuffix(filepath.ToSlash(rel), filepath.Ext(rel))
		rel = strings.TrimSuffix(rel, "/__init__")
		if rel == "__init__" {
			continue
		}
		if !validName(rel) {
			continue
		}
		if n := strings.ReplaceAll(rel, "/", "."); len(n) > len(rootName) {
			rootName = n
		}
	}
	add := func(n string) {
		if n == "" || !validName(strings.ReplaceAll(n, ".", "/")) {
			return
		}
		for _, x := range names {
			if x == n {
				return
			}
		}
		names = append(names, n)
	}
	if inPackage || rootName == "" {
		add(initName)
		add(rootName)
	} else {
		add(rootName)
		add(initName)
	}
	return names, isPackage
}

// caseFold: filepath.Rel compares path names ignoring case (Windows).
var caseFold = runtime.GOOS == "windows"

// validName reports whether each slash-separated part is an identifier.
func validName(rel string) bool {
	for _, p := range strings.Split(rel, "/") {
		if p == "" {
			return false
		}
		for i, r := range p {
			if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 || i > 0 && r >= '0' && r <= '9') {
				return false
			}
		}
	}
	return true
}
