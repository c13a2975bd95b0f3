package discover

import (
	"io/fs"
	"syscall"
)

// listingsSupported: Linux's stat gives what a stored listing's key needs.
const listingsSupported = true

// keyOf returns a directory's key from its stat.
func keyOf(info fs.FileInfo) (dirKey, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return dirKey{}, false
	}
	return dirKey{
		dev: uint64(st.Dev), ino: st.Ino, size: uint64(st.Size),
		mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano(),
	}, true
}
