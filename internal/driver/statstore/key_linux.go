package statstore

import (
	"io/fs"
	"syscall"
)

// supported: Linux's stat gives what a key needs.
const supported = true

// KeyOf returns the key of a stat, false where keys are not supported.
func KeyOf(info fs.FileInfo) (Key, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return Key{}, false
	}
	return Key{Dev: uint64(st.Dev), Ino: st.Ino, Size: uint64(st.Size), Mtime: st.Mtim.Nano(), Ctime: st.Ctim.Nano()}, true
}
