package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/asynclint/asynclint/internal/driver/config"
	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/ruledoc"
	"github.com/asynclint/asynclint/internal/rules"
	"github.com/asynclint/asynclint/report/output"
)

// commonFlags are the flags check, fix and report share.
type commonFlags struct {
	configPath string
	noConfig   bool
	sel        listFlag
	ignore     listFlag
	lang       string
	tests      bool
	// finder and resolved remember the configurations found (see
	// configAt): each file is read, and each gets the flags, once.
	finder   config.Finder
	resolved map[*config.Config]*config.Config
}

// addCommonFlags registers the flags check, fix and report share; tests is
// the default of --tests.
func addCommonFlags(fs *flag.FlagSet, c *commonFlags, tests bool) {
	fs.StringVar(&c.configPath, "config", "", "read settings from this TOML file instead of the nearest .asynclint.toml or pyproject.toml")
	fs.BoolVar(&c.noConfig, "no-config", false, "ignore configuration files")
	fs.Var(&c.sel, "select", "comma-separated rule codes or prefixes to enable (overrides the config's select)")
	fs.Var(&c.ignore, "ignore", "comma-separated rule codes or prefixes to disable")
	fs.StringVar(&c.lang, "lang", "all", "languages to analyse: python, go or all")
	fs.BoolVar(&c.tests, "tests", tests, "analyse Go test files too")
}

// loadConfig resolves the configuration for the first path: --config wins,
// then the nearest .asynclint.toml or pyproject.toml [tool.asynclint]; flags
// override the file.
func (c *commonFlags) loadConfig(paths []string) (*config.Config, error) {
	start := "."
	if len(paths) > 0 {
		start = patternDir(paths[0])
	}
	return c.configAt(start)
}

// configAt resolves the configuration that applies at start (a directory,
// or a file's), as loadConfig does for the first path: each Python file of
// a run is kept by its nearest one, as ruff reads them (see analyze).
func (c *commonFlags) configAt(start string) (*config.Config, error) {
	var (
		cfg *config.Config
		err error
	)
	var found *config.Config
	switch {
	case c.noConfig:
		cfg = &config.Config{}
	case c.configPath != "":
		cfg, err = config.Load(c.configPath)
	default:
		dir := start
		if info, serr := os.Stat(start); serr == nil && !info.IsDir() {
			dir = filepath.Dir(start)
		}
		found, err = c.finder.Find(dir)
		if r := c.resolved[found]; err == nil && r != nil {
			return r, nil
		}
		if found != nil {
			copied := *found // the finder's stays as read
			cfg = &copied
		}
	}
	if err != nil {
		return nil, err
	}
	if err := knownCodes(cfg); err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Path, err)
	}
	for _, fl := range []struct {
		name  string
		codes []string
	}{{"--select", c.sel}, {"--ignore", c.ignore}} {
		if bad := unknownCode(fl.codes); bad != "" {
			return nil, fmt.Errorf("%s: %q matches no rule (asynclint rules lists them)", fl.name, bad)
		}
	}
	if len(c.sel) > 0 {
		// As in ruff, a --select on the command line replaces the file's
		// whole selection, its ignore list included.
		cfg.Select, cfg.Ignore = c.sel, nil
	}
	if len(c.ignore) > 0 {
		cfg.Ignore = append(slices.Clip(cfg.Ignore), c.ignore...)
	}
	if found != nil {
		if c.resolved == nil {
			c.resolved = map[*config.Config]*config.Config{}
		}
		c.resolved[found] = cfg
	}
	return cfg, nil
}

// knownCodes checks that every code or prefix of the configuration's
// select, ignore and per-file-ignores matches a rule: a typo there would
// silently turn a rule off, or select nothing.
func knownCodes(cfg *config.Config) error {
	for _, key := range []struct {
		name  string
		codes []string
	}{{"select", cfg.Select}, {"ignore", cfg.Ignore}} {
		if bad := unknownCode(key.codes); bad != "" {
			return fmt.Errorf("%s: %q matches no rule (asynclint rules lists them)", key.name, bad)
		}
	}
	patterns := make([]string, 0, len(cfg.PerFileIgnores))
	for p := range cfg.PerFileIgnores {
		patterns = append(patterns, p)
	}
	slices.Sort(patterns)
	for _, p := range patterns {
		if bad := unknownCode(cfg.PerFileIgnores[p]); bad != "" {
			return fmt.Errorf("per-file-ignores: %q: %q matches no rule (asynclint rules lists them)", p, bad)
		}
	}
	return nil
}

