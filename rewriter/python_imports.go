package rewriter

import (
	"slices"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pyedit"
	"github.com/asynclint/asynclint/pyparse"
)

// pyFile collects the edits of one module.
type pyFile struct {
	m     *pyparse.Module
	lib   string // the configured async library, "" for asyncio
	spans []span
	// sites are the call-site fixes among spans (ASYNC251 and AL100), each
	// with the twin it awaits (nil for a sleep): a twin generated from a
	// function that holds a fixed site, in a nested async def, carries it.
	sites []siteFix
	// imports are the callee expressions replaced in the file, the
	// imports they named (candidates for removal), and with fix --prune
	// the imports of removed functions, which go whatever else mentions
	// the name.
	imports pyedit.Imports
	// added are the modules to import ("asyncio", "warnings").
	added map[string]bool
	// extended are from-import extensions already made, by key.
	extended map[string]bool
}

// siteFix is the edits fixing one call site.
type siteFix struct {
	spans []span
	twin  *twinPlan
}

// finish returns the module's edits: the collected spans, the imports
// removed because nothing uses them any more, and the imports added.
func (pf *pyFile) finish() []finding.Edit {
	m := pf.m
	spans := slices.Clone(pf.spans)
	addAt := -1
	if len(pf.added) > 0 {
		libs := make([]string, 0, len(pf.added))
		for l := range pf.added {
			libs = append(libs, l)
		}
		add := pyedit.Addition(m, libs)
		addAt = add.Start
		spans = append(spans, add)
	}
	spans = append(spans, pf.imports.Removals(m, addAt)...)
	return pyedit.Positioned(m, spans)
}

// span is an edit in offsets of a module's source.
type span = pyedit.Edit
