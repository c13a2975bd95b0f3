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
	"slices"
	"strings"

	gitignore "github.com/sabhiram/go-gitignore"
)

// SkippedDirs are directory names never descended into, as in ruff's default
// exclusions: VCS folders, virtual environments, caches and build output of
// tools.
var SkippedDirs = []string{
	".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints",
	".mypy_cache", ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype",
	".ruff_cache", ".svn", ".tox", ".venv", ".vscode", "__pycache__",
	"__pypackages__", "_build", "buck-out", "node_modules", "site-packages", "venv",
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
	// NoIgnore disables .gitignore handling.
	NoIgnore bool
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

// Stream is Walk that hands each file to yield as soon as it is found,
// in walk order (each root in turn, directories in lexical order), not
// sorted, so that a caller can read files while the walk goes on; the
// files yielded are those Walk returns, each once. yield is called from
// Stream's goroutine, one file at a time.
func Stream(roots []string, opts Options, yield func(File)) []error {
	var (
		errs []error
		seen = map[string]bool{}
	)
	var exclude *gitignore.GitIgnore
	if len(opts.Exclude) > 0 {
		exclude = gitignore.CompileIgnoreLines(opts.Exclude...)
	}
	add := func(p string, explicit bool) {
		key := filepath.Clean(p)
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
		if !info.IsDir() {
			add(root, true)
			continue
		}
		w := walker{opts: opts, exclude: exclude, root: root, add: add}
		if !opts.NoIgnore {
			w.ignores = ancestorIgnores(root)
		}
		errs = append(errs, w.walk()...)
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
// enclosing git repository's top, so that walking a subdirectory honours
// the repository's ignore rules.
func ancestorIgnores(root string) []scopedIgnore {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil
	}
	if _, err := os.Stat(filepath.Join(abs, ".git")); err == nil {
		return nil // root is the repository top: nothing above applies
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
	var out []scopedIgnore
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

type walker struct {
	opts    Options
	exclude *gitignore.GitIgnore
	root    string
	ignores []scopedIgnore
	add     func(string, bool)
}

func (w *walker) ignored(path string, isDir bool) bool {
	if w.exclude != nil && path != w.root {
		if rel, err := filepath.Rel(w.root, path); err == nil {
			rel = filepath.ToSlash(rel)
			if isDir {
				rel += "/"
			}
			if w.exclude.MatchesPath(rel) {
				return true
			}
		}
	}
	for _, s := range w.ignores {
		if s.matches(path, isDir) {
			return true
		}
	}
	return false
}

// walk visits the root and, depth first in lexical order, what is below
// it, as filepath.WalkDir does: symbolic links below the root are not
// followed (a root that is one is, as ruff and ripgrep follow the paths
// they are given). It reads each directory once: its .gitignore is loaded
// when the listing holds one, before its entries are visited.
func (w *walker) walk() []error {
	var errs []error
	info, err := os.Stat(w.root)
	if err != nil {
		return []error{&Error{Path: filepath.ToSlash(w.root), Err: describe(err)}}
	}
	w.visit(w.root, fs.FileInfoToDirEntry(info), &errs)
	return errs
}

// visit handles one walked entry: a file is added if wanted; a directory
// not skipped is read and its entries visited.
func (w *walker) visit(path string, d fs.DirEntry, errs *[]error) {
	if !d.IsDir() {
		w.file(path, d, errs)
		return
	}
	if path != w.root && (slices.Contains(SkippedDirs, d.Name()) || w.ignored(path, true)) {
		return
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		*errs = append(*errs, &Error{Path: filepath.ToSlash(path), Err: describe(err)})
		return
	}
	if !w.opts.NoIgnore {
		for _, e := range entries {
			if e.Name() == ".gitignore" && !e.IsDir() {
				w.pushIgnore(path)
				break
			}
		}
	}
	for _, e := range entries {
		w.visit(filepath.Join(path, e.Name()), e, errs)
	}
}

func (w *walker) file(path string, d fs.DirEntry, errs *[]error) {
	if !w.wanted(d.Name()) || w.ignored(path, false) {
		return
	}
	if d.Type()&fs.ModeSymlink != 0 {
		// A link to a directory is not followed (no loops); a link to
		// a regular file is checked like the file.
		info, err := os.Stat(path)
		if err != nil {
			*errs = append(*errs, &Error{Path: filepath.ToSlash(path), Err: describe(err)})
			return
		}
		if !info.Mode().IsRegular() {
			return
		}
	} else if !d.Type().IsRegular() {
		return
	}
	w.add(path, false)
}

// pushIgnore loads dir/.gitignore. The walk visits a directory's entries
// after loading it and in lexical order, so a pattern list keyed by
// directory is enough: entries whose directory is not an ancestor never
// match.
func (w *walker) pushIgnore(dir string) {
	m, err := gitignore.CompileIgnoreFile(filepath.Join(dir, ".gitignore"))
	if err != nil {
		return
	}
	w.ignores = append(w.ignores, scopedIgnore{dir: dir, m: m})
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
