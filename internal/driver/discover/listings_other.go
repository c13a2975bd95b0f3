//go:build !linux

package discover

import "io/fs"

// listingsSupported: the stored listings' key needs the change time and
// inode of Linux's stat; elsewhere every directory is read.
const listingsSupported = false

func keyOf(fs.FileInfo) (dirKey, bool) { return dirKey{}, false }
