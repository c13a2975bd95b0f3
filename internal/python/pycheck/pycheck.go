// Package pycheck runs asynclint's Python analysis over paths: discovery,
// reading, parallel parsing of only the files that can matter, the call
// graph, the rules, suppressions, and the E902 (unreadable input) and E999
// (syntax error) findings.
package pycheck

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/asynclint/asynclint/internal/driver/discover"
	"github.com/asynclint/asynclint/internal/driver/readfile"
	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pycache"
	"github.com/asynclint/asynclint/internal/python/pygraph"
	"github.com/asynclint/asynclint/internal/python/pyrules"
	"github.com/asynclint/asynclint/internal/rules"
	"github.com/asynclint/asynclint/pyparse"
)

// Options control a run.
type Options struct {
	// Select and Ignore are rule code prefixes ("ASYNC", "AL100"). An empty
	// Select selects every rule; Ignore wins over Select.
	Select, Ignore []string
	// Extra are the configured blocking functions (`extra-blocking`).
	Extra []pyrules.Extra
	// FollowDecorators are qualified names of third-party decorators
	// whose wrappers call the decorated function inline.
	FollowDecorators []string
	// Exclude are gitignore-style globs of paths not to walk.
	Exclude []string
	// NoIgnore disables .gitignore handling during discovery.
	NoIgnore bool
	// NoSites skips what only Result.Sites needs: a file that may hold a
	// blocking sleep but no async code is then parsed only when a call
	// chain from async code reaches it, and Result.Sites is nil. The
	// findings are the same either way, except that such a file, when not
	// reached, is not parsed and so gets no E999. `asynclint check` and
	// `fix` set it; `report` must not.
	NoSites bool
	// AllFunctions parses every file and computes which sync functions
	// block for all of them, reached from async code or not (fix --twins
	// --all-blocking). The findings are the same.
	AllFunctions bool
	// Cache, when set, holds module summaries between runs: a file whose
	// summary it holds is not parsed, and every file parsed is stored.
	// The call graph is rebuilt from the summaries in every run; findings
	// and sites are the same with or without it. A module read from the
	// cache has no syntax tree (Tree and every Node are nil), as one
	// dropped with NoTrees: Project.Compat parses again the modules it
	// reads, the rewriter restores those it edits (pyparse.Parser.Restore).
	Cache *pycache.Cache
	// NoTrees frees each file's syntax tree as soon as its model is built
	// (pyparse.Parser.DropTree), so that a run holds models, not trees:
	// `asynclint check`, `report` and `fix` set it; Project.Compat parses
	// again what it reads, the rewriter restores what it edits.
	NoTrees bool
	// Library is the configured async library (`async-library`), which
	// ASYNC251's fix sleeps with in a module that imports none.
	Library string
	// Context are directories whose Python files calls from the checked
	// files may lead into (the project of a file given alone): the graph
	// loads one when a chain reaches it, as it loads any file, and
	// nothing in them is reported, counted or parsed up front. Their
	// files are named as under a root given, so a file checked with its
	// project as context is checked as in a run over the whole project.
	Context []string
	// ContextExclude are the exclusion patterns of the walk of Context
	// (relative to the directory walked, as Exclude's).
	ContextExclude []string
	// ExcludeBase, when set, is the absolute directory Exclude's and
	// ContextExclude's patterns are relative to (their configuration
	// file's) instead of each root walked (see discover.Options).
	ExcludeBase string
	// Overlay gives the contents of some files in place of what is on
	// disk (an editor's unsaved buffers), keyed by absolute, clean path.
	// With a cache, a run after one buffer changed parses that one file.
	Overlay map[string][]byte
}

// Result is what a run found.
type Result struct {
	// Findings are sorted by path, then position.
	Findings []finding.Finding
	// Sites are the sleep calls with their migration state; nil when
	// Options.NoSites is set.
	Sites []finding.Site
	// Files is the number of files read; Bytes their total size; Dirs
	// the folders holding them (each once, in the order met), whose
	// configurations govern them.
	Files int
	Bytes int64
	Dirs  []string
	// Project gives the parsed modules and the call graph to the rewriter
	// and the report.
	Project *Project
	// CacheHits and CacheMisses count the files read from Options.Cache
	// and the files parsed and stored.
	CacheHits, CacheMisses int
	// Ambiguous are the module names that files under different import
	// roots both have as their own (their package names) and that code
	// which cannot tell which file it means imports: such calls are not
	// followed (see pygraph.Source.Lookup).
	Ambiguous []Ambiguity
}

// Ambiguity is a module name that more than one file has.
type Ambiguity struct {
	Name string
	// Paths are the files, in path order.
	Paths []string
	// From are the modules whose calls into the name were not followed
	// (no folder above them holds one of the files), in path order.
	From []string
}

// AmbiguityWarning says which module names files under different import
// roots share, under which roots, from which modules calls into them are
// not followed (the first three of each), and what to do, each path shown
// by display; "" when there are none.
func AmbiguityWarning(amb []Ambiguity, display func(path string) string) string {
	if len(amb) == 0 {
		return ""
	}
	var names, roots, from []string
	for _, x := range amb {
		names = append(names, x.Name)
		for _, p := range x.Paths {
			if r := display(importRoot(p, x.Name)); !slices.Contains(roots, r) {
				roots = append(roots, r)
			}
		}
		for _, p := range x.From {
			if d := display(p); !slices.Contains(from, d) {
				from = append(from, d)
			}
		}
	}
	slices.Sort(roots)
	slices.Sort(from)
	first3 := func(list []string) string {
		if len(list) > 3 {
			return strings.Join(list[:3], ", ") + fmt.Sprintf(", %d more", len(list)-3)
		}
		return strings.Join(list, ", ")
	}
	what := fmt.Sprintf("module %s is given by files under more than one import root (%s), so calls into it", names[0], first3(roots))
	if len(amb) > 1 {
		what = fmt.Sprintf("%d module names (%s) are given by files under more than one import root (%s), so calls into them", len(amb), first3(names), first3(roots))
	}
	where := ""
	if len(from) > 0 {
		where = " from " + first3(from)
	}
	return what + where + " may not be followed (code under none of those roots, or under several, cannot say which file it imports): check each root with the code that runs with it"
}

