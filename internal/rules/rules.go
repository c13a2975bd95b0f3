// Package rules is the registry of every asynclint rule, Python and Go, as
// ruff's codes.rs is: one line a rule with its code and documentation, its
// blocking category, the function or analyzer that runs it, and its fixer.
// `asynclint rules`, the README table, SARIF, the vet and golangci-lint
// analyzer lists, fix's routing, report's codes and rule selection all
// derive from it. Adding a rule is its own package, its fixture, and one
// line in Registry.
package rules

import (
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/golang/gorules"
	"github.com/asynclint/asynclint/internal/python/pygraph"
	"github.com/asynclint/asynclint/internal/python/pyrules"
	"github.com/asynclint/asynclint/internal/python/pyrules/file"
	"github.com/asynclint/asynclint/internal/python/pyrules/http"
	"github.com/asynclint/asynclint/internal/python/pyrules/input"
	"github.com/asynclint/asynclint/internal/python/pyrules/path"
	"github.com/asynclint/asynclint/internal/python/pyrules/reached"
	"github.com/asynclint/asynclint/internal/python/pyrules/sleep"
	"github.com/asynclint/asynclint/internal/python/pyrules/subprocess"
	"github.com/asynclint/asynclint/internal/ruledoc"
)

// Fixer says which rewriter `asynclint fix` hands a rule's findings to.
type Fixer int

// The fixers.
const (
	// NoFix: fix leaves the findings alone.
	NoFix Fixer = iota
	// FixPython: the Python rewriter, in place (ASYNC251's sleep).
	FixPython
	// FixTwins: the Python rewriter's async twins (fix --twins).
	FixTwins
	// FixGo: the Go rewriter (the analyzers' suggested fixes).
	FixGo
	// ListManual: the Python rewriter lists the findings as manual sites
	// with why (direct blocking calls of a category with no one-to-one
	// async form: HTTP, subprocess, file, input, path).
	ListManual
)

// Rule is one line of the registry.
type Rule struct {
	ruledoc.Rule
	// Category is what the rule's calls block on ("" for none).
	Category finding.Category
	// Direct runs a Python rule on the calls of one module.
	Direct *pyrules.Direct
	// Graph runs a Python rule on the tree-wide call graph.
	Graph func(*pygraph.Graph) []finding.Finding
	// Analyzer runs a Go rule.
	Analyzer *analysis.Analyzer
	// Fixer routes the rule's findings in `asynclint fix`.
	Fixer Fixer
	// Off marks a rule off by default: only a selection naming it (a
	// prefix of its code, or ALL) turns it on.
	Off bool
	// ListsOnly marks a rule whose fixer lists every finding as manual,
	// with why, and rewrites none (AL103: a twin cannot move a file's
	// reads and writes to a thread with its open).
	ListsOnly bool
}

// reachedRule is the registry line of an AL10x rule.
func reachedRule(doc ruledoc.Rule, cat finding.Category, fixer Fixer) Rule {
	return Rule{Rule: doc, Category: cat, Graph: reached.Rule(doc.Code), Fixer: fixer}
}

// Registry lists every rule, in the order the README and `asynclint rules`
// show them: flake8-async's codes, asynclint's Python codes, the Go codes.
var Registry = []Rule{
	{Rule: http.Doc210, Category: finding.HTTP, Direct: &http.ASYNC210, Fixer: ListManual},
	{Rule: http.Doc212, Category: finding.HTTP, Direct: &http.ASYNC212, Fixer: ListManual},
	{Rule: subprocess.Doc220, Category: finding.Subprocess, Direct: &subprocess.ASYNC220, Fixer: ListManual},
	{Rule: subprocess.Doc221, Category: finding.Subprocess, Direct: &subprocess.ASYNC221, Fixer: ListManual},
	{Rule: subprocess.Doc222, Category: finding.Subprocess, Direct: &subprocess.ASYNC222, Fixer: ListManual},
	{Rule: file.Doc, Category: finding.File, Direct: &file.ASYNC230, Fixer: ListManual},
	{Rule: path.Doc, Category: finding.Path, Direct: &path.ASYNC240, Fixer: ListManual, Off: true},
	{Rule: input.Doc, Category: finding.Input, Direct: &input.ASYNC250, Fixer: ListManual},
	{Rule: sleep.Doc, Category: finding.Sleep, Direct: &sleep.ASYNC251, Fixer: FixPython},
	reachedRule(reached.Docs[0], finding.Sleep, FixTwins),
	reachedRule(reached.Docs[1], finding.HTTP, FixTwins),
	reachedRule(reached.Docs[2], finding.Subprocess, FixTwins),
	func() Rule { r := reachedRule(reached.Docs[3], finding.File, FixTwins); r.ListsOnly = true; return r }(),
	reachedRule(reached.Docs[4], finding.Input, FixTwins),
}

