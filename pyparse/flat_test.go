package pyparse

import (
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"
)

// TestFlatMatchesTree checks the flat reading of the tree, and the nodes it
// hands out, against go-tree-sitter's own API: same spans, same types, and
// nodes that navigate like the ones go-tree-sitter returns.
func TestFlatMatchesTree(t *testing.T) {
	src := "import time\n\nclass C(Base):\n    def m(self, x=f(1)):\n        return [g(y) for y in h(x)]\n\n" +
		"async def main():\n    await C().m(time.sleep(1))\n    s = f\"{k(2)}\"\n"
	for _, lazy := range []bool{false, true} {
		opts := Options{}
		if lazy {
			opts.Lazy = [][]byte{[]byte("async"), []byte("sleep")}
		}
		m := parse(t, src, opts)
		m.ExpandAll()
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
			t.Errorf("lazy=%v: %d calls, defs and classes, want 10", lazy, len(items))
		}
		for _, it := range items {
			if it.n == nil {
				t.Fatalf("lazy=%v: no node for %s at %v", lazy, it.typ, it.span)
			}
			if it.n.Type() != it.typ || m.NodeSpan(it.n) != it.span {
				t.Errorf("lazy=%v: node %s %v, want %s %v", lazy, it.n.Type(), m.NodeSpan(it.n), it.typ, it.span)
			}
			want := findNode(m.Tree.RootNode(), it.typ, uint32(it.span.Start), uint32(it.span.End))
			if want == nil || !it.n.Equal(want) {
				t.Errorf("lazy=%v: %s at %v is not the tree's node", lazy, it.typ, it.span)
			}
			if p := it.n.Parent(); p == nil || p.StartByte() > it.n.StartByte() || p.EndByte() < it.n.EndByte() {
				t.Errorf("lazy=%v: %s at %v: parent does not hold it", lazy, it.typ, it.span)
			}
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