// importRoot is the folder a file named name (dotted) is imported from:
// its path without the name's folders and file.
func importRoot(path, name string) string {
	up := strings.Count(name, ".")
	if filepath.Base(path) == "__init__.py" {
		up++
	}
	d := filepath.Dir(path)
	for range up {
		d = filepath.Dir(d)
	}
	return d
}

// Project is the analysed tree.
type Project struct {
	// Modules are the parsed modules, by path order; files that could not
	// matter are not parsed and not listed.
	Modules []*pyparse.Module
	// Graph is the tree-wide call graph.
	Graph *pygraph.Graph
	// Roots are the paths the run was given.
	Roots []string

	src *source
}

// mentions returns the modules of the tree whose source holds one of
// names, in path order, with their mentions of names, found in parallel. A module not parsed yet is parsed here, and with
// Options.NoTrees its tree is dropped once its mentions are read; a
// module whose tree was dropped before is parsed again
// (pyparse.Parser.MentionsOf): a worker holds one tree at a time. Files
// that cannot be read are left out (they are E902 findings).
func (p *Project) mentions(names map[string]bool) ([]*pyparse.Module, map[*pyparse.Module][]pyparse.Mention, error) {
	var todo []*file
	for _, f := range p.src.fs {
		if f.err != nil || f.mod == nil && !p.src.reread(f) {
			continue
		}
		for n := range names {
			if bytes.Contains(f.source(), []byte(n)) {
				todo = append(todo, f)
				break
			}
		}
	}
	found := make([][]pyparse.Mention, len(todo))
	errs := make([]error, len(todo))
	w := newWorkers()
	defer w.close()
	w.run(len(todo), func(pp *pyparse.Parser, i int) {
		f := todo[i]
		fresh := false
		f.once.Do(func() {
			if p.src.reread(f) {
				f.mod, fresh = p.src.mod.parseKeeping(pp, f, true), true
			}
		})
		if f.mod == nil {
			return
		}
		found[i], errs[i] = pp.MentionsOf(f.mod, names)
		if fresh && p.src.mod.noTrees {
			// Not pp.DropTree: the mentions keep pieces of what it drops
			// (the shapes of bound values), which its pools would hand
			// to the next parse. Their scopes go, as MentionsOf's do.
			for j := range found[i] {
				found[i][j].Scope = nil
			}
			f.mod.DropTree()
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	var mods []*pyparse.Module
	byMod := map[*pyparse.Module][]pyparse.Mention{}
	for i, f := range todo {
		p.src.settled(f)
		if f.mod != nil {
			mods = append(mods, f.mod)
			byMod[f.mod] = found[i]
		}
	}
	slices.SortFunc(mods, func(a, b *pyparse.Module) int { return strings.Compare(a.Path, b.Path) })
	return mods, byMod, nil
}

// Compat returns every sync function of the analysed tree that has an
// async twin (compat state: kept for backward compatibility), with its
// uses in the tree: every module that mentions its name is parsed first.
// The functions of Options.Context's files are not listed; their uses of
// the others are.
// The report lists them with their remaining callers; fix --prune removes
// those nothing uses.
//
// The use analysis reads syntax trees: a module without one (read from a
// cache, or with Options.NoTrees) is parsed again, one at a time a worker
// (pyparse.Parser.MentionsOf); one that changed since it was modelled is
// an error, never "no use".
func (p *Project) Compat() ([]*pygraph.Func, map[*pygraph.Func][]pygraph.Use, error) {
	g := p.Graph
	var cands []*pygraph.Func
	names := map[string]bool{}
	context := map[*pyparse.Module]bool{}
	for _, f := range p.src.fs {
		if f.context && f.mod != nil {
			context[f.mod] = true
		}
	}
	for _, m := range p.Modules {
		if context[m] {
			continue // not asked for; its uses of the candidates count
		}
		for _, f := range m.Functions {
			if f.Async || f.Parent != nil || pygraph.TwinOf(m, f) == nil {
				continue
			}
			if gf := g.Func(m, f); gf.Twin != nil {
				cands = append(cands, gf)
				names[f.Name] = true
			}
		}
	}
	if len(cands) == 0 {
		return nil, nil, nil
	}
	// names are the candidates' names: the ones Uses needs mentions of.
	mods, mentions, err := p.mentions(names)
	if err != nil {
		return nil, nil, err
	}
	return cands, g.Uses(mods, cands, mentions), nil
}

type file struct {
	path     string
	explicit bool
	// context: a file of Options.Context, not of the paths checked: not
	// read unless the graph loads it, never reported
	context bool
	src     []byte
	size    int   // len(src) as first read
	dropped bool  // src was not kept (Options.NoTrees): source.reread
	err     error // read or decode problem: E902
	names   []string
	roots   []string // source.rootOf under each of names, "" until asked
	pkg     bool
	mod     *pyparse.Module
	once    sync.Once
	hit     bool // the model came from the cache
	// preload: a dropped file the graph loaded in the last run (see
	// verdictStore), modelled with the files parsed up front; wanted: the
	// graph asked for the file (source.Load)
	preload, wanted bool
	// sum is the hash of src, when summed (see verdictStore)
	sum    pycache.Sum
	summed bool
	// later: parsed up front in an earlier run and unchanged since (see
	// verdictStore), src is not read: its module reads it if asked
	// (pyparse.Module.SourceLater), or parse does when the cache misses
	later bool
	// What the graph's goroutine knows of the file while loaders may be
	// parsing it (see source.Prefetch), set before the graph for the
	// files modelled by then and after each parse it waited for: known,
	// mod is set; unreadable, err is. queued: handed to the loaders,
	// which close done once it is parsed.
	known, unreadable bool
	queued            bool
	done              chan struct{}
}

// source returns f's source: the bytes read, or those its module reads
// later (file.later).
func (f *file) source() []byte {
	if f.later && f.mod != nil {
		return f.mod.Source()
	}
	return f.src
}

// Run checks the Python files under paths.
func Run(paths []string, opts Options) (*Result, error) {
	res := &Result{}
	py := rules.PythonRules(opts.Extra)
	keys := prefilterKeys(py.Checker.Keys())
	roots := append(slices.Clip(paths), opts.Context...)
	cwd, _ := os.Getwd() // one, for every path made absolute (absIn)
	namer := pygraph.NewNamer(roots, nil)
	mod := &modeller{cache: opts.Cache, noTrees: opts.NoTrees, checker: py.Checker, library: opts.Library}
	var verdicts *verdictStore
	if opts.NoTrees && len(opts.Context) == 0 {
		verdicts = openVerdicts(opts.Cache.Verdicts(), paths, keys, opts)
	}
	w := newWorkers()
	defer w.close()

	// Read every file and parse, in the same pass, those that can matter,
	// while the walk goes on (the walk hands each file to the workers as
	// it finds it); the files are sorted by path once all are read.
	var fs []*file
	next := make(chan []*file, 64)
	// What the prefilter asks of a context file read up front: an async
	// def, the seeds of the walk (its own sites are not counted).
	contextOpts := opts
	contextOpts.NoSites, contextOpts.AllFunctions = true, false
	readAndParse := func(p *pyparse.Parser, f *file) {
		if f.context && opts.NoSites {
			// Read if the graph loads it (source.reread).
			f.dropped = true
			f.names, f.pkg = namer.Names(f.path)
			return
		}
		// With sites, a context file that may define an async function
		// is parsed up front as the checked files are: whether async code
		// reaches a checked file's sync site is the whole project's to
		// say (report FILE says what report of the project says of it).
		o := opts
		if f.context {
			o = contextOpts
		}
		var up bool
		if opts.NoTrees {
			up = readDropping(f, opts.Overlay, keys, o, verdicts)
		} else {
			f.src, f.err = readSource(f.path, opts.Overlay)
			f.size = len(f.src)
			up = f.err == nil && upFront(f.src, keys, o)
		}
		if f.err != nil {
			return
		}
		// Every module's names, for the graph to find it by.
		f.names, f.pkg = namer.Names(f.path)
		if f.preload {
			// Not read now either: its summary reads it if asked.
			f.later = true
			f.once.Do(func() { f.mod = mod.parse(p, f) })
		}
		if !up {
			return
		}
		f.once.Do(func() { f.mod = mod.parse(p, f) })
	}
	wait := spread(w.parsers, next, func(p *pyparse.Parser, batch []*file) {
		for _, f := range batch {
			readAndParse(p, f)
		}
	})
	// The files go to the workers a few at a time: a hand-over per file
	// costs more in waking goroutines than reading a small file.
	const batchSize = 8
	var found []discover.File
	var batch []*file
	add := func(df discover.File) {
		f := &file{path: df.Path, explicit: df.Explicit}
		fs = append(fs, f)
		if batch = append(batch, f); len(batch) == batchSize {
			next <- batch
			batch = nil
		}
	}
	// A path given that is only an editor's buffer (not on disk yet) is
	// not walked: overlayExtras adds it.
	walked := paths
	if len(opts.Overlay) > 0 {
		walked = slices.DeleteFunc(slices.Clone(paths), func(p string) bool {
			_, err := os.Lstat(p)
			_, buffer := opts.Overlay[absIn(cwd, p)]
			return err != nil && buffer
		})
	}
	walk := discover.Options{Exts: []string{".py"}, Exclude: opts.Exclude, ExcludeBase: opts.ExcludeBase, NoIgnore: opts.NoIgnore, Listings: opts.Cache.Listings()}
	werrs := discover.Stream(walked, walk, func(df discover.File) {
		found = append(found, df)
		add(df)
	})
	for _, df := range overlayExtras(found, paths, opts.Overlay, walk) {
		add(df)
	}
	if len(opts.Context) > 0 {
		checked := make(map[string]bool, len(fs))
		for _, f := range fs {
			checked[absIn(cwd, f.path)] = true
		}
		// A file that cannot be listed or read there is not the checked
		// files' problem: it is only not followed into.
		var inContext []discover.File
		addContext := func(df discover.File) {
			if abs := absIn(cwd, df.Path); !checked[abs] {
				checked[abs] = true
				f := &file{path: df.Path, context: true}
				fs = append(fs, f)
				if batch = append(batch, f); len(batch) == batchSize {
					next <- batch
					batch = nil
				}
			}
		}
		walk := discover.Options{Exts: []string{".py"}, Exclude: opts.ContextExclude, ExcludeBase: opts.ExcludeBase, NoIgnore: opts.NoIgnore, Listings: opts.Cache.Listings()}
		discover.Stream(opts.Context, walk, func(df discover.File) {
			inContext = append(inContext, df)
			addContext(df)
		})
		// An editor's buffer of the project not on disk yet is part of it.
		for _, df := range overlayExtras(inContext, opts.Context, opts.Overlay, walk) {
			addContext(df)
		}
	}
	if len(batch) > 0 {
		next <- batch
	}
	close(next)
	wait()
	slices.SortFunc(fs, func(a, b *file) int { return strings.Compare(a.path, b.path) })
	for _, e := range werrs {
		p, msg := "", e
		var de *discover.Error
		if errors.As(e, &de) {
			// The finding's location names the path; the message says
			// what is wrong with it.
			p, msg = filepath.ToSlash(de.Path), de.Err
		}
		res.Findings = append(res.Findings, e902(p, msg))
	}
	src := &source{fs: fs, byName: map[string]*file{}, w: w, roots: roots, namer: namer, mod: mod, overlay: opts.Overlay, primaries: map[string]int{}, ambiguous: map[string][]*file{}, cwd: cwd}
	var seeds []*pyparse.Module
	dirs := map[string]bool{}
	for _, f := range fs {
		if f.err != nil {
			res.Findings = append(res.Findings, e902(f.path, f.err))
			continue
		}
		if !f.context {
			res.Files++
			res.Bytes += int64(f.size)
			if dir := path.Dir(f.path); !dirs[dir] {
				dirs[dir] = true
				res.Dirs = append(res.Dirs, dir)
			}
		}
		src.name(f)
		src.settled(f)
		if f.mod != nil && !f.dropped {
			seeds = append(seeds, f.mod)
		}
	}
	src.settleNames()
	runtime.LockOSThread() // Load parses on this goroutine too (see spread)
	src.startLoaders()
	g := pygraph.Build(seeds, src, pygraph.Options{Classify: py.Checker.Classify, Reached: py.Reached, AllFunctions: opts.AllFunctions, FollowDecorators: opts.FollowDecorators, Silenced: rootSilencer()})
	src.stopLoaders()
	runtime.UnlockOSThread()
	res.Ambiguous = src.undecidedNames()
	for _, f := range fs {
		if f.dropped && f.err != nil && f.wanted {
			// Read once, but not again when the graph loaded it.
			res.Findings = append(res.Findings, e902(f.path, f.err))
		}
		if f.dropped {
			verdicts.loaded(f.path, f.wanted && f.mod != nil && f.summed, f.sum)
		}
	}
	verdicts.save()
	proj := &Project{Graph: g, Roots: paths, src: src}
	res.Project = proj
	for _, f := range fs {
		if f.mod != nil && (!f.dropped || f.wanted) {
			proj.Modules = append(proj.Modules, f.mod)
			if opts.Cache != nil {
				if f.hit {
					res.CacheHits++
				} else {
					res.CacheMisses++
				}
			}
		}
	}
	var raw []finding.Finding
	fc := pyrules.FixContext{Library: opts.Library, ImportedBy: importedBy(g)}
	for _, m := range proj.Modules {
		if se := m.SyntaxError; se != nil {
			raw = append(raw, finding.Finding{Path: m.Path, Start: se.Pos, End: se.Pos, Code: "E999", Message: "syntax error: " + se.Message})
		}
		raw = append(raw, py.Checker.Findings(m, fc)...)
	}
	for _, run := range py.Graph {
		raw = append(raw, run(g)...)
	}
	byPath := map[string]*pyparse.Module{}
	for _, m := range proj.Modules {
		byPath[m.Path] = m
	}
	for _, f := range raw {
		if !rules.Selected(f.Code, opts.Select, opts.Ignore) || suppressed(byPath[f.Path], f) {
			continue
		}
		res.Findings = append(res.Findings, f)
	}
	for _, m := range proj.Modules {
		// A source read later (file.later) that had changed: what was
		// found in it may be off.
		if err := m.SourceErr(); err != nil {
			res.Findings = append(res.Findings, e902(m.Path, err))
		}
	}
	if len(opts.Context) > 0 {
		// What the context's files hold is not asked for.
		context := map[string]bool{}
		for _, f := range fs {
			if f.context {
				context[f.path] = true
			}
		}
		res.Findings = slices.DeleteFunc(res.Findings, func(f finding.Finding) bool { return context[f.Path] })
		if !opts.NoSites {
			res.Sites = slices.DeleteFunc(g.Sites(), func(s finding.Site) bool { return context[s.Path] })
		}
	} else if !opts.NoSites {
		res.Sites = g.Sites()
	}
	finding.Sort(res.Findings)
	return res, nil
}

// modeller turns files into models: parsed, or read from the cache.
type modeller struct {
	cache *pycache.Cache
	// noTrees: Options.NoTrees
	noTrees bool
	// checker records its verdict on each call in the model while the
	// tree is there (pyrules.Checker.Record)
	checker *pyrules.Checker
	// library: Options.Library, which the recorded fixes are made for
	library string
}

// settings are the settings, besides the module's name and whether it is
// a package, that a cached summary depends on: the rules whose verdicts
// on each call it records (the model itself depends on no setting: the
// summary a cache holds has every def modelled, whatever the prefilter
// keys). A setting that changes what Parse builds or what Record stores
// must be added here, so that it is part of every cache key.
func (md *modeller) settings() string { return md.checker.Settings() }

// parse models f, from the cache when it holds f's summary. A file parsed
// with a cache, or without its tree (noTrees), has its calls matched
// against the rules while its tree is there (the verdicts are part of the
// model), then is stored in the cache; with noTrees its tree is freed. No
// rule parses the file again, and a warm run parses nothing. Every def is
// modelled: whether a sync body holds a blocking call is not in its text
// alone (`from time import sleep as nap`, then `nap(1)`), so no body is
// left out for the text it holds.
func (md *modeller) parse(p *pyparse.Parser, f *file) *pyparse.Module {
	return md.parseKeeping(p, f, false)
}

// parseKeeping is parse, keeping the tree when keep is set whatever
// noTrees says (the caller drops it).
func (md *modeller) parseKeeping(p *pyparse.Parser, f *file, keep bool) *pyparse.Module {
	name := ""
	if len(f.names) > 0 {
		name = f.names[0]
	}
	popts := pyparse.Options{Name: name, IsPackage: f.pkg}
	var key pycache.Key
	if md.cache != nil {
		size := f.size
		if !f.summed {
			f.sum, f.summed, size = pycache.SumOf(f.src), true, len(f.src)
		}
		key = md.cache.KeyOfSum(f.sum, size, popts, md.settings())
		if m := md.cache.Load(key, f.path, f.src); m != nil {
			if f.later {
				m.SourceLater(readLater(f.path, f.size, f.sum))
			}
			f.hit = true
			return m
		}
	}
	if f.later {
		// No summary to take: read the file now, as any other.
		src, err := readSource(f.path, nil)
		if err != nil {
			f.err = err
			return nil
		}
		f.src, f.size, f.later = src, len(src), false
		if f.sum = pycache.SumOf(src); md.cache != nil {
			key = md.cache.KeyOfSum(f.sum, f.size, popts, md.settings())
		}
	}
	m, err := p.Parse(f.path, f.src, popts)
	if err != nil {
		f.err = err
		return nil
	}
	if md.cache != nil || md.noTrees {
		md.checker.Record(m, p, md.library)
	}
	if md.cache != nil {
		md.cache.Store(key, m)
	}
	if md.noTrees && !keep {
		p.DropTree(m)
	}
	return m
}

// importedBy reports whether a module of g imports the qualified name.
func importedBy(g *pygraph.Graph) func(string) bool {
	return func(qual string) bool {
		for _, m := range g.Modules() {
			for _, im := range m.Imports {
				if im.Target == qual {
					return true
				}
			}
		}
		return false
	}
}

func e902(path string, err error) finding.Finding {
	return finding.Finding{Path: path, Start: finding.Position{Line: 1, Col: 1}, End: finding.Position{Line: 1, Col: 1}, Code: "E902", Message: err.Error()}
}

// overlayExtras returns the overlay's Python files that are under one of
// the roots (a directory, or the file itself) and are not among the
// discovered files (not on disk yet: an editor's new buffer), in path
// order.
func overlayExtras(files []discover.File, roots []string, overlay map[string][]byte, opts discover.Options) []discover.File {
	if len(overlay) == 0 {
		return nil
	}
	have := map[string]bool{}
	for _, f := range files {
		if abs, err := filepath.Abs(f.Path); err == nil {
			have[abs] = true
		}
	}
	var extra []discover.File
	for p := range overlay {
		if have[p] || !strings.HasSuffix(p, ".py") {
			continue
		}
		if _, err := os.Lstat(p); err == nil {
			// On disk, and the walk left it out (an excluded, ignored or
			// virtualenv folder, opened from a go-to-definition).
			continue
		}
		for _, r := range roots {
			abs, err := filepath.Abs(r)
			if err != nil {
				continue
			}
			if rel, err := filepath.Rel(abs, p); err == nil && (rel == "." || filepath.IsLocal(rel)) {
				// The root itself, or a file the walk would keep were it
				// on disk (not in an excluded or virtualenv folder).
				if rel == "." || discover.Admits(abs, p, opts) {
					extra = append(extra, discover.File{Path: filepath.ToSlash(p)})
				}
				break
			}
		}
	}
	slices.SortFunc(extra, func(a, b discover.File) int { return strings.Compare(a.Path, b.Path) })
	return extra
}

// readBufs are the buffers readDropping reads into.
var readBufs = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// readDropping reads f as the pass does with Options.NoTrees: a file not
// parsed up front keeps no bytes (file.dropped; it is read again if the
// graph loads it), and most files are such files. So each is read into a
// buffer that the next file reuses, and a file kept gets memory of its own.
// It reports whether f is parsed up front (see upFront), false on an error.
//
// A file unchanged since verdicts recorded its verdict takes it (see
// verdictStore) and is not read: when kept, its summary reads the source
// if asked (file.later); the verdict on a file read is recorded.
func readDropping(f *file, overlay map[string][]byte, keys [][]byte, opts Options, verdicts *verdictStore) bool {
	if v, ok := verdicts.check(f.path); ok {
		if !v.kept {
			f.dropped, f.size, f.preload = true, v.size, v.loaded
			if v.loaded {
				f.sum, f.summed = v.sum, true
			}
			return false
		}
		// Parsed up front, its bytes as they were: not read now, nor
		// checked or hashed again; its summary reads them if asked.
		f.size, f.sum, f.summed, f.later = v.size, v.sum, true, true
		return true
	}
	start := verdicts.now()
	buf := readBufs.Get().(*[]byte)
	defer readBufs.Put(buf)
	src, read, err := readSourceInto(f.path, overlay, *buf)
	f.err, f.size = err, len(src)
	if err != nil {
		return false
	}
	inBuf := read && unsafe.SliceData(src) == unsafe.SliceData(*buf)
	if !upFront(src, keys, opts) {
		if read && !inBuf {
			// Larger than the buffer: its memory is the buffer now.
			*buf = src[:0]
		}
		f.dropped = true
		if read {
			verdicts.keep(f.path, start, len(src))
		}
		return false
	}
	if inBuf {
		src = bytes.Clone(src)
	}
	f.src = src
	if verdicts != nil && read {
		f.sum, f.summed = pycache.SumOf(src), true
		verdicts.keepParsed(f.path, start, len(src), f.sum)
	}
	return true
}

// errChanged is the error of a source read later that is not the one
// its summary was taken for.
var errChanged = errors.New("changed while being checked: run again")

// readLater returns the reader of the source of a file that verdicts
// recorded as unchanged, for its summary (pyparse.Module.SourceLater): it
// fails with errChanged when the bytes are not those the verdict was
// recorded for (the file changed since its stat was taken).
func readLater(path string, size int, sum pycache.Sum) func() ([]byte, error) {
	return func() ([]byte, error) {
		src, err := readSource(path, nil)
		if err != nil {
			return nil, err
		}
		if len(src) != size || pycache.SumOf(src) != sum {
			return nil, errChanged
		}
		return src, nil
	}
}

// readSource reads a file (from overlay when it holds the file's absolute
// path) and checks it is UTF-8 text. Its errors become E902 messages at
// the file's location, so they do not repeat the path.
func readSource(path string, overlay map[string][]byte) ([]byte, error) {
	src, _, err := readSourceInto(path, overlay, nil)
	return src, err
}

// readSourceInto is readSource reading the file into buf's memory when it
// fits (see readfile.ReadFileInto); read reports that the bytes were read
// from the file, not taken from overlay, so that the caller may reuse
// their memory once it drops them.
func readSourceInto(path string, overlay map[string][]byte, buf []byte) (src []byte, read bool, err error) {
	if len(overlay) > 0 {
		if abs, aerr := filepath.Abs(path); aerr == nil {
			if b, ok := overlay[abs]; ok {
				src = b
			}
		}
	}
	if src == nil {
		src, err = readfile.ReadFileInto(path, buf)
		read = err == nil
	}
	src, err = checkSource(src, err)
	return src, read && err == nil, err
}

// checkSource checks that what was read is UTF-8 text.
func checkSource(src []byte, err error) ([]byte, error) {
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot read the file: %w", err)
	}
	if bytes.IndexByte(src, 0) >= 0 {
		return nil, errors.New("binary file (it contains NUL bytes)")
	}
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, n := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		line := 1 + bytes.Count(src[:off], []byte("\n"))
		return nil, fmt.Errorf("invalid UTF-8 at line %d (byte offset %d); asynclint reads Python source as UTF-8", line, off)
	}
	return src, nil
}

// workers run jobs in parallel, one parser per worker.
type workers struct {
	parsers []*pyparse.Parser
	closed  bool
}

func newWorkers() *workers {
	n := runtime.GOMAXPROCS(0)
	w := &workers{}
	for i := 0; i < n; i++ {
		w.parsers = append(w.parsers, pyparse.NewParser())
	}
	return w
}

func (w *workers) close() {
	for _, p := range w.parsers {
		p.Close()
	}
	w.parsers, w.closed = nil, true
}

func (w *workers) run(n int, job func(p *pyparse.Parser, i int)) {
	next := make(chan int, n)
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	spread(w.parsers, next, job)()
}

// spread runs job on each item received from next, one goroutine per
// parser, until next is closed; the function it returns waits for the
// last job.
//
// Each goroutine that parses keeps to one OS thread while it does (here,
// in the loaders, and the graph's goroutine in Run): tree-sitter's memory
// comes from glibc's arena and cache of the thread that allocates it, so a
// parser that moves from thread to thread, as a goroutine that waits on a
// channel does, frees into and allocates from the arenas of others (and
// leaves its core's caches behind). On the async corpus, side by side,
// 41 rounds: 0.96 of the time of the check without it, its floor 0.98.
func spread[T any](parsers []*pyparse.Parser, next <-chan T, job func(p *pyparse.Parser, item T)) (wait func()) {
	var wg sync.WaitGroup
	for _, p := range parsers {
		wg.Add(1)
		go func(p *pyparse.Parser) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			defer wg.Done()
			for item := range next {
				job(p, item)
			}
		}(p)
	}
	return wg.Wait
}

