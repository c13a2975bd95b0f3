package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pycheck"
	"github.com/asynclint/asynclint/internal/python/pygraph"
	"github.com/asynclint/asynclint/report/baseline"
	"github.com/asynclint/asynclint/report/coverage"
	"github.com/asynclint/asynclint/report/gate"
	"github.com/asynclint/asynclint/report/history"
	"github.com/asynclint/asynclint/report/render"
)

// reportFlags are the flags of `asynclint report` beyond the common ones.
type reportFlags struct {
	format         string
	output         string
	minCoverage    *float64
	maxBlocking    *int
	baseline       string
	updateBaseline bool
	history        int
	category       string
}

func runReport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("report", "[flags] [PATH|PATTERN ...]", stderr)
	var c commonFlags
	// Coverage measures the code being migrated: Go test files, which
	// sleep on purpose, are left out unless asked for.
	addCommonFlags(fs, &c, false)
	var rf reportFlags
	fs.StringVar(&rf.format, "format", "text", "output format: text, json, markdown or html")
	fs.StringVar(&rf.output, "output", "", "write the report to this file instead of standard output")
	fs.Func("min-coverage", "fail (exit 1) when coverage is below this percentage", func(s string) error {
		v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
		if err != nil {
			return fmt.Errorf("not a number: %q", s)
		}
		rf.minCoverage = &v
		return nil
	})
	fs.Func("max-blocking", "fail (exit 1) when more than N blocking sites remain", func(s string) error {
		v, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("not an integer: %q", s)
		}
		rf.maxBlocking = &v
		return nil
	})
	fs.StringVar(&rf.baseline, "baseline", "", "ratchet: fail on any blocking site not in this baseline file")
	fs.BoolVar(&rf.updateBaseline, "update-baseline", false, "write the baseline file from the current sites (needs --baseline or the config's baseline)")
	fs.StringVar(&rf.category, "category", string(finding.Sleep), "blocking calls counted: "+strings.Join(categoryNames(), ", ")+" or all (the gate and baseline count what it selects)")
	fs.IntVar(&rf.history, "history", 0, "also show coverage at each of the last N commits (read from git objects)")
	var cf cacheFlags
	addCacheFlags(fs, &cf)
	paths, err := parseArgs(fs, args)
	if err != nil {
		return flagError(err)
	}
	if !render.ValidFormat(rf.format) {
		fmt.Fprintf(stderr, "asynclint report: unknown --format %q (want %s)\n", rf.format, strings.Join(render.Formats, ", "))
		return exitError
	}
	if rf.history < 0 {
		fmt.Fprintf(stderr, "asynclint report: --history %d: want a positive number of commits\n", rf.history)
		return exitError
	}
	cfg, opts, ok := c.setup("report", paths, stderr)
	if !ok {
		return exitError
	}
	opts.sites = true
	opts.cacheDir = cf.cacheDir(cfg, paths)
	if rf.category != "all" {
		cat, ok := finding.ParseCategory(rf.category)
		if !ok {
			fmt.Fprintf(stderr, "asynclint report: unknown --category %q (want %s or all)\n", rf.category, strings.Join(categoryNames(), ", "))
			return exitError
		}
		opts.category = cat
	}
	// Settings from the configuration file, which flags override.
	if len(paths) == 0 {
		for _, p := range cfg.ReportPaths {
			if !filepath.IsAbs(p) {
				p = displayPath(filepath.Join(cfg.Dir(), p))
			}
			paths = append(paths, p)
		}
	}
	if rf.minCoverage == nil {
		rf.minCoverage = cfg.MinCoverage
	}
	if rf.maxBlocking == nil {
		rf.maxBlocking = cfg.MaxBlocking
	}
	if rf.baseline == "" && cfg.Baseline != "" {
		rf.baseline = cfg.Baseline
		if !filepath.IsAbs(rf.baseline) {
			rf.baseline = filepath.Join(cfg.Dir(), rf.baseline)
		}
	}
	if rf.updateBaseline && rf.baseline == "" {
		fmt.Fprintln(stderr, "asynclint report: --update-baseline needs --baseline FILE (or baseline in the configuration)")
		return exitError
	}
	limits := gate.Limits{MinCoverage: rf.minCoverage, MaxBlocking: rf.maxBlocking}
	if err := limits.Validate(); err != nil {
		fmt.Fprintf(stderr, "asynclint report: %v\n", err)
		return exitError
	}

	a, err := analyze(paths, opts)
	if err != nil {
		fmt.Fprintf(stderr, "asynclint: %v\n", err)
		return exitError
	}
	a.warn(stderr)
	if missing := a.unanalysed(true); len(missing) > 0 {
		fmt.Fprintf(stderr, "asynclint report: %d %s not analysed, %s sites not counted:\n", len(missing),
			plural(len(missing), "part", "parts"), plural(len(missing), "its", "their"))
		for _, m := range missing {
			fmt.Fprintf(stderr, "  %s\n", m)
		}
	}
	roots := a.Roots[:0:0]
	for _, r := range a.Roots {
		if opts.category == "" || r.Category == string(opts.category) {
			roots = append(roots, r)
		}
	}
	in := render.Input{Version: version, Scope: paths, Report: coverage.Compute(a.Sites), Roots: roots, Category: opts.category}
	for _, res := range a.Python {
		compat, err := compatList(res.Project)
		if err != nil {
			fmt.Fprintf(stderr, "asynclint: %v\n", err)
			return exitError
		}
		in.Compat = append(in.Compat, compat...)
	}
	// One list of the analyses' (one a project), as one analysis gives
	// it: by path, then line.
	slices.SortStableFunc(in.Compat, func(x, y render.Compat) int {
		return cmp.Or(strings.Compare(x.Path, y.Path), cmp.Compare(x.Line, y.Line))
	})
	if len(in.Scope) == 0 {
		in.Scope = []string{"."}
	}
	if rf.history > 0 {
		points, err := history.Run(patternDirs(paths), rf.history, historyAnalyze(opts))
		if err != nil {
			fmt.Fprintf(stderr, "asynclint: %v\n", err)
			return exitError
		}
		in.History = points
	}

	// --update-baseline records where the migration stands: the gates,
	// from flags or from the configuration, are not applied to that run.
	gated := !rf.updateBaseline && (limits.MinCoverage != nil || limits.MaxBlocking != nil || rf.baseline != "")
	var failures []string
	if gated {
		failures = gate.Check(in.Report.Total.Counts, limits)
		if n := len(a.unanalysed(false)); n > 0 {
			// A gate cannot pass on what it did not see.
			failures = append(failures, fmt.Sprintf("%d %s not analysed: %s sites are not counted",
				n, plural(n, "part", "parts"), plural(n, "its", "their")))
		}
	}
	if rf.baseline != "" {
		msgs, err := ratchet(rf.baseline, rf.updateBaseline, a.Sites, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "asynclint: %v\n", err)
			return exitError
		}
		failures = append(failures, msgs...)
	}
	if gated {
		in.Gate = &render.Gate{Failures: failures}
	}

	var buf bytes.Buffer
	if err := render.Write(&buf, rf.format, in); err != nil {
		fmt.Fprintf(stderr, "asynclint: rendering the report: %v\n", err)
		return exitError
	}
	if rf.output != "" {
		if err := os.WriteFile(rf.output, buf.Bytes(), 0o644); err != nil {
			fmt.Fprintf(stderr, "asynclint: %v\n", err)
			return exitError
		}
	} else if _, err := stdout.Write(buf.Bytes()); err != nil {
		fmt.Fprintf(stderr, "asynclint: writing the report: %v\n", err)
		return exitError
	}
	if len(failures) > 0 {
		// The text report on stdout already lists the failures.
		if rf.format != "text" || rf.output != "" {
			for _, f := range failures {
				fmt.Fprintf(stderr, "asynclint report: %s\n", f)
			}
		}
		fmt.Fprintf(stderr, "asynclint report: gate failed (%d %s)\n", len(failures), plural(len(failures), "problem", "problems"))
		return exitFindings
	}
	return exitClean
}

