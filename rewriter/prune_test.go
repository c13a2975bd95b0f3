package rewriter

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/python/pycheck"
)

// planPrune checks the tree at dir as mode says and plans the prune.
func planPrune(t *testing.T, dir string, opts PruneOptions, mode analysisMode) (*Plan, []Pruned) {
	t.Helper()
	res := analyse(t, dir, pycheck.Options{NoSites: true, AllFunctions: true}, mode)
	plan, decisions, err := PlanPrune(res.Project, opts)
	if err != nil {
		t.Fatal(err)
	}
	return plan, decisions
}

// pruneTree runs fix --prune on the tree at dir in place and renders its
// decisions, paths relative to dir. It prunes as fix does, from models
// whose trees the check dropped, and fails when that differs from a prune
// with every tree kept or from the models a cache gives back.
func pruneTree(t *testing.T, dir string, opts PruneOptions) (*Plan, string) {
	t.Helper()
	plan, decisions := planPrune(t, dir, opts, dropped)
	text := decisionText(dir, decisions)
	for _, mode := range []analysisMode{kept, cached} {
		other, otherDecisions := planPrune(t, dir, opts, mode)
		if otherText := decisionText(dir, otherDecisions); !samePlan(plan, other) || text != otherText {
			t.Errorf("%s: the prune from dropped trees differs from the prune %s:\n%s%s\nagainst\n%s%s",
				dir, mode, planText(dir, plan), text, planText(dir, other), otherText)
		}
	}
	for _, e := range Write([]string{dir}, plan.Changes, VerifyPython) {
		t.Errorf("write: %v", e)
	}
	return plan, text
}

// decisionText renders prune decisions, paths relative to dir.
func decisionText(dir string, decisions []Pruned) string {
	rel := func(s string) string { return strings.ReplaceAll(s, filepath.ToSlash(dir)+"/", "") }
	var b strings.Builder
	for _, d := range decisions {
		where := fmt.Sprintf("%s:%d %s", rel(filepath.ToSlash(d.Path)), d.Pos.Line, d.Function)
		if d.Removed {
			fmt.Fprintf(&b, "removed %s\n", where)
			for _, im := range d.Imports {
				fmt.Fprintf(&b, "  import %s\n", rel(filepath.ToSlash(im)))
			}
		} else {
			fmt.Fprintf(&b, "kept %s: %s\n", where, rel(filepath.ToSlash(d.Reason)))
		}
	}
	return b.String()
}

// TestPruneGolden prunes each tree under testdata/prune (trees whose name
// starts with "public" with --prune-public) and compares every file with
// its .golden file (absent: unchanged) and the decisions with
// <tree>.pruned. The result must byte-compile and a second run must change
// nothing.
func TestPruneGolden(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join("testdata", "prune"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			src := filepath.Join("testdata", "prune", name)
			dir := t.TempDir()
			copyTree(t, src, dir)
			opts := PruneOptions{Public: strings.HasPrefix(name, "public")}
			_, decisions := pruneTree(t, dir, opts)
			checkGolden(t, src+".pruned", []byte(decisions), nil)
			checkTreeGoldens(t, dir, func(rel string) string { return filepath.Join(src, rel) })
			pyCompile(t, dir)
			again, _ := pruneTree(t, dir, opts)
			for _, c := range again.Changes {
				t.Errorf("second prune changed %s:\n%s", c.Path, Diff(c.Path, c.Old, c.New))
			}
		})
	}
}