// parse parses the files not parsed yet (nil entries skipped), in
// parallel, the largest first: the batch ends when its last file does, and
// small files last even out the workers' shares.
func (s *source) parse(todo []*file) {
	w := s.w
	if w.closed {
		// After Run: the graph, the rewriter or the report load more.
		w = newWorkers()
		defer w.close()
	}
	order := make([]*file, 0, len(todo))
	for _, f := range todo {
		if f != nil {
			order = append(order, f)
		}
	}
	slices.SortStableFunc(order, func(a, b *file) int { return b.size - a.size })
	w.run(len(order), func(p *pyparse.Parser, i int) { s.model(p, order[i]) })
	for _, f := range order {
		s.settled(f)
	}
}

// model models f once, whoever asks first.
func (s *source) model(p *pyparse.Parser, f *file) {
	f.once.Do(func() {
		if s.reread(f) {
			f.mod = s.mod.parse(p, f)
		}
	})
}

// settled records, on the graph's goroutine, what f's model is once no
// loader is parsing it (see file.known).
func (s *source) settled(f *file) {
	f.known, f.unreadable = f.mod != nil, f.err != nil
}

// startLoaders starts, for the graph, one loader a worker but one: each
// parses the files Prefetch hands them, in turn, while the graph goes on.
// The graph's goroutine is the last worker: its tries run beside the
// loaders, one a core, and while Load waits it parses with them.
func (s *source) startLoaders() {
	s.queue = newLoadQueue()
	for _, p := range s.w.parsers[1:] {
		s.loaders.Add(1)
		go func(p *pyparse.Parser) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			defer s.loaders.Done()
			for {
				f, ok := s.queue.take(true)
				if !ok {
					return
				}
				s.model(p, f)
				close(f.done)
			}
		}(p)
	}
}