// unknownCode returns the first of codes that is neither ALL nor a prefix
// of a rule's code, or "".
func unknownCode(codes []string) string {
	for _, code := range codes {
		if code == "ALL" {
			continue
		}
		if !slices.ContainsFunc(rules.All(), func(r ruledoc.Rule) bool { return strings.HasPrefix(r.Code, code) }) {
			return code
		}
	}
	return ""
}

// setup loads the configuration for paths and turns the flags into analysis
// options; it prints the problem and returns ok == false on an error.
func (c *commonFlags) setup(cmd string, paths []string, stderr io.Writer) (cfg *config.Config, opts analyzeOptions, ok bool) {
	cfg, err := c.loadConfig(paths)
	if err != nil {
		fmt.Fprintf(stderr, "asynclint: %v\n", err)
		return nil, opts, false
	}
	opts, err = c.options(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "asynclint %s: %v\n", cmd, err)
		return nil, opts, false
	}
	for _, w := range fileErrorIgnores(cfg) {
		fmt.Fprintf(stderr, "asynclint: warning: %s\n", w)
	}
	return cfg, opts, true
}

// fileErrorIgnores says of each ignore (flag, configuration or
// per-file-ignores) naming only file errors (E902, E999, or a prefix of
// them) that it has no effect: what cannot be read or parsed is always
// reported, so nothing is lost silently.
func fileErrorIgnores(cfg *config.Config) []string {
	onlyFileErrors := func(p string) bool {
		if p == "ALL" {
			return false
		}
		for _, r := range rules.All() {
			if strings.HasPrefix(r.Code, p) && !finding.IsFileError(r.Code) {
				return false
			}
		}
		return true
	}
	const why = "no effect: a file that cannot be read (E902) or parsed (E999) is always reported; exclude it instead"
	var out []string
	for _, p := range cfg.Ignore {
		if onlyFileErrors(p) {
			out = append(out, fmt.Sprintf("ignore %q has %s", p, why))
		}
	}
	globs := slices.Sorted(maps.Keys(cfg.PerFileIgnores))
	for _, g := range globs {
		for _, p := range cfg.PerFileIgnores[g] {
			if onlyFileErrors(p) {
				out = append(out, fmt.Sprintf("per-file-ignores %q: %q has %s", g, p, why))
			}
		}
	}
	return out
}

