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

// TestReadFileInto checks that a file that fits is read into the given
// buffer's memory, and one that does not into new memory, both whole.
func TestReadFileInto(t *testing.T) {
	dir := t.TempDir()
	small, large := filepath.Join(dir, "small"), filepath.Join(dir, "large")
	smallData, largeData := []byte("print(1)\n"), bytes.Repeat([]byte("x = 1\n"), 1000)
	if err := os.WriteFile(small, smallData, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(large, largeData, 0o644); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 3, 512)
	got, err := ReadFileInto(small, buf)
	if err != nil || !bytes.Equal(got, smallData) {
		t.Fatalf("small: %q, %v", got, err)
	}
	if &got[0] != &buf[:1][0] {
		t.Error("small: not read into the buffer given")
	}
	got, err = ReadFileInto(large, buf)
	if err != nil || !bytes.Equal(got, largeData) {
		t.Fatalf("large: %d bytes, %v", len(got), err)
	}
	if &got[0] == &buf[:1][0] {
		t.Error("large: read into a buffer too small for it")
	}
}
