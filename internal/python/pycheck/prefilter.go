package pycheck

import (
	"bytes"
	"strings"
)

// asyncKey is the prefilter key that async code needs.
var asyncKey = []byte("async")

// prefilterKeys are the byte strings at least one of which a file must hold
// to hold async code or a blocking call: "async" and the rules' keys.
func prefilterKeys(ruleKeys []string) [][]byte {
	keys := [][]byte{asyncKey}
	seen := map[string]bool{}
	for _, k := range ruleKeys {
		if k != "" && !seen[k] {
			seen[k] = true
			keys = append(keys, []byte(k))
		}
	}
	return keys
}

// upFront reports whether a file is parsed before the graph is built: every
// file with AllFunctions; with NoSites, a file that may hold async code
// (those without are parsed only if a call chain from async code leads into
// them); else a file that may hold async code or a blocking call.
func upFront(src []byte, keys [][]byte, opts Options) bool {
	switch {
	case opts.AllFunctions:
		return true
	case opts.NoSites:
		return contains(src, asyncKey)
	}
	return mayMatter(src, keys)
}

// mayMatter reports whether src holds one of the keys.
func mayMatter(src []byte, keys [][]byte) bool {
	for _, k := range keys {
		if contains(src, k) {
			return true
		}
	}
	return false
}

// rarity ranks the bytes of source code, the rarest first; a byte not in
// it ranks after all of these. Python source (keywords, identifiers,
// English words) is mostly lower-case letters, of which these are the
// least frequent.
const rarity = "qjzxkvbwyg"

// contains is bytes.Contains(src, key), faster on source code: it looks
// for the key's rarest byte (as ranked by rarity) with IndexByte, then
// compares the key around it. bytes.Contains looks for the first byte
// first, and the "a" of "async" is everywhere: on the async corpus,
// prefiltering every file takes 14 ms this way against 4.5 ms.
func contains(src, key []byte) bool {
	if len(key) < 2 {
		return bytes.Contains(src, key)
	}
	pivot, best := 0, len(rarity)
	for i, c := range key {
		if r := strings.IndexByte(rarity, c); r >= 0 && r < best {
			pivot, best = i, r
		}
	}
	if best == len(rarity) {
		return bytes.Contains(src, key)
	}
	c := key[pivot]
	for i := pivot; i < len(src); {
		j := bytes.IndexByte(src[i:], c)
		if j < 0 {
			return false
		}
		i += j
		if start := i - pivot; start+len(key) <= len(src) && bytes.Equal(src[start:start+len(key)], key) {
			return true
		}
		i++
	}
	return false
}
