package pycheck

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/asynclint/asynclint/internal/rules"
)

// TestContains checks contains against bytes.Contains: on edge cases, and
// on strings drawn (with a fixed seed) from an alphabet of the keys' own
// bytes, where near misses abound.
func TestContains(t *testing.T) {
	keys := prefilterKeys(rules.PythonRules(nil).Checker.Keys())
	keys = append(keys, []byte("y"), []byte("yy"), []byte("aaa"), []byte("qq"))
	srcs := [][]byte{
		nil, []byte(""), []byte("a"), []byte("async"), []byte("asyn"), []byte("sync"),
		[]byte("asasync"), []byte("x = 1\nasync def f(): ..."), []byte("def f(): pass  # async"),
		[]byte("yyyyy"), []byte("asyncasync"), []byte("async\x00"),
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, k := range keys {
		alphabet := append([]byte(" \n"), k...)
		for range 300 {
			s := make([]byte, rng.IntN(40))
			for i := range s {
				s[i] = alphabet[rng.IntN(len(alphabet))]
			}
			srcs = append(srcs, s)
		}
	}
	for _, k := range keys {
		for _, s := range srcs {
			if got, want := contains(s, k), bytes.Contains(s, k); got != want {
				t.Fatalf("contains(%q, %q) = %v, want %v", s, k, got, want)
			}
		}
	}
}
