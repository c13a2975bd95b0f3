package rewriter

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/asynclint/asynclint/internal/finding"
)

// Change is the rewritten content of one file.
type Change struct {
	// Path is the file as discovered (relative to the working directory
	// when the user gave a relative path).
	Path string
	// Old is the content the edits were planned on; New the result.
	Old, New []byte
	// Edits are the byte-range edits of Old that give New.
	Edits []finding.Edit
}

// Verifier checks a rewritten file before it is written; an error refuses
// the write of that file. The Python verifier re-parses the result. Write
// calls it from several goroutines at once.
type Verifier func(path string, old, new []byte) error

// Errors a FileError wraps, for errors.Is.
var (
	// ErrOutsideRoot: the file, its symlinks resolved, lies outside every
	// root given to Write.
	ErrOutsideRoot = errors.New("outside the paths given")
	// ErrModified: the file on disk no longer holds the content the edits
	// were planned on.
	ErrModified = errors.New("file changed on disk since it was read")
	// ErrNotRegular: the path is not a regular file.
	ErrNotRegular = errors.New("not a regular file")
	// ErrDuplicate: two changes resolve to the same file.
	ErrDuplicate = errors.New("same file reached by two paths")
	// ErrInternal: the verifier refused the result; the file is left
	// untouched. This is a bug in the rewriter and is reported as one.
	ErrInternal = errors.New("internal error: rewritten file failed verification, left untouched")
)

// FileError is a change that was not written.
type FileError struct {
	Path string
	Err  error
}

// Error names the file and the reason.
func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }

// Unwrap returns the reason.
func (e *FileError) Unwrap() error { return e.Err }

// Write writes the changes atomically (each to a temporary file in the same
// directory, synced, renamed over the original, its mode kept), after
// checking every one of them: the file, symlinks resolved, lies within one of
// roots (a root may be a directory or a single file), its content is still
// Old, and verify (if not nil) accepts New. The changes of one fix depend on
// each other (a call rewritten in one file awaits a twin added in another),
// so when any change fails a check nothing is written, and the failures are
// returned as FileErrors.
func Write(roots []string, changes []Change, verify Verifier) []*FileError {
	realRoots := realPaths(roots)
	seen := map[string]bool{}
	ready := make([]prepared, 0, len(changes))
	failed := make([]error, len(changes))
	for i, c := range changes {
		p, err := check(realRoots, c, seen)
		if err != nil {
			failed[i] = err
			continue
		}
		p.change = i
		ready = append(ready, p)
	}
	if verify != nil {
		verifyAll(changes, ready, verify, failed)
	}
	var errs []*FileError
	for i, err := range failed {
		if err != nil {
			errs = append(errs, &FileError{Path: changes[i].Path, Err: err})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	for _, p := range ready {
		if err := atomicWrite(p.real, p.data, p.perm); err != nil {
			errs = append(errs, &FileError{Path: p.path, Err: err})
		}
	}
	return errs
}

// prepared is a change that passed every check, ready to be written.
type prepared struct {
	change     int // index in Write's changes
	path, real string
	data       []byte
	perm       os.FileMode
}

// Within returns whether a file, its symlinks resolved, lies within one of
// roots, as Write requires of the files it writes: a fix leaves the
// findings of other files (a symlink to a file outside the tree) as they
// are rather than have Write refuse all of its changes.
func Within(roots []string) func(path string) bool {
	realRoots := realPaths(roots)
	return func(path string) bool {
		real, err := realPath(path)
		return err == nil && inRoots(realRoots, real)
	}
}

// realPaths returns the paths that resolve (see realPath), resolved.
func realPaths(paths []string) []string {
	var out []string
	for _, p := range paths {
		if r, err := realPath(p); err == nil {
			out = append(out, r)
		}
	}
	return out
}

func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("%s: %w", p, err)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", fmt.Errorf("%s: %w", p, err)
	}
	return real, nil
}

func inRoots(roots []string, p string) bool {
	for _, r := range roots {
		if p == r || strings.HasPrefix(p, r+string(filepath.Separator)) || r == string(filepath.Separator) {
			return true
		}
	}
	return false
}

// verifyAll runs verify on the changes that passed the other checks, in
// parallel (a Verifier parses whole files), recording failures in failed.
func verifyAll(changes []Change, ready []prepared, verify Verifier, failed []error) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(ready)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				c := changes[i]
				if err := verify(c.Path, c.Old, c.New); err != nil {
					failed[i] = fmt.Errorf("%w: %w", ErrInternal, err)
				}
			}
		}()
	}
	for _, p := range ready {
		next <- p.change
	}
	close(next)
	wg.Wait()
}

// check runs Write's checks on one change, but for its verification.
func check(roots []string, c Change, seen map[string]bool) (prepared, error) {
	real, err := realPath(c.Path)
	if err != nil {
		return prepared{}, err
	}
	if !inRoots(roots, real) {
		return prepared{}, ErrOutsideRoot
	}
	if seen[real] {
		return prepared{}, ErrDuplicate
	}
	seen[real] = true
	info, err := os.Stat(real)
	if err != nil {
		return prepared{}, fmt.Errorf("stat %s: %w", real, err)
	}
	if !info.Mode().IsRegular() {
		return prepared{}, ErrNotRegular
	}
	cur, err := os.ReadFile(real)
	if err != nil {
		return prepared{}, fmt.Errorf("read %s: %w", real, err)
	}
	if !bytes.Equal(cur, c.Old) {
		return prepared{}, ErrModified
	}
	return prepared{path: c.Path, real: real, data: c.New, perm: info.Mode().Perm()}, nil
}

func atomicWrite(path string, data []byte, perm os.FileMode) (err error) {
	dir, base := filepath.Split(path)
	tmp, err := os.CreateTemp(dir, "."+base+".asynclint-*")
	if err != nil {
		return fmt.Errorf("create temporary file beside %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err = tmp.Chmod(perm); err != nil {
		return fmt.Errorf("chmod %s: %w", tmp.Name(), err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", tmp.Name(), err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmp.Name(), err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("rename %s to %s: %w", tmp.Name(), path, err)
	}
	if d, derr := os.Open(dir); derr == nil {
		d.Sync() // best effort: make the rename durable
		d.Close()
	}
	return nil
}
