// Package finding defines what every asynclint rule reports, for Python and Go
// alike, and the sleep sites that migration coverage is computed from.
package finding

import (
	"cmp"
	"slices"
	"strings"
)

// Position is a place in a file. Line and Col are 1-based; Col counts Unicode
// code points from the start of the line (a CRLF line ending is not part of
// the line), as ruff's text output does. Offset is the 0-based byte offset.
type Position struct {
	Line   int `json:"line"`
	Col    int `json:"column"`
	Offset int `json:"-"`
}

// Finding is one diagnostic: a rule code, a message and where it applies.
type Finding struct {
	// Path is the file path as discovered (relative to the working
	// directory when the user gave a relative path), with forward slashes.
	Path    string   `json:"filename"`
	Start   Position `json:"location"`
	End     Position `json:"end_location"`
	Code    string   `json:"code"`
	Message string   `json:"message"`
	// Fix is the suggested fix, nil where none is offered.
	Fix *Fix `json:"fix,omitempty"`
	// NoFix says, for a finding of a rule that fixes its findings, why
	// this one has no Fix ("the name asyncio is bound to something else
	// here"); `fix` lists the finding as manual with it.
	NoFix string `json:"-"`
	// Related names other places that explain the finding, such as the
	// blocking sleep at the end of an AL100 or AL201 chain.
	Related []Related `json:"related,omitempty"`
	// Chain, for a finding of AL100 ... AL104, names the functions of
	// its chain; Roots groups findings by it.
	Chain *Chain `json:"-"`
}

// Related is a secondary location attached to a finding.
type Related struct {
	Path    string   `json:"filename"`
	Start   Position `json:"location"`
	Message string   `json:"message"`
}

// Fix is a set of text edits that resolves a finding.
type Fix struct {
	Message string `json:"message"`
	Edits   []Edit `json:"edits"`
}

// Edit replaces the bytes [Start.Offset, End.Offset) of Path with NewText.
type Edit struct {
	Path    string   `json:"filename"`
	Start   Position `json:"location"`
	End     Position `json:"end_location"`
	NewText string   `json:"content"`
}

// Sort orders findings by path, then position, then code, the order of every
// output format.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Start.Line, b.Start.Line),
			cmp.Compare(a.Start.Col, b.Start.Col),
			cmp.Compare(a.Code, b.Code),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Category is what a blocking call blocks on. The rules own the categories
// (each direct rule says which calls it knows and their category); the call
// graph propagates them through sync helpers; coverage counts sites by them.
type Category string

// The blocking categories. Path (ruff's ASYNC240: os.path and pathlib
// calls) is reported directly only, never propagated through helpers.
const (
	Sleep      Category = "sleep"
	HTTP       Category = "http"
	Subprocess Category = "subprocess"
	File       Category = "file"
	Input      Category = "input"
	Path       Category = "path"
)

// Categories are the categories propagated through sync helpers, in the
// order of their AL10x codes (AL100 sleep ... AL104 input).
var Categories = []Category{Sleep, HTTP, Subprocess, File, Input}

// ParseCategory returns the propagated category named s.
func ParseCategory(s string) (Category, bool) {
	for _, c := range Categories {
		if string(c) == s {
			return c, true
		}
	}
	return "", false
}

// State is the migration state of one sleep site.
type State string

// The states of a sleep site; see the README's coverage model.
const (
	// AsyncSafe is a sleep that yields: await asyncio.sleep, trio/anyio
	// sleeps, or in Go a context-aware wait.
	AsyncSafe State = "async-safe"
	// InAsync is a blocking sleep directly in async (Python) or
	// context-aware (Go) code: ASYNC251, AL200.
	InAsync State = "in-async"
	// ReachedFromAsync is a blocking sleep in a sync function that async or
	// context-aware code calls: AL100, AL201.
	ReachedFromAsync State = "reached-from-async"
	// Compat is a blocking sleep in a sync function that has an async twin
	// (Python) or a context-aware variant (Go), kept for compatibility.
	Compat State = "compat"
	// Sync is a blocking sleep not migrated yet and not reached from async code.
	Sync State = "sync"
)

// Site is one call of a sleep function: the unit of migration coverage.
type Site struct {
	Path     string   `json:"filename"`
	Start    Position `json:"location"`
	Language string   `json:"language"` // "python" or "go"
	// Unit is the directory (Python) or import path (Go) the site belongs to.
	Unit string `json:"unit"`
	// Function is the enclosing function, qualified by its class or
	// receiver: "Neo4jManager.connect_with_retry", "(*Limiter).Wait".
	Function string `json:"function"`
	// Callee is the sleep function called: "time.sleep", "asyncio.sleep",
	// "time.Sleep", "time.After".
	Callee string `json:"callee"`
	State  State  `json:"state"`
	// Category is what the call blocks on; async-safe sleeps are Sleep.
	Category Category `json:"category"`
	// Code is the rule that reports the site in its state ("ASYNC251",
	// "ASYNC210", "AL101", "AL200"), "" for states no rule reports. The
	// analysis that found the site decides it, once.
	Code string `json:"code,omitempty"`
}

// Blocking reports whether the site blocks (every state but AsyncSafe).
func (s Site) Blocking() bool { return s.State != AsyncSafe }

// IsFileError reports whether code is a file-level error, E902 (the file
// could not be read) or E999 (syntax error), which no selection turns off.
func IsFileError(code string) bool { return code == "E902" || code == "E999" }

// MatchesCode reports whether code is named by one of patterns: a code, a
// code prefix ("AL1" names AL100), or "ALL", as ruff's selectors work.
func MatchesCode(code string, patterns []string) bool {
	return slices.ContainsFunc(patterns, func(p string) bool { return p == "ALL" || strings.HasPrefix(code, p) })
}

// Chained reports whether code is a rule whose findings carry the call
// chain to a blocking call as their Related entries, the blocking call
// last: AL1xx (Python, through helpers), AL201 and AL202 (Go; AL202's
// findings of direct calls carry no chain).
func Chained(code string) bool {
	return strings.HasPrefix(code, "AL1") || code == "AL201" || code == "AL202"
}

// BlockingRoot returns, for a finding of a chained rule, the blocking call
// its chain ends in (the last Related entry); ok is false for other
// findings. Findings with the same code and root have one cause.
func (f Finding) BlockingRoot() (root Related, ok bool) {
	if !Chained(f.Code) || len(f.Related) == 0 {
		return Related{}, false
	}
	return f.Related[len(f.Related)-1], true
}

// RootKey is what findings with one cause share: the code and the place
// of the blocking root ("AL100 db.py:4:5"); ok is false for findings of
// rules that are not chained. Text output groups by it and Roots counts
// by it.
func (f Finding) RootKey() (key string, ok bool) {
	r, ok := f.BlockingRoot()
	if !ok {
		return "", false
	}
	return f.Code + " " + SiteKey(r.Path, r.Start), true
}
