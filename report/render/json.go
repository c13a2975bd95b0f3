package render

import (
	"encoding/json"
	"io"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/report/coverage"
	"github.com/asynclint/asynclint/report/history"
)

// JSONSchema is the version of the JSON report's schema. It changes only
// when a field is removed or changes meaning; fields may be added.
const JSONSchema = 1

// JSONReport is the JSON rendering, schema 1:
//
//	{
//	  "schema": 1,
//	  "version": "0.1.0",                // asynclint version
//	  "scope": ["src/core"],             // paths as given
//	  "category": "sleep",               // the sites' category (report --category), or "all"
//	  "total": UNIT,                     // name "total", no language
//	  "languages": [UNIT, ...],          // one per language, name = language
//	  "units": [UNIT, ...],              // per directory (Python) / package (Go)
//	  "sites": [SITE, ...],              // every site of the category, sorted by path and position
//	  "roots": [ROOT, ...],              // blocking roots, most call sites first
//	  "compat": [COMPAT, ...],           // sync functions kept beside a twin
//	  "history": [POINT, ...],           // only with --history, oldest first
//	  "gate": {"passed": false, "failures": ["..."]}  // only when a gate was asked for
//	}
//
// UNIT is {"language", "name", "sites", "async_safe", "in_async",
// "reached_from_async", "compat", "sync", "covered", "remaining",
// "coverage"}: counts per state, covered = async_safe + compat, remaining =
// in_async + reached_from_async + sync, coverage in percent (100 when
// sites is 0).
//
// SITE is {"filename", "location": {"line", "column"}, "language", "unit",
// "function", "callee", "state", "code"}: state is one of async-safe,
// in-async, reached-from-async, compat, sync; code is the rule reporting it
// (ASYNC251, AL100, AL200, AL201 for sleeps; the category's own rules,
// such as ASYNC210 and AL101, for another) or the state's name.
//
// ROOT is {"path", "line", "function", "category", "language",
// "call_sites", "functions"}: the blocking call's place and function, the
// number of async call sites it makes blocking (AL100 findings), and the
// sync functions between them and it.
//
// COMPAT is {"path", "line", "function", "language", "twin",
// "sync_callers", "async_callers", "references"}, each a list of USE:
// {"path", "line", "function", "kind", "unresolved"}, kind one of call,
// value, decorator, getattr, __all__, re-export, import.
//
// POINT is {"commit", "time", "subject", "counts": COUNTS, "coverage",
// "absent", "reused", "error", "incomplete"}: "incomplete" says which
// packages did not load or compile at that commit (its counts then leave
// them out).
type JSONReport struct {
	Schema    int             `json:"schema"`
	Version   string          `json:"version"`
	Scope     []string        `json:"scope"`
	Category  string          `json:"category"`
	Total     JSONUnit        `json:"total"`
	Languages []JSONUnit      `json:"languages"`
	Units     []JSONUnit      `json:"units"`
	Sites     []JSONSite      `json:"sites"`
	Roots     []finding.Root  `json:"roots"`
	Compat    []Compat        `json:"compat"`
	History   []history.Point `json:"history,omitempty"`
	Gate      *JSONGate       `json:"gate,omitempty"`
}

// JSONUnit is a row of the JSON report: counts with derived figures.
type JSONUnit struct {
	coverage.Unit
	Covered   int     `json:"covered"`
	Remaining int     `json:"remaining"`
	Coverage  float64 `json:"coverage"`
}

// JSONSite is a site of the JSON report, with its rule code.
type JSONSite struct {
	finding.Site
	Code string `json:"code"`
}

// JSONGate is the gate's outcome in the JSON report.
type JSONGate struct {
	Passed   bool     `json:"passed"`
	Failures []string `json:"failures"`
}

func jsonUnit(u coverage.Unit) JSONUnit {
	return JSONUnit{Unit: u, Covered: u.Covered(), Remaining: u.Remaining(), Coverage: u.Percent()}
}

func writeJSON(w io.Writer, in Input) error {
	r := in.Report
	out := JSONReport{
		Schema:    JSONSchema,
		Version:   in.Version,
		Scope:     in.Scope,
		Category:  in.categoryName(),
		Total:     jsonUnit(r.Total),
		Languages: []JSONUnit{},
		Units:     []JSONUnit{},
		Sites:     []JSONSite{},
		Roots:     in.Roots,
		Compat:    in.Compat,
		History:   in.History,
	}
	if out.Roots == nil {
		out.Roots = []finding.Root{}
	}
	if out.Compat == nil {
		out.Compat = []Compat{}
	}
	if out.Scope == nil {
		out.Scope = []string{}
	}
	for _, l := range r.Languages {
		out.Languages = append(out.Languages, jsonUnit(l))
	}
	for _, u := range r.Units {
		out.Units = append(out.Units, jsonUnit(u))
	}
	for _, s := range r.Sites {
		out.Sites = append(out.Sites, JSONSite{Site: s, Code: coverage.Code(s)})
	}
	if in.Gate != nil {
		out.Gate = &JSONGate{Passed: in.Gate.Passed(), Failures: in.Gate.Failures}
		if out.Gate.Failures == nil {
			out.Gate.Failures = []string{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
