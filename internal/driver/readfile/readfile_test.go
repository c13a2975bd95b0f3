package readfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestReadFile: the contents and errors are those of os.ReadFile, for an
// empty file, files around the buffer sizes, a missing file and a
// directory.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 511, 512, 513, 4096, 1 << 20} {
		data := bytes.Repeat([]byte("abcdefg\n"), n/8+1)[:n]
		p := filepath.Join(dir, "f")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadFile(p)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%d bytes: got %d bytes, %v", n, len(got), err)
		}
	}
	for _, p := range []string{filepath.Join(dir, "missing"), dir} {
		_, err := ReadFile(p)
		_, want := os.ReadFile(p)
		var pe, wpe *fs.PathError
		if !errors.As(err, &pe) || !errors.As(want, &wpe) || pe.Err != wpe.Err || pe.Path != p {
			t.Errorf("%s: error %v, want %v", p, err, want)
		}
	}
}