// ratchet compares sites with the baseline file at path, or with update
// writes it, and returns the gate failures: one per function holding more
// blocking sites of a code than the baseline allows.
func ratchet(path string, update bool, sites []finding.Site, stderr io.Writer) ([]string, error) {
	root := filepath.Dir(path)
	old, err := baseline.Load(path)
	if err != nil && !(update && errors.Is(err, fs.ErrNotExist)) {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w (create it with --update-baseline)", err)
		}
		return nil, err
	}
	if update {
		b := baseline.FromSites(sites, root)
		if old != nil {
			diff := baseline.Compare(old, sites, root)
			for _, g := range diff.Gone {
				fmt.Fprintf(stderr, "asynclint report: baseline: dropped %d %s %s in %s (%s): no longer found\n",
					g.Count, g.Code, plural(g.Count, "site", "sites"), g.Function, g.File)
			}
			for _, v := range diff.New {
				fmt.Fprintf(stderr, "asynclint report: baseline: added %d %s %s in %s (%s)\n",
					len(v.Sites)-v.Allowed, v.Code, plural(len(v.Sites)-v.Allowed, "site", "sites"), v.Function, v.File)
			}
		}
		if err := b.Write(path); err != nil {
			return nil, err
		}
		fmt.Fprintf(stderr, "asynclint report: wrote %s (%d blocking %s in %d %s)\n",
			path, b.Sites(), plural(b.Sites(), "site", "sites"), len(b.Entries), plural(len(b.Entries), "entry", "entries"))
		return nil, nil
	}
	diff := baseline.Compare(old, sites, root)
	var failures []string
	for _, v := range diff.New {
		var where []string
		for _, s := range v.Sites {
			where = append(where, fmt.Sprintf("%s:%d:%d", s.Path, s.Start.Line, s.Start.Col))
		}
		if v.Allowed == 0 {
			failures = append(failures, fmt.Sprintf("new blocking %s not in the baseline: %s %s in %s",
				plural(len(v.Sites), "site", "sites"), v.Code, v.Function, strings.Join(where, ", ")))
		} else {
			failures = append(failures, fmt.Sprintf("%d %s sites in %s, the baseline allows %d: %s",
				len(v.Sites), v.Code, v.Function, v.Allowed, strings.Join(where, ", ")))
		}
	}
	if n := len(diff.Gone); n > 0 {
		gone := 0
		for _, g := range diff.Gone {
			gone += g.Count
		}
		fmt.Fprintf(stderr, "asynclint report: baseline: %d %s migrated or removed since the baseline; --update-baseline drops them\n",
			gone, plural(gone, "site", "sites"))
	}
	return failures, nil
}

