// Package pyrulestest checks a Python rule family on its fixtures: against
// the reviewed snapshot beside each fixture and, whenever ruff-anchor (ruff
// 0.17.4's WASM build) can run, against ruff itself.
package pyrulestest

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/python/pycache"
	"github.com/asynclint/asynclint/internal/python/pycheck"
	"github.com/asynclint/asynclint/internal/ruffanchor"
	"github.com/asynclint/asynclint/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the .snap files")

// Run checks every testdata/*.py fixture of the calling package with the
// rules of codes selected, through the whole Python check (suppressions
// included): the findings (`line:col: CODE message`) must equal the
// fixture's .snap file and, when the anchor is available, ruff's findings
// for the same codes (the anchor runs once for all fixtures).
func Run(t *testing.T, codes ...string) {
	t.Helper()
	fixtures, err := filepath.Glob("testdata/*.py")
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no fixtures in testdata: %v", err)
	}
	var ruff map[string][]string
	anchor := Anchor()
	if anchor == "" {
		// In CI this fails: .ci/run provides the anchor.
		defer testenv.Missing(t, "ruff-anchor", ruffanchor.How+" (the snapshots were compared)")
	} else if ruff, err = Ruff(anchor, codes, fixtures...); err != nil {
		t.Fatalf("ruff-anchor: %v", err)
	}
	for _, fx := range fixtures {
		t.Run(filepath.Base(fx), func(t *testing.T) {
			got := Findings(t, fx, codes...)
			snap := fx + ".snap"
			if *update {
				if err := os.WriteFile(snap, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(snap)
			if err != nil {
				t.Fatalf("%v (go test -update writes it; review it)", err)
			}
			if g := strings.Join(got, "\n") + "\n"; g != string(want) {
				t.Errorf("%s: findings differ from the snapshot:\n%s", fx, diff(got, strings.Split(strings.TrimSuffix(string(want), "\n"), "\n")))
			}
			if ruff != nil {
				if d := diff(got, ruff[fx]); d != "" {
					t.Errorf("%s: asynclint and ruff differ (- asynclint only, + ruff only):\n%s", fx, d)
				}
			}
		})
	}
}

// Findings checks one file with codes selected: `line:col: CODE message`
// lines. The file is checked a second and a third time through a fresh
// content-hash cache (storing, then loading its model, which has no tree):
// the answers must not differ.
func Findings(t *testing.T, file string, codes ...string) []string {
	t.Helper()
	check := func(cache *pycache.Cache) []string {
		res, err := pycheck.Run([]string{file}, pycheck.Options{Select: codes, NoIgnore: true, NoSites: true, Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range res.Findings {
			out = append(out, fmt.Sprintf("%d:%d: %s %s", f.Start.Line, f.Start.Col, f.Code, f.Message))
		}
		return out
	}
	out := check(nil)
	cache, err := pycache.Open(t.TempDir(), "pyrulestest")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if d := diff(check(cache), out); d != "" {
			t.Errorf("%s: with the cache (run %d) the findings differ (- cached only, + uncached only):\n%s", file, i+1, d)
		}
	}
	return out
}

// Anchor returns the ruff-anchor command to run, "" when it is missing.
func Anchor() string { return ruffanchor.Path() }

// Ruff runs the anchor once on files with codes selected: for each file,
// its `line:col: CODE message` lines.
func Ruff(anchor string, codes []string, files ...string) (map[string][]string, error) {
	cmd := exec.Command(anchor, append([]string{"--select=" + strings.Join(codes, ",")}, files...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil && len(out) == 0 && stderr.Len() > 0 {
		return nil, fmt.Errorf("%v: %s", err, stderr.String())
	}
	byFile := map[string][]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		for _, f := range files {
			if rest, ok := strings.CutPrefix(l, f+":"); ok {
				byFile[f] = append(byFile[f], rest)
				break
			}
		}
	}
	return byFile, nil
}

func diff(got, want []string) string {
	g, w := map[string]bool{}, map[string]bool{}
	for _, l := range got {
		g[l] = true
	}
	for _, l := range want {
		w[l] = true
	}
	var d []string
	for l := range g {
		if !w[l] {
			d = append(d, "- "+l)
		}
	}
	for l := range w {
		if !g[l] {
			d = append(d, "+ "+l)
		}
	}
	sort.Strings(d)
	return strings.Join(d, "\n")
}
