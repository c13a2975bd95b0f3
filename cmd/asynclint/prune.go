package main

import (
	"fmt"
	"io"

	"github.com/asynclint/asynclint/internal/driver/config"
	"github.com/asynclint/asynclint/pyparse"
	"github.com/asynclint/asynclint/rewriter"
)

// pruneFlags are fix --prune's settings.
type pruneFlags struct {
	public, diff, dryRun bool
}

// runPrune is `asynclint fix --prune`: the plan's Phase 3. It removes the
// sync functions that have an async twin and that nothing in the analysed
// tree uses any more, and names the others with their first remaining use.
func runPrune(paths []string, cfg *config.Config, opts analyzeOptions, pf pruneFlags, stdout, stderr io.Writer) int {
	a, err := analyze(paths, opts)
	if err != nil {
		fmt.Fprintf(stderr, "asynclint: %v\n", err)
		return exitError
	}
	if a.Python == nil {
		fmt.Fprintln(stderr, "Nothing to prune: no Python file in the paths given.")
		return exitClean
	}
	plan, decisions, err := rewriter.PlanPrune(a.Python.Project, rewriter.PruneOptions{
		Public:       pf.public,
		PublicModule: func(m *pyparse.Module) bool { return cfg.IsPublicModule(m.Name) },
	})
	if err != nil {
		fmt.Fprintf(stderr, "asynclint: %v\n", err)
		return exitError
	}
	preview := pf.diff || pf.dryRun
	verb := "removed"
	if preview {
		verb = "would remove"
	}
	removed, kept := 0, 0
	for _, d := range decisions {
		where := fmt.Sprintf("%s:%d %s", displayPath(d.Path), d.Pos.Line, d.Function)
		if !d.Removed {
			kept++
			fmt.Fprintf(stderr, "kept %s: %s\n", where, d.Reason)
			continue
		}
		removed++
		fmt.Fprintf(stderr, "%s %s (its async twin %s stays)\n", verb, where, d.Twin)
		for _, im := range d.Imports {
			fmt.Fprintf(stderr, "  and its import %s\n", im)
		}
	}
	var failed []*rewriter.FileError
	switch {
	case pf.diff:
		for _, ch := range plan.Changes {
			fmt.Fprint(stdout, rewriter.Diff(displayPath(ch.Path), ch.Old, ch.New))
		}
	case pf.dryRun:
		for _, ch := range plan.Changes {
			fmt.Fprintf(stdout, "would fix %s (%d edits)\n", displayPath(ch.Path), len(ch.Edits))
		}
	default:
		failed = rewriter.Write(patternDirs(paths), plan.Changes, rewriter.VerifyPython)
		for _, e := range failed {
			fmt.Fprintf(stderr, "asynclint: %s: not written: %v\n", displayPath(e.Path), e.Err)
		}
		if len(failed) > 0 {
			fmt.Fprintf(stderr, "asynclint: nothing of this prune was written (%d %s refused)\n", len(failed), plural(len(failed), "file", "files"))
			return exitError
		}
	}
	files := len(plan.Changes)
	fmt.Fprintf(stderr, "%s %d sync %s in %d %s; kept %d still in use.\n", capitalise(verb), removed, plural(removed, "function", "functions"),
		files, plural(files, "file", "files"), kept)
	if preview && files > 0 {
		return exitFindings
	}
	return exitClean
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
