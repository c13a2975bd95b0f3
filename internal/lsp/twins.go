package lsp

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/asynclint/asynclint/internal/driver/config"
	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/python/pycheck"
	"github.com/asynclint/asynclint/internal/rules"
	"github.com/asynclint/asynclint/rewriter"
	protocol "github.com/tliron/glsp/protocol_3_16"
	"go.lsp.dev/jsonrpc2"
)

// The AL1xx quick fix is `asynclint fix --twins` for one call site: an
// async twin of the blocking helper (and of the helpers it calls), awaited
// at the site. Planning it needs syntax trees of every module of the chain,
// which the cached analysis behind the diagnostics does not keep, so the
// action is offered without its edit and the edit is computed when the
// client resolves the action (codeAction/resolve, LSP 3.16), by a fresh
// analysis of the workspace folder with the open buffers laid over it.

// codeContentModified is LSP's error for a request whose result no longer
// fits the document (it changed since the action was offered).
const codeContentModified jsonrpc2.Code = -32801

// twinSite is what the cached analysis tells about an AL1xx call site: the
// name of the twin the fix awaits, and whether it exists already.
type twinSite struct {
	twin     string
	existing bool
}

// twinData identifies, in a code action's data, the call site whose twin
// fix the client resolves: the document, its version, and the site's span
// (byte offsets of the analysed buffer).
type twinData struct {
	URI     string `json:"uri"`
	Version int32  `json:"version"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
}

// siteKey identifies a call site within a document's findings.
func siteKey(start, end int) string { return fmt.Sprintf("%d-%d", start, end) }

// isTwinFix reports whether f is an AL1xx finding, fixed by `fix --twins`.
func isTwinFix(f finding.Finding) bool { return rules.FixerOf(f.Code) == rules.FixTwins }

// twinSites records, for the AL1xx findings of a run, the twin each call
// site's fix awaits: the callee's existing async twin, else the name the
// configuration gives a new one. Sites the rewriter refuses on sight, from
// the call and the callee's name alone, get none, so that no action is
// offered that cannot do anything: a site that is not a call (a property
// read, a `with` item's __enter__), a call used as a context manager or a
// decorator, and a special method or constructor (`Runner()`, `r()`) with
// no twin, which Python calls without awaiting (the rewriter's own
// rewriter.RoleRefusal and rewriter.SpecialMethod). What needs the syntax trees
// (a generator, a decorated helper) is left to the plan made on resolve.
func twinSites(proj *pycheck.Project, cfg *config.Config) map[string]map[string]twinSite {
	out := map[string]map[string]twinSite{}
	if proj == nil || proj.Graph == nil {
		return out
	}
	for _, ac := range proj.Graph.AsyncCalls() {
		c := ac.Call
		if ac.Code == "" || ac.Callee == nil || c.Read || rewriter.RoleRefusal(c) != "" {
			continue
		}
		if ac.Callee.Twin == nil && rewriter.SpecialMethod(ac.Callee.Fn.Name) {
			continue
		}
		path := absPath(ac.Module.Path)
		if out[path] == nil {
			out[path] = map[string]twinSite{}
		}
		site := twinSite{twin: cfg.TwinFor(ac.Callee.Fn.Name)}
		if ac.Callee.Twin != nil {
			site = twinSite{twin: ac.Callee.Twin.Name, existing: true}
		}
		out[path][siteKey(c.Pos.Offset, ac.Module.Position(c.Span.End).Offset)] = site
	}
	return out
}

// twinActions offers, for each AL1xx call site of d under rng, one quick
// fix awaiting the callee's async twin, covering every AL1xx diagnostic of
// the site (a helper that sleeps and fetches has AL100 and AL101 at one
// call: one rewrite fixes both). The actions carry no edit: the client
// resolves it.
func (s *server) twinActions(d *document, t *text, diags []protocol.Diagnostic, rng protocol.Range) []protocol.CodeAction {
	if !s.resolveEdit || d.lang != "python" {
		return nil
	}
	var actions []protocol.CodeAction
	index := map[string]int{}
	for i, f := range d.findings {
		if !isTwinFix(f) || !overlaps(t.rangeOf(f), rng) {
			continue
		}
		key := siteKey(f.Start.Offset, f.End.Offset)
		site, ok := d.twins[key]
		if !ok {
			continue
		}
		if j, ok := index[key]; ok {
			a := &actions[j]
			a.Diagnostics = append(a.Diagnostics, diags[i])
			a.Title = strings.TrimSuffix(a.Title, ")") + ", " + f.Code + ")"
			continue
		}
		title := fmt.Sprintf("Create async twin `%s` and await it (%s)", site.twin, f.Code)
		if site.existing {
			title = fmt.Sprintf("Await the async twin `%s` (%s)", site.twin, f.Code)
		}
		kind := protocol.CodeActionKindQuickFix
		index[key] = len(actions)
		actions = append(actions, protocol.CodeAction{
			Title:       title,
			Kind:        &kind,
			Diagnostics: []protocol.Diagnostic{diags[i]},
			Data:        twinData{URI: d.uri, Version: d.version, Start: f.Start.Offset, End: f.End.Offset},
		})
	}
	return actions
}

// resolveCodeAction fills in the edit of a twin quick fix: it analyses the
// document's workspace folder again, without the cache, finds the site's
// AL1xx findings, and plans them as `asynclint fix --twins` does. A site
// the rewriter leaves manual gets no edit, and the user is told why.
// The action goes back as the client sent it, with the edit added.
func (s *server) resolveCodeAction(params []byte) (map[string]json.RawMessage, error) {
	var action map[string]json.RawMessage
	if err := decode(params, &action); err != nil {
		return nil, err
	}
	var data twinData
	var title string
	if err := json.Unmarshal(action["data"], &data); err != nil || data.URI == "" || json.Unmarshal(action["title"], &title) != nil {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, "asynclint: codeAction/resolve: not an action asynclint offered (no data)")
	}
	d := s.docs[data.URI]
	if d == nil || d.version != data.Version || !bytes.Equal(d.text, d.analysed) {
		return nil, jsonrpc2.Errorf(codeContentModified, "asynclint: %s changed since the action was offered", data.URI)
	}
	edits, reason := s.planTwins(d, data.Start, data.End)
	if reason != "" {
		msg := fmt.Sprintf("asynclint: %s: %s", title, reason)
		fmt.Fprintln(s.log, msg)
		s.notifyShow(protocol.MessageTypeWarning, msg)
		return action, nil
	}
	edit, err := json.Marshal(s.workspaceEdit(edits))
	if err != nil {
		return nil, fmt.Errorf("asynclint: encoding the edit: %w", err)
	}
	action["edit"] = edit
	return action, nil
}

// planTwins plans `fix --twins` for the AL1xx findings of d at the call
// site [start, end): the edits, or why there are none.
func (s *server) planTwins(d *document, start, end int) ([]finding.Edit, string) {
	cfg := d.cfg
	if cfg == nil {
		cfg = s.configFor(d.path)
	}
	overlay := map[string][]byte{}
	for _, o := range s.sortedDocs() {
		if o.lang == "python" {
			overlay[o.path] = o.text
		}
	}
	roots, context := s.pyScope(d.path)
	if roots[0] == d.path && len(context) == 0 {
		overlay = map[string][]byte{d.path: d.text} // alone: no other file is read
	}
	res, err := pycheck.Run(roots, pythonOptions(roots, context, cfg, overlay))
	if err != nil {
		return nil, fmt.Sprintf("analysing %s: %v", strings.Join(roots, ", "), err)
	}
	var site []finding.Finding
	for _, f := range res.Findings {
		if isTwinFix(f) && absPath(f.Path) == d.path && f.Start.Offset == start && f.End.Offset == end && keep(cmp.Or(d.near, cfg), f) {
			site = append(site, f)
		}
	}
	if len(site) == 0 {
		return nil, "the finding is gone (a file it depends on changed): nothing to fix"
	}
	plan, err := rewriter.PlanPython(res.Project, site, rewriter.PyOptions{Twins: true, Library: cfg.AsyncLibrary, TwinName: cfg.TwinFor})
	if err != nil {
		return nil, fmt.Sprintf("planning the twin: %v", err)
	}
	if len(plan.Changes) == 0 || len(plan.Fixed) == 0 {
		var reasons []string
		for _, m := range plan.Manual {
			reasons = append(reasons, m.Reason)
		}
		for _, sk := range plan.Skipped {
			reasons = append(reasons, fmt.Sprintf("%s %v", filepath.Base(sk.Path), sk.Err))
		}
		slices.Sort(reasons)
		if reasons = slices.Compact(reasons); len(reasons) == 0 {
			reasons = []string{"the rewriter found nothing to change"}
		}
		return nil, "left for a human: " + strings.Join(reasons, "; ")
	}
	return planEdits(plan.Changes), ""
}
