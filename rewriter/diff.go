package rewriter

import (
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
)

// Diff returns the unified diff turning old into new for path, with the
// "a/" and "b/" labels git uses (an absolute path loses its leading slash); "" when they are equal.
func Diff(path string, old, new []byte) string {
	if string(old) == string(new) {
		return ""
	}
	p := strings.TrimPrefix(path, "/")
	return udiff.Unified("a/"+p, "b/"+p, string(old), string(new))
}
