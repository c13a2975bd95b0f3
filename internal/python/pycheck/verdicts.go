package pycheck

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/asynclint/asynclint/internal/driver/statstore"
	"github.com/asynclint/asynclint/internal/python/pycache"
)

// A verdict store keeps, between runs, the prefilter's verdict on each
// file, by the file's stat (see statstore): a file whose stat is what it
// was when its verdict was recorded has the same bytes, so the same
// verdict.
//   - Dropped (most files of a large tree): the file is read only to learn
//     that it is not parsed up front, so it is not read again. The
//     record says too whether the graph loaded it (a module that calls
//     from async code lead into): the next run loads such a file with the
//     files parsed up front, in parallel, rather than in the graph's
//     rounds, where a round of a few modules leaves workers idle. It is
//     not a seed of the graph for that, and not part of the run's modules
//     unless the graph asks for it again (file.wanted), so the output is
//     the same.
//   - Parsed up front: the file is not read, checked (UTF-8, NUL bytes),
//     scanned nor hashed again: the record holds the hash of its bytes,
//     from which its cache key is made (pycache.Cache.KeyOfSum), with the
//     name and settings of this run; its model reads the source if asked
//     (file.later).
//
// A record of a file the graph loaded holds the hash of its bytes too, so
// that such a file is not read either.
//
// A store belongs to one set of roots, spelled as given from one working
// directory, and to the prefilter's settings (its keys, AllFunctions and
// NoSites): a run with other roots or settings has a store of its own, so
// that neither drops the other's records.
type verdictStore struct {
	store *statstore.Store
}

// verdictsMagic starts a verdict store's file.
const verdictsMagic = "asynclint-verdicts-2\n"

// openVerdicts returns the verdict store of a run over paths, nil when the
// run keeps none: without a cache directory, with an overlay (whose bytes
// are not the files'), or when a path is not a directory (a list of files,
// as pre-commit passes, changes at every commit: a store for each would
// fill the cache with stores no later run opens).
func openVerdicts(dir string, paths []string, keys [][]byte, opts Options) *verdictStore {
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
	s := statstore.Open(filepath.Join(dir, hex.EncodeToString(h.Sum(nil)[:8])), verdictsMagic)
	if s == nil {
		return nil
	}
	return &verdictStore{store: s}
}

// A record's data says which verdict it holds: none for a dropped file,
// loadedMark and the file's Sum for one the graph loaded too, keptMark and
// the file's Sum for a file parsed up front.
const (
	loadedMark = byte(1)
	keptMark   = byte(2)
)

// verdict is what a record says of a file as it is now.
type verdict struct {
	size int
	// kept: parsed up front (else dropped); loaded: dropped, and the
	// graph loaded it; either way sum is the hash of its bytes
	kept, loaded bool
	sum          pycache.Sum
}

// check returns the record of path when it was made of the file as it is
// now (false otherwise). Only a file the store holds is looked at: the
// others (those new to the store) are read.
func (s *verdictStore) check(path string) (verdict, bool) {
	if s == nil || !s.store.Has(path) {
		return verdict{}, false
	}
	k, ok := statKey(path)
	if !ok {
		return verdict{}, false
	}
	data, ok := s.store.Get(path, k)
	if !ok {
		return verdict{}, false
	}
	v := verdict{size: int(k.Size)}
	switch {
	case len(data) == 0:
	case len(data) == 1+len(v.sum) && (data[0] == keptMark || data[0] == loadedMark):
		v.kept, v.loaded = data[0] == keptMark, data[0] == loadedMark
		copy(v.sum[:], data[1:])
	default:
		return verdict{}, false
	}
	return v, true
}

// loaded records whether the graph loaded path, a dropped file the store
// holds a record of, whose bytes hash to sum.
func (s *verdictStore) loaded(path string, loaded bool, sum pycache.Sum) {
	if s == nil {
		return
	}
	var data []byte
	if loaded {
		data = append([]byte{loadedMark}, sum[:]...)
	}
	s.store.SetData(path, data)
}

// now is when a file's read began, for keep.
func (s *verdictStore) now() time.Time {
	if s == nil {
		return time.Time{}
	}
	return s.store.Now()
}

// keep records that path, whose read of size bytes began at start, was
// dropped. Its key is taken after the read; statstore's racy-clean rule
// makes that safe: a file changed after start has a change time after it,
// and is not kept. A file whose size is not its key's changed too.
func (s *verdictStore) keep(path string, start time.Time, size int) {
	s.put(path, start, size, nil)
}

// keepParsed records that path, whose read of size bytes hashing to sum
// began at start, is parsed up front (as keep).
func (s *verdictStore) keepParsed(path string, start time.Time, size int, sum pycache.Sum) {
	s.put(path, start, size, append([]byte{keptMark}, sum[:]...))
}

// put records data as path's verdict (see keep).
func (s *verdictStore) put(path string, start time.Time, size int, data []byte) {
	if s == nil {
		return
	}
	if k, ok := statKey(path); ok && uint64(size) == k.Size {
		s.store.Put(path, k, start, data)
	}
}

// statKey returns the key of the regular file at path.
func statKey(path string) (statstore.Key, bool) {
	info, err := os.Stat(path)
	if err != nil || !info.Mode().IsRegular() {
		return statstore.Key{}, false
	}
	return statstore.KeyOf(info)
}

// save writes the store's file when the run changed what it holds.
func (s *verdictStore) save() {
	if s != nil {
		s.store.Save()
	}
}