// stopLoaders waits for the loaders to finish (every file queued was
// loaded too: see Prefetch) and stops them; Load parses itself from then on.
func (s *source) stopLoaders() {
	s.queue.close()
	s.loaders.Wait()
	s.queue = nil
}

// await waits until f, queued, is parsed, parsing queued files itself
// meanwhile (with the parser no loader has). Only the graph's goroutine,
// which waits here, queues files: once the queue is empty, nothing is left
// to do but wait.
func (s *source) await(f *file) {
	for {
		select {
		case <-f.done:
			return
		default:
		}
		q, ok := s.queue.take(false)
		if !ok {
			<-f.done
			return
		}
		s.model(s.w.parsers[0], q)
		close(q.done)
	}
}

// Prefetch implements pygraph.Source: the file of key goes to the
// loaders, unless it is modelled or queued already. The graph asks for it
// in its next Load, which waits for its loader.
func (s *source) Prefetch(key string) {
	if f := s.fileOf(key); f != nil {
		s.enqueue(f)
	}
}

func (s *source) enqueue(f *file) {
	if s.queue == nil || f.known || f.queued {
		return
	}
	f.queued, f.done = true, make(chan struct{})
	s.queue.push(f)
}

// reread reads again the source of a file whose bytes were not kept
// (file.dropped), reporting whether f has its source.
func (s *source) reread(f *file) bool {
	if f.dropped && f.src == nil && f.err == nil {
		f.src, f.err = readSource(f.path, s.overlay)
	}
	return f.err == nil
}

