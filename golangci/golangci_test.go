package golangci

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/analyzers/al200"
	"github.com/asynclint/asynclint/internal/golang/gocheck"
	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

func names(as []*analysis.Analyzer) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Name
	}
	return out
}

// yamlList is how golangci-lint hands a YAML list to a plugin.
func yamlList(items ...any) []any { return append([]any{}, items...) }

func TestNewAccepts(t *testing.T) {
	tests := []struct {
		name     string
		settings any
		want     []string
	}{
		{"no settings", nil, []string{"AL200", "AL201", "AL202"}},
		{"empty mapping", map[string]any{}, []string{"AL200", "AL201", "AL202"}},
		{"disable AL201", map[string]any{"disable": yamlList("AL201")}, []string{"AL200", "AL202"}},
		{"disable AL200", map[string]any{"disable": yamlList("AL200")}, []string{"AL201", "AL202"}},
		{"enable AL200", map[string]any{"enable": yamlList("AL200")}, []string{"AL200"}},
		{"enable AL202", map[string]any{"enable": yamlList("AL202")}, []string{"AL202"}},
		{"enable both", map[string]any{"enable": yamlList("AL201", "AL200")}, []string{"AL200", "AL201"}},
		{"codes in any case", map[string]any{"disable": yamlList("al201", "Al202")}, []string{"AL200"}},
		{"empty lists", map[string]any{"enable": yamlList(), "disable": yamlList()}, []string{"AL200", "AL201", "AL202"}},
		{"enable then disable", map[string]any{"enable": yamlList("AL200", "AL201"), "disable": yamlList("AL200")}, []string{"AL201"}},
		{"string slice", map[string]any{"disable": []string{"AL200", "AL202"}}, []string{"AL201"}},
		{"stdlib fixes", map[string]any{"stdlib": true}, []string{"AL200", "AL201", "AL202"}},
		{"stdlib off", map[string]any{"stdlib": false, "disable": yamlList("AL201")}, []string{"AL200", "AL202"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := New(tt.settings)
			if err != nil {
				t.Fatalf("New(%v): %v", tt.settings, err)
			}
			as, err := p.BuildAnalyzers()
			if err != nil {
				t.Fatalf("BuildAnalyzers: %v", err)
			}
			if got := names(as); !slices.Equal(got, tt.want) {
				t.Errorf("analyzers = %v, want %v", got, tt.want)
			}
			if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
				t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
			}
		})
	}
}

