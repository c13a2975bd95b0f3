package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pycheck"
	"github.com/asynclint/asynclint/internal/rules"
	"github.com/asynclint/asynclint/rewriter"
	"github.com/asynclint/asynclint/rewriter/gofix"
)

func runFix(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("fix", "[--diff] [--dry-run] [--twins [--deprecate] [--all-blocking]] [--stdlib] [--select CODES] [PATH ...]\n       asynclint fix --prune [--prune-public] [--diff] [--dry-run] [PATH ...]", stderr)
	var c commonFlags
	addCommonFlags(fs, &c, true)
	var cf cacheFlags
	addCacheFlags(fs, &cf)
	diff := fs.Bool("diff", false, "print a unified diff of the changes and write nothing")
	dryRun := fs.Bool("dry-run", false, "say what would change and write nothing")
	twins := fs.Bool("twins", false, "AL100-AL104: add async twins of blocking sync helpers reached from async code and await them there (other blocking calls moved to a thread)")
	deprecate := fs.Bool("deprecate", false, "with --twins: make each twinned sync function warn with a DeprecationWarning")
	stdlib := fs.Bool("stdlib", false, "AL200: rewrite Go waits to a select on ctx.Done() and time.After instead of asyncrt.Sleep (no new dependency)")
	allBlocking := fs.Bool("all-blocking", false, "with --twins: add a twin for every sync function that blocks, reached from async code or not")
	prune := fs.Bool("prune", false, "remove the sync functions that have an async twin (Go: a context-aware variant) and that nothing in the tree uses any more; runs alone")
	prunePublic := fs.Bool("prune-public", false, "with --prune: remove public ones too (in __all__, re-exported by an __init__.py, in public-modules)")
	paths, err := parseArgs(fs, args)
	if err != nil {
		return flagError(err)
	}
	if *deprecate && !*twins {
		fmt.Fprintln(stderr, "asynclint fix: --deprecate needs --twins")
		return exitError
	}
	if *allBlocking && !*twins {
		fmt.Fprintln(stderr, "asynclint fix: --all-blocking needs --twins")
		return exitError
	}
	if *prunePublic && !*prune {
		fmt.Fprintln(stderr, "asynclint fix: --prune-public needs --prune")
		return exitError
	}
	if *prune && (*twins || *stdlib) {
		fmt.Fprintln(stderr, "asynclint fix: --prune runs alone: run fix --twins first, then fix --prune")
		return exitError
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	cfg, opts, ok := c.setup("fix", paths, stderr)
	if !ok {
		return exitError
	}
	opts.stdlib = *stdlib
	opts.allFunctions = *allBlocking || *prune
	// The analysis keeps models, not trees, and so may read them from the
	// cache check writes: the rewriter parses again the few files it reads
	// or edits (pyparse.Parser.Restore).
	opts.cacheDir = cf.cacheDir(cfg, paths)
	if *prune {
		return runPrune(paths, cfg, opts, pruneFlags{public: *prunePublic, diff: *diff, dryRun: *dryRun}, stdout, stderr)
	}
	a, err := analyze(paths, opts)
	if err != nil {
		fmt.Fprintf(stderr, "asynclint: %v\n", err)
		return exitError
	}
	a.warn(stderr)
	// A path that does not exist or a file that cannot be read is named,
	// as check names it: fix leaves it as it is.
	unreadable := 0
	for _, f := range a.Findings {
		if f.Code == "E902" {
			fmt.Fprintf(stderr, "%s:%d:%d: E902 %s\n", displayPath(f.Path), f.Start.Line, f.Start.Col, f.Message)
			unreadable++
		}
	}

	roots := patternDirs(paths) // fix writes only below the paths given
	within := rewriter.Within(roots)
	outside := map[string]bool{} // by path: whether the file lies outside roots
	var pyFindings, goFindings []finding.Finding
	var manual int
	for _, f := range a.Findings {
		fixer := rules.FixerOf(f.Code)
		if fixer == rules.FixPython || fixer == rules.FixTwins || fixer == rules.FixGo {
			out, ok := outside[f.Path]
			if !ok {
				out = !within(f.Path)
				outside[f.Path] = out
			}
			if out {
				// A symlink to a file outside the tree: named, not
				// rewritten, and the rest of the fix goes on.
				fmt.Fprintf(stderr, "%s:%d:%d: %s manual: the file lies outside the paths given (a symlink): not rewritten\n",
					displayPath(f.Path), f.Start.Line, f.Start.Col, f.Code)
				manual++
				continue
			}
		}
		switch fixer {
		case rules.FixPython, rules.FixTwins, rules.ListManual:
			pyFindings = append(pyFindings, f)
		case rules.FixGo:
			goFindings = append(goFindings, f)
		}
	}
	var plans []*rewriter.Plan
	var verifiers []rewriter.Verifier
	for _, res := range a.Python {
		if len(pyFindings) == 0 && !*allBlocking {
			break // nothing to plan
		}
		p, err := rewriter.PlanPython(res.Project, ofAnalysis(res.Result, pyFindings), rewriter.PyOptions{
			Twins: *twins, Deprecate: *deprecate, Library: res.cfg.AsyncLibrary, TwinName: res.cfg.TwinFor, AllBlocking: *allBlocking,
			Editable: within,
		})
		if err != nil {
			fmt.Fprintf(stderr, "asynclint: %v\n", err)
			return exitError
		}
		for _, r := range p.Refused {
			fmt.Fprintf(stderr, "%s:%d:%d: refused: %s\n", displayPath(r.Path), r.Pos.Line, r.Pos.Col, r.Reason)
		}
		plans, verifiers = append(plans, p), append(verifiers, rewriter.VerifyPython)
	}
	if len(goFindings) > 0 {
		for _, res := range a.Go {
			for _, mod := range res.NoRuntime {
				if !*stdlib {
					fmt.Fprintf(stderr, "asynclint: module %s does not require github.com/asynclint/asynclint/runtime: its Go fixes use the standard-library form (go get github.com/asynclint/asynclint/runtime for asyncrt)\n", mod)
				}
			}
		}
		p, err := gofix.Plan(goFindings)
		if err != nil {
			fmt.Fprintf(stderr, "asynclint: %v\n", err)
			return exitError
		}
		plans, verifiers = append(plans, p), append(verifiers, gofix.Verify)
	}

	var fixed, files int
	var failed []*rewriter.FileError
	for i, p := range plans {
		for _, s := range p.Skipped {
			if errors.Is(s.Err, rewriter.ErrSyntax) {
				// Already an E999 finding: named, not an internal error.
				fmt.Fprintf(stderr, "%s: %v\n", displayPath(s.Path), s.Err)
				continue
			}
			fmt.Fprintf(stderr, "asynclint: %s: not rewritten: %v\n", displayPath(s.Path), s.Err)
			failed = append(failed, s)
		}
		for _, m := range p.Manual {
			fmt.Fprintf(stderr, "%s:%d:%d: %s manual: %s\n", displayPath(m.Path), m.Pos.Line, m.Pos.Col, m.Code, m.Reason)
		}
		manual += len(p.Manual)
		changes := p.Changes
		switch {
		case *diff:
			for _, ch := range changes {
				fmt.Fprint(stdout, rewriter.Diff(displayPath(ch.Path), ch.Old, ch.New))
			}
		case *dryRun:
			for _, ch := range changes {
				fmt.Fprintf(stdout, "would fix %s (%d edits)\n", displayPath(ch.Path), len(ch.Edits))
			}
		default:
			errs := rewriter.Write(roots, changes, verifiers[i])
			failed = append(failed, errs...)
			for _, e := range errs {
				fmt.Fprintf(stderr, "asynclint: %s: not written: %v\n", displayPath(e.Path), e.Err)
			}
			if len(errs) > 0 {
				// Write writes all of a plan's changes or none.
				if len(plans) == 1 {
					fmt.Fprintf(stderr, "asynclint: nothing of this fix was written (%d %s refused)\n", len(errs), plural(len(errs), "file", "files"))
				} else {
					// One plan a language and Python project: the others
					// are written or refused on their own.
					var names []string
					for _, ch := range changes {
						names = append(names, displayPath(ch.Path))
					}
					fmt.Fprintf(stderr, "asynclint: %d %s refused, so none of %s was written\n", len(errs), plural(len(errs), "file", "files"), strings.Join(names, ", "))
				}
				changes = nil
			}
		}
		files += len(changes)
		// The findings name their files as displayed, the changes as
		// discovered: compare them as displayed.
		changed := map[string]bool{}
		for _, ch := range changes {
			changed[displayPath(ch.Path)] = true
		}
		for _, f := range p.Fixed {
			if changed[displayPath(f.Path)] {
				fixed++
			}
		}
	}
	remaining := len(a.Findings) - fixed
	verb := "Would fix"
	if !*diff && !*dryRun {
		verb = "Fixed"
		if files > 0 {
			// Count what is really left: analyse the rewritten tree again.
			after, err := analyze(paths, opts)
			if err != nil {
				fmt.Fprintf(stderr, "asynclint: after fixing: %v\n", err)
				return exitError
			}
			remaining = len(after.Findings)
		}
	}
	fmt.Fprintf(stderr, "%s %d %s in %d %s; %d left as manual; %d %s remaining.\n",
		verb, fixed, plural(fixed, "site", "sites"), files, plural(files, "file", "files"),
		manual, remaining, plural(remaining, "finding", "findings"))
	if n := needTwins(pyFindings, *twins); n > 0 {
		fmt.Fprintf(stderr, "%d AL1xx %s not rewritten without --twins (which adds async twins of the blocking helpers and awaits them).\n",
			n, plural(n, "finding", "findings"))
	}
	switch {
	case len(failed) > 0:
		return exitError
	case (*diff || *dryRun) && files > 0:
		return exitFindings
	case remaining > 0 && !*diff && !*dryRun, unreadable > 0:
		return exitFindings
	}
	return exitClean
}

// needTwins counts the AL1xx findings that only fix --twins rewrites: none
// when twins is set.
func needTwins(findings []finding.Finding, twins bool) int {
	if twins {
		return 0
	}
	n := 0
	for _, f := range findings {
		// Not the direct calls of configured functions (no helper to
		// twin, listed as manual) nor the rules twins only list.
		if r, ok := rules.Find(f.Code); ok && r.Fixer == rules.FixTwins && !r.ListsOnly && len(f.Related) > 0 {
			n++
		}
	}
	return n
}

// plural picks the word for n things.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ofAnalysis returns the findings among fs that res made: a run checks
// each file in one of its Python analyses (see pythonGroups), and each
// plans the fixes of its own files.
func ofAnalysis(res *pycheck.Result, fs []finding.Finding) []finding.Finding {
	abs := func(p string) string {
		if a, err := filepath.Abs(filepath.FromSlash(p)); err == nil {
			return a
		}
		return p
	}
	mine := map[string]bool{}
	for _, f := range res.Findings {
		mine[abs(f.Path)] = true
	}
	var out []finding.Finding
	for _, f := range fs {
		if mine[abs(f.Path)] {
			out = append(out, f)
		}
	}
	return out
}
