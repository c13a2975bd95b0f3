// Package atomicfile writes the files of asynclint's caches so that a
// reader sees the old content or the new, never a part: the data goes to a
// temporary file beside the target, which is then renamed over it. Two
// processes writing one file leave one's content whole. Nothing is synced
// to disk: a cache file lost in a crash is rebuilt by the next run.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write writes data to path through a temporary file in path's folder,
// which must exist; on failure the temporary file is removed and path is
// left as it was.
func Write(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}
