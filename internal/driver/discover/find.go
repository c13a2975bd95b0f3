package discover

import (
	"os"
	"path/filepath"
)

// Find returns the paths of the entries named name (anything but a
// directory) below root, root's own excepted, in lexical order, as
// filepath.WalkDir finds them: symbolic links are not followed (root
// included), directories that cannot be read are passed over, and the
// directories skip reports (by name, root excepted) are not descended
// into. No ignore file is read.
//
// With listings set (Options.Listings), the listings it reads are kept
// there between runs as Stream keeps its own, in a store of their own: a
// directory whose stat has not changed is not read again, so a run on an
// unchanged tree costs a stat a directory.
func Find(root, name string, skip func(dir string) bool, listings string) []string {
	store := findListings(listings, root, name)
	defer store.save()
	return find(root, name, skip, store)
}

// findListings opens the store of Find's listings of root under dir. Its
// key holds what it keeps: entries named name, not files by their ending
// (a name Stream's endings never are).
func findListings(dir, root, name string) *listings {
	return openListings(dir, root, []string{"\x00" + name})
}

// find is Find reading the listings through store (nil: none).
func find(root, name string, skip func(dir string) bool, store *listings) []string {
	info, err := os.Lstat(root)
	if err != nil || !info.IsDir() {
		return nil
	}
	wanted := func(n string) bool { return n == name }
	var found []string
	var walk func(dir string)
	walk = func(dir string) {
		entries, _, err := store.list(dir, wanted)
		if err != nil {
			return
		}
		for _, e := range entries {
			p := filepath.Join(dir, e.name)
			switch {
			case e.typ.IsDir():
				if !skip(e.name) {
					walk(p)
				}
			case e.name == name && dir != filepath.Clean(root):
				found = append(found, p)
			}
		}
	}
	walk(filepath.Clean(root))
	return found
}
