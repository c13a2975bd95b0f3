package discover

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/asynclint/asynclint/internal/driver/statstore"
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
// The records, their keys and the racy-clean rule are statstore's: a
// directory changed just before it was read is read again by the next run;
// where stat keys are not supported every directory is read.
type listings struct {
	store *statstore.Store
	root  string // the walk's root, as given
}

// listing is one directory's stored listing.
type listing struct {
	gitignore bool
	entries   []dirent
}

// dirent is an entry the walk wants: a subdirectory, or a file with a
// wanted ending.
type dirent struct {
	name string
	typ  fs.FileMode // fs.DirEntry.Type
}

// listingsMagic starts a store's file; a file without it, or whose
// checksum fails, is ignored and rewritten.
const listingsMagic = "asynclint-dirs-2\n"

// openListings returns the store of root's listings under dir for a walk
// keeping exts, with what its file holds (nothing when it is missing,
// corrupt or of another format); nil when there is no store.
func openListings(dir, root string, exts []string) *listings {
	if dir == "" {
		return nil
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil
	}
	h := sha256.Sum256([]byte(abs + "\x00" + strings.Join(exts, "\x00")))
	s := statstore.Open(filepath.Join(dir, hex.EncodeToString(h[:8])), listingsMagic)
	if s == nil {
		return nil
	}
	return &listings{store: s, root: root}
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
	start := l.store.Now()
	info, err := os.Stat(dir)
	if err != nil {
		return nil, false, err
	}
	key, ok := statstore.KeyOf(info)
	rel := l.rel(dir)
	if ok {
		if data, hit := l.store.Get(rel, key); hit {
			if d, whole := decodeListing(data); whole {
				return d.entries, d.gitignore, nil
			}
		}
	}
	entries, gitignore, err := readListing(dir, wanted)
	if err == nil && ok {
		l.store.Put(rel, key, start, encodeListing(listing{gitignore: gitignore, entries: entries}))
	}
	return entries, gitignore, err
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

// save writes the store's file when the walk changed what it holds.
func (l *listings) save() {
	if l != nil {
		l.store.Save()
	}
}

// A listing's record: a .gitignore flag, then each entry's type and name.

func encodeListing(d listing) []byte {
	g := uint64(0)
	if d.gitignore {
		g = 1
	}
	p := statstore.AppendUvarint(nil, g)
	for _, e := range d.entries {
		p = statstore.AppendUvarint(p, uint64(e.typ))
		p = statstore.AppendBytes(p, []byte(e.name))
	}
	return p
}

// decodeListing returns the listing of a record, false when it is not
// one whole.
func decodeListing(data []byte) (listing, bool) {
	r := statstore.NewReader(data)
	d := listing{gitignore: r.Uvarint() == 1}
	for r.Rest() {
		typ := fs.FileMode(r.Uvarint())
		d.entries = append(d.entries, dirent{typ: typ, name: string(r.Bytes())})
	}
	return d, r.OK()
}
