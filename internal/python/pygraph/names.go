package pygraph

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// A Namer gives the dotted names Python files under the same roots are
// importable as (Names), walking each directory's chain of packages once.
// It is safe for concurrent use.
type Namer struct {
	roots []string // absolute, clean; "" where Abs failed
	// inPackage[i]: roots[i] is a directory that holds an __init__.py
	inPackage []bool
	hasInit   func(dir string) bool
	mu        sync.Mutex
	chains    map[string][]string
}

// NewNamer returns a Namer for files under roots. hasInit reports whether a
// directory holds an __init__.py (nil: ask the file system).
func NewNamer(roots []string, hasInit func(dir string) bool) *Namer {
	if hasInit == nil {
		hasInit = func(dir string) bool {
			_, err := os.Stat(filepath.Join(dir, "__init__.py"))
			return err == nil
		}
	}
	n := &Namer{roots: make([]string, len(roots)), inPackage: make([]bool, len(roots)), hasInit: hasInit, chains: map[string][]string{}}
	for i, r := range roots {
		if ra, err := filepath.Abs(r); err == nil {
			n.roots[i] = ra
			n.inPackage[i] = hasInit(ra)
		}
	}
	return n
}

// chain returns the names of the packages dir is in, outermost first,
// dir's own last (none when dir holds no __init__.py).
func (n *Namer) chain(dir string) []string {
	n.mu.Lock()
	c, ok := n.chains[dir]
	n.mu.Unlock()
	if ok {
		return c
	}
	if n.hasInit(dir) {
		if parent := filepath.Dir(dir); parent != dir {
			up := n.chain(parent)
			c = append(append(make([]string, 0, len(up)+1), up...), filepath.Base(dir))
		} else {
			c = []string{filepath.Base(dir)}
		}
	}
	n.mu.Lock()
	n.chains[dir] = c
	n.mu.Unlock()
	return c
}

// Names returns the dotted names the Python file at path is importable
// as, the primary one first, and whether it is a package's __init__.py.
// The primary name follows the package structure (walking up while
// directories hold an __init__.py); when the file's own directory is not a
// package, the name relative to the given root directory that holds it
// comes first.
func (n *Namer) Names(path string) (names []string, isPackage bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	base := strings.TrimSuffix(filepath.Base(abs), filepath.Ext(abs))
	isPackage = base == "__init__"
	dir := filepath.Dir(abs)
	chain := n.chain(dir)
	inPackage := len(chain) > 0
	initName := strings.Join(chain, ".")
	if !isPackage {
		if initName != "" {
			initName += "." + base
		} else {
			initName = base
		}
	}
	var rootName string
	for i, ra := range n.roots {
		if n.inPackage[i] {
			// A root inside a package is not where imports start from:
			// `import abc` in aiohttp/web.py is the standard library's,
			// not aiohttp/abc.py, when the root given is aiohttp/.
			continue
		}
		if ra == "" || !caseFold && !strings.HasPrefix(abs, ra) {
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

// Home returns the directory Python puts on sys.path to run the file at
// path (absolute): the one above its outermost package, or the file's own
// directory when that is no package (a script beside the modules it
// imports by bare names); and the name of that outermost package, "" for
// a script.
func (n *Namer) Home(path string) (home, top string) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	home = filepath.Dir(abs)
	chain := n.chain(home)
	for range chain {
		home = filepath.Dir(home)
	}
	if len(chain) > 0 {
		top = chain[0]
	}
	return home, top
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