// source lets the graph load modules lazily.
type source struct {
	fs      []*file
	byName  map[string]*file
	w       *workers
	roots   []string
	namer   *pygraph.Namer
	mod     *modeller
	overlay map[string][]byte
	// queue hands files to the loaders while the graph is built (see
	// startLoaders); nil otherwise
	queue   *loadQueue
	loaders sync.WaitGroup
	// primaries counts the files that have a name as their primary one
	// (see pygraph.Namer.Names); ambiguous holds the names two files have,
	// with their files, in path order
	primaries map[string]int
	ambiguous map[string][]*file
	// byPath: every file, for the names of an importer (built by
	// settleNames); byKey: the files of an ambiguous name, by their keys
	// (ambiguousKey); undecided: the ambiguous names an importer's place
	// did not decide (see Lookup), with those importers' paths
	byPath    map[string]*file
	byKey     map[string]*file
	undecided map[string]map[string]bool
	places    map[*pyparse.Module]place
	// rootDirs: the roots that are directories, absolute; split: whether
	// a package's __init__.py (by absolute path) extends its __path__
	rootDirs []string
	split    map[string]bool
	// cwd makes the paths of Lookup's comparisons absolute (the roots
	// and files may be spelled either way), set when the source is made
	cwd string
}

// abs is path made absolute.
func (s *source) abs(path string) string { return absIn(s.cwd, path) }

