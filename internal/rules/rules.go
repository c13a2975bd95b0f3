// Package rules is the catalog of every asynclint rule, Python and Go, in
// the order the README lists them. Each rule's documentation lives beside
// its code (pyrules, analyzers/*); this package only gathers it.
package rules

import (
	"slices"
	"strings"

	"github.com/asynclint/asynclint/analyzers/al200"
	"github.com/asynclint/asynclint/analyzers/al201"
	"github.com/asynclint/asynclint/analyzers/al202"
	"github.com/asynclint/asynclint/internal/python/pyrules"
	"github.com/asynclint/asynclint/internal/ruledoc"
)

// FileErrors document the two file-level codes, which no selection turns
// off: E902 (the file could not be read) and E999 (syntax error), the codes
// ruff and flake8 use.
var FileErrors = []ruledoc.Rule{
	{
		Code:     "E902",
		Name:     "io-error",
		Language: "any",
		Summary:  "The file could not be read",
		What:     "Reports a file that could not be read or decoded: missing, unreadable, a symbolic link loop, binary content, or bytes that are not UTF-8.",
		Why:      "asynclint cannot check what it cannot read; the rest of the tree is still checked.",
		Example:  "```\nsrc/core/missing.py:1:1: E902 no such file or directory\n```",
		Instead:  "Fix the path or the file's encoding (UTF-8, with or without a byte-order mark), or exclude it.",
	},
	{
		Code:     "E999",
		Name:     "syntax-error",
		Language: "python",
		Summary:  "The file has a syntax error",
		What: "Reports the first syntax error of a Python file (or, for Go, a package that does not compile). " +
			"The parts of the file the parser recovers are still checked. asynclint parses Python with tree-sitter; " +
			"where tree-sitter rejects a form CPython accepts (a known case: `return 1, *rest`), the file is " +
			"reported and not rewritten. Only files that can hold a finding are parsed, so a syntax error in a " +
			"file with neither `async` nor a sleep, or in one that no async code reaches, is not reported.",
		Why:     "A file that does not parse cannot run; `asynclint fix` never rewrites it.",
		Example: "```python\nasync def f(:\n    time.sleep(1)\n```",
		Instead: "Fix the syntax error first.",
	},
}

// All returns every rule: the Python rules, the Go rules, then the
// file-level errors.
func All() []ruledoc.Rule {
	var all []ruledoc.Rule
	all = append(all, pyrules.All()...)
	all = append(all, al200.Rule, al201.Rule, al202.Rule)
	all = append(all, FileErrors...)
	// Within a language, the flake8-async code users know comes first.
	slices.SortStableFunc(all, func(a, b ruledoc.Rule) int { return rank(a) - rank(b) })
	return all
}

// rank orders languages (Python, Go, file errors) and, within Python,
// ASYNC codes before asynclint's own.
func rank(r ruledoc.Rule) int {
	switch {
	case r.Language == "python" && strings.HasPrefix(r.Code, "ASYNC"):
		return 0
	case r.Language == "python" && !strings.HasPrefix(r.Code, "E"):
		return 1
	case r.Language == "go":
		return 2
	}
	return 3
}

// Lookup returns the rule with code (case-insensitive).
func Lookup(code string) (ruledoc.Rule, bool) {
	for _, r := range All() {
		if strings.EqualFold(r.Code, code) {
			return r, true
		}
	}
	return ruledoc.Rule{}, false
}

// Table renders the rule table of the README: code (linking to the rule's
// section), language, summary and whether `fix` rewrites it.
func Table() string {
	var b strings.Builder
	b.WriteString("| code | name | language | what it flags | fix |\n|---|---|---|---|---|\n")
	for _, r := range All() {
		fix := ""
		if r.Fix != "" {
			fix = "yes"
		}
		summary := strings.NewReplacer("|", "\\|", "<", "&lt;").Replace(r.Summary)
		b.WriteString("| [" + r.Code + "](#" + strings.ToLower(r.Code) + ") | `" + r.Name + "` | " + r.Language + " | " + summary + " | " + fix + " |\n")
	}
	return b.String()
}

// Reference renders the README's rule reference: the table, then one
// section per rule with an anchor that SARIF help links point to.
func Reference() string {
	var b strings.Builder
	b.WriteString(Table())
	for _, r := range All() {
		md := ruledoc.Markdown(r)
		// Demote the headings under the README's "Rules" section.
		md = strings.ReplaceAll(md, "\n## ", "\n#### ")
		md = strings.Replace(md, "# ", "### ", 1)
		b.WriteString("\n<a id=\"" + strings.ToLower(r.Code) + "\"></a>\n\n" + md)
	}
	return b.String()
}
