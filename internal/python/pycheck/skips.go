package pycheck

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/asynclint/asynclint/internal/driver/statstore"
)

// A skip store keeps, between runs, which files the prefilter dropped: a
// file not parsed up front is read only to learn that it is not (most files
// of a large tree are such files), and a file whose stat is what it was
// when it was dropped would be dropped again. Its record is the file's
// path and stat key (see statstore); the file's size is the key's.
//
// A store belongs to one set of roots, spelled as given from one working
// directory, and to the prefilter's settings (its keys, AllFunctions and
// NoSites): a run with other roots or settings has a store of its own, so
// that neither drops the other's records.
type skipStore struct {
	store *statstore.Store
}

// skipsMagic starts a skip store's file.
const skipsMagic = "asynclint-skips-1\n"

// openSkips returns the skip store of a run over paths, nil when the run
// keeps none: without a cache directory, with an overlay (whose bytes are
// not the files'), or when a path is not a directory (a list of files, as
// pre-commit passes, changes at every commit: a store for each would fill
// the cache with stores no later run opens).
func openSkips(dir string, paths []string, keys [][]byte, opts Options) *skipStore {
	if dir == "" || len(opts.Overlay) > 0 {
		return nil
	}
	for _, p := range paths {
		if info, err := os.Stat(p); err != nil || !info.IsDir() {
			return nil
		}
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil
	}
	h := sha256.New()
	fmt.Fprintf(h, "%q %v %v\n", cwd, opts.AllFunctions, opts.NoSites)
	for _, p := range paths {
		fmt.Fprintf(h, "root %q\n", p)
	}
	for _, k := range keys {
		fmt.Fprintf(h, "key %q\n", k)
	}
	s := statstore.Open(filepath.Join(dir, hex.EncodeToString(h.Sum(nil)[:8])), skipsMagic)
	if s == nil {
		return nil
	}
	return &skipStore{store: s}
}

// loadedMark is the data of the record of a file the graph loaded.
var loadedMark = []byte{1}

// check reports whether path was dropped by an earlier run and is as it
// was then, with its size and whether the graph loaded it. Only a file the
// store holds is looked at: the others (those the prefilter kept, those
// new to the store) are read.
func (s *skipStore) check(path string) (size int, dropped, loaded bool) {
	if s == nil || !s.store.Has(path) {
		return 0, false, false
	}
	info, err := os.Stat(path)
	if err != nil || !info.Mode().IsRegular() {
		return 0, false, false
	}
	k, ok := statstore.KeyOf(info)
	if !ok {
		return 0, false, false
	}
	if data, ok := s.store.Get(path, k); ok {
		return int(k.Size), true, bytes.Equal(data, loadedMark)
	}
	return 0, false, false
}

// loaded records whether the graph loaded path, a dropped file the store
// holds a record of.
func (s *skipStore) loaded(path string, loaded bool) {
	if s == nil {
		return
	}
	var data []byte
	if loaded {
		data = loadedMark
	}
	s.store.SetData(path, data)
}

// now is when a file's read began, for keep.
func (s *skipStore) now() time.Time {
	if s == nil {
		return time.Time{}
	}
	return s.store.Now()
}

// keep records that path, whose read of size bytes began at start, was
// dropped. Its key is taken after the read; statstore's racy-clean rule
// makes that safe: a file changed after start has a change time after it,
// and is not kept. A file whose size is not its key's changed too.
func (s *skipStore) keep(path string, start time.Time, size int) {
	if s == nil {
		return
	}
	info, err := os.Stat(path)
	if err != nil || !info.Mode().IsRegular() {
		return
	}
	if k, ok := statstore.KeyOf(info); ok && uint64(size) == k.Size {
		s.store.Put(path, k, start, nil)
	}
}

// save writes the store's file when the run changed what it holds.
func (s *skipStore) save() {
	if s != nil {
		s.store.Save()
	}
}