func (c *commonFlags) options(cfg *config.Config) (analyzeOptions, error) {
	o := analyzeOptions{cfg: cfg, tests: c.tests}
	if !c.noConfig && c.configPath == "" {
		// Each Python file under its nearest configuration.
		o.configAt = c.configAt
	}
	switch c.lang {
	case "", "all":
		o.python, o.golang = true, true
	case "python":
		o.python = true
	case "go":
		o.golang = true
	default:
		return o, fmt.Errorf("--lang %q: want python, go or all", c.lang)
	}
	return o, nil
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", "[flags] [PATH|PATTERN ...]", stderr)
	var c commonFlags
	addCommonFlags(fs, &c, true)
	format := fs.String("format", "text", "output format: text, json, sarif or github")
	fs.StringVar(format, "output-format", "text", "the same as --format (ruff's name)")
	exitZero := fs.Bool("exit-zero", false, "exit 0 even when there are findings")
	quiet := fs.Bool("quiet", false, "print no summary line")
	outPath := fs.String("output", "", "write the findings to this file instead of standard output")
	statistics := fs.Bool("statistics", false, "print the number of findings per rule instead of the findings")
	showAll := fs.Bool("show-all", false, "text format: list every call site of AL1xx and AL201 on its own line, instead of one entry per blocking root")
	var cf cacheFlags
	addCacheFlags(fs, &cf)
	paths, err := parseArgs(fs, args)
	if err != nil {
		return flagError(err)
	}
	if !output.ValidFormat(*format) {
		fmt.Fprintf(stderr, "asynclint check: unknown --format %q (want text, json, sarif or github)\n", *format)
		return exitError
	}
	if *statistics && *format != "text" {
		fmt.Fprintf(stderr, "asynclint check: --statistics prints text; it does not go with --format %s\n", *format)
		return exitError
	}
	cfg, opts, ok := c.setup("check", paths, stderr)
	if !ok {
		return exitError
	}
	opts.cacheDir = cf.cacheDir(cfg, paths)
	a, err := analyze(paths, opts)
	if err != nil {
		fmt.Fprintf(stderr, "asynclint: %v\n", err)
		return exitError
	}
	a.warn(stderr)
	var buf bytes.Buffer
	if *statistics {
		writeStatistics(&buf, a.Findings)
	} else if err := output.Write(&buf, *format, a.Findings, output.Run{
		Version: version, InfoURI: infoURI, Rules: rules.All(), Files: a.PyFiles + a.GoPkgs, ShowAll: *showAll,
	}); err != nil {
		fmt.Fprintf(stderr, "asynclint: writing output: %v\n", err)
		return exitError
	}
	if *outPath != "" {
		if err := os.WriteFile(*outPath, buf.Bytes(), 0o644); err != nil {
			fmt.Fprintf(stderr, "asynclint: %v\n", err)
			return exitError
		}
	} else if _, err := stdout.Write(buf.Bytes()); err != nil {
		fmt.Fprintf(stderr, "asynclint: writing output: %v\n", err)
		return exitError
	}
	if a.PyFiles == 0 && a.GoPkgs == 0 && len(a.Findings) == 0 {
		// As ruff warns: a path or a config that selects nothing
		// should not read as a clean tree.
		fmt.Fprintln(stderr, "asynclint: warning: no Python files or Go packages found under the given paths")
	}
	if !*quiet {
		fmt.Fprintln(stderr, summary(a))
	}
	if len(a.Findings) > 0 && !*exitZero {
		return exitFindings
	}
	return exitClean
}

// writeStatistics prints one line per rule with findings, as ruff's
// --statistics does: the count, the code, the rule's name, most frequent
// first.
func writeStatistics(w io.Writer, findings []finding.Finding) {
	counts := map[string]int{}
	for _, f := range findings {
		counts[f.Code]++
	}
	codes := make([]string, 0, len(counts))
	for code := range counts {
		codes = append(codes, code)
	}
	slices.SortFunc(codes, func(a, b string) int {
		if c := counts[b] - counts[a]; c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	for _, code := range codes {
		name := ""
		if r, ok := rules.Lookup(code); ok {
			name = r.Name
		}
		fmt.Fprintf(w, "%5d  %-9s %s\n", counts[code], code, name)
	}
}

// summary is the one line check prints on stderr after the findings.
func summary(a *analysis) string {
	files := map[string]bool{}
	for _, f := range a.Findings {
		files[f.Path] = true
	}
	var checked []string
	if a.PyFiles > 0 || a.GoPkgs == 0 {
		checked = append(checked, fmt.Sprintf("%d %s", a.PyFiles, plural(a.PyFiles, "file", "files")))
	}
	if a.GoPkgs > 0 {
		checked = append(checked, fmt.Sprintf("%d Go %s", a.GoPkgs, plural(a.GoPkgs, "package", "packages")))
	}
	what := strings.Join(checked, " and ")
	if len(a.Findings) == 0 {
		return fmt.Sprintf("All checks passed (%s checked).", what)
	}
	unread := 0
	for _, f := range a.Findings {
		if f.Code == "E902" {
			unread++
		}
	}
	notRead := ""
	if unread > 0 {
		notRead = fmt.Sprintf(", %d not read", unread)
	}
	return fmt.Sprintf("Found %d %s in %d %s (%s checked%s).", len(a.Findings), plural(len(a.Findings), "finding", "findings"),
		len(files), plural(len(files), "file", "files"), what, notRead)
}
