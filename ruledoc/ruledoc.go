// Package ruledoc defines the documentation every asynclint rule carries. One
// Rule value feeds `asynclint rule CODE`, the README's rule table and SARIF
// rule metadata alike.
package ruledoc

// Rule documents one rule in ruff's shape.
type Rule struct {
	// Code is the rule code, e.g. "ASYNC251".
	Code string
	// Name is the kebab-case name, e.g. "blocking-sleep-in-async-function".
	Name string
	// Language is "python" or "go".
	Language string
	// Summary is one line, used in tables and SARIF shortDescription.
	Summary string
	// What, Why, Example and Instead are Markdown paragraphs: what the rule
	// does, why it is bad, an example that triggers it, and what to use
	// instead (with the corrected example).
	What, Why, Example, Instead string
	// Fix says what `asynclint fix` does for this rule; empty if nothing.
	Fix string
}
