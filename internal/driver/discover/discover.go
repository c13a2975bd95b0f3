// Package discover finds the files asynclint checks: it walks directories,
// honours .gitignore files, skips virtual environments, caches and VCS
// folders, and always keeps files named explicitly.
package discover

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	gitignore "github.com/sabhiram/go-gitignore"
)

// SkippedDirs are directory names never descended into, as in ruff's default
// exclusions (0.17's: `dist` but not `build`, which ruff dropped since a
// package may be named so): VCS folders, virtual environments, caches and
// build output of tools.
var SkippedDirs = []string{
	".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints",
	".mypy_cache", ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype",
	".ruff_cache", ".svn", ".tox", ".venv", ".vscode", "__pycache__",
	"__pypackages__", "_build", "buck-out", "dist", "node_modules", "site-packages", "venv",
}

// Options controls a walk.
type Options struct {
	// Exts are the file name endings to keep from walked directories, such
	// as ".py". Explicit file arguments are kept whatever their ending.
	Exts []string
	// Exclude holds gitignore-style patterns, matched against paths
	// relative to each root; matching walked files and directories are
	// skipped. Explicit file arguments are never excluded.
	Exclude []string
	// ExcludeBase, when set, is the absolute directory the Exclude
	// patterns are relative to (their configuration file's), instead of
	// each root: a root below it is matched with its place in it before
	// each path (`pkg/gen_*.py` excludes pkg/gen_a.py in a walk of pkg),
	// and a root outside it is not excluded from.
	ExcludeBase string
	// NoIgnore disables .gitignore handling.
	NoIgnore bool
	// Listings is a folder where the walk keeps, between runs, what it
	// used of each directory's listing (a file a root), so that a
	// directory unchanged since is not read again; "" reads every
	// directory. The folder is made when a listing is first stored.
	Listings string
}

// File is one file to check.
type File struct {
	// Path is the path to show and open: the root as given joined with
	// the path below it, with forward slashes.
	Path string
	// Explicit is true when the user named the file itself.
	Explicit bool
}

// Error is a path that could not be walked.
type Error struct {
	Path string
	Err  error
}

// Error names the path and the problem.
func (e *Error) Error() string { return fmt.Sprintf("%s: %v", e.Path, e.Err) }

// Unwrap returns the problem.
func (e *Error) Unwrap() error { return e.Err }

// Walk returns the files below roots that match opts, sorted and without
// duplicates, and an error for every root or directory that could not be
// read. A missing root, a symlink loop or an unreadable directory is
// reported and the rest is still walked.
func Walk(roots []string, opts Options) ([]File, []error) {
	var files []File
	errs := Stream(roots, opts, func(f File) { files = append(files, f) })
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, errs
}

// Stream is Walk that hands each file to yield as soon as it is found, so
// that a caller can read files while the walk goes on; the files yielded
// are those Walk returns, each once, not sorted: the roots are taken in
// turn, and the directories below a root are read in parallel, so their
// files come in no fixed order. yield is called from Stream's goroutine,
// one file at a time. The errors come root by root, those below a root
// sorted by path.
func Stream(roots []string, opts Options, yield func(File)) []error {
	var (
		errs []error
		seen = map[string]bool{}
	)
	var exclude *gitignore.GitIgnore
	if len(opts.Exclude) > 0 {
		exclude = gitignore.CompileIgnoreLines(opts.Exclude...)
	}
	// A file is one file however the roots spell it (src and ./src,
	// relative and absolute, or through a symbolic link to src: a root's
	// links are resolved once, and the walk follows none below it).
	wd, _ := os.Getwd()
	abs := func(p string) string {
		p = filepath.Clean(p)
		if !filepath.IsAbs(p) && wd != "" {
			p = filepath.Join(wd, p)
		}
		return p
	}
	var rootAbs, rootReal string
	add := func(p string, explicit bool) {
		key := abs(p)
		if rootReal != rootAbs {
			if rel, err := filepath.Rel(rootAbs, key); err == nil && (rel == "." || filepath.IsLocal(rel)) {
				key = filepath.Join(rootReal, rel)
			}
		}
		if seen[key] {
			return
		}
		seen[key] = true
		yield(File{Path: filepath.ToSlash(p), Explicit: explicit})
	}
	for _, root := range roots {
		info, err := os.Stat(root)
		if err != nil {
			errs = append(errs, &Error{Path: root, Err: describe(err)})
			continue
		}
		rootAbs, rootReal = abs(root), abs(root)
		if real, err := filepath.EvalSymlinks(rootAbs); err == nil {
			rootReal = real
		}
		if !info.IsDir() {
			add(root, true)
			continue
		}
		w := walker{opts: opts, exclude: exclude, root: root, add: add, listings: openListings(opts.Listings, root, opts.Exts)}
		w.seen = func(real string) bool { return seen[real] }
		w.excludeIn(rootAbs)
		if !opts.NoIgnore {
			w.ignores = ancestorIgnores(root)
		}
		errs = append(errs, w.walk()...)
		w.listings.save()
	}
	return errs
}

