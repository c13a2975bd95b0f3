package al200_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/analyzers/al200"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/packages"
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
	src := filepath.Join(analysistest.TestData(), "src")
	gopath := t.TempDir()
	var pkgs []string
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		dst := filepath.Join(gopath, "src", rel)
		if strings.HasSuffix(path, ".go") {
			if _, err := os.Stat(path + ".golden"); err == nil {
				return nil // the golden version is copied instead
			}
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.HasSuffix(path, ".go.golden") {
			dst = strings.TrimSuffix(dst, ".golden")
			pkgs = append(pkgs, filepath.ToSlash(filepath.Dir(rel)))
			data = section(t, path, data, msg)
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) == 0 {
		t.Fatal("no golden files found")
	}
	pkgs = slices.Compact(slices.Sorted(slices.Values(pkgs)))
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir:  filepath.Join(gopath, "src"),
		Env:  append(os.Environ(), "GOPATH="+gopath, "GO111MODULE=off", "GOFLAGS=-mod=mod"),
	}
	loaded, err := packages.Load(cfg, pkgs...)
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded) != len(pkgs) {
		t.Errorf("loaded %d packages, want %d", len(loaded), len(pkgs))
	}
	for _, p := range loaded {
		for _, e := range p.Errors {
			t.Errorf("%s: fixed code does not compile: %v", p.PkgPath, e)
		}
	}
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