func TestNewRejects(t *testing.T) {
	tests := []struct {
		name     string
		settings any
		want     []string // substrings of the error
	}{
		{"unknown key", map[string]any{"disabled": yamlList("AL201")}, []string{`unknown key "disabled"`, "disable, enable"}},
		{"unknown key beside a good one", map[string]any{"disable": yamlList("AL201"), "fix-style": "stdlib"}, []string{`unknown key "fix-style"`}},
		{"string instead of list", map[string]any{"disable": "AL201"}, []string{`key "disable"`, "want a list of rule codes", `a string "AL201"`}},
		{"null list", map[string]any{"enable": nil}, []string{`key "enable"`, "want a list", "null"}},
		{"number in list", map[string]any{"disable": yamlList(201)}, []string{`key "disable", item 1`, "want a rule code", "a number"}},
		{"unknown code", map[string]any{"enable": yamlList("AL200", "ASYNC251")}, []string{`key "enable"`, `unknown rule "ASYNC251"`, "AL200, AL201, AL202"}},
		{"not a mapping", yamlList("AL200"), []string{"want a mapping", "a list"}},
		{"a scalar", "AL200", []string{"want a mapping", "a string"}},
		{"everything disabled", map[string]any{"disable": yamlList("AL200", "AL201", "AL202")}, []string{"leave no rule to run"}},
		{"enabled rule disabled", map[string]any{"enable": yamlList("AL200"), "disable": yamlList("AL200")}, []string{"leave no rule to run"}},
		{"stdlib as a string", map[string]any{"stdlib": "yes"}, []string{`key "stdlib"`, "want true or false", `a string "yes"`}},
		{"stdlib null", map[string]any{"stdlib": nil}, []string{`key "stdlib"`, "want true or false", "null"}},
		{"unknown key lists stdlib", map[string]any{"std-lib": true}, []string{`unknown key "std-lib"`, "disable, enable, stdlib"}},
		{"unencodable", map[string]any{"disable": func() {}}, []string{"asynclint settings"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := New(tt.settings)
			if err == nil {
				t.Fatalf("New(%#v) = %v, nil; want an error", tt.settings, p)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// TestRegistered checks the plugin is registered under the name
// .golangci.yml refers to, with New as its constructor.
func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin(Name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(map[string]any{"disable": yamlList("AL200", "AL202")})
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if got := names(as); !slices.Equal(got, []string{"AL201"}) {
		t.Errorf("registered plugin's analyzers = %v, want [AL201]", got)
	}
}

// TestSameAnalyzersAsCheck keeps the plugin in step with `asynclint check`:
// a Go analyzer added to gocheck must be added here too.
func TestSameAnalyzersAsCheck(t *testing.T) {
	p, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != len(gocheck.Analyzers) {
		t.Fatalf("plugin runs %v, asynclint check runs %v", names(as), names(gocheck.Analyzers))
	}
	for i := range as {
		// AL200 is a copy that keeps one suggested fix (oneFix); all else
		// must be the analyzer asynclint check runs.
		a, b := as[i], gocheck.Analyzers[i]
		if a.Name != b.Name || a.Doc != b.Doc || a.URL != b.URL || a.ResultType != b.ResultType ||
			!slices.Equal(a.Requires, b.Requires) || !slices.Equal(a.FactTypes, b.FactTypes) {
			t.Errorf("analyzer %d: plugin runs %s, asynclint check runs %s", i, a.Name, b.Name)
		}
		if a != b && a.Name != al200.Analyzer.Name {
			t.Errorf("analyzer %d (%s) is a copy; only AL200 should be", i, a.Name)
		}
	}
	if err := analysis.Validate(as); err != nil {
		t.Errorf("analysis.Validate: %v", err)
	}
}

// TestBuildAnalyzersRun runs the analyzers the plugin builds, as
// golangci-lint does (type information, facts across packages), on a small
// module: AL200 in app, AL201 through a helper in another package, a
// //nolint:asynclint line silent; disabling a rule removes its findings.
func TestBuildAnalyzersRun(t *testing.T) {
	modDir, err := filepath.Abs(filepath.Join("testdata", "mod"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: modDir}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		t.Fatalf("%d errors loading testdata/mod", n)
	}
	tests := []struct {
		name     string
		settings any
		want     []string
	}{
		{"all", nil, []string{
			"app/app.go:13:2: AL200",
			"app/app.go:19:2: AL201",
		}},
		{"disable AL201", map[string]any{"disable": yamlList("AL201")}, []string{
			"app/app.go:13:2: AL200",
		}},
		{"enable AL201", map[string]any{"enable": yamlList("AL201")}, []string{
			"app/app.go:19:2: AL201",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := New(tt.settings)
			if err != nil {
				t.Fatal(err)
			}
			as, err := p.BuildAnalyzers()
			if err != nil {
				t.Fatal(err)
			}
			graph, err := checker.Analyze(as, pkgs, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, act := range graph.Roots {
				if act.Err != nil {
					t.Fatalf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
				}
				for _, d := range act.Diagnostics {
					pos := act.Package.Fset.Position(d.Pos)
					rel, err := filepath.Rel(modDir, pos.Filename)
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, fmt.Sprintf("%s:%d:%d: %s", filepath.ToSlash(rel), pos.Line, pos.Column, act.Analyzer.Name))
				}
			}
			sort.Strings(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
