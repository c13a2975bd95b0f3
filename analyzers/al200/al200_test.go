package al200_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/analyzers/al200"
	"github.com/asynclint/asynclint/internal/golang/goldentest"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/txtar"
)

func TestDetection(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), al200.Analyzer, "a", "aware", "callbacks")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), al200.Analyzer, "fixes", "imports/...", "stdlib")
}

// TestGoldenCompiles type-checks every package with its .golden files in
// place of the originals, once for each form of fix (each golden is a txtar
// archive with a section per fix message): a fix must never leave code that
// does not compile.
func TestGoldenCompiles(t *testing.T) {
	for _, msg := range []string{al200.FixMessage, al200.StdlibFixMessage} {
		t.Run(strings.Fields(msg)[2], func(t *testing.T) {
			checkGoldenSection(t, msg)
		})
	}
}

func checkGoldenSection(t *testing.T, msg string) {
	goldentest.Compiles(t, filepath.Join(analysistest.TestData(), "src"), func(path string, data []byte) []byte {
		return section(t, path, data, msg)
	})
}

// section returns the section of a txtar golden file named msg; every
// golden file must hold both forms of fix.
func section(t *testing.T, path string, data []byte, msg string) []byte {
	t.Helper()
	ar := txtar.Parse(data)
	for _, f := range ar.Files {
		if f.Name == msg {
			return f.Data
		}
	}
	t.Errorf("%s: no section %q", path, msg)
	return data
}
