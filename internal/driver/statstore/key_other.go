//go:build !linux

package statstore

import "io/fs"

// supported: keys need the inode and change time of Linux's stat.
const supported = false

func keyOf(fs.FileInfo) (Key, bool) { return Key{}, false }