// describe turns the errors users meet into plain words.
func describe(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("no such file or directory")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("permission denied")
	case strings.Contains(err.Error(), "too many levels of symbolic links"):
		return errors.New("symbolic link loop")
	}
	return err
}

// scopedIgnore is a .gitignore file and the directory it governs.
type scopedIgnore struct {
	dir string
	m   *gitignore.GitIgnore
}

func (s scopedIgnore) matches(path string, isDir bool) bool {
	rel, err := filepath.Rel(s.dir, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	rel = filepath.ToSlash(rel)
	if isDir {
		rel += "/"
	}
	return s.m.MatchesPath(rel)
}

// ancestorIgnores loads the .gitignore files of root's ancestors up to the
// enclosing git repository's top, and the repository's .git/info/exclude,
// so that walking a subdirectory honours the repository's ignore rules.
func ancestorIgnores(root string) []scopedIgnore {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil
	}
	if _, err := os.Stat(filepath.Join(abs, ".git")); err == nil {
		// root is the repository top: nothing above applies but the
		// repository's own exclude file
		return infoExclude(root, abs, abs)
	}
	var chain []string
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		chain = append(chain, dir)
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			break
		}
		if filepath.Dir(dir) == dir {
			return nil // not in a repository: ancestors' ignores do not apply
		}
	}
	out := infoExclude(root, abs, chain[len(chain)-1])
	for i := len(chain) - 1; i >= 0; i-- {
		if m, err := gitignore.CompileIgnoreFile(filepath.Join(chain[i], ".gitignore")); err == nil {
			rel, err := filepath.Rel(abs, chain[i])
			if err != nil {
				continue
			}
			s := scopedIgnore{dir: filepath.Join(root, rel), m: m}
			if s.matches(root, true) {
				// The file ignores the root itself, which the user named
				// explicitly: as ripgrep and ruff do, check it anyway.
				continue
			}
			out = append(out, s)
		}
	}
	return out
}

// infoExclude returns the repository's own exclude file
// (`.git/info/exclude` of the repository top, whose patterns are relative
// to the top, as git and ruff read it), scoped as the walk of root, at
// abs, sees the top; none when it is absent, or ignores the root itself
// (named explicitly: checked anyway).
func infoExclude(root, abs, top string) []scopedIgnore {
	m, err := gitignore.CompileIgnoreFile(filepath.Join(top, ".git", "info", "exclude"))
	if err != nil {
		return nil
	}
	rel, err := filepath.Rel(abs, top)
	if err != nil {
		return nil
	}
	s := scopedIgnore{dir: filepath.Join(root, rel), m: m}
	if root != s.dir && s.matches(root, true) {
		return nil
	}
	return []scopedIgnore{s}
}

type walker struct {
	opts    Options
	exclude *gitignore.GitIgnore
	root    string
	// under is the root's place below Options.ExcludeBase ("" when it
	// is the base, or none is set), slash-separated with a trailing
	// slash: what exclusion matches before each path's below the root
	under   string
	ignores []scopedIgnore
	add     func(string, bool)
	// seen reports whether a file of that absolute path, links
	// resolved, was added (nil: none is known)
	seen func(real string) bool
	// listings: the stored listings of the root's directories, nil when
	// every directory is read
	listings *listings
}

