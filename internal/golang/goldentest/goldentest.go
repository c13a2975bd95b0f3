// Package goldentest checks, for the analyzers' tests, that the .golden
// files of their suggested fixes compile: a fix must never leave code that
// does not build.
package goldentest

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// Compiles copies the GOPATH tree src (an analysistest testdata/src) to a
// temporary GOPATH with every .go.golden file in place of its .go file and
// type-checks each package that has one, failing t on any error. content
// returns the Go source a golden file holds (for a txtar golden, the
// section of one fix).
func Compiles(t *testing.T, src string, content func(path string, data []byte) []byte) {
	t.Helper()
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
			data = content(path, data)
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
