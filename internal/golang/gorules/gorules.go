// Package gorules lists asynclint's Go rules: the Go part of the rule
// registry (internal/rules), kept in its own package because the
// golangci-lint plugin, which must build without cgo, reads it too. Adding a
// Go rule is its analyzer package and one line in Rules.
package gorules

import (
	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/analyzers/al200"
	"github.com/asynclint/asynclint/analyzers/al201"
	"github.com/asynclint/asynclint/analyzers/al202"
	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/ruledoc"
)

// Rule is a Go rule: its documentation and the analyzer that runs it.
type Rule struct {
	Doc      ruledoc.Rule
	Analyzer *analysis.Analyzer
	// Category is what the rule's calls block on: a sleep or wait for
	// AL200 and AL201; none for AL202, whose calls (HTTP, dials, queries,
	// child processes) block on the network, a database or a process.
	Category finding.Category
}

// Rules are the Go rules in code order.
var Rules = []Rule{
	{al200.Rule, al200.Analyzer, finding.Sleep},
	{al201.Rule, al201.Analyzer, finding.Sleep},
	{al202.Rule, al202.Analyzer, ""},
}

// Analyzers returns the rules' analyzers, for gocheck, the vet tool and the
// golangci-lint plugin.
func Analyzers() []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(Rules))
	for i, r := range Rules {
		out[i] = r.Analyzer
	}
	return out
}
