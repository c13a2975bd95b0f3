package discover

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/asynclint/asynclint/internal/driver/atomicfile"
)

// A listing store keeps, between runs, what the walk used of each
// directory's listing below one root: the entries it wanted (the
// subdirectories and the files with a wanted ending, with their types) and
// whether the directory holds a .gitignore. A directory whose stat is what
// it was when its listing was stored is not read again: creating,
// removing or renaming an entry changes its folder's modification and
// status-change times. The .gitignore files, the symbolic links' targets
// and the files themselves are read every run as before.
//
// A listing is stored only when its directory was last changed more than
// racyWindow before it was read (as git's racy-clean rule): a change made
// later in the same tick of the file system's clock would leave the stat
// as it was. Such a directory is read again by the next run.
//
// The key needs the file's device, inode and change time (dirKey), which
// only some systems give; elsewhere every directory is read.
type listings struct {
	path string // the store's file
	root string // the walk's root, as given
	now  func() time.Time

	mu   sync.Mutex
	old  map[string]listing // read from the file, by path below the root
	seen map[string]listing // the directories this walk listed
	// changed: a listing was read from its directory and stored, or one
	// of old was not seen
	changed bool
}

// listing is one directory's stored listing.
type listing struct {
	key       dirKey
	gitignore bool
	entries   []dirent
}

// dirent is an entry the walk wants: a subdirectory, or a file with a
// wanted ending.
type dirent struct {
	name string
	typ  fs.FileMode // fs.DirEntry.Type
}

// dirKey is what a directory's stat must keep for its stored listing to
// hold.
type dirKey struct {
	dev, ino, size uint64
	mtime, ctime   int64 // nanoseconds
}

// racyWindow is how long before the read a directory must have been last
// changed for its listing to be stored: more than the coarsest clock of
// the file systems in use (FAT's two seconds).
const racyWindow = 3 * time.Second

// listingsMagic starts a store's file; a file without it, or whose
// checksum fails, is ignored and rewritten.
var listingsMagic = []byte("asynclint-dirs-1\n")

// openListings returns the store of root's listings under dir for a walk
// keeping exts, with what its file holds (nothing when it is missing,
// corrupt or of another format).
func openListings(dir, root string, exts []string) *listings {
	if dir == "" || !listingsSupported {
		return nil
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil
	}
	h := sha256.Sum256([]byte(abs + "\x00" + strings.Join(exts, "\x00")))
	l := &listings{path: filepath.Join(dir, hex.EncodeToString(h[:8])), root: root, now: time.Now, seen: map[string]listing{}}
	data, err := os.ReadFile(l.path)
	if err == nil {
		l.old = decodeListings(data)
	}
	return l
}

// rel is dir's path below the root, the store's key.
func (l *listings) rel(dir string) string {
	r, err := filepath.Rel(l.root, dir)
	if err != nil {
		return dir
	}
	return filepath.ToSlash(r)
}

// list returns the wanted entries of directory dir and whether it holds a
// .gitignore: from the store when dir is as it was, else read (and stored
// when it may be).
func (l *listings) list(dir string, wanted func(string) bool) ([]dirent, bool, error) {
	if l == nil {
		return readListing(dir, wanted)
	}
	start := l.now()
	info, err := os.Stat(dir)
	if err != nil {
		return nil, false, err
	}
	key, ok := keyOf(info)
	rel := l.rel(dir)
	if ok {
		l.mu.Lock()
		old, hit := l.old[rel]
		l.mu.Unlock()
		if hit && old.key == key {
			l.mu.Lock()
			l.seen[rel] = old
			l.mu.Unlock()
			return old.entries, old.gitignore, nil
		}
	}
	entries, gitignore, err := readListing(dir, wanted)
	if err != nil || !ok || start.Sub(time.Unix(0, max(key.mtime, key.ctime))) <= racyWindow {
		l.mu.Lock()
		l.changed = true // what the file holds of dir, if anything, is stale
		l.mu.Unlock()
		return entries, gitignore, err
	}
	l.mu.Lock()
	l.seen[rel] = listing{key: key, gitignore: gitignore, entries: entries}
	l.changed = true
	l.mu.Unlock()
	return entries, gitignore, nil
}

