package pycheck

import (
	"bytes"
	"strings"
)

// asyncKey is the prefilter key that async code needs.
var asyncKey = []byte("async")

// prefilterKeys are the byte strings at least one of which a file must hold
// to hold async code or a blocking call: "async" (for mayMatter, an
// `async def`) and the rules' keys.
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
// file with AllFunctions; with NoSites, a file that may define an async
// function (those without are parsed only if a call chain from async code
// leads into them); else a file that may define one or hold a blocking
// call.
func upFront(src []byte, keys [][]byte, opts Options) bool {
	switch {
	case opts.AllFunctions:
		return true
	case opts.NoSites:
		return mayDefineAsync(src)
	}
	return mayMatter(src, keys)
}

// mayMatter reports whether src holds one of the keys, asyncKey meaning
// an `async def` (see mayDefineAsync).
func mayMatter(src []byte, keys [][]byte) bool {
	for _, k := range keys {
		if bytes.Equal(k, asyncKey) {
			if mayDefineAsync(src) {
				return true
			}
		} else if contains(src, k) {
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

// contains is bytes.Contains(src, key), faster on source code (see index).
func contains(src, key []byte) bool { return index(src, key) >= 0 }

// index is bytes.Index(src, key), faster on source code: it looks for the
// key's rarest byte (as ranked by rarity) with IndexByte, then compares
// the key around it. bytes.Index looks for the first byte first, and the
// "a" of "async" is everywhere: on the async corpus, prefiltering every
// file takes 14 ms this way against 4.5 ms.
func index(src, key []byte) int {
	if len(key) < 2 {
		return bytes.Index(src, key)
	}
	pivot, best := 0, len(rarity)
	for i, c := range key {
		if r := strings.IndexByte(rarity, c); r >= 0 && r < best {
			pivot, best = i, r
		}
	}
	if best == len(rarity) {
		return bytes.Index(src, key)
	}
	c := key[pivot]
	for i := pivot; i < len(src); {
		j := bytes.IndexByte(src[i:], c)
		if j < 0 {
			return -1
		}
		i += j
		if start := i - pivot; start+len(key) <= len(src) && bytes.Equal(src[start:start+len(key)], key) {
			return start
		}
		i++
	}
	return -1
}

// mayDefineAsync reports whether src may hold an `async def`: whether
// "async" is followed, after blanks, line breaks and backslashes (a
// continued line), by "def". A file without one has no async function,
// hence no call in async context: the words "async" or "asyncio" alone
// (an import, a comment, `asyncio.run(main())`) do not make a file matter.
// It errs only towards yes (on "async" and "def" in a string, or split
// across two lines without a backslash).
func mayDefineAsync(src []byte) bool {
	for i := 0; i < len(src); {
		j := index(src[i:], asyncKey)
		if j < 0 {
			return false
		}
		i += j + len(asyncKey)
		k := i
		for k < len(src) && (src[k] == ' ' || src[k] == '\t' || src[k] == '\f' || src[k] == '\\' || src[k] == '\r' || src[k] == '\n') {
			k++
		}
		if k > i && bytes.HasPrefix(src[k:], defKey) {
			return true
		}
	}
	return false
}

// defKey is the keyword mayDefineAsync looks for after "async".
var defKey = []byte("def")
