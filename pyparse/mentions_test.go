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

// TestMentionsOfDropped checks that MentionsOf, on a module whose tree was
// dropped, gives what Mentions gives on the module with its tree: the
// same mentions, pointing at the dropped module's own functions and
// imports, with the same bindings of their heads; and that a source
// changed since the model was built is an error, not a guess.
func TestMentionsOfDropped(t *testing.T) {
	files := stdlibAndTestdata(t)
	p := NewParser()
	defer p.Close()
	desc := func(m *Module, ms []Mention) string {
		idx := map[*Function]int{}
		for i, f := range m.Functions {
			idx[f] = i
		}
		imp := map[*Import]int{}
		for i, im := range m.Imports {
			imp[im] = i
		}
		var b strings.Builder
		for _, x := range ms {
			fn, ok := idx[x.Function]
			if x.Function != nil && !ok {
				fn = -2 // not one of m's
			} else if x.Function == nil {
				fn = -1
			}
			im, ok := imp[x.Import]
			if x.Import != nil && !ok {
				im = -2
			} else if x.Import == nil {
				im = -1
			}
			h := x.Head
			hf, hfok := idx[h.Function]
			hi, hiok := imp[h.Import]
			fmt.Fprintf(&b, "%v %s %q %v fn=%d imp=%d bound=%v head=%v/%d/%v/%d/%v/%v/%d; ", x.Kind, x.Name, x.Text, x.Span, fn, im,
				x.Bound, h.Kind, hf, hfok || h.Function == nil, hi, hiok || h.Import == nil, h.Class != nil, h.Offset)
		}
		return b.String()
	}
	total := 0
	for i, path := range files {
		if i%16 != 3 && !strings.Contains(path, "testdata") {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		kept, err := p.Parse(path, src, Options{Name: "m"})
		if err != nil {
			continue
		}
		names := map[string]bool{"__all__": true, "run": true, "close": true}
		for j, id := range identRe.FindAll(src, -1) {
			if j%13 == 0 {
				names[string(id)] = true
			}
		}
		want := desc(kept, kept.Mentions(names))
		dropped, err := p.Parse(path, src, Options{Name: "m"})
		if err != nil {
			t.Fatal(err)
		}
		p.DropTree(dropped)
		ms, err := p.MentionsOf(dropped, names)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if got := desc(dropped, ms); got != want {
			t.Fatalf("%s: MentionsOf the dropped module\n%s\nwant (with its tree)\n%s", path, got, want)
		}
		total += len(ms)
	}
	if total < 5000 {
		t.Errorf("%d mentions compared, want the standard library's many", total)
	}

	m := parse(t, "def warm():\n    pass\n\nwarm()\n", Options{})
	m.DropTree()
	m.src = []byte("def warm():\n    pass\n\ndef cold():\n    warm()\n")
	if _, err := p.MentionsOf(m, map[string]bool{"warm": true}); err == nil || !strings.Contains(err.Error(), "changed") {
		t.Errorf("a changed source: err = %v, want one saying it changed", err)
	}
}

// TestMentionsDeepTree: a tree as deep as its source is long (a sum of
// 100,000 terms) is walked without exhausting the C stack, and the
// mentions at both ends of it are found.
func TestMentionsDeepTree(t *testing.T) {
	src := "from lib import warm\n\n\ndef g():\n    return warm()" + strings.Repeat(" + 1", 100000) + " + warm\n"
	m := parse(t, src, Options{})
	var got []string
	for _, mt := range m.Mentions(map[string]bool{"warm": true}) {
		got = append(got, fmt.Sprintf("%v@%d", mt.Kind, mt.Span.Start))
	}
	want := []string{"import@16", fmt.Sprintf("call@%d", strings.Index(src, "warm()")), fmt.Sprintf("value@%d", strings.LastIndex(src, "warm"))}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("mentions %v, want %v", got, want)
	}
}
