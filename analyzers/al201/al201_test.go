package al201_test

import (
	"testing"

	"github.com/asynclint/asynclint/analyzers/al201"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), al201.Analyzer, "a", "b", "c")
}
