package pyrules

import (
	"testing"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/pyparse"
)

// TestFixWithheld: the checker attaches a rule's fix to its finding only
// when the fixed file parses; otherwise the finding says why it has none.
func TestFixWithheld(t *testing.T) {
	edit := func(text string) func(*pyparse.Module, *pyparse.Call, FixContext) (*finding.Fix, string) {
		return func(m *pyparse.Module, c *pyparse.Call, _ FixContext) (*finding.Fix, string) {
			e := finding.Edit{Path: m.Path, Start: m.Position(c.Callee.Start), End: m.Position(c.Callee.End), NewText: text}
			return &finding.Fix{Message: "replace", Edits: []finding.Edit{e}}, ""
		}
	}
	src := []byte("import mylib\n\n\nasync def f():\n    mylib.block(1)\n")
	p := pyparse.NewParser()
	defer p.Close()
	for _, tc := range []struct {
		text, noFix string
	}{
		{"mylib.wait", ""},
		{"mylib.wait(", "the fixed file would not parse"},
	} {
		m, err := p.Parse("m.py", src, pyparse.Options{Name: "m"})
		if err != nil {
			t.Fatal(err)
		}
		ch := NewChecker([]Direct{{Code: "X1", Match: Global("mylib.block"), Message: Constant("blocks"), Fix: edit(tc.text)}}, nil, nil)
		fs := ch.Findings(m, FixContext{})
		if len(fs) != 1 {
			t.Fatalf("%q: %d findings, want 1", tc.text, len(fs))
		}
		if got := fs[0]; (got.Fix == nil) != (tc.noFix != "") || got.NoFix != tc.noFix {
			t.Errorf("%q: fix %v, no fix because %q; want no fix because %q", tc.text, got.Fix, got.NoFix, tc.noFix)
		}
	}
}
