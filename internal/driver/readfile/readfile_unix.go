//go:build unix

package readfile

import (
	"io/fs"
	"syscall"
)

func readFile(name string, into []byte) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	size := 0
	var st syscall.Stat_t
	regular := syscall.Fstat(fd, &st) == nil && st.Mode&syscall.S_IFMT == syscall.S_IFREG
	if regular && st.Size > 0 && int64(int(st.Size)) == st.Size {
		size = int(st.Size)
	}
	buf := buffer(into, size)
	for {
		buf = room(buf)
		n, err := syscall.Read(fd, buf[len(buf):cap(buf)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n == 0 {
			return buf, nil
		}
		buf = buf[:len(buf)+n]
		if regular && size > 0 && len(buf) >= size && len(buf) < cap(buf) {
			// A regular file read to the size fstat gave, the buffer
			// not full: at its end, no read more to see it. (A short
			// read before that size is not the end: Linux reads at
			// most 2 GiB at once, and FUSE or network file systems
			// may return less.)
			return buf, nil
		}
	}
}
