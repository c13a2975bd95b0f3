package lsp

import (
	"bytes"
	"slices"
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pycheck"
	"github.com/asynclint/asynclint/rewriter"
	"github.com/asynclint/asynclint/rewriter/gofix"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// codeActions offers, for each finding under the requested range, a quick
// fix per fix its rule offers (ASYNC251: the awaited async sleep; AL200:
// the asyncrt form, preferred, and the standard-library form; AL1xx: an
// async twin of the helper, awaited, resolved lazily), and a
// source.fixAll.asynclint action that applies every fix of the file at
// once. Nothing is offered for a buffer changed since it was analysed (a
// Go file edited after its last save): the edits would not fit it.
func (s *server) codeActions(p *protocol.CodeActionParams) []protocol.CodeAction {
	actions := []protocol.CodeAction{}
	d := s.docs[p.TextDocument.URI]
	if d == nil || !bytes.Equal(d.text, d.analysed) {
		return actions
	}
	t := newText(d.text)
	diags := s.diagnostics(d)
	if wants(p.Context.Only, protocol.CodeActionKindQuickFix) {
		for i, f := range d.findings {
			if !overlaps(t.rangeOf(f), p.Range) {
				continue
			}
			for j, fix := range s.fixesFor(d, f) {
				edit := s.workspaceEdit(fix.Edits)
				if edit == nil {
					continue
				}
				kind := protocol.CodeActionKindQuickFix
				preferred := j == 0
				actions = append(actions, protocol.CodeAction{
					Title:       fix.Message + " (" + f.Code + ")",
					Kind:        &kind,
					Diagnostics: []protocol.Diagnostic{diags[i]},
					IsPreferred: &preferred,
					Edit:        edit,
				})
			}
		}
		actions = append(actions, s.twinActions(d, t, diags, p.Range)...)
	}
	if wants(p.Context.Only, kindFixAll) {
		if edits := s.fixAll(d); len(edits) > 0 {
			if edit := s.workspaceEdit(edits); edit != nil {
				kind := kindFixAll
				actions = append(actions, protocol.CodeAction{Title: "asynclint: fix all in this file", Kind: &kind, Edit: edit})
			}
		}
	}
	return actions
}

// wants reports whether a request restricted to only (empty: no
// restriction) asks for actions of kind: "source" asks for
// "source.fixAll.asynclint", as kinds are hierarchical.
func wants(only []protocol.CodeActionKind, kind string) bool {
	if len(only) == 0 {
		return kind == protocol.CodeActionKindQuickFix || kind == kindFixAll
	}
	return slices.ContainsFunc(only, func(o protocol.CodeActionKind) bool { return kind == o || strings.HasPrefix(kind, o+".") })
}

// fixesFor returns the fixes of one finding, the one the rule prefers
// first: the finding's own Fix (ASYNC251's awaited async sleep, AL200's
// asyncrt form, made with the finding), and for AL200 the standard-library
// form.
func (s *server) fixesFor(d *document, f finding.Finding) []*finding.Fix {
	var fixes []*finding.Fix
	if f.Fix != nil {
		fixes = append(fixes, f.Fix)
	}
	if alt := d.stdlib[findingKey(d.path, f)]; alt != nil {
		fixes = append(fixes, alt)
	}
	return fixes
}

// planPython asks the Python rewriter for the edits fixing findings of d,
// planned on the analysed buffer.
func (s *server) planPython(d *document, findings []finding.Finding) []finding.Edit {
	if d.fixProj == nil || !bytes.Equal(d.fixText, d.text) {
		res, err := pycheck.Run([]string{d.path}, pycheck.Options{NoSites: true, Overlay: map[string][]byte{d.path: d.text}})
		if err != nil {
			s.notifyLogf("asynclint: planning fixes in %s: %v", d.path, err)
			return nil
		}
		d.fixProj, d.fixText = res.Project, d.text
	}
	opts := rewriter.PyOptions{}
	if d.cfg != nil {
		opts.Library, opts.TwinName = d.cfg.AsyncLibrary, d.cfg.TwinFor
	}
	plan, err := rewriter.PlanPython(d.fixProj, findings, opts)
	if err != nil {
		s.notifyLogf("asynclint: planning fixes in %s: %v", d.path, err)
		return nil
	}
	return planEdits(plan.Changes)
}

// planEdits lists the edits of a plan's changes, each naming its file.
func planEdits(changes []rewriter.Change) []finding.Edit {
	var edits []finding.Edit
	for _, ch := range changes {
		for _, e := range ch.Edits {
			e.Path = ch.Path
			edits = append(edits, e)
		}
	}
	return edits
}

// fixAll returns the edits of every fix in d that `asynclint fix` would
// apply without flags: ASYNC251 in Python, AL200 (asyncrt form) in Go.
func (s *server) fixAll(d *document) []finding.Edit {
	switch d.lang {
	case "python":
		var fs []finding.Finding
		for _, f := range d.findings {
			if f.Code == "ASYNC251" {
				fs = append(fs, f)
			}
		}
		if len(fs) == 0 {
			return nil
		}
		return s.planPython(d, fs)
	case "go":
		var fs []finding.Finding
		for _, f := range d.findings {
			if f.Fix != nil {
				fs = append(fs, f)
			}
		}
		if len(fs) == 0 {
			return nil
		}
		plan, err := gofix.Plan(fs)
		if err != nil {
			s.notifyLogf("asynclint: planning fixes in %s: %v", d.path, err)
			return nil
		}
		return planEdits(plan.Changes)
	}
	return nil
}

// workspaceEdit turns byte-offset edits into the protocol's, file by file;
// nil when there is none.
func (s *server) workspaceEdit(edits []finding.Edit) *protocol.WorkspaceEdit {
	if len(edits) == 0 {
		return nil
	}
	changes := map[protocol.DocumentUri][]protocol.TextEdit{}
	texts := map[string]*text{}
	for _, e := range edits {
		path := absPath(e.Path)
		t := texts[path]
		if t == nil {
			t = newText(s.textOf(path))
			texts[path] = t
		}
		uri := s.uriOf(path)
		changes[uri] = append(changes[uri], protocol.TextEdit{
			Range:   protocol.Range{Start: t.offsetPosition(e.Start.Offset), End: t.offsetPosition(e.End.Offset)},
			NewText: e.NewText,
		})
	}
	return &protocol.WorkspaceEdit{Changes: changes}
}