// historyAnalyze adapts analyze to history: it analyses the scope's paths
// inside a mirror directory of a past commit.
func historyAnalyze(opts analyzeOptions) history.Analyze {
	return func(dir string, paths []string) (history.Analysis, error) {
		var abs []string
		for _, p := range paths {
			abs = append(abs, filepath.Join(dir, filepath.FromSlash(p)))
		}
		a, err := analyze(abs, opts)
		if err != nil {
			return history.Analysis{}, err
		}
		return history.Analysis{Sites: a.Sites, Unanalysed: a.unanalysed(false)}, nil
	}
}

// compatList lists the sync functions kept beside their async twins with
// their remaining uses, from the same use analysis fix --prune decides on.
func compatList(proj *pycheck.Project) ([]render.Compat, error) {
	fns, uses, err := proj.Compat()
	if err != nil {
		return nil, err
	}
	var out []render.Compat
	for _, f := range fns {
		c := render.Compat{Path: displayPath(f.Module.Path), Line: f.Fn.NamePos.Line, Function: f.Fn.Qual, Language: "python", Twin: f.Twin.Name,
			SyncCallers: []render.Use{}, AsyncCallers: []render.Use{}, References: []render.Use{}}
		for _, u := range uses[f] {
			ru := render.Use{Path: displayPath(u.Module.Path), Line: u.Pos.Line, Kind: string(u.Kind), Unresolved: u.Unresolved}
			if u.Caller != nil {
				ru.Function = u.Caller.Qual
			}
			switch {
			case u.Kind == pygraph.UseCall && u.Caller != nil && u.Caller.Async:
				c.AsyncCallers = append(c.AsyncCallers, ru)
			case u.Kind == pygraph.UseCall:
				c.SyncCallers = append(c.SyncCallers, ru)
			default:
				c.References = append(c.References, ru)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// categoryNames are the blocking categories --category takes, besides all.
func categoryNames() []string {
	var out []string
	for _, c := range finding.Categories {
		out = append(out, string(c))
	}
	return out
}
