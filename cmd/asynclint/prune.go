package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/asynclint/asynclint/internal/driver/config"
	"github.com/asynclint/asynclint/pyparse"
	"github.com/asynclint/asynclint/rewriter"
	"github.com/asynclint/asynclint/rewriter/gofix"
)

// pruneFlags are fix --prune's settings.
type pruneFlags struct {
	public, diff, dryRun bool
}

// runPrune is `asynclint fix --prune`: the plan's Phase 3. It removes the
// sync functions that have an async twin and that nothing in the analysed
// tree uses any more, and names the others with their first remaining use.
func runPrune(paths []string, cfg *config.Config, opts analyzeOptions, pf pruneFlags, stdout, stderr io.Writer) int {
	for _, p := range paths {
		if _, err := os.Stat(patternDir(p)); err != nil {
			// A path mistyped leaves what it would use unknown.
			fmt.Fprintf(stderr, "asynclint fix: --prune: %v: nothing pruned\n", err)
			return exitError
		}
	}
	if opts.python && onlyPythonFiles(paths) && slices.ContainsFunc(pythonGroups(paths), func(g pyGroup) bool { return g.project == "" }) {
		// What still uses a function is decided over the tree analysed:
		// files alone, with no project to look for their users in, would
		// leave every other file's uses unseen.
		fmt.Fprintln(stderr, "asynclint fix: --prune on files needs their project to find what still uses them (a directory above each holding .git, pyproject.toml, setup.py, ...): give the project's directory instead")
		return exitError
	}
	a, err := analyze(paths, opts)
	if err != nil {
		fmt.Fprintf(stderr, "asynclint: %v\n", err)
		return exitError
	}
	a.warn(stderr)
	var decisions []rewriter.Pruned
	var changes []rewriter.Change
	var skipped []*rewriter.FileError
	for _, res := range a.Python {
		plan, ds, err := rewriter.PlanPrune(res.Project, rewriter.PruneOptions{
			Public:       pf.public,
			PublicModule: func(m *pyparse.Module) bool { return res.cfg.IsPublicModule(m.Name) },
			Editable:     rewriter.Within(patternDirs(paths)),
		})
		if err != nil {
			fmt.Fprintf(stderr, "asynclint: %v\n", err)
			return exitError
		}
		decisions, changes = append(decisions, ds...), append(changes, plan.Changes...)
	}
	if opts.golang {
		_, targets, _ := splitTargets(paths, opts, func() string { return "" })
		for _, t := range targets {
			plan, ds, err := gofix.Prune(t.dir)
			if err != nil {
				fmt.Fprintf(stderr, "asynclint: %v\n", err)
				return exitError
			}
			decisions, changes = append(decisions, ds...), append(changes, plan.Changes...)
			skipped = append(skipped, plan.Skipped...)
		}
	}
	for _, s := range skipped {
		fmt.Fprintf(stderr, "asynclint: %s: not pruned: %v\n", displayPath(s.Path), s.Err)
	}
	if len(skipped) > 0 {
		fmt.Fprintln(stderr, "asynclint: nothing of this prune was written")
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
		d.Reason = displayReason(d.Reason)
		if !d.Removed {
			kept++
			fmt.Fprintf(stderr, "kept %s: %s\n", where, d.Reason)
			continue
		}
		removed++
		kind := "async twin"
		if strings.HasSuffix(d.Path, ".go") {
			kind = "context-aware variant"
		}
		fmt.Fprintf(stderr, "%s %s (its %s %s stays)\n", verb, where, kind, d.Twin)
		for _, im := range d.Imports {
			fmt.Fprintf(stderr, "  and its import %s\n", im)
		}
	}
	var failed []*rewriter.FileError
	switch {
	case pf.diff:
		for _, ch := range changes {
			fmt.Fprint(stdout, rewriter.Diff(displayPath(ch.Path), ch.Old, ch.New))
		}
	case pf.dryRun:
		for _, ch := range changes {
			fmt.Fprintf(stdout, "would fix %s (%d edits)\n", displayPath(ch.Path), len(ch.Edits))
		}
	default:
		failed = rewriter.Write(patternDirs(paths), changes, verifyAny)
		for _, e := range failed {
			fmt.Fprintf(stderr, "asynclint: %s: not written: %v\n", displayPath(e.Path), e.Err)
		}
		if len(failed) > 0 {
			fmt.Fprintf(stderr, "asynclint: nothing of this prune was written (%d %s refused)\n", len(failed), plural(len(failed), "file", "files"))
			return exitError
		}
	}
	files := len(changes)
	fmt.Fprintf(stderr, "%s %d sync %s in %d %s; kept %d still in use.\n", capitalise(verb), removed, plural(removed, "function", "functions"),
		files, plural(files, "file", "files"), kept)
	if preview && files > 0 {
		return exitFindings
	}
	return exitClean
}

// onlyPythonFiles reports whether every path is a Python file: no
// directory, .go file or Go pattern.
func onlyPythonFiles(paths []string) bool {
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil && info.IsDir() || strings.HasSuffix(p, ".go") || isGoPattern(p) {
			return false
		}
	}
	return len(paths) > 0
}

// verifyAny verifies a rewritten Python or Go file.
func verifyAny(path string, old, new []byte) error {
	if strings.HasSuffix(path, ".go") {
		return gofix.Verify(path, old, new)
	}
	return rewriter.VerifyPython(path, old, new)
}

// displayReason shows the absolute paths a Go decision names as the
// findings show paths.
func displayReason(r string) string {
	for _, w := range strings.Fields(r) {
		if filepath.IsAbs(w) {
			if i := strings.LastIndexByte(w, ':'); i > 0 {
				r = strings.Replace(r, w, displayPath(w[:i])+w[i:], 1)
			}
		}
	}
	return r
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
