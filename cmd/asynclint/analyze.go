package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/asynclint/asynclint/internal/driver/config"
	"github.com/asynclint/asynclint/internal/driver/discover"
	"github.com/asynclint/asynclint/internal/driver/project"
	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/golang/gocheck"
	"github.com/asynclint/asynclint/internal/golang/gomod"
	"github.com/asynclint/asynclint/internal/python/pycache"
	"github.com/asynclint/asynclint/internal/python/pycheck"
)

// analyzeOptions are the settings shared by check, fix and report.
type analyzeOptions struct {
	cfg    *config.Config
	python bool // analyse Python files
	golang bool // analyse Go packages
	tests  bool // include Go test files
	stdlib bool // Go fixes in the standard-library form (fix --stdlib)
	// sites asks for every sleep site (report); check and fix need only
	// findings, which lets the Python analysis parse fewer files.
	sites bool
	// category restricts the sites to one blocking category ("" for all).
	category finding.Category
	// allFunctions parses every Python file and computes blocking for
	// every sync function (fix --all-blocking, fix --prune).
	allFunctions bool
	// cacheDir is where the Python module summaries are cached, "" for
	// no cache.
	cacheDir string
	// configAt resolves the configuration that applies at a directory
	// (flags applied), for each Python project of a run's files (see
	// pythonGroups); nil: cfg applies to every one.
	configAt func(dir string) (*config.Config, error)
}

// analysis is what check and report print: findings and sleep sites of both
// languages in one stream.
type analysis struct {
	Findings []finding.Finding
	Sites    []finding.Site
	// Roots are the blocking roots of the findings, ranked.
	Roots   []finding.Root
	PyFiles int // Python files checked
	GoPkgs  int // Go packages checked
	// Python are the Python analyses, one per project of the files given
	// (see pythonGroups), kept for the rewriter and report's compat list.
	Python []pyAnalysis
	// Go holds the Go analyses, one per module, kept for the rewriter.
	Go []*gocheck.Result
	// Warnings are problems that did not change the results (a cache that
	// cannot be written), for stderr.
	Warnings []string
}

// pyAnalysis is one Python analysis of a run, with the configuration it
// ran under (its project's).
type pyAnalysis struct {
	*pycheck.Result
	cfg *config.Config
}

// unanalysed names each file that could not be read (E902: a path that
// does not exist, a file that is not UTF-8) and each Go package of the
// run that was not analysed (with why, when reasons is set): their
// findings and sites are missing from the analysis.
func (a *analysis) unanalysed(reasons bool) []string {
	var out []string
	for _, f := range a.Findings {
		if f.Code != "E902" {
			continue
		}
		what := f.Path
		if reasons {
			what += ": " + f.Message
		}
		out = append(out, what)
	}
	for _, res := range a.Go {
		for _, pkg := range res.Unanalysed {
			what := "Go package " + pkg
			if reasons {
				i := slices.IndexFunc(res.Errors, func(e *gocheck.PackageError) bool { return e.Package == pkg })
				if i >= 0 {
					what += ": " + res.Errors[i].Error()
				} else {
					what += ": an import does not load or compile"
				}
			}
			out = append(out, what)
		}
	}
	return out
}

// goTarget is a set of Go package patterns loaded from one module's root.
type goTarget struct {
	dir      string // the module root (where go.mod is)
	patterns []string
}

// isGoPattern reports whether arg is a Go package pattern rather than a path.
func isGoPattern(arg string) bool {
	return arg == "..." || strings.HasSuffix(arg, "/...")
}

// patternDir is the directory a Go pattern ("dir/...") stands for; any other
// argument is returned as it is.
func patternDir(arg string) string {
	if !isGoPattern(arg) {
		return arg
	}
	if dir := strings.TrimSuffix(strings.TrimSuffix(arg, "..."), "/"); dir != "" {
		return dir
	}
	return "."
}

