package waits

import (
	"go/ast"
	"go/token"
	"strings"
)

// Suppressed reports whether a comment on the line of pos, or a comment
// alone on the line above, silences a finding of code there. readFile reads
// the file's text; it is called only to tell whether a comment on the line
// above stands alone. Recognised, as golangci-lint and
// staticcheck users write them:
//
//	//nolint                       (every linter)
//	//nolint:asynclint             (every asynclint rule)
//	//nolint:AL200,errcheck        (a list; case does not matter)
//	//asynclint:ignore AL200 reason
func Suppressed(fset *token.FileSet, file *ast.File, pos token.Pos, code string, readFile func(string) ([]byte, error)) bool {
	tf := fset.File(pos)
	if tf == nil {
		return false
	}
	line := tf.Line(pos)
	for _, cg := range file.Comments {
		if tf.Line(cg.Pos()) > line {
			break // comments are in source order
		}
		for _, c := range cg.List {
			l := tf.Line(c.Slash)
			if !silences(c.Text, code) {
				continue
			}
			if l == line || l == line-1 && aloneOnLine(tf, c.Slash, readFile) {
				return true
			}
		}
	}
	return false
}

// silences reports whether the comment text silences code.
func silences(text, code string) bool {
	text = strings.TrimPrefix(text, "//")
	if rest, ok := strings.CutPrefix(text, "asynclint:ignore"); ok {
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			return false
		}
		for c := range strings.SplitSeq(fields[0], ",") {
			if strings.EqualFold(c, code) {
				return true
			}
		}
		return false
	}
	text = strings.TrimLeft(text, " ")
	rest, ok := strings.CutPrefix(text, "nolint")
	if !ok {
		return false
	}
	if rest == "" || rest[0] == ' ' || rest[0] == '\t' {
		return true // bare //nolint, maybe followed by an explanation
	}
	list, ok := strings.CutPrefix(rest, ":")
	if !ok {
		return false
	}
	if i := strings.IndexAny(list, " \t/"); i >= 0 {
		list = list[:i]
	}
	for name := range strings.SplitSeq(list, ",") {
		if strings.EqualFold(name, "asynclint") || strings.EqualFold(name, "all") || strings.EqualFold(name, code) {
			return true
		}
	}
	return false
}

// aloneOnLine reports whether only white space precedes the comment at pos
// on its line. If the file cannot be read, it says yes: a suppression is
// never ignored for want of the text.
func aloneOnLine(tf *token.File, pos token.Pos, readFile func(string) ([]byte, error)) bool {
	src, err := readFile(tf.Name())
	if err != nil || len(src) != tf.Size() {
		return true
	}
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	return len(strings.TrimLeft(string(src[start:tf.Offset(pos)]), " \t")) == 0
}
