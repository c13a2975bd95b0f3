package pyparse

import "bytes"

// importWord is the keyword lazyKeys looks for.
var importWord = []byte("import")

// lazyKeys returns keys (Options.Lazy) with the names that src's import
// statements holding one of keys bind: after `from time import sleep as
// nap`, a body that calls `nap(1)` holds no key but calls time.sleep, so
// "nap" is a key of this module too. Every identifier after `import` in
// such a statement is taken (the imported names, their aliases, the dotted
// modules' components): a name too many only leaves a body less lazy. A
// statement's text runs from the start of its line (and of the lines that
// a backslash continues into it) to its end: a newline outside brackets
// and not continued, or a semicolon. Text that only looks like an import
// (in a string) adds names too, never fewer.
func lazyKeys(src []byte, keys [][]byte) [][]byte {
	if len(keys) == 0 {
		return keys
	}
	out := keys
	seen := map[string]bool{}
	for i := 0; i < len(src); {
		j := bytes.Index(src[i:], importWord)
		if j < 0 {
			break
		}
		at := i + j
		i = at + len(importWord)
		if at > 0 && identByte(src[at-1]) || i < len(src) && identByte(src[i]) {
			continue
		}
		start, end := statementStart(src, at), statementEnd(src, i)
		if !holdsKey(src[start:end], keys) {
			continue
		}
		for k := i; k < end; {
			c := src[k]
			if c == '#' {
				for k < end && src[k] != '\n' {
					k++
				}
				continue
			}
			if !identByte(c) || c >= '0' && c <= '9' {
				k++
				continue
			}
			n := k
			for n < end && identByte(src[n]) {
				n++
			}
			if name := src[k:n]; string(name) != "as" && !seen[string(name)] {
				seen[string(name)] = true
				if len(out) == len(keys) {
					out = append([][]byte(nil), keys...)
				}
				out = append(out, name)
			}
			k = n
		}
	}
	return out
}

// identByte reports whether c may be part of an identifier (any byte of a
// non-ASCII character is taken to be).
func identByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// statementStart returns the start of the line of at, going back over the
// lines a backslash continues into it.
func statementStart(src []byte, at int) int {
	s := bytes.LastIndexByte(src[:at], '\n') + 1
	for s >= 2 && src[s-2] == '\\' || s >= 3 && src[s-2] == '\r' && src[s-3] == '\\' {
		s = bytes.LastIndexByte(src[:s-1], '\n') + 1
	}
	return s
}

// statementEnd returns the end of the statement going on at i: the first
// newline outside brackets and not after a backslash, or semicolon
// outside brackets, after i; comments are skipped.
func statementEnd(src []byte, i int) int {
	depth := 0
	for ; i < len(src); i++ {
		switch src[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth > 0 {
				depth--
			}
		case '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			if i == len(src) || depth == 0 {
				return i
			}
		case '\\':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			} else if i+2 < len(src) && src[i+1] == '\r' && src[i+2] == '\n' {
				i += 2
			}
		case ';':
			if depth == 0 {
				return i
			}
		case '\n':
			if depth == 0 {
				return i
			}
		}
	}
	return i
}

// holdsKey reports whether text holds one of keys.
func holdsKey(text []byte, keys [][]byte) bool {
	for _, k := range keys {
		if bytes.Contains(text, k) {
			return true
		}
	}
	return false
}
