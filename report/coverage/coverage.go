// Package coverage computes migration coverage from sleep sites.
//
// The model (documented in the README):
//
//   - A sleep site is one call of a sleep function. It is async-safe (it
//     yields: await asyncio.sleep, a trio or anyio sleep; in Go asyncrt.Sleep
//     or a select on ctx.Done()) or blocking.
//   - A blocking site has one state: in-async (ASYNC251, AL200: a bug),
//     reached-from-async (AL100, AL201), compat (its function has an async
//     twin or a context-aware variant: the sync version kept for backward
//     compatibility) or sync (not migrated yet).
//   - Coverage = (async-safe + compat) / all sites, in percent.
//   - Remaining = blocking sites that are not compat.
//   - A scope with no sleep site at all has coverage 100%: there is nothing
//     left to migrate.
//
// Sites are grouped by unit: the directory (Python) or import path (Go)
// given in finding.Site.Unit, with a total per language and one overall.
package coverage

import (
	"cmp"
	"slices"

	"github.com/asynclint/asynclint/internal/finding"
)

// Counts tallies sites by state.
type Counts struct {
	Sites            int `json:"sites"`
	AsyncSafe        int `json:"async_safe"`
	InAsync          int `json:"in_async"`
	ReachedFromAsync int `json:"reached_from_async"`
	Compat           int `json:"compat"`
	Sync             int `json:"sync"`
}

// Add counts one site in state s.
func (c *Counts) Add(s finding.State) {
	c.Sites++
	switch s {
	case finding.AsyncSafe:
		c.AsyncSafe++
	case finding.InAsync:
		c.InAsync++
	case finding.ReachedFromAsync:
		c.ReachedFromAsync++
	case finding.Compat:
		c.Compat++
	default:
		// An unknown state is counted as not migrated: it cannot be
		// credited as covered.
		c.Sync++
	}
}

// Covered is the number of sites that count towards coverage: async-safe
// sites and compat sites.
func (c Counts) Covered() int { return c.AsyncSafe + c.Compat }

// Blocking is the number of blocking sites, compat ones included.
func (c Counts) Blocking() int { return c.Sites - c.AsyncSafe }

// Remaining is the number of blocking sites that are not compat: the work
// left to do.
func (c Counts) Remaining() int { return c.InAsync + c.ReachedFromAsync + c.Sync }

// Percent is the coverage in percent, 100 when there is no site.
func (c Counts) Percent() float64 {
	if c.Sites == 0 {
		return 100
	}
	return 100 * float64(c.Covered()) / float64(c.Sites)
}

// Unit is one row of the report: a Python directory, a Go package, a
// language's total or the overall total.
type Unit struct {
	// Language is "python" or "go"; empty for the overall total.
	Language string `json:"language,omitempty"`
	// Name is the directory or import path; for a language's total it is
	// the language, for the overall total "total".
	Name string `json:"name"`
	Counts
}

// Report is the coverage of a set of sites.
type Report struct {
	// Sites are all sites, sorted by path and position.
	Sites []finding.Site
	// Units are the rows per directory or package, sorted by language
	// (Python first, then Go) and name.
	Units []Unit
	// Languages holds one total per language present, in the same order.
	Languages []Unit
	// Total is the overall total.
	Total Unit
}

// languageOrder ranks languages for display: Python, then Go, then others
// by name.
func languageOrder(a, b string) int {
	rank := func(l string) int {
		switch l {
		case "python":
			return 0
		case "go":
			return 1
		}
		return 2
	}
	return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a, b))
}

// SortSites orders sites by path, then position, then callee.
func SortSites(sites []finding.Site) {
	slices.SortStableFunc(sites, func(a, b finding.Site) int {
		return cmp.Or(
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Start.Line, b.Start.Line),
			cmp.Compare(a.Start.Col, b.Start.Col),
			cmp.Compare(a.Callee, b.Callee),
		)
	})
}

// Compute builds the report of sites. The slice is copied, not modified.
func Compute(sites []finding.Site) *Report {
	r := &Report{Sites: slices.Clone(sites), Total: Unit{Name: "total"}}
	if r.Sites == nil {
		r.Sites = []finding.Site{}
	}
	SortSites(r.Sites)
	type key struct{ lang, unit string }
	units := map[key]*Unit{}
	langs := map[string]*Unit{}
	for _, s := range r.Sites {
		k := key{s.Language, s.Unit}
		u := units[k]
		if u == nil {
			u = &Unit{Language: s.Language, Name: s.Unit}
			units[k] = u
		}
		u.Add(s.State)
		l := langs[s.Language]
		if l == nil {
			l = &Unit{Language: s.Language, Name: s.Language}
			langs[s.Language] = l
		}
		l.Add(s.State)
		r.Total.Add(s.State)
	}
	for _, u := range units {
		r.Units = append(r.Units, *u)
	}
	for _, l := range langs {
		r.Languages = append(r.Languages, *l)
	}
	byLangName := func(a, b Unit) int {
		return cmp.Or(languageOrder(a.Language, b.Language), cmp.Compare(a.Name, b.Name))
	}
	slices.SortFunc(r.Units, byLangName)
	slices.SortFunc(r.Languages, byLangName)
	return r
}

// Remaining returns the sites that are left to migrate (blocking and not
// compat), in report order.
func (r *Report) Remaining() []finding.Site {
	var out []finding.Site
	for _, s := range r.Sites {
		if s.Blocking() && s.State != finding.Compat {
			out = append(out, s)
		}
	}
	return out
}

// Code returns the rule code that reports a site in its state ("ASYNC251",
// "AL100", "AL200", "AL201"), or the state's name for states no rule
// reports ("sync", "compat", "async-safe").
func Code(s finding.Site) string {
	if s.Code != "" {
		return s.Code
	}
	switch {
	case s.State == finding.InAsync && s.Language == "python":
		return "ASYNC251"
	case s.State == finding.ReachedFromAsync && s.Language == "python":
		return "AL100"
	case s.State == finding.InAsync && s.Language == "go":
		return "AL200"
	case s.State == finding.ReachedFromAsync && s.Language == "go":
		return "AL201"
	}
	return string(s.State)
}
