// Package render writes a coverage report in the formats `asynclint report`
// offers: text (a table with a bar per unit, for terminals), json (a
// documented, versioned schema), markdown (a pull-request comment) and html
// (one self-contained page with inline SVG charts, no network access).
package render

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/report/coverage"
	"github.com/asynclint/asynclint/report/gate"
	"github.com/asynclint/asynclint/report/history"
)

// Formats lists the names Write accepts.
var Formats = []string{"text", "json", "markdown", "html"}

// ValidFormat reports whether name is one of Formats.
func ValidFormat(name string) bool { return slices.Contains(Formats, name) }

// Input is everything a rendering shows.
type Input struct {
	// Version is the asynclint version.
	Version string
	// Scope are the paths the report covers, as given.
	Scope []string
	// Report is the coverage at the current state of the tree.
	Report *coverage.Report
	// History is the coverage at past commits, oldest first; nil when
	// not asked for.
	History []history.Point
	// Gate is the outcome of the CI gate; nil when no gate was asked for.
	Gate *Gate
	// Roots are the blocking roots of the findings, ranked by the async
	// call sites each makes blocking (the plan's Phase 2: what to convert
	// first).
	Roots []finding.Root
	// Compat are the sync functions kept beside an async twin, with their
	// remaining users (the plan's Phase 3: what still needs them).
	Compat []Compat
	// Category is the blocking category whose sites Report counts
	// (report --category: sleep by default); "" for every category.
	Category finding.Category
}

// sites names what Report counts, n of them: "sleep sites", "http
// site", or "blocking sites" for every category.
func (in Input) sites(n int) string {
	kind := string(in.Category)
	if kind == "" {
		kind = "blocking"
	}
	return kind + " " + plural(n, "site", "sites")
}

// categoryName is in.Category as report --category spells it.
func (in Input) categoryName() string {
	if in.Category == "" {
		return "all"
	}
	return string(in.Category)
}

// Gate is the outcome of the CI gate.
type Gate struct {
	// Failures holds one message per threshold missed and per baseline
	// violation; empty when the gate passes.
	Failures []string `json:"failures"`
}

// Passed reports whether the gate passed.
func (g *Gate) Passed() bool { return len(g.Failures) == 0 }

// Write renders in in the named format.
func Write(w io.Writer, format string, in Input) error {
	if in.Report == nil {
		in.Report = coverage.Compute(nil)
	}
	switch format {
	case "text":
		return writeText(w, in)
	case "json":
		return writeJSON(w, in)
	case "markdown":
		return writeMarkdown(w, in)
	case "html":
		return writeHTML(w, in)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// pct formats a coverage percentage for display.
func pct(p float64) string { return gate.Percent(p) + "%" }

// scopeText names the scope for titles.
func scopeText(scope []string) string {
	if len(scope) == 0 {
		return "."
	}
	return strings.Join(scope, " ")
}

// stateLabel names a site's state with the rule that reports it.
func stateLabel(code, state string) string {
	if code == state {
		return state
	}
	return state + " (" + code + ")"
}