// excludeIn sets where the root, at rootAbs, lies below
// Options.ExcludeBase; outside it, the walk excludes nothing.
func (w *walker) excludeIn(rootAbs string) {
	if w.exclude == nil || w.opts.ExcludeBase == "" {
		return
	}
	rel, err := filepath.Rel(w.opts.ExcludeBase, rootAbs)
	switch {
	case err != nil || !filepath.IsLocal(rel) && rel != ".":
		w.exclude = nil
	case rel != ".":
		w.under = filepath.ToSlash(rel) + "/"
	}
}

// ignored reports whether path is excluded, or ignored by one of the
// .gitignore files of ignores.
func (w *walker) ignored(path string, isDir bool, ignores []scopedIgnore) bool {
	if w.exclude != nil && path != w.root {
		if rel, err := filepath.Rel(w.root, path); err == nil {
			rel = filepath.ToSlash(rel)
			if isDir {
				rel += "/"
			}
			if w.exclude.MatchesPath(w.under + rel) {
				return true
			}
		}
	}
	for _, s := range ignores {
		if s.matches(path, isDir) {
			return true
		}
	}
	return false
}

// dirTask is a directory to read, with the .gitignore files that govern
// its entries.
type dirTask struct {
	path    string
	ignores []scopedIgnore
}

// dirResult is what reading one directory found.
type dirResult struct {
	files []string
	// links are the links to regular files, with their targets resolved
	links []fileLink
	errs  []error
}

// fileLink is a symbolic link to a regular file, and the file's resolved
// path.
type fileLink struct{ path, real string }

// walkers is how many goroutines read directories at once: reading one is
// a few system calls, and a tree of thousands of them (a package's data
// and locale folders) takes a good part of a run when read one at a time.
func walkers() int { return min(runtime.GOMAXPROCS(0), 4) }

// walk visits the root and what is below it, as filepath.WalkDir does:
// symbolic links below the root are not followed (a root that is one is,
// as ruff and ripgrep follow the paths they are given). It reads each
// directory once, in parallel with the others: a directory's .gitignore
// is loaded when its listing holds one, before its entries are visited.
// The files found are added from walk's goroutine.
func (w *walker) walk() []error {
	info, err := os.Stat(w.root)
	if err != nil {
		return []error{&Error{Path: filepath.ToSlash(w.root), Err: describe(err)}}
	}
	if !info.IsDir() {
		return nil // Stream adds a root that is a file itself
	}
	var errs []error
	// A stack of directories to read, shared by the goroutines reading
	// them; open counts the directories pushed and not yet read.
	var (
		mu    sync.Mutex
		ready = sync.NewCond(&mu)
		stack = []dirTask{{path: w.root, ignores: w.ignores}}
		open  = 1
	)
	results := make(chan dirResult, 64)
	var readers sync.WaitGroup
	for range walkers() {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				mu.Lock()
				for len(stack) == 0 && open > 0 {
					ready.Wait()
				}
				if open == 0 {
					mu.Unlock()
					return
				}
				t := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				mu.Unlock()
				var r dirResult
				subdirs := w.readDir(t, &r)
				mu.Lock()
				stack = append(stack, subdirs...)
				open += len(subdirs) - 1
				if open == 0 || len(subdirs) > 0 {
					ready.Broadcast()
				}
				mu.Unlock()
				if len(r.files) > 0 || len(r.links) > 0 || len(r.errs) > 0 {
					results <- r
				}
			}
		}()
	}
	go func() {
		readers.Wait()
		close(results)
	}()
	var links []fileLink
	for r := range results {
		for _, f := range r.files {
			w.add(f, false)
		}
		links = append(links, r.links...)
		errs = append(errs, r.errs...)
	}
	// A link to a file the walk found under its own name is that file
	// (alias.py -> real.py): checked once, and never written through
	// the link. A link to a file elsewhere is checked by its name.
	slices.SortFunc(links, func(a, b fileLink) int { return strings.Compare(a.path, b.path) })
	for _, l := range links {
		if w.seen == nil || !w.seen(l.real) {
			w.add(l.path, false)
		}
	}
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.(*Error).Path, b.(*Error).Path) })
	return errs
}

