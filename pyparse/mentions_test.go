package pyparse

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"
)

// mentionsByWalk is Mentions as a walk of every node from the root: the
// reading Mentions must agree with (it only visits the identifiers that
// spell a name).
func (m *Module) mentionsByWalk(names map[string]bool) []Mention {
	var out []Mention
	for _, im := range m.Imports {
		if im.Name != "" && im.Name != "*" && names[im.Name] {
			out = append(out, Mention{Kind: MentionImport, Name: im.Name, Text: im.Name, Span: im.Item, Function: im.Function, Scope: im.Scope, Import: im})
		}
	}
	var walk func(n *sitter.Node)
	walk = func(n *sitter.Node) {
		switch n.Type() {
		case "import_statement", "import_from_statement", "future_import_statement", "global_statement", "nonlocal_statement":
			return
		case "identifier":
			if names[m.Text(m.NodeSpan(n))] {
				if mt, ok := m.mention(n); ok {
					out = append(out, mt)
				}
			}
			return
		case "string":
			if mt, ok := m.stringMention(n, names); ok {
				out = append(out, mt)
			}
			return
		}
		for i := 0; i < int(n.NamedChildCount()); i++ {
			walk(n.NamedChild(i))
		}
	}
	walk(m.Tree.RootNode())
	sortMentions(out)
	return out
}

var identRe = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)

// TestMentionsMatchWalk checks Mentions against a walk of the whole tree
// on the standard library and the testdata, asking for names that are
// mentioned in every way (calls, values, decorators, __all__, getattr,
// imports, f-strings, comments and docstrings around them) and for a
// sample of each file's own identifiers.
func TestMentionsMatchWalk(t *testing.T) {
	files := stdlibAndTestdata(t)
	p := NewParser()
	defer p.Close()
	show := func(ms []Mention) string {
		var b strings.Builder
		for _, x := range ms {
			fmt.Fprintf(&b, "%v %s %q %v %p %p; ", x.Kind, x.Name, x.Text, x.Span, x.Function, x.Scope)
		}
		return b.String()
	}
	total := 0
	for i, path := range files {
		if i%16 != 0 && !strings.Contains(path, "testdata") {
			continue // a sixteenth of the standard library is enough
		}
		src, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		m, err := p.Parse(path, src, Options{})
		if err != nil || m.Tree == nil {
			continue
		}
		names := map[string]bool{"__all__": true, "getattr": true, "self": true, "run": true, "close": true, "join": true}
		for j, id := range identRe.FindAll(src, -1) {
			if j%29 == 0 {
				names[string(id)] = true
			}
		}
		got, want := m.Mentions(names), m.mentionsByWalk(names)
		if show(got) != show(want) {
			t.Fatalf("%s: Mentions\n%s\nwant (the walk)\n%s", path, show(got), show(want))
		}
		total += len(got)
	}
	if total < 10000 {
		t.Errorf("%d mentions compared, want the standard library's many", total)
	}
	// A source of its own with every kind, and the places that are not
	// mentions (a definition, a parameter, a keyword, a comment, an
	// import of it, an f-string).
	src := "from .store import warm\nimport warm as w2\n__all__ = [\"warm\", \"cold\"]\n__all__.append(\"warm\")\n" +
		"def warm(warm=1):  # warm\n    return warm\n\n@warm\ndef f():\n    warm()\n    store.warm(x=warm)\n" +
		"    getattr(store, \"warm\")\n    print(f\"{warm()}\")\n    \"\"\"warm\"\"\"\n    global warm\n    warm_er = warmer = 1\n"
	m := parse(t, src, Options{})
	names := map[string]bool{"warm": true}
	got, want := m.Mentions(names), m.mentionsByWalk(names)
	if show(got) != show(want) || len(got) < 7 {
		t.Errorf("Mentions\n%s\nwant (the walk, 7 or more)\n%s", show(got), show(want))
	}
}
