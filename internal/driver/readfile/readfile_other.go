//go:build !unix

package readfile

import (
	"errors"
	"io"
	"os"
)

// readFile reads with os.File, into into's memory when the file fits.
func readFile(name string, into []byte) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := 0
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && int64(int(st.Size())) == st.Size() {
		size = int(st.Size())
	}
	buf := buffer(into, size)
	for {
		buf = room(buf)
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