// patternDirs applies patternDir to each argument.
func patternDirs(args []string) []string {
	dirs := make([]string, len(args))
	for i, a := range args {
		dirs[i] = patternDir(a)
	}
	return dirs
}

// splitTargets turns the command's arguments into Python roots and Go
// targets. "dir/..." means what it means to the go command: the packages of
// the module enclosing dir, at or below dir, never those of a module nested
// below it (outside any module it stands for every module below dir, as a
// plain directory does). A plain directory is walked for Python files and
// loaded as Go packages: its own module's packages below it, and every
// module found below it outside testdata, vendor and hidden folders. A .go
// file stands for its package. Each module is loaded once, with all its
// patterns, so no package is analysed twice in one run. listings gives
// the folder where the search for nested modules keeps its directory
// listings ("" for none); it is called only when a search runs.
func splitTargets(args []string, opts analyzeOptions, listings func() string) (pyRoots []string, goTargets []goTarget, errs []error) {
	byModule := map[string]*goTarget{}
	addGo := func(moduleDir, pattern string) {
		t, ok := byModule[moduleDir]
		if !ok {
			t = &goTarget{dir: moduleDir}
			byModule[moduleDir] = t
		}
		if !slices.Contains(t.patterns, pattern) {
			t.patterns = append(t.patterns, pattern)
		}
	}
	addPy := func(root string) {
		if !slices.Contains(pyRoots, root) {
			pyRoots = append(pyRoots, root)
		}
	}
	for _, arg := range args {
		dir := patternDir(arg)
		info, err := os.Stat(dir)
		if err != nil {
			if opts.python || !opts.golang {
				addPy(arg) // pycheck names the missing path
			} else {
				errs = append(errs, fmt.Errorf("%s: %w", arg, errors.Unwrap(err)))
			}
			continue
		}
		if !info.IsDir() {
			if strings.HasSuffix(arg, ".go") {
				if opts.golang {
					if mod := gomod.Root(filepath.Dir(arg)); mod != "" {
						addGo(mod, relPattern(mod, filepath.Dir(arg), false))
					}
				}
				continue
			}
			addPy(arg)
			continue
		}
		addPy(dir)
		if !opts.golang {
			continue
		}
		mod := gomod.Root(dir)
		if mod != "" && hasGoFiles(dir) {
			addGo(mod, relPattern(mod, dir, true))
		}
		if mod != "" && isGoPattern(arg) {
			continue // the go command's "...": this module only
		}
		for _, nested := range nestedModules(dir, listings()) {
			addGo(nested, "./...")
		}
	}
	for _, t := range byModule {
		goTargets = append(goTargets, *t)
	}
	slices.SortFunc(goTargets, func(a, b goTarget) int { return strings.Compare(a.dir, b.dir) })
	return pyRoots, goTargets, errs
}

// relPattern is the package pattern for dir, relative to the module root.
func relPattern(mod, dir string, recursive bool) string {
	abs, _ := filepath.Abs(dir)
	rel, err := filepath.Rel(mod, abs)
	if err != nil || rel == "." {
		rel = ""
	}
	p := "./" + filepath.ToSlash(rel)
	if recursive {
		if rel == "" {
			return "./..."
		}
		return p + "/..."
	}
	if rel == "" {
		return "."
	}
	return p
}

// goSkipped reports whether the go tool ignores a directory of this name in
// a "..." pattern.
func goSkipped(name string) bool {
	return name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") ||
		slices.Contains(discover.SkippedDirs, name)
}

