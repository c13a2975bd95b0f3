package pyparse

import (
	"os"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/textedit"
)

// TestParsesMatchesWholeParse checks that Parses, which reparses an edited
// copy of the module's tree, answers as a parse of the edited source made
// from scratch, on edits that keep the file valid and edits that break
// it, with one edit and with several, on a 24th of the standard library
// and the testdata.
func TestParsesMatchesWholeParse(t *testing.T) {
	files := stdlibAndTestdata(t)
	p := NewParser()
	defer p.Close()
	at := func(off int, text string) finding.Edit {
		return finding.Edit{Start: finding.Position{Offset: off}, End: finding.Position{Offset: off}, NewText: text}
	}
	repl := func(s Span, text string) finding.Edit {
		return finding.Edit{Start: finding.Position{Offset: s.Start}, End: finding.Position{Offset: s.End}, NewText: text}
	}
	var checked, reused, broken int
	for i, path := range files {
		if i%24 != 0 && !strings.Contains(path, "testdata") {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		m, err := p.Parse(path, src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if m.SyntaxError != nil {
			continue
		}
		for j, c := range m.Calls {
			if j >= 2 || c.Args.Empty() {
				break
			}
			fixes := [][]finding.Edit{
				{at(c.Span.Start, "await ")},
				{at(m.ImportsEnd, "import asyncio\n"), repl(c.Callee, "asyncio.sleep")},
				{repl(c.Args, "(\n    1,\n    2)")},
				{repl(Span{c.Args.End - 1, c.Args.End}, "")},
				{at(c.Span.Start, "(\n"), at(c.Span.End, "\nx = 1")},
				{repl(c.Callee, "lambda: f"), at(0, "")},
			}
			for _, edits := range fixes {
				out, err := textedit.Apply(m.Source(), edits)
				if err != nil {
					continue
				}
				whole, err := p.SyntaxError(path, out)
				if err != nil {
					t.Fatal(err)
				}
				got, err := p.Parses(m, edits, out)
				if err != nil {
					t.Fatal(err)
				}
				if got != (whole == nil) {
					t.Fatalf("%s: edits %+v: Parses says %v, a whole parse finds %v", path, edits, got, whole)
				}
				checked++
				if whole != nil {
					broken++
				}
				if m.reusableTree(textedit.Sorted(edits), out) != nil {
					reused++
				}
			}
		}
		m.DropTree()
	}
	t.Logf("%d edited files checked, %d of them broken, %d by reusing the tree", checked, broken, reused)
	if broken == 0 || broken == checked || reused < checked/2 {
		t.Fatalf("the edits do not exercise both answers and the reuse: %d checked, %d broken, %d reused", checked, broken, reused)
	}
}
