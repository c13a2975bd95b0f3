package pyparse

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// TestFlatMatchesTree checks the flat reading of the tree, and the nodes it
// hands out, against go-tree-sitter's own API: same spans, same types, and
// nodes that navigate like the ones go-tree-sitter returns.
func TestFlatMatchesTree(t *testing.T) {
	src := "import time\n\nclass C(Base):\n    def m(self, x=f(1)):\n        return [g(y) for y in h(x)]\n\n" +
		"async def main():\n    await C().m(time.sleep(1))\n    s = f\"{k(2)}\"\n"
	m := parse(t, src, Options{})
	// Every call, def and class node is the node go-tree-sitter finds
	// at the same place.
	type item struct {
		n    *sitter.Node
		typ  string
		span Span
	}
	var items []item
	for _, c := range m.Calls {
		items = append(items, item{c.Node, "call", c.Span})
	}
	for _, f := range m.Functions {
		items = append(items, item{f.Node, "function_definition", f.Def})
	}
	for _, c := range m.Classes {
		items = append(items, item{c.Node, "class_definition", c.Span})
	}
	if len(items) != 10 {
		t.Errorf("%d calls, defs and classes, want 10", len(items))
	}
	for _, it := range items {
		if it.n == nil {
			t.Fatalf("no node for %s at %v", it.typ, it.span)
		}
		if it.n.Type() != it.typ || m.NodeSpan(it.n) != it.span {
			t.Errorf("node %s %v, want %s %v", it.n.Type(), m.NodeSpan(it.n), it.typ, it.span)
		}
		want := findNode(m.Tree.RootNode(), it.typ, uint32(it.span.Start), uint32(it.span.End))
		if want == nil || !it.n.Equal(want) {
			t.Errorf("%s at %v is not the tree's node", it.typ, it.span)
		}
		if p := it.n.Parent(); p == nil || p.StartByte() > it.n.StartByte() || p.EndByte() < it.n.EndByte() {
			t.Errorf("%s at %v: parent does not hold it", it.typ, it.span)
		}
	}
}

// findNode returns the node of type typ spanning [start, end).
func findNode(n *sitter.Node, typ string, start, end uint32) *sitter.Node {
	if n.Type() == typ && n.StartByte() == start && n.EndByte() == end {
		return n
	}
	for i := 0; i < int(n.ChildCount()); i++ {
		if x := findNode(n.Child(i), typ, start, end); x != nil {
			return x
		}
	}
	return nil
}

// TestFlatEdgeCases parses inputs with no nodes beyond the module, a byte
// order mark, syntax errors and deep nesting.
func TestFlatEdgeCases(t *testing.T) {
	tests := []struct {
		name, src string
		calls     int
		syntaxErr bool
	}{
		{"empty", "", 0, false},
		{"bom only", "\ufeff", 0, false},
		{"bom", "\ufefff()\n", 1, false},
		{"syntax error", "def g(:\n    h()\nk()\n", 2, true},
		{"deep", strings.Repeat("f(", 600) + strings.Repeat(")", 600) + "\n", 600, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := parse(t, tt.src, Options{})
			if len(m.Calls) != tt.calls || (m.SyntaxError != nil) != tt.syntaxErr {
				t.Errorf("%d calls, syntax error %v; want %d, %v", len(m.Calls), m.SyntaxError, tt.calls, tt.syntaxErr)
			}
			for _, c := range m.Calls {
				if c.Node == nil || m.NodeSpan(c.Node) != c.Span {
					t.Errorf("call at %v: node does not match", c.Span)
				}
			}
		})
	}
}

