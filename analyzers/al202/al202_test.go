package al202_test

import (
	"path/filepath"
	"testing"

	"github.com/asynclint/asynclint/analyzers/al202"
	"github.com/asynclint/asynclint/internal/golang/goldentest"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), al202.Analyzer, "direct", "store", "helpers", "chain", "callbacks")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), al202.Analyzer, "fixes")
}

// TestGoldenCompiles type-checks every package with its .golden files in
// place of the originals: a fix must never leave code that does not compile.
func TestGoldenCompiles(t *testing.T) {
	goldentest.Compiles(t, filepath.Join(analysistest.TestData(), "src"), func(_ string, data []byte) []byte { return data })
}
