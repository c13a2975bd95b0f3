package pyparse

import "bytes"

// joinBracketLines returns a copy of src in which every line break inside
// brackets, with the comments and backslash continuations there, is
// blanked to spaces, keeping every byte offset; ok is false when src has no
// such line break. Python ignores indentation inside brackets, but
// tree-sitter-python's scanner can emit a dedent there (a continuation line
// indented less than its block, as in CPython's test_compile.py) and then
// loses the whole file; the joined copy parses as Python reads it.
//
// The scan knows comments and string literals (prefixes, triple quotes,
// escapes) well enough for well-formed code; a mistake can only make the
// copy fail to parse, and the caller keeps the copy only when it parses
// without error.
func joinBracketLines(src []byte) (out []byte, ok bool) {
	depth := 0
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '#':
			j := i
			for j < len(src) && src[j] != '\n' && src[j] != '\r' {
				j++
			}
			if depth > 0 {
				out = blank(out, src, i, j)
			}
			i = j
		case c == '"' || c == '\'':
			i = skipString(src, i)
		case c == '(' || c == '[' || c == '{':
			depth++
			i++
		case c == ')' || c == ']' || c == '}':
			if depth > 0 {
				depth--
			}
			i++
		case c == '\\' && i+1 < len(src) && (src[i+1] == '\n' || src[i+1] == '\r'):
			j := i + 2
			if src[i+1] == '\r' && j < len(src) && src[j] == '\n' {
				j++
			}
			if depth > 0 {
				out = blank(out, src, i, j)
				ok = true
			}
			i = j
		case (c == '\n' || c == '\r') && depth > 0:
			out = blank(out, src, i, i+1)
			ok = true
			i++
		default:
			i++
		}
	}
	return out, ok
}

// blank sets src[i:j] to spaces in out, a copy of src made on first use.
func blank(out, src []byte, i, j int) []byte {
	if out == nil {
		out = append([]byte(nil), src...)
	}
	for k := i; k < j; k++ {
		out[k] = ' '
	}
	return out
}

// skipString returns the offset just past the string literal whose opening
// quote is at i (its prefix letters come before i and need no skipping).
func skipString(src []byte, i int) int {
	q := src[i]
	triple := i+2 < len(src) && src[i+1] == q && src[i+2] == q
	if triple {
		i += 3
	} else {
		i++
	}
	for i < len(src) {
		switch c := src[i]; {
		case c == '\\':
			i += 2
		case c == q && (!triple || i+2 < len(src) && src[i+1] == q && src[i+2] == q):
			if triple {
				return i + 3
			}
			return i + 1
		case (c == '\n' || c == '\r') && !triple:
			return i
		default:
			i++
		}
	}
	return len(src)
}

// loneCRs returns src with each "\r" not followed by "\n" turned into
// "\n" (a copy; src itself when it has none). Python reads a lone "\r" as
// a line break, as Module.Position does; tree-sitter-python reads it as
// whitespace.
func loneCRs(src []byte) []byte {
	var out []byte
	for i := bytes.IndexByte(src, '\r'); i >= 0 && i < len(src); {
		if i+1 >= len(src) || src[i+1] != '\n' {
			if out == nil {
				out = append([]byte(nil), src...)
			}
			out[i] = '\n'
		}
		j := bytes.IndexByte(src[i+1:], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	if out == nil {
		return src
	}
	return out
}
