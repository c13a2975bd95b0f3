package al201_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/analyzers/al201"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), al201.Analyzer, "a", "b", "c")
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