// hasGoFiles reports whether dir's own module has a .go file at or below dir
// in a directory the go tool would load.
func hasGoFiles(dir string) bool {
	found := false
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || found {
			return filepath.SkipDir
		}
		if d.IsDir() {
			if p != dir && (goSkipped(d.Name()) || fileExists(filepath.Join(p, "go.mod"))) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(d.Name(), ".go") {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}

// nestedModules returns the module roots strictly below dir, except those
// inside directories the go tool ignores (testdata, vendor, hidden). With
// listings set (the cache's, pycache.Cache.Listings), the directory
// listings are kept there between runs: a warm run stats each directory
// instead of reading it.
func nestedModules(dir, listings string) []string {
	var mods []string
	for _, p := range discover.Find(dir, "go.mod", goSkipped, listings) {
		if abs, err := filepath.Abs(filepath.Dir(p)); err == nil {
			mods = append(mods, abs)
		}
	}
	return mods
}

// pyGroup is one Python analysis of a run: its roots, and the project
// they are checked as part of (pycheck.Options.Context), "" for none.
type pyGroup struct {
	roots   []string
	project string
}

// pythonGroups splits a run's Python roots into its analyses. When every
// root is a file, each file is checked as part of its project
// (project.Of), spelled relative to the working directory as the files
// given are: one analysis per project, so that no file resolves names
// only another project has, and one of the files that have no project
// (or do not exist), whose calls are followed into the files given only.
// A project inside another one given (a package with its own
// pyproject.toml in a repository) is checked in the outer one's analysis,
// and a project reached by two spellings (a symlink) is one: no file is
// seen by two analyses, which would each plan edits of it. Directories
// among the roots are walked as they are, in one analysis with the files
// of no project and those whose project holds or lies in one of them.
func pythonGroups(roots []string) []pyGroup {
	realOf := func(p string) string {
		abs, err := filepath.Abs(p)
		if err != nil {
			return p
		}
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			return real
		}
		return abs
	}
	var walked pyGroup
	var dirs []string // walked's directories, links resolved
	for _, r := range roots {
		if !onlyPythonFiles([]string{r}) {
			walked.roots = append(walked.roots, r)
			dirs = append(dirs, realOf(patternDir(r)))
		}
	}
	wd, _ := os.Getwd()
	type found struct {
		root, project, real string // real: the project's path, links resolved
	}
	var fs []found
	for _, r := range roots {
		if len(dirs) > 0 && !onlyPythonFiles([]string{r}) {
			continue
		}
		f := found{root: r, project: project.Of([]string{r})}
		if f.project != "" {
			f.real = realOf(f.project)
		}
		if len(dirs) > 0 && (f.real == "" || slices.ContainsFunc(dirs, func(d string) bool { return within(d, f.real) || within(f.real, d) })) {
			walked.roots = append(walked.roots, r)
			continue
		}
		fs = append(fs, f)
	}
	// Each file goes to the outermost project holding its own.
	outer := func(f found) found {
		for _, o := range fs {
			if o.real != "" && len(o.real) < len(f.real) && within(f.real, o.real) {
				f.project, f.real = o.project, o.real
			}
		}
		return f
	}
	var groups []pyGroup
	var reals []string
	if len(walked.roots) > 0 {
		walked.project = walkedProject(dirs, wd)
		groups, reals = append(groups, walked), append(reals, "")
	}
	for _, f := range fs {
		f = outer(f)
		i := slices.Index(reals, f.real)
		if i < 0 {
			p := f.project
			if rel, err := filepath.Rel(wd, p); p != "" && wd != "" && err == nil {
				p = rel
			}
			groups, reals = append(groups, pyGroup{project: p}), append(reals, f.real)
			i = len(groups) - 1
		}
		groups[i].roots = append(groups[i].roots, f.root)
	}
	return groups
}

// walkedProject is the project the walked directories dirs (links
// resolved) are checked as part of: the one holding them all when it lies
// above each of them (`check src` in a repository whose tests call into
// src), spelled relative to wd; "" when a directory is a project's root
// itself, or they lie in no project or in two. As for a file given, the
// project's other files are the context of the analysis: followed into,
// their uses counted (fix --prune keeps a function its tests call), never
// reported on.
func walkedProject(dirs []string, wd string) string {
	p := ""
	for _, d := range dirs {
		r := project.Root(d)
		if r == "" || r == d || p != "" && r != p {
			return ""
		}
		p = r
	}
	if rel, err := filepath.Rel(wd, p); p != "" && wd != "" && err == nil {
		p = rel
	}
	return p
}

// governed resolves the configuration of the folder dir below top, as ruff
// reads a folder's: from top down, unless a configuration above excludes
// the folder (then its own is never read, and a broken one is no error).
func governed(top, dir string, dirCfg func(string) (*config.Config, error)) error {
	abs, err := filepath.Abs(filepath.FromSlash(dir))
	if err != nil {
		_, err := dirCfg(dir)
		return err
	}
	chain := []string{abs}
	if abs != top && within(abs, top) {
		for d := filepath.Dir(abs); ; d = filepath.Dir(d) {
			chain = append(chain, d)
			if d == top || filepath.Dir(d) == d {
				break
			}
		}
	}
	probe := filepath.Join(abs, "x.py") // a file of the folder, for the patterns
	for i := len(chain) - 1; i >= 0; i-- {
		c, err := dirCfg(chain[i])
		if err != nil {
			return err
		}
		if i > 0 && c.Excluded(probe) {
			return nil
		}
	}
	return nil
}

// commonDir is the deepest folder holding every one of roots (files,
// directories, Go patterns).
func commonDir(roots []string) string {
	dir := ""
	for _, r := range roots {
		d := patternDir(r)
		if info, err := os.Stat(d); err != nil || !info.IsDir() {
			d = filepath.Dir(d)
		}
		if abs, err := filepath.Abs(d); err == nil {
			d = abs
		}
		for dir != "" && !within(d, dir) && filepath.Dir(dir) != dir {
			dir = filepath.Dir(dir)
		}
		if dir == "" {
			dir = d
		}
	}
	return dir
}

// within reports whether the path inner is outer or lies below it.
func within(inner, outer string) bool {
	rel, err := filepath.Rel(outer, inner)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// analyze runs the Python and Go analyses over args (files, directories, Go
// patterns such as ./...) and returns their findings and sites in one
// stream, filtered by the configuration's selection and per-file ignores,
// with paths relative to the working directory where possible.
func analyze(args []string, opts analyzeOptions) (*analysis, error) {
	if len(args) == 0 {
		args = []string{"."}
	}
	cfg := opts.cfg
	a := &analysis{}
	// The cache, opened when the Python check runs, or before when the
	// search for nested Go modules (below a directory, which the Python
	// check walks too) keeps its directory listings beside the walk's.
	var cache *pycache.Cache
	opened := false
	openCache := func() *pycache.Cache {
		if !opened && opts.python && opts.cacheDir != "" {
			c, err := pycache.Open(opts.cacheDir, cacheVersion())
			if err != nil {
				a.Warnings = append(a.Warnings, fmt.Sprintf("running without a cache: %v", err))
			}
			cache = c
		}
		opened = true
		return cache
	}
	// cfgOf holds the configuration of each path of the Python analyses
	// (its nearest); cfg applies elsewhere (Go, or one given with
	// --config or --no-config).
	cfgOf := map[string]*config.Config{}
	warned := map[*config.Config]bool{} // nested configurations whose warnings are out
	pyRoots, goTargets, errs := splitTargets(args, opts, func() string { return openCache().Listings() })
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if opts.python && len(pyRoots) > 0 {
		cache := openCache()
		groups := pythonGroups(pyRoots)
		for _, gr := range groups {
			var context []string
			if gr.project != "" {
				context = []string{gr.project}
			}
			// Each file is kept by the configuration nearest to it, as
			// ruff reads them (selection, ignores, per-file ignores,
			// excludes: the analysis runs every rule and each finding is
			// kept by its own file's). What applies to a whole analysis
			// (extra blocking functions, decorators, the async library,
			// twin names) is the one at the folder its paths share:
			// whatever the order of the paths, one answer a file.
			gcfg, sel, ign := cfg, cfg.Select, cfg.Ignore
			top := commonDir(gr.roots)
			var dirCfg func(dir string) (*config.Config, error)
			if opts.configAt != nil {
				c, err := opts.configAt(top)
				if err != nil {
					return nil, err
				}
				gcfg = c
				sel, ign = []string{"ALL"}, nil
				byDir := map[string]*config.Config{}
				dirCfg = func(dir string) (*config.Config, error) {
					dir = filepath.FromSlash(dir)
					if byDir[dir] == nil {
						c, err := opts.configAt(dir)
						if err != nil {
							return nil, err
						}
						byDir[dir] = c
						if !warned[c] && c.Path != cfg.Path {
							// The run's own were told at its start.
							warned[c] = true
							for _, w := range fileErrorIgnores(c) {
								a.Warnings = append(a.Warnings, fmt.Sprintf("%s: %s", displayPath(c.Path), w))
							}
						}
					}
					return byDir[dir], nil
				}
			}
			exclude, excludeBase := gcfg.WalkExclude() // excludeFilter applies them to findings and sites too
			res, err := pycheck.Run(gr.roots, pycheck.Options{
				Select:           sel,
				Ignore:           ign,
				Extra:            gcfg.Extras(),
				FollowDecorators: gcfg.FollowDecorators,
				Exclude:          exclude,
				Context:          context,
				ContextExclude:   exclude,
				ExcludeBase:      excludeBase,
				NoSites:          !opts.sites,
				AllFunctions:     opts.allFunctions,
				Cache:            cache,
				// Models, not trees, for every command: report's use
				// analysis parses the modules it reads again
				// (Parser.MentionsOf), the rewriter the files it edits
				// (Parser.Restore).
				NoTrees: true,
				Library: gcfg.AsyncLibrary,
			})
			if err != nil {
				return nil, err
			}
			if w := pycheck.AmbiguityWarning(res.Ambiguous, displayPath); w != "" {
				a.Warnings = append(a.Warnings, w)
			}
			if dirCfg != nil {
				// Every configuration that governs a file checked is
				// read, and a broken one is an error, whether or not its
				// files have findings.
				for _, d := range res.Dirs {
					if err := governed(top, d, dirCfg); err != nil {
						return nil, err
					}
				}
				for _, f := range res.Findings {
					if cfgOf[f.Path], err = dirCfg(path.Dir(f.Path)); err != nil {
						return nil, err
					}
				}
				for _, s := range res.Sites {
					if cfgOf[s.Path], err = dirCfg(path.Dir(s.Path)); err != nil {
						return nil, err
					}
				}
			}
			a.Python = append(a.Python, pyAnalysis{res, gcfg})
			a.Findings = append(a.Findings, res.Findings...)
			a.Sites = append(a.Sites, res.Sites...)
			a.PyFiles += res.Files
		}
		if cache != nil {
			if err := cache.WriteError(); err != nil {
				a.Warnings = append(a.Warnings, fmt.Sprintf("cache not written: %v", err))
			}
		}
	}
	for _, t := range goTargets {
		res, err := gocheck.Run(t.dir, t.patterns, gocheck.Options{Select: cfg.Select, Ignore: cfg.Ignore, Tests: opts.tests, Stdlib: opts.stdlib})
		if err != nil {
			return nil, fmt.Errorf("go packages in %s: %w", displayPath(t.dir), err)
		}
		a.Go = append(a.Go, res)
		a.Findings = append(a.Findings, res.Findings...)
		a.Sites = append(a.Sites, res.Sites...)
		a.GoPkgs += res.Packages
	}
	filters := map[*config.Config]func(string) bool{}
	excluded := func(path string) bool {
		c := cmp.Or(cfgOf[path], cfg)
		if filters[c] == nil {
			filters[c] = excludeFilter(c, args)
		}
		return filters[c](path)
	}
	show := memoDisplayPath()
	kept := a.Findings[:0]
	for _, f := range a.Findings {
		// The Go analyses applied the run's selection (rules.Selected);
		// the Python ones ran every rule where each file has its own
		// configuration (cfgOf), which selects here, with the per-file
		// ignores and excludes.
		if c := cmp.Or(cfgOf[f.Path], cfg); !c.Enabled(f.Code) || c.IgnoredIn(f.Path, f.Code) || excluded(f.Path) {
			continue
		}
		f.Path = show(f.Path)
		for i := range f.Related {
			orig := f.Related[i].Path
			f.Related[i].Path = show(orig)
			// AL100 names the sleep's place in its message too: show it
			// as the finding's own path is shown.
			f.Message = strings.ReplaceAll(f.Message, "("+orig+":", "("+f.Related[i].Path+":")
			// The Go analyzers name the place by its file's base name
			// (as vet and golangci-lint print it): show it as a path too.
			if i == len(f.Related)-1 && strings.HasPrefix(f.Code, "AL2") {
				f.Message = strings.ReplaceAll(f.Message, fmt.Sprintf("(%s:%d)", path.Base(orig), f.Related[i].Start.Line),
					fmt.Sprintf("(%s:%d)", f.Related[i].Path, f.Related[i].Start.Line))
			}
		}
		kept = append(kept, f)
	}
	a.Findings = kept
	sites := a.Sites[:0]
	for _, s := range a.Sites {
		if excluded(s.Path) || opts.category != "" && s.Category != opts.category {
			continue
		}
		s.Path = show(s.Path)
		sites = append(sites, s)
	}
	a.Sites = sites
	finding.Sort(a.Findings)
	// The roots are the findings kept, grouped as check's text output
	// groups them.
	a.Roots = finding.Roots(a.Findings)
	return a, nil
}

// excludeFilter returns a function reporting whether a finding or site at
// path is excluded by the configuration (patterns relative to its file).
// Files named on the command line are never excluded, as in ruff.
func excludeFilter(cfg *config.Config, args []string) func(path string) bool {
	if len(cfg.Exclude) == 0 {
		return func(string) bool { return false }
	}
	explicit := map[string]bool{}
	for _, arg := range args {
		if info, err := os.Stat(arg); err == nil && !info.IsDir() {
			if abs, err := filepath.Abs(arg); err == nil {
				explicit[abs] = true
			}
		}
	}
	return func(path string) bool {
		if abs, err := filepath.Abs(filepath.FromSlash(path)); err == nil && explicit[abs] {
			return false
		}
		return cfg.Excluded(path)
	}
}

// displayPath shows p relative to the working directory, with forward
// slashes: below it as a plain relative path, elsewhere as a relative path
// with "../" when that is shorter than the absolute path (as the go command
// shortens paths), else absolute. Arguments given as absolute or relative
// paths thus print alike.
func displayPath(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return filepath.ToSlash(p)
	}
	return displayPathFrom(wd, p)
}

// memoDisplayPath returns displayPath for the working directory of the
// moment, remembering each path's answer: the findings of a large tree
// name the same few files thousands of times (every step of every chain).
func memoDisplayPath() func(string) string {
	wd, err := os.Getwd()
	seen := map[string]string{}
	return func(p string) string {
		if err != nil {
			return filepath.ToSlash(p)
		}
		d, ok := seen[p]
		if !ok {
			d = displayPathFrom(wd, p)
			seen[p] = d
		}
		return d
	}
}

// displayPathFrom is displayPath with wd as the working directory.
func displayPathFrom(wd, p string) string {
	abs := p
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(wd, p)
	}
	rel, err := filepath.Rel(wd, abs)
	if err != nil {
		return filepath.ToSlash(filepath.Clean(p))
	}
	if rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		if len(rel) >= len(abs) {
			return filepath.ToSlash(abs)
		}
	}
	return filepath.ToSlash(rel)
}

// warn prints the analysis' warnings on stderr.
func (a *analysis) warn(stderr io.Writer) {
	for _, w := range a.Warnings {
		fmt.Fprintf(stderr, "asynclint: warning: %s\n", w)
	}
}