// readDir reads directory t, adding to r its wanted files and the errors
// met, and returns its subdirectories to read (those not skipped).
func (w *walker) readDir(t dirTask, r *dirResult) []dirTask {
	entries, hasIgnore, err := w.listings.list(t.path, w.wanted)
	if err != nil {
		r.errs = append(r.errs, &Error{Path: filepath.ToSlash(t.path), Err: describe(err)})
		return nil
	}
	ignores := t.ignores
	if hasIgnore && !w.opts.NoIgnore {
		if m, err := gitignore.CompileIgnoreFile(filepath.Join(t.path, ".gitignore")); err == nil {
			// A copy: the parent's list is shared with its other
			// subdirectories.
			ignores = append(ignores[:len(ignores):len(ignores)], scopedIgnore{dir: t.path, m: m})
		}
	}
	var subdirs []dirTask
	for _, e := range entries {
		w.entry(filepath.Join(t.path, e.name), e, ignores, r, &subdirs)
	}
	return subdirs
}

// entry handles one wanted entry of a directory: a file is added to r if
// not ignored; a directory not skipped is added to subdirs.
func (w *walker) entry(path string, e dirent, ignores []scopedIgnore, r *dirResult, subdirs *[]dirTask) {
	if e.typ.IsDir() {
		if !slices.Contains(SkippedDirs, e.name) && !w.ignored(path, true, ignores) {
			*subdirs = append(*subdirs, dirTask{path: path, ignores: ignores})
		}
		return
	}
	if w.ignored(path, false, ignores) {
		return
	}
	if e.typ&fs.ModeSymlink != 0 {
		// A link to a directory is not followed (no loops); a link to
		// a regular file is checked like the file.
		info, err := os.Stat(path)
		if err != nil {
			r.errs = append(r.errs, &Error{Path: filepath.ToSlash(path), Err: describe(err)})
			return
		}
		if !info.Mode().IsRegular() {
			return
		}
		if real, err := filepath.EvalSymlinks(path); err == nil {
			if real, err = filepath.Abs(real); err == nil {
				r.links = append(r.links, fileLink{path: path, real: real})
				return
			}
		}
	} else if !e.typ.IsRegular() {
		return
	}
	r.files = append(r.files, path)
}

func (w *walker) wanted(name string) bool {
	if len(w.opts.Exts) == 0 {
		return true
	}
	for _, ext := range w.opts.Exts {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// Admits reports whether a walk of root with opts would keep the file at
// path below it, were the file on disk (an editor's buffer not saved yet):
// no folder on the way is skipped (SkippedDirs), excluded or ignored by a
// .gitignore, and the file itself is neither, and has one of opts.Exts.
func Admits(root, path string, opts Options) bool {
	rel, err := filepath.Rel(root, path)
	if err != nil || !filepath.IsLocal(rel) {
		return false
	}
	w := walker{opts: opts, root: root}
	if len(opts.Exclude) > 0 {
		w.exclude = gitignore.CompileIgnoreLines(opts.Exclude...)
		if abs, err := filepath.Abs(root); err == nil {
			w.excludeIn(abs)
		}
	}
	if !w.wanted(filepath.Base(path)) {
		return false
	}
	var ignores []scopedIgnore
	if !opts.NoIgnore {
		ignores = ancestorIgnores(root)
	}
	dir := root
	parts := strings.Split(rel, string(filepath.Separator))
	for i, name := range parts {
		if !opts.NoIgnore {
			if m, err := gitignore.CompileIgnoreFile(filepath.Join(dir, ".gitignore")); err == nil {
				ignores = append(ignores, scopedIgnore{dir: dir, m: m})
			}
		}
		p := filepath.Join(dir, name)
		last := i == len(parts)-1
		if !last && slices.Contains(SkippedDirs, name) || w.ignored(p, !last, ignores) {
			return false
		}
		dir = p
	}
	return true
}