// The Go rules (gorules.Rules, a line each) follow the Python ones; fix
// hands their findings to the Go rewriter, which applies their suggested
// fixes and lists the others as manual.
func init() {
	for _, r := range gorules.Rules {
		Registry = append(Registry, Rule{Rule: r.Doc, Category: r.Category, Analyzer: r.Analyzer, Fixer: FixGo})
	}
	for i := range Registry {
		r := &Registry[i]
		r.Fixable = r.Fix != "" && !r.ListsOnly && (r.Fixer == FixPython || r.Fixer == FixTwins || r.Fixer == FixGo)
	}
}

// FileErrors document the two file-level codes, which no selection turns
// off: E902 (the file could not be read) and E999 (syntax error), the codes
// ruff and flake8 use.
var FileErrors = []ruledoc.Rule{
	{
		Code:     "E902",
		Name:     "io-error",
		Language: "any",
		Summary:  "The file could not be read",
		What:     "Reports a file that could not be read or decoded: missing, unreadable, a symbolic link loop, binary content, or bytes that are not UTF-8; or a file that changed while it was being checked (a summary from the cache asked for its text and found other bytes than it was made from).",
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
			"reported and not rewritten. Where tree-sitter takes a form CPython rejects, the common ones are reported " +
			"too: a block without a statement, Python 2's `print` and `exec` statements, a positional argument after " +
			"a keyword or `**` argument, `*` after `**`, a keyword argument repeated; others (an inconsistent " +
			"dedent, a parameter named twice) are not. Only files that can hold a finding are parsed, so a syntax error in a " +
			"file without `async def` that no async code reaches is not reported.",
		Why:     "A file that does not parse cannot run; `asynclint fix` never rewrites it.",
		Example: "```python\nasync def f(:\n    time.sleep(1)\n```",
		Instead: "Fix the syntax error first.",
	},
}

// All returns the documentation of every rule: the registry's, then the
// file-level errors.
func All() []ruledoc.Rule {
	var all []ruledoc.Rule
	for _, r := range Registry {
		all = append(all, r.Rule)
	}
	return append(all, FileErrors...)
}

// Lookup returns the documentation of the rule with code (case-insensitive).
func Lookup(code string) (ruledoc.Rule, bool) {
	for _, r := range All() {
		if strings.EqualFold(r.Code, code) {
			return r, true
		}
	}
	return ruledoc.Rule{}, false
}

// Find returns the registry line of code (exact).
func Find(code string) (Rule, bool) {
	i := slices.IndexFunc(Registry, func(r Rule) bool { return r.Code == code })
	if i < 0 {
		return Rule{}, false
	}
	return Registry[i], true
}

// FixerOf returns the fixer of the rule with code (NoFix if none).
func FixerOf(code string) Fixer {
	r, _ := Find(code)
	return r.Fixer
}

// Selected reports whether a selection keeps code, the one place rule
// selection is decided: the file-level errors (E902, E999) are always kept;
// ignore wins over select; an empty select keeps every rule not off by
// default; otherwise a pattern of select must name the code (a code, a
// prefix such as "AL1", or "ALL", as ruff's selectors work).
func Selected(code string, sel, ignore []string) bool {
	if finding.IsFileError(code) {
		return true
	}
	if finding.MatchesCode(code, ignore) {
		return false
	}
	if len(sel) == 0 {
		r, ok := Find(code)
		return !ok || !r.Off
	}
	return finding.MatchesCode(code, sel)
}

// Python is what pycheck runs: the checker of the direct rules (with the
// configured extra blocking functions), the graph rules, and the code of
// each category propagated through helpers.
type Python struct {
	Checker *pyrules.Checker
	Graph   []func(*pygraph.Graph) []finding.Finding
	Reached map[finding.Category]string
}

// PythonRules assembles every Python rule of the registry (selection
// filters their findings afterwards: classification and coverage sites do
// not depend on it).
func PythonRules(extra []pyrules.Extra) Python {
	var direct []pyrules.Direct
	p := Python{Reached: map[finding.Category]string{}}
	for _, r := range Registry {
		switch {
		case r.Direct != nil:
			direct = append(direct, *r.Direct)
		case r.Graph != nil:
			p.Graph = append(p.Graph, r.Graph)
			p.Reached[r.Category] = r.Code
		}
	}
	p.Checker = pyrules.NewChecker(direct, extra, p.Reached)
	return p
}

// Table renders the rule table of the README: code (linking to the rule's
// section), language, summary and whether `fix` rewrites it.
func Table() string {
	var b strings.Builder
	b.WriteString("| code | name | language | what it flags | fix |\n|---|---|---|---|---|\n")
	for _, r := range All() {
		fix := ""
		if r.Fixable {
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
