// Package gomod finds the Go module a directory belongs to, as the go
// command does: the nearest go.mod at or above it.
package gomod

import (
	"os"
	"path/filepath"
)

// Root returns the absolute directory of the nearest go.mod file at or
// above dir, or "" when there is none (or dir cannot be made absolute).
func Root(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := abs; ; d = filepath.Dir(d) {
		if st, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && !st.IsDir() {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}