// readListing reads directory dir's wanted entries.
func readListing(dir string, wanted func(string) bool) ([]dirent, bool, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, false, err
	}
	var out []dirent
	gitignore := false
	for _, e := range des {
		name := e.Name()
		if name == ".gitignore" && !e.IsDir() {
			gitignore = true
		}
		if e.IsDir() || wanted(name) {
			out = append(out, dirent{name: name, typ: e.Type()})
		}
	}
	return out, gitignore, nil
}

// save writes the store's file when the walk changed what it holds: the
// listings of the directories this walk listed. A store that cannot be
// written makes the next run read every directory, never miss one.
func (l *listings) save() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.changed && len(l.seen) == len(l.old) {
		return
	}
	if err := os.MkdirAll(filepath.Dir(l.path), 0o755); err != nil {
		return
	}
	_ = atomicfile.Write(l.path, encodeListings(l.seen)) // a cache: see above
}

// The file: listingsMagic, the payload's length and CRC-32C, then each
// directory: its path below the root, its key, a .gitignore flag and its
// entries (type and name).

func encodeListings(m map[string]listing) []byte {
	var p []byte
	str := func(s string) {
		p = binary.AppendUvarint(p, uint64(len(s)))
		p = append(p, s...)
	}
	for rel, d := range m {
		str(rel)
		for _, v := range []uint64{d.key.dev, d.key.ino, d.key.size, uint64(d.key.mtime), uint64(d.key.ctime)} {
			p = binary.AppendUvarint(p, v)
		}
		g := byte(0)
		if d.gitignore {
			g = 1
		}
		p = append(p, g)
		p = binary.AppendUvarint(p, uint64(len(d.entries)))
		for _, e := range d.entries {
			p = binary.AppendUvarint(p, uint64(e.typ))
			str(e.name)
		}
	}
	out := append([]byte(nil), listingsMagic...)
	out = binary.LittleEndian.AppendUint64(out, uint64(len(p)))
	out = binary.LittleEndian.AppendUint32(out, crc32.Checksum(p, castagnoli))
	return append(out, p...)
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

var errCorrupt = errors.New("corrupt listing store")

// decodeListings returns the listings of a store's file, nil when it is
// not one whole.
func decodeListings(data []byte) map[string]listing {
	head := len(listingsMagic) + 12
	if len(data) < head || !bytes.Equal(data[:len(listingsMagic)], listingsMagic) {
		return nil
	}
	n := binary.LittleEndian.Uint64(data[len(listingsMagic):])
	sum := binary.LittleEndian.Uint32(data[len(listingsMagic)+8:])
	p := data[head:]
	if n != uint64(len(p)) || crc32.Checksum(p, castagnoli) != sum {
		return nil
	}
	r := reader{p: p}
	m := map[string]listing{}
	for len(r.p) > 0 && r.err == nil {
		rel := r.str()
		var d listing
		d.key = dirKey{dev: r.uvarint(), ino: r.uvarint(), size: r.uvarint(), mtime: int64(r.uvarint()), ctime: int64(r.uvarint())}
		d.gitignore = r.byte() == 1
		k := r.uvarint()
		if k > uint64(len(r.p)) {
			return nil
		}
		d.entries = make([]dirent, 0, k)
		for range k {
			typ := fs.FileMode(r.uvarint())
			d.entries = append(d.entries, dirent{typ: typ, name: r.str()})
		}
		m[rel] = d
	}
	if r.err != nil {
		return nil
	}
	return m
}

// reader reads a store's payload; the first error stops it.
type reader struct {
	p   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.p)
	if n <= 0 {
		r.err, r.p = errCorrupt, nil
		return 0
	}
	r.p = r.p[n:]
	return v
}

func (r *reader) byte() byte {
	if len(r.p) == 0 {
		r.err = errCorrupt
		return 0
	}
	b := r.p[0]
	r.p = r.p[1:]
	return b
}

func (r *reader) str() string {
	n := r.uvarint()
	if n > uint64(len(r.p)) {
		r.err, r.p = errCorrupt, nil
		return ""
	}
	s := string(r.p[:n])
	r.p = r.p[n:]
	return s
}