// absIn is path made absolute and clean, relative to the directory cwd, for
// telling files apart however they were spelled.
func absIn(cwd, path string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	return filepath.Join(cwd, path)
}

// name enters f's names into byName; a name two files have is ambiguous.
func (s *source) name(f *file) {
	for i, n := range f.names {
		if i == 0 {
			s.primaries[n]++
		}
		prev, dup := s.byName[n]
		switch {
		case !dup:
			s.byName[n] = f
		case prev != f:
			if pkg := packageOf(prev, f, s.abs); pkg != nil {
				// pkg/mod/__init__.py and pkg/mod.py: Python imports the
				// package.
				s.byName[n] = pkg
				continue
			}
			if len(s.ambiguous[n]) == 0 {
				s.ambiguous[n] = []*file{prev}
			}
			s.ambiguous[n] = append(s.ambiguous[n], f)
		}
	}
}

// packageOf returns the one of a and b that is the __init__.py of a
// package beside a module of the same name (pkg/mod/__init__.py beside
// pkg/mod.py), nil if they are not such a pair; abs makes their paths
// comparable however they were spelled.
func packageOf(a, b *file, abs func(string) string) *file {
	for _, p := range [][2]*file{{a, b}, {b, a}} {
		init, mod := p[0], p[1]
		if filepath.Base(init.path) == "__init__.py" && filepath.Dir(abs(init.path)) == strings.TrimSuffix(abs(mod.path), ".py") {
			return init
		}
	}
	return nil
}

