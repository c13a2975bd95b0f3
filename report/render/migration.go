package render

import (
	"fmt"
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
)

// TopRoots is how many blocking roots text, markdown and HTML show; JSON
// lists them all.
const TopRoots = 10

// Compat is a sync function kept beside its async twin (in Go, a ctx-less
// function beside its context-aware variant) with its remaining users in
// the tree: what stands between it and its removal (fix --prune).
type Compat struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Function string `json:"function"`
	Language string `json:"language"`
	// Twin is the async twin or context-aware variant.
	Twin string `json:"twin"`
	// SyncCallers and AsyncCallers are the calls left from sync and from
	// async functions (module-level code counts as sync); References the
	// other mentions: a callback, a list of hooks, getattr with a literal,
	// a decorator, __all__, a re-export, an import from another module.
	SyncCallers  []Use `json:"sync_callers"`
	AsyncCallers []Use `json:"async_callers"`
	References   []Use `json:"references"`
}

// Use is one remaining use of a compat function.
type Use struct {
	Path string `json:"path"`
	Line int    `json:"line"`
	// Function is the function holding the use, "" at module level.
	Function string `json:"function"`
	// Kind is call, value, decorator, getattr, __all__, re-export or import.
	Kind string `json:"kind"`
	// Unresolved marks a use the analysis cannot be sure of (obj.flush()
	// where obj's type is unknown): counted so as never to prune a used
	// function.
	Unresolved bool `json:"unresolved,omitempty"`
}

// Unused reports whether nothing uses the function any more but plain
// imports: fix --prune removes it (unless it is public).
func (c Compat) Unused() bool {
	if len(c.SyncCallers)+len(c.AsyncCallers) > 0 {
		return false
	}
	for _, u := range c.References {
		if u.Kind != "import" {
			return false
		}
	}
	return true
}

// where names a use: "path:line function".
func (u Use) where() string {
	fn := u.Function
	if fn == "" {
		fn = "<module>"
	}
	s := fmt.Sprintf("%s:%d %s", u.Path, u.Line, fn)
	if u.Unresolved {
		s += " (maybe)"
	}
	return s
}

// summary counts a compat function's uses: "2 sync callers, 1 reference".
func (c Compat) summary() string {
	var parts []string
	add := func(n int, one, many string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, plural(n, one, many)))
		}
	}
	add(len(c.SyncCallers), "sync caller", "sync callers")
	add(len(c.AsyncCallers), "async caller", "async callers")
	add(len(c.References), "reference", "references")
	if c.Unused() {
		return "no use left: a candidate for fix --prune"
	}
	return strings.Join(parts, ", ")
}

// uses lists a compat function's uses, callers first, each as "kind by
// where".
func (c Compat) uses() []string {
	var out []string
	for _, u := range c.SyncCallers {
		out = append(out, "sync call by "+u.where())
	}
	for _, u := range c.AsyncCallers {
		out = append(out, "async call by "+u.where())
	}
	for _, u := range c.References {
		out = append(out, u.Kind+" in "+u.where())
	}
	return out
}

// topRoots returns the roots text, markdown and HTML show.
func topRoots(rs []finding.Root) []finding.Root {
	if len(rs) > TopRoots {
		return rs[:TopRoots]
	}
	return rs
}

// rootVia names the functions between a root and its call sites.
func rootVia(r finding.Root) string {
	if len(r.Functions) == 0 {
		return "called directly"
	}
	return "via " + strings.Join(r.Functions, ", ")
}
