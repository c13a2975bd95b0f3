package pyparse

import (
	"iter"
	"strings"
)

// Arguments returns what call c passes, read from the text of its argument
// list: the model keeps no argument of its own (a call graph asks this of
// the few calls whose callee has guards, see Guard). ok is false when the
// text cannot be read that way (a call without an argument list in the
// source, a string or bracket left open).
func (m *Module) Arguments(c *Call) (p Passed, ok bool) {
	if c.Args.Empty() {
		return p, false
	}
	return readArguments(m.Text(c.Args))
}

// readArguments reads an argument list's text, parentheses included.
func readArguments(t string) (p Passed, ok bool) {
	if len(t) < 2 || t[0] != '(' || t[len(t)-1] != ')' {
		return p, false
	}
	inner := t[1 : len(t)-1]
	pieces, ok := splitArguments(inner)
	if !ok {
		return Passed{}, false
	}
	stars, plain := 0, true
	for _, a := range pieces {
		switch {
		case strings.HasPrefix(a, "**"):
			p.Unpacked = true
			stars++
			if name := strings.TrimSpace(a[2:]); isPlainName(name) && p.StarStar == "" {
				p.StarStar = name
			} else {
				plain = false
			}
		case strings.HasPrefix(a, "*"):
			p.Unpacked = true
			stars++
			if name := strings.TrimSpace(a[1:]); isPlainName(name) && p.Star == "" {
				p.Star = name
			} else {
				plain = false
			}
		case p.Star != "" || p.StarStar != "":
			if _, _, kw := keywordArgument(a); !kw {
				// A positional argument after *name.
				plain = false
			}
			fallthrough
		default:
			if name, value, kw := keywordArgument(a); kw {
				p.Keywords = append(p.Keywords, Keyword{Name: name, Value: literalText(value), From: plainName(value)})
			} else {
				p.Positional = append(p.Positional, literalText(a))
				p.PositionalNames = append(p.PositionalNames, plainName(a))
			}
		}
	}
	if !plain || stars > 2 {
		p.Star, p.StarStar = "", ""
	}
	return p, true
}

// HasWord reports whether s holds w as a word (not within a longer name).
func HasWord(s, w string) bool {
	for range WordEnds(s, w) {
		return true
	}
	return false
}

// WordEnds yields, for each occurrence of w in s as a whole word (no
// identifier character on either side), the offset just past it.
func WordEnds(s, w string) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; ; {
			j := strings.Index(s[i:], w)
			if j < 0 {
				return
			}
			j += i
			end := j + len(w)
			if (j == 0 || !isIdentByte(s[j-1], false)) && (end == len(s) || !isIdentByte(s[end], false)) && !yield(end) {
				return
			}
			i = end
		}
	}
}

// plainName returns s when it is an identifier (not a keyword), "".
func plainName(s string) string {
	if isPlainName(s) {
		return s
	}
	return ""
}

// isPlainName reports whether s is an identifier.
func isPlainName(s string) bool {
	return IsIdentifier(s) && !condKeywords[s]
}

// IsIdentifier reports whether s is spelled as a Python identifier (ASCII
// letters, digits and underscores, not first a digit, or any non-ASCII
// byte), keywords included.
func IsIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isIdentByte(s[i], i == 0) {
			return false
		}
	}
	return true
}

// Signature is a def's parameter list as a call binds it.
type Signature struct {
	// Names are the named parameters in order (not *args, **kwargs).
	Names []string
	// KwOnly is the index in Names of the first keyword-only parameter
	// (len(Names) when none); PosOnly the number of positional-only ones
	// (those before `/`).
	KwOnly, PosOnly int
	// Defaults are what each of Names defaults to (LitOther for a
	// parameter without a default, or with one that is not a literal).
	Defaults []Literal
	// VarArgs and VarKwargs are the names of *args and **kwargs, "" when
	// none.
	VarArgs, VarKwargs string
}

// Signature reads f's parameter list from the text of its def; ok false
// when it cannot (a tuple parameter, text it does not follow).
func (m *Module) Signature(f *Function) (sig Signature, ok bool) {
	t := m.Text(f.Def)
	open := strings.IndexByte(t, '(')
	if open < 0 {
		return sig, false
	}
	pieces, close, ok := paramPieces(t[open:])
	if !ok || close < 0 {
		return sig, false
	}
	sig.KwOnly = -1
	for _, a := range pieces {
		switch {
		case a == "/":
			sig.PosOnly = len(sig.Names)
		case a == "*":
			sig.KwOnly = len(sig.Names)
		case strings.HasPrefix(a, "**"):
			sig.VarKwargs = paramName(a[2:])
			if sig.VarKwargs == "" {
				return sig, false
			}
		case strings.HasPrefix(a, "*"):
			sig.VarArgs = paramName(a[1:])
			if sig.VarArgs == "" {
				return sig, false
			}
			sig.KwOnly = len(sig.Names)
		default:
			name := paramName(a)
			if name == "" {
				return sig, false
			}
			sig.Names = append(sig.Names, name)
			def := LitOther
			if eq := defaultAt(a); eq >= 0 {
				def = literalText(strings.TrimSpace(a[eq+1:]))
			}
			sig.Defaults = append(sig.Defaults, def)
		}
	}
	if sig.KwOnly < 0 {
		sig.KwOnly = len(sig.Names)
	}
	return sig, true
}

