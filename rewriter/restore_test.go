package rewriter

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/asynclint/asynclint/internal/python/pycheck"
)

// TestPlanRestoresOnlyWhatItEdits: from a check that dropped every tree
// (as fix runs it), the planner parses again the modules it rewrites (the
// async caller and the helper it twins) and no other: an async module with
// nothing to fix keeps no tree.
func TestPlanRestoresOnlyWhatItEdits(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"app.py":    "import helper\n\nasync def handler():\n    helper.load()\n",
		"helper.py": "import time\n\ndef load():\n    time.sleep(1)\n",
		"other.py":  "import asyncio\n\nasync def idle():\n    await asyncio.sleep(1)\n",
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := pycheck.Run([]string{dir}, pycheck.Options{NoTrees: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Project.Modules) != len(files) {
		t.Fatalf("%d modules modelled, want %d", len(res.Project.Modules), len(files))
	}
	for _, m := range res.Project.Modules {
		if m.Tree != nil {
			t.Fatalf("%s kept its tree in a run without trees", m.Path)
		}
	}
	plan, err := PlanPython(res.Project, res.Findings, PyOptions{Twins: true})
	if err != nil {
		t.Fatal(err)
	}
	var changed, restored []string
	for _, c := range plan.Changes {
		changed = append(changed, filepath.Base(c.Path))
	}
	for _, m := range res.Project.Modules {
		if m.Tree != nil {
			restored = append(restored, filepath.Base(m.Path))
		}
	}
	slices.Sort(changed)
	slices.Sort(restored)
	if want := []string{"app.py", "helper.py"}; !slices.Equal(changed, want) || !slices.Equal(restored, want) {
		t.Fatalf("changed %v, restored %v; want both %v", changed, restored, want)
	}
}
