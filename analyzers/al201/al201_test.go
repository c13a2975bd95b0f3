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
	analysistest.Run(t, analysistest.TestData(), al201.Analyzer, "a", "b", "c", "d")
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