// defaultAt returns the index of the `=` that starts parameter text a's
// default, outside its annotation's brackets and strings; -1 when none.
func defaultAt(a string) int {
	return scanCode(a, func(i, depth int) bool { return a[i] == '=' && depth == 0 })
}

// scanCode returns the first index i of a, outside string literals, for
// which at(i, depth) holds, depth being the bracket depth there (a
// closing bracket counted as closed); -1 when none or a string is left
// open.
func scanCode(a string, at func(i, depth int) bool) int {
	depth := 0
	for i := 0; i < len(a); i++ {
		switch a[i] {
		case '\'', '"':
			end, ok := stringEnd(a, i)
			if !ok {
				return -1
			}
			i = end - 1
			continue
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		}
		if at(i, depth) {
			return i
		}
	}
	return -1
}

// paramPieces splits a parameter list starting at its "(" into its
// parameters, returning the index of the closing ")".
func paramPieces(t string) ([]string, int, bool) {
	depth := 0
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c == '\'' || c == '"':
			end, ok := stringEnd(t, i)
			if !ok {
				return nil, -1, false
			}
			i = end - 1
		case c == '#':
			for i < len(t) && t[i] != '\n' {
				i++
			}
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
			if depth == 0 {
				pieces, ok := splitArguments(t[1:i])
				return pieces, i, ok
			}
		}
	}
	return nil, -1, false
}

// paramName returns the name of a parameter's text (`name`, `name: int`,
// `name=0`, `name: int = 0`), "" when it is not a plain name.
func paramName(a string) string {
	a = strings.TrimSpace(a)
	i := 0
	for i < len(a) && isIdentByte(a[i], i == 0) {
		i++
	}
	rest := strings.TrimSpace(a[i:])
	if i == 0 || rest != "" && rest[0] != ':' && rest[0] != '=' {
		return ""
	}
	return a[:i]
}

// splitArguments splits s at its top-level commas, each piece trimmed of
// spaces, line breaks, continuations and comments; a trailing comma gives
// no piece (nor do the commas between a lambda's parameters). ok is false
// for a bracket or string left open.
func splitArguments(s string) ([]string, bool) {
	var out []string
	var cur strings.Builder
	depth := 0
	// lambda: at depth 0, the parameters of a lambda, whose commas do not
	// split (they end at its ':')
	lambda := false
	flush := func() {
		if a := strings.TrimSpace(cur.String()); a != "" {
			out = append(out, a)
		}
		cur.Reset()
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '#':
			for i < len(s) && s[i] != '\n' {
				i++
			}
			cur.WriteByte(' ')
		case c == '\\' && i+1 < len(s) && (s[i+1] == '\n' || s[i+1] == '\r'):
			cur.WriteByte(' ')
		case c == '\'' || c == '"':
			end, ok := stringEnd(s, i)
			if !ok {
				return nil, false
			}
			cur.WriteString(s[i:end])
			i = end - 1
		case c == '(' || c == '[' || c == '{':
			depth++
			cur.WriteByte(c)
		case c == ')' || c == ']' || c == '}':
			depth--
			if depth < 0 {
				return nil, false
			}
			cur.WriteByte(c)
		case c == ',' && depth == 0 && !lambda:
			flush()
		case c == ':' && depth == 0 && lambda:
			lambda = false
			cur.WriteByte(c)
		case depth == 0 && c == 'l' && strings.HasPrefix(s[i:], "lambda") && (i == 0 || !isIdentByte(s[i-1], false)) &&
			(i+6 == len(s) || !isIdentByte(s[i+6], false)):
			lambda = true
			cur.WriteString("lambda")
			i += 5
		case c == '\n' || c == '\r' || c == '\t':
			cur.WriteByte(' ')
		default:
			cur.WriteByte(c)
		}
	}
	if depth != 0 {
		return nil, false
	}
	flush()
	return out, true
}

