//go:build !linux

package statstore

import "io/fs"

// supported: keys need the inode and change time of Linux's stat.
const supported = false

// KeyOf returns the key of a stat, false where keys are not supported.
func KeyOf(fs.FileInfo) (Key, bool) { return Key{}, false }
