// Package ruledoc defines the documentation every asynclint rule carries. One
// Rule value feeds `asynclint rule CODE`, the README's rule table and SARIF
// rule metadata alike.
package ruledoc

import (
	"fmt"
	"strings"
)

// Rule documents one rule in ruff's shape.
type Rule struct {
	// Code is the rule code, e.g. "ASYNC251".
	Code string `json:"code"`
	// Name is the kebab-case name, e.g. "blocking-sleep-in-async-function".
	Name string `json:"name"`
	// Language is "python" or "go".
	Language string `json:"language"`
	// Summary is one line, used in tables and SARIF shortDescription.
	Summary string `json:"summary"`
	// What, Why, Example and Instead are Markdown paragraphs: what the rule
	// does, why it is bad, an example that triggers it, and what to use
	// instead (with the corrected example).
	What    string `json:"what"`
	Why     string `json:"why"`
	Example string `json:"example"`
	Instead string `json:"instead"`
	// Fix says what `asynclint fix` does for this rule; empty if nothing.
	Fix string `json:"fix"`
	// Fixable says that `asynclint fix` rewrites findings of the rule
	// (some of them); false where Fix only says how they are listed for
	// a person.
	Fixable bool `json:"fixable"`
}

// Markdown renders a rule's documentation as ruff's `rule` command does:
// a title, then the sections that are set.
func Markdown(r Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s (%s)\n\n", r.Name, r.Code)
	if r.Summary != "" {
		fmt.Fprintf(&b, "%s\n\n", strings.TrimSpace(r.Summary))
	}
	for _, s := range []struct{ title, body string }{
		{"What it does", r.What},
		{"Why is this bad?", r.Why},
		{"Example", r.Example},
		{"Use instead", r.Instead},
		{"Fix", r.Fix},
	} {
		if body := strings.TrimSpace(s.body); body != "" {
			fmt.Fprintf(&b, "## %s\n%s\n\n", s.title, body)
		}
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// HelpURI is the link to a rule's documentation: its section of the README
// at home (the project's page), as SARIF's helpUri and the language
// server's codeDescription give it.
func HelpURI(home, code string) string {
	return home + "#" + strings.ToLower(code)
}
