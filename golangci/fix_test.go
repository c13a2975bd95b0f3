package golangci

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/asynclint/asynclint/analyzers/al200"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/asynclint/asynclint/internal/golang/gomod"
)

// al200Fixes runs the analyzers on testdata/mod (a module that does not
// require asynclint) and returns, for each AL200 diagnostic, the messages
// of its suggested fixes.
func al200Fixes(t *testing.T, as []*analysis.Analyzer) [][]string {
	t.Helper()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: filepath.Join("testdata", "mod")}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		t.Fatalf("%d errors loading testdata/mod", n)
	}
	graph, err := checker.Analyze(as, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Fatalf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
		}
		if act.Analyzer.Name != al200.Analyzer.Name {
			continue
		}
		for _, d := range act.Diagnostics {
			var msgs []string
			for _, f := range d.SuggestedFixes {
				msgs = append(msgs, f.Message)
			}
			out = append(out, msgs)
		}
	}
	return out
}

// TestOneFix checks that the plugin's AL200 hands golangci-lint one fix per
// diagnostic (golangci-lint run --fix merges all of an issue's fixes and
// skips them when they overlap), and that in a module that does not require
// asynclint it is the standard-library form, which builds there.
func TestOneFix(t *testing.T) {
	raw := al200Fixes(t, []*analysis.Analyzer{al200.Analyzer})
	if len(raw) != 1 || len(raw[0]) < 2 {
		t.Fatalf("al200.Analyzer fixes = %q; want one diagnostic with two alternative fixes (else this test checks nothing)", raw)
	}
	for _, settings := range []any{nil, map[string]any{"stdlib": true}} {
		p, err := New(settings)
		if err != nil {
			t.Fatal(err)
		}
		as, err := p.BuildAnalyzers()
		if err != nil {
			t.Fatal(err)
		}
		got := al200Fixes(t, as)
		want := [][]string{{al200.StdlibFixMessage}}
		if len(got) != 1 || !slices.Equal(got[0], want[0]) {
			t.Errorf("settings %v: fixes = %q, want %q", settings, got, want)
		}
	}
}

func TestPickFix(t *testing.T) {
	rt := analysis.SuggestedFix{Message: al200.FixMessage}
	std := analysis.SuggestedFix{Message: al200.StdlibFixMessage}
	tests := []struct {
		name  string
		fixes []analysis.SuggestedFix
		keep  string
		want  []string
	}{
		{"asyncrt of both", []analysis.SuggestedFix{rt, std}, al200.FixMessage, []string{al200.FixMessage}},
		{"stdlib of both", []analysis.SuggestedFix{rt, std}, al200.StdlibFixMessage, []string{al200.StdlibFixMessage}},
		{"asyncrt withheld", []analysis.SuggestedFix{std}, al200.FixMessage, nil},
		{"none", nil, al200.StdlibFixMessage, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range pickFix(tt.fixes, tt.keep) {
				got = append(got, f.Message)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("pickFix = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRequiresAsynclint(t *testing.T) {
	tests := []struct {
		name  string
		gomod string
		want  bool
	}{
		{"requires it", "module example.com/a\n\ngo 1.22\n\nrequire github.com/asynclint/asynclint/runtime v0.1.0\n", true},
		{"in a block, replaced", "module example.com/a\n\ngo 1.22\n\nrequire (\n\tgolang.org/x/time v0.5.0\n\tgithub.com/asynclint/asynclint/runtime v0.0.0\n)\n\nreplace github.com/asynclint/asynclint/runtime => ../asynclint/runtime\n", true},
		{"is the runtime module", "module github.com/asynclint/asynclint/runtime\n\ngo 1.25.0\n", true},
		{"requires only the tool module", "module example.com/a\n\ngo 1.22\n\nrequire github.com/asynclint/asynclint v0.1.0\n", false},
		{"does not", "module example.com/a\n\ngo 1.22\n\nrequire golang.org/x/time v0.5.0\n", false},
		{"only replaces it", "module example.com/a\n\ngo 1.22\n\nreplace github.com/asynclint/asynclint => ../asynclint\n", false},
		{"unparsable", "module example.com/a\nrequire (\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			sub := filepath.Join(dir, "pkg", "inner")
			if err := os.MkdirAll(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(tt.gomod), 0o644); err != nil {
				t.Fatal(err)
			}
			root := gomod.Root(sub)
			if root != dir {
				t.Fatalf("gomod.Root(%s) = %q, want the directory two levels up", sub, root)
			}
			if got := requiresAsynclint(filepath.Join(root, "go.mod")); got != tt.want {
				t.Errorf("requiresAsynclint = %v, want %v", got, tt.want)
			}
		})
	}
	if got := requiresAsynclint(filepath.Join(t.TempDir(), "go.mod")); got {
		t.Error("requiresAsynclint of a missing file = true, want false")
	}
}
