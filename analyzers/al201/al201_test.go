package al201_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/analyzers/al201"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), al201.Analyzer, "a", "b", "c", "d", "e")
}

// TestRelated checks that a finding carries its chain as related
// locations, across packages, the blocking call last.
func TestRelated(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), al201.Analyzer, "a")
	var got []string
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if !strings.HasPrefix(d.Message, "helper blocks") {
				continue
			}
			for _, rel := range d.Related {
				p := r.Pass.Fset.Position(rel.Pos)
				got = append(got, fmt.Sprintf("%s:%d: %s", filepath.Base(p.Filename), p.Line, rel.Message))
			}
		}
	}
	want := []string{
		"a.go:10: calls b.Indirect",
		"b.go:13: calls Sleepy",
		"b.go:9: blocking call: time.Sleep",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("related locations of helper's finding:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// recorder collects what analysistest would report as test failures.
type recorder struct{ msgs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

// TestSkipsTestFiles checks, on testdata/src/t, that a call from a function
// with a context to a blocking helper is not reported in a _test.go file,
// as the rule's documentation says. The package's facts (its test functions
// do block) are left unchecked: the generated test main carries one too,
// where no `// want` can be written; they show the test file was analysed.
func TestSkipsTestFiles(t *testing.T) {
	var r recorder
	analysistest.Run(&r, analysistest.TestData(), al201.Analyzer, "t")
	analysed := false
	for _, m := range r.msgs {
		if strings.Contains(m, "unexpected fact: blocks: calls waitFor") {
			analysed = true
		} else if !strings.Contains(m, "unexpected fact") {
			t.Error(m)
		}
	}
	if !analysed {
		t.Errorf("t_test.go was not analysed: %q", r.msgs)
	}
	if !strings.Contains(al201.Rule.What, "`_test.go`") {
		t.Errorf("AL201's documentation does not say it skips _test.go files:\n%s", al201.Rule.What)
	}
}