// settleNames drops the ambiguous names from byName: which of the files
// an import of such a name means depends on what the running program
// puts on sys.path (two services that each have an `app` package,
// checked together; two script folders that each have a utils.py), which
// Lookup reads from the importer's place.
func (s *source) settleNames() {
	s.byPath = make(map[string]*file, len(s.fs))
	for _, f := range s.fs {
		s.byPath[f.path] = f
	}
	s.byKey = map[string]*file{}
	s.undecided = map[string]map[string]bool{}
	s.places = map[*pyparse.Module]place{}
	s.split = map[string]bool{}
	for _, r := range s.roots {
		if st, err := os.Stat(r); err == nil && st.IsDir() {
			s.rootDirs = append(s.rootDirs, s.abs(r))
		}
	}
	for n, fs := range s.ambiguous {
		delete(s.byName, n)
		for _, f := range fs {
			s.byKey[ambiguousKey(n, f)] = f
		}
	}
}

// undecidedNames returns the ambiguous names that Lookup could not decide
// for some importer and that two files or more have as their primary one
// (their package names), sorted, with their files.
func (s *source) undecidedNames() []Ambiguity {
	var out []Ambiguity
	for n, from := range s.undecided {
		if s.primaries[n] > 1 {
			var paths []string
			for _, f := range s.ambiguous[n] {
				paths = append(paths, f.path)
			}
			out = append(out, Ambiguity{Name: n, Paths: paths, From: slices.Sorted(maps.Keys(from))})
		}
	}
	slices.SortFunc(out, func(a, b Ambiguity) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// ambiguousKey is the key (see pygraph.Source) of f under a name other
// files have too.
func ambiguousKey(name string, f *file) string { return name + "\x00" + f.path }

// place is where a module's code runs from (see Lookup).
type place struct {
	home string // pygraph.Namer.Home: absolute
	top  string // the name of its outermost package, "" for a script
}

// placeOf returns m's place, computed once a module.
func (s *source) placeOf(m *pyparse.Module) (place, bool) {
	if pl, ok := s.places[m]; ok {
		return pl, true
	}
	f := s.byPath[m.Path]
	if f == nil {
		return place{}, false
	}
	var pl place
	pl.home, pl.top = s.namer.Home(f.path) // absolute, as s.abs makes it
	if pl.top != "" && s.splitPackage(filepath.Join(pl.home, pl.top, "__init__.py")) {
		// Its other parts may be anywhere on sys.path.
		pl.top = ""
	}
	s.places[m] = pl
	return pl, true
}

// splitPackage reports whether the package __init__.py at init (absolute)
// extends the package's __path__ (pkgutil.extend_path,
// pkg_resources.declare_namespace): parts of the package may then lie in
// other folders (zope, a company's libraries installed side by side).
func (s *source) splitPackage(init string) bool {
	if v, ok := s.split[init]; ok {
		return v
	}
	src, ok := s.overlay[init]
	if !ok {
		src, _ = os.ReadFile(init)
	}
	v := bytes.Contains(src, []byte("__path__")) || bytes.Contains(src, []byte("declare_namespace"))
	s.split[init] = v
	return v
}

// rootOf is importRoot of f, absolute, under name (one of f's names),
// computed once.
func (s *source) rootOf(f *file, name string) string {
	i := slices.Index(f.names, name)
	if i < 0 {
		return importRoot(s.abs(f.path), name)
	}
	if f.roots == nil {
		f.roots = make([]string, len(f.names))
	}
	if f.roots[i] == "" {
		f.roots[i] = importRoot(s.abs(f.path), name)
	}
	return f.roots[i]
}

// underRoot reports whether dir is one of the roots that are directories
// or lies under one.
func (s *source) underRoot(dir string) bool {
	for _, r := range s.rootDirs {
		if dir == r || strings.HasPrefix(dir, r+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// Lookup implements pygraph.Source, reading names as Python does where
// the importer runs from (its home, see pygraph.Namer.Home: the folder
// above its outermost package, or a script's own folder):
//   - A name in the importer's own package (`app.util`, or `.util`, in
//     svcA/app/main.py) is a file under its home or none: given the files
//     svcA/app/main.py and svcB/app/util.py alone (a file root,
//     pre-commit's changed files), main.py's imports of app.util do not
//     reach svcB's file.
//     (Not for a package whose __init__.py extends its __path__.)
//   - Of the files an ambiguous name could mean, the importer itself when
//     the name is its own, else the one imported by that name from its
//     home: in svcB/app/main.py `app.util` is svcB/app/util.py; in
//     tools/one/run.py `utils` is tools/one/utils.py. Outside its own
//     package, from the nearest folder above the home, within the roots
//     given, that has one: in svcA/tests/test_x.py (no __init__.py),
//     svcA/app/util.py, as pytest (svcA/conftest.py) or `python -m pytest`
//     from svcA imports it. Where none or several are, the name is
//     undecided (not followed, and listed).
func (s *source) Lookup(from *pyparse.Module, name string) string {
	var pl place
	known := false
	if from != nil {
		pl, known = s.placeOf(from)
	}
	own := false
	if known && pl.top != "" {
		head, _, _ := strings.Cut(name, ".")
		own = head == pl.top
	}
	if f, ok := s.byName[name]; ok {
		if f.unreadable || own && f.path != from.Path && s.rootOf(f, name) != pl.home {
			return ""
		}
		return name
	}
	cands := s.ambiguous[name]
	if len(cands) == 0 {
		return ""
	}
	// only is the one candidate imported by name from dir: nil if none
	// or several are, several reporting the latter.
	only := func(dir string) (pick *file, several bool) {
		for _, c := range cands {
			if s.rootOf(c, name) != dir {
				continue
			}
			if pick != nil {
				return nil, true
			}
			pick = c
		}
		return pick, false
	}
	var pick *file
	if known {
		if i := slices.IndexFunc(cands, func(c *file) bool { return c.path == from.Path }); i >= 0 {
			pick = cands[i]
		} else {
			for dir := pl.home; ; {
				p, several := only(dir)
				if p != nil || several || own {
					pick = p
					break
				}
				up := filepath.Dir(dir)
				if up == dir || !s.underRoot(up) {
					break
				}
				dir = up
			}
		}
	}
	if pick == nil {
		importers := s.undecided[name]
		if importers == nil {
			importers = map[string]bool{}
			s.undecided[name] = importers
		}
		if known {
			importers[from.Path] = true
		}
		return ""
	}
	if pick.unreadable {
		return ""
	}
	return ambiguousKey(name, pick)
}

// Shared implements pygraph.Source.
func (s *source) Shared(m *pyparse.Module) bool {
	f := s.byPath[m.Path]
	if f == nil {
		return false
	}
	for _, n := range f.names {
		if len(s.ambiguous[n]) > 0 {
			return true
		}
	}
	return false
}

// Key implements pygraph.Source.
func (s *source) Key(m *pyparse.Module) string {
	if m.Name == "" {
		return ""
	}
	if f, ok := s.byName[m.Name]; ok {
		if f.path == m.Path {
			return m.Name
		}
		return ""
	}
	for _, f := range s.ambiguous[m.Name] {
		if f.path == m.Path {
			return ambiguousKey(m.Name, f)
		}
	}
	return ""
}

// Modelled implements pygraph.Source: the model of the file of key when
// it has one already (parsed up front, preloaded, or loaded before).
func (s *source) Modelled(key string) *pyparse.Module {
	f := s.fileOf(key)
	if f == nil || !f.known {
		return nil
	}
	f.wanted = true
	return f.mod
}

// fileOf returns the file of a key Lookup gave, nil if the tree has none.
func (s *source) fileOf(key string) *file {
	if f, ok := s.byName[key]; ok {
		return f
	}
	return s.byKey[key]
}

// Load implements pygraph.Source. While the loaders run, the files not
// queued yet go to them, the largest first (the batch ends when its last
// file does, and small files last even out the loaders' shares), and Load
// waits for each; otherwise it parses them in parallel itself.
func (s *source) Load(keys []string) []*pyparse.Module {
	todo := make([]*file, len(keys))
	for i, k := range keys {
		todo[i] = s.fileOf(k)
		if todo[i] != nil {
			todo[i].wanted = true
		}
	}
	if s.queue == nil {
		s.parse(todo)
	} else {
		order := make([]*file, 0, len(todo))
		for _, f := range todo {
			if f != nil && !f.known && !f.queued {
				order = append(order, f)
			}
		}
		slices.SortStableFunc(order, func(a, b *file) int { return b.size - a.size })
		for _, f := range order {
			s.enqueue(f)
		}
		for _, f := range todo {
			if f != nil && f.queued {
				s.await(f)
				s.settled(f)
			}
		}
	}
	out := make([]*pyparse.Module, len(todo))
	for i, f := range todo {
		if f != nil {
			out[i] = f.mod
		}
	}
	return out
}