// TestNamedNodeAt: the node at a span of Src (a byte order mark included)
// is the smallest named node spanning it, nil once the tree is freed.
func TestNamedNodeAt(t *testing.T) {
	src := "\ufeffclient = httpx.Client()\nclient.get(url)\n"
	m := parse(t, src, Options{})
	for _, tc := range []struct {
		text, typ string
	}{
		{"client", "identifier"},
		{"httpx.Client", "attribute"},
		{"httpx.Client()", "call"},
		{"get(url", "call"}, // no node is exactly that: the smallest holding it
	} {
		i := strings.Index(src, tc.text)
		n := m.NamedNodeAt(Span{Start: i, End: i + len(tc.text)})
		if n == nil || n.Type() != tc.typ {
			t.Errorf("%q: node %v, want a %s", tc.text, n, tc.typ)
			continue
		}
		if sp := m.NodeSpan(n); sp.Start > i || sp.End < i+len(tc.text) {
			t.Errorf("%q: node spans %v, which does not hold [%d, %d)", tc.text, sp, i, i+len(tc.text))
		}
	}
	m.DropTree()
	if n := m.NamedNodeAt(Span{Start: 3, End: 9}); n != nil {
		t.Errorf("after DropTree: %v, want nil", n)
	}
}

// stdlibAndTestdata returns the Python files of the machine's standard
// library (python3 is on every machine that runs the tests) and of the
// repository's testdata.
func stdlibAndTestdata(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("python3", "-c", `import sysconfig; print(sysconfig.get_paths()["stdlib"])`).Output()
	if err != nil {
		t.Fatalf("python3 (on every machine that runs the tests): %v", err)
	}
	var files []string
	for _, root := range []string{strings.TrimSpace(string(out)), "../testdata"} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".py") && !strings.Contains(p, "site-packages") {
				files = append(files, p)
			}
			return nil
		})
	}
	if len(files) < 1000 {
		t.Fatalf("%d Python files found, want the standard library's", len(files))
	}
	return files
}

// TestFlatDirectMatchesCursor reads every Python file of the standard
// library and of the repository's testdata with both walks of the tree
// (the direct one reads tree-sitter's structures, whose layout flat.go
// mirrors; the cursor one goes through tree-sitter's API): whole, and from
// each def (a root below the module's, with hidden nodes around it), the
// two must give the same nodes, fields and kept nodes. It fails when a new
// tree-sitter changes the layout the direct walk mirrors.
func TestFlatDirectMatchesCursor(t *testing.T) {
	lang()
	if !directFlatten() {
		t.Fatal("the start-up check turned the direct walk off: its sample reads differently")
	}
	files := stdlibAndTestdata(t)
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(pyLang)
	nodes := 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		tree, err := p.ParseCtx(context.Background(), nil, src)
		if err != nil {
			t.Fatal(err)
		}
		var a, b flat
		a.read(tree, tree.RootNode(), src, walkDirect)
		b.read(tree, tree.RootNode(), src, walkCursor)
		if !sameFlat(&a, &b) {
			t.Fatalf("%s: the walks differ: %s", path, flatDiff(&a, &b))
		}
		nodes += len(a.nodes)
		// From each def.
		var defs []*sitter.Node
		for i := range a.nodes {
			if s := a.sym(nd(i)); s < len(kinds) && kinds[s] == kFunction {
				if a.kept(nd(i)) {
					m := a.node(nd(i))
					defs = append(defs, (*sitter.Node)(unsafe.Pointer(&m)))
				}
			}
		}
		for _, d := range defs {
			var x, y flat
			x.read(tree, d, src, walkDirect)
			y.read(tree, d, src, walkCursor)
			if !sameFlat(&x, &y) {
				t.Fatalf("%s, def at %d: the walks differ: %s", path, d.StartByte(), flatDiff(&x, &y))
			}
		}
		tree.Close()
	}
	t.Logf("%d files, %d nodes read alike", len(files), nodes)
}

// flatDiff describes the first difference of two flat readings.
func flatDiff(a, b *flat) string {
	for i := range min(len(a.nodes), len(b.nodes)) {
		if a.nodes[i] != b.nodes[i] {
			return fmt.Sprintf("node %d: direct %+v, cursor %+v", i, a.nodes[i], b.nodes[i])
		}
	}
	if len(a.nodes) != len(b.nodes) {
		return fmt.Sprintf("%d nodes against %d", len(a.nodes), len(b.nodes))
	}
	return fmt.Sprintf("kept nodes differ (%d against %d)", len(a.keep), len(b.keep))
}