// stringEnd returns the index just past the string literal whose quote is
// at s[i] (its prefix letters, if any, come before i). An f-string's
// replacement fields are read whole, strings in them included (which may
// use the f-string's own quotes since Python 3.12).
func stringEnd(s string, i int) (int, bool) {
	q := s[i]
	fstr := false
	for j := i - 1; j >= 0 && isIdentByte(s[j], false); j-- {
		fstr = fstr || s[j] == 'f' || s[j] == 'F'
	}
	delim := s[i : i+1]
	if strings.HasPrefix(s[i:], strings.Repeat(string(q), 3)) {
		delim = s[i : i+3]
	}
	for j := i + len(delim); j < len(s); {
		switch c := s[j]; {
		case c == '\\':
			j += 2
		case fstr && c == '{' && j+1 < len(s) && s[j+1] == '{':
			j += 2
		case fstr && c == '{':
			end, ok := fieldEnd(s, j+1)
			if !ok {
				return 0, false
			}
			j = end
		case strings.HasPrefix(s[j:], delim):
			return j + len(delim), true
		case c == '\n' && len(delim) == 1:
			return 0, false
		default:
			j++
		}
	}
	return 0, false
}

// fieldEnd returns the index just past the `}` closing the f-string
// replacement field whose text starts at s[j].
func fieldEnd(s string, j int) (int, bool) {
	depth := 0
	for j < len(s) {
		switch c := s[j]; c {
		case '\'', '"':
			end, ok := stringEnd(s, j)
			if !ok {
				return 0, false
			}
			j = end
			continue
		case '(', '[', '{':
			depth++
		case ')', ']':
			depth--
		case '}':
			if depth == 0 {
				return j + 1, true
			}
			depth--
		}
		j++
	}
	return 0, false
}

// keywordArgument splits `name=value` (not `a == b`, `a <= b`, `x := 1`).
func keywordArgument(a string) (name, value string, ok bool) {
	i := 0
	for i < len(a) && isIdentByte(a[i], i == 0) {
		i++
	}
	if i == 0 {
		return "", "", false
	}
	j := i
	for j < len(a) && a[j] == ' ' {
		j++
	}
	if j >= len(a) || a[j] != '=' || j+1 < len(a) && a[j+1] == '=' {
		return "", "", false
	}
	return a[:i], strings.TrimSpace(a[j+1:]), true
}

func isIdentByte(c byte, first bool) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 || !first && c >= '0' && c <= '9'
}

// literalText returns what an argument's text is as a Literal.
func literalText(a string) Literal {
	switch a {
	case "None":
		return LitNone
	case "False":
		return LitFalsy
	case "True":
		return LitTrue
	}
	if a == "" {
		return LitOther
	}
	if c := a[0]; c >= '0' && c <= '9' || c == '.' && len(a) > 1 && a[1] >= '0' && a[1] <= '9' {
		for i := 0; i < len(a); i++ {
			if !isNumberByte(a[i]) {
				return LitOther
			}
		}
		if isZero(a) {
			return LitFalsy
		}
		return LitTrue
	}
	// A string literal with its prefix (b'', r"", f''): '' is false, an
	// f-string may be either, any other is true.
	i := 0
	fstr := false
	for i < len(a) && i < 3 && strings.IndexByte("bBrRuUfF", a[i]) >= 0 {
		fstr = fstr || a[i] == 'f' || a[i] == 'F'
		i++
	}
	if i < len(a) && (a[i] == '\'' || a[i] == '"') {
		end, ok := stringEnd(a, i)
		if !ok || end != len(a) {
			return LitOther
		}
		delim := 1
		if strings.HasPrefix(a[i:], strings.Repeat(a[i:i+1], 3)) && end-i >= 6 {
			delim = 3
		}
		switch body := a[i+delim : end-delim]; {
		case body == "":
			return LitFalsy
		case fstr, strings.IndexByte(body, '\\') >= 0:
			// An f-string may be empty, and so may an escaped newline.
			return LitValue
		}
		return LitTrue
	}
	if i > 0 {
		return LitOther
	}
	switch a[0] {
	case '(':
		// () with nothing but spaces inside; (x) may be anything.
		if a[len(a)-1] == ')' && strings.TrimSpace(a[1:len(a)-1]) == "" {
			return LitFalsy
		}
	case '[', '{':
		// A display or comprehension, empty or not ([] and {} are not
		// false: a body may fill them, and a default stays filled from
		// one call to the next).
		if displayEnd(a) == len(a) {
			return LitValue
		}
	}
	if rest, ok := strings.CutPrefix(a, "lambda"); ok && rest != "" && (rest[0] == ' ' || rest[0] == ':') {
		return LitTrue
	}
	return LitOther
}

// displayEnd returns the index just past the bracket closing the one
// that opens a (a list, dict or set display), -1 when it is not closed.
func displayEnd(a string) int {
	i := scanCode(a, func(i, depth int) bool {
		return a[i] == '#' || depth == 0 && strings.IndexByte(")]}", a[i]) >= 0
	})
	if i < 0 || a[i] == '#' {
		return -1
	}
	return i + 1
}

func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || strings.IndexByte("._xXoOjJ", c) >= 0
}
