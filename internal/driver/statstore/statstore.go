// Package statstore keeps, between runs, what a run learnt of files and
// folders by their stat: a record per name holds the stat key the file or
// folder had when the record was made, and what was learnt then. A later
// run that finds the same key takes the record instead of reading the
// file or folder again (git's index does so for its worktree).
//
// The key is the device, inode, size, and the modification and change
// times: writing a file, or creating, removing or renaming an entry of a
// folder, changes them. As git's racy-clean rule, a record is kept only
// when what it describes was last changed more than RacyWindow before it
// was read: a change made later in the same tick of the file system's
// clock would leave its stat as it was.
//
// A store is one file, checksummed and written atomically; one that is not
// whole (corrupt, cut short, of another format) is ignored and rewritten.
// Keys need Linux's stat (the inode and change time); elsewhere Open
// returns nil, and a nil store holds nothing and keeps nothing.
package statstore

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/asynclint/asynclint/internal/driver/atomicfile"
)

// Key is what a file's or folder's stat must keep for its record to hold.
type Key struct {
	Dev, Ino, Size uint64
	Mtime, Ctime   int64 // nanoseconds since the epoch
}

// RacyWindow is how long before it was read a file or folder must have
// been last changed for its record to be kept: more than the coarsest
// clock of the file systems in use (FAT's two seconds).
const RacyWindow = 3 * time.Second

// Record is what a run learnt of one file or folder.
type Record struct {
	Key  Key
	Data []byte
}

// Store is the records of one file. Its methods are safe for concurrent
// use; a nil *Store holds no record and keeps none.
type Store struct {
	path  string
	magic []byte
	// Now is the clock records are dated by (time.Now; tests move it).
	Now func() time.Time

	mu  sync.Mutex
	old map[string]Record // read from the file
	// seen: the records this run took (Get) or kept (Put), the next
	// file; without a Put it holds records of old only, so it differs
	// from old exactly when it holds fewer
	seen    map[string]Record
	changed bool // a record was kept (Put)
}

// Open returns the store in file path, whose format is named by magic,
// with the records the file holds (none when it is missing or not whole);
// nil where keys are not supported.
func Open(path, magic string) *Store {
	if !supported {
		return nil
	}
	s := &Store{path: path, magic: []byte(magic), Now: time.Now}
	if data, err := os.ReadFile(path); err == nil {
		s.old = decode(data, s.magic)
	}
	// Sized for a run that takes every record, as an unchanged tree's
	// does: no growing on the way.
	s.seen = make(map[string]Record, len(s.old))
	return s
}

// Has reports whether the store holds a record of name, whatever its key.
func (s *Store) Has(name string) bool {
	if s == nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.old[name]
	return ok
}

// Get returns the data of name's record when its key is k.
func (s *Store) Get(name string, k Key) ([]byte, bool) {
	if s == nil {
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.old[name]
	if !ok || r.Key != k {
		return nil, false
	}
	s.seen[name] = r
	return r.Data, true
}

// Put keeps data as name's record with key k, for what was read at time
// read (taken before the stat k comes from); a key changed within
// RacyWindow of read is not kept, nor is any record of name.
func (s *Store) Put(name string, k Key, read time.Time, data []byte) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if read.Sub(time.Unix(0, max(k.Mtime, k.Ctime))) <= RacyWindow {
		// Not kept: Save drops the file's record of name, if any, as
		// seen then holds fewer records than old.
		delete(s.seen, name)
		return
	}
	s.seen[name] = Record{Key: k, Data: data}
	s.changed = true
}

// SetData makes data the data of name's record, when this run took or
// kept one (its key stays).
func (s *Store) SetData(name string, data []byte) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.seen[name]; ok && !bytes.Equal(r.Data, data) {
		r.Data = data
		s.seen[name] = r
		s.changed = true
	}
}

// Stored returns the record of name the store's file held when opened.
func (s *Store) Stored(name string) (Record, bool) {
	if s == nil {
		return Record{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.old[name]
	return r, ok
}

// Len is the number of records the store's file held when opened.
func (s *Store) Len() int {
	if s == nil {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.old)
}

// Save writes the records this run took or kept, when they are not what
// the file holds. A store that cannot be written makes the next run read
// what it would have taken, never take a stale record.
func (s *Store) Save() {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.changed && len(s.seen) == len(s.old) {
		return
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
		return
	}
	_ = atomicfile.Write(s.path, encode(s.seen, s.magic)) // a cache: see above
}

// The file: magic, the payload's length and CRC-32C, then each record:
// its name, its key and its data.

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func encode(m map[string]Record, magic []byte) []byte {
	var p []byte
	for name, r := range m {
		p = AppendBytes(p, []byte(name))
		for _, v := range []uint64{r.Key.Dev, r.Key.Ino, r.Key.Size, uint64(r.Key.Mtime), uint64(r.Key.Ctime)} {
			p = binary.AppendUvarint(p, v)
		}
		p = AppendBytes(p, r.Data)
	}
	out := append([]byte(nil), magic...)
	out = binary.LittleEndian.AppendUint64(out, uint64(len(p)))
	out = binary.LittleEndian.AppendUint32(out, crc32.Checksum(p, castagnoli))
	return append(out, p...)
}

// decode returns the records of a store's file, nil when it is not one
// whole.
func decode(data, magic []byte) map[string]Record {
	head := len(magic) + 12
	if len(data) < head || !bytes.Equal(data[:len(magic)], magic) {
		return nil
	}
	n := binary.LittleEndian.Uint64(data[len(magic):])
	sum := binary.LittleEndian.Uint32(data[len(magic)+8:])
	p := data[head:]
	if n != uint64(len(p)) || crc32.Checksum(p, castagnoli) != sum {
		return nil
	}
	r := NewReader(p)
	m := map[string]Record{}
	for len(r.p) > 0 && r.OK() {
		name := string(r.Bytes())
		k := Key{Dev: r.Uvarint(), Ino: r.Uvarint(), Size: r.Uvarint(), Mtime: int64(r.Uvarint()), Ctime: int64(r.Uvarint())}
		data := r.Bytes()
		m[name] = Record{Key: k, Data: data}
	}
	if !r.OK() {
		return nil
	}
	return m
}

// Reader reads the uvarints and byte strings a record's data is made of;
// after the first that is not whole, it returns zeros and OK is false.
type Reader struct {
	p   []byte
	bad bool
}

// NewReader reads data.
func NewReader(data []byte) *Reader { return &Reader{p: data} }

// OK reports whether everything read so far was whole.
func (r *Reader) OK() bool { return !r.bad }

// Rest reports whether anything is left to read.
func (r *Reader) Rest() bool { return len(r.p) > 0 }

// Uvarint reads an unsigned varint.
func (r *Reader) Uvarint() uint64 {
	v, n := binary.Uvarint(r.p)
	if n <= 0 {
		r.bad, r.p = true, nil
		return 0
	}
	r.p = r.p[n:]
	return v
}

// Bytes reads a byte string written by AppendBytes (not copied).
func (r *Reader) Bytes() []byte {
	n := r.Uvarint()
	if n > uint64(len(r.p)) {
		r.bad, r.p = true, nil
		return nil
	}
	b := r.p[:n:n]
	r.p = r.p[n:]
	return b
}

// AppendUvarint appends v for Reader.Uvarint.
func AppendUvarint(p []byte, v uint64) []byte { return binary.AppendUvarint(p, v) }

// AppendBytes appends b for Reader.Bytes.
func AppendBytes(p, b []byte) []byte {
	p = binary.AppendUvarint(p, uint64(len(b)))
	return append(p, b...)
}
