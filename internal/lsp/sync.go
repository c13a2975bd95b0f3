package lsp

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/asynclint/asynclint/internal/driver/config"
	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/ruledoc"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

func (s *server) didOpen(ctx context.Context, p *protocol.DidOpenTextDocumentParams) {
	path, ok := uriPath(p.TextDocument.URI)
	if !ok {
		return // not a file on disk (untitled:, git:): not analysed
	}
	d := &document{
		uri:     p.TextDocument.URI,
		path:    path,
		lang:    languageOf(p.TextDocument.LanguageID, path),
		version: p.TextDocument.Version,
		text:    []byte(p.TextDocument.Text),
	}
	s.docs[d.uri] = d
	s.refresh(ctx, d, true)
}

func (s *server) didChange(ctx context.Context, p *protocol.DidChangeTextDocumentParams) error {
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		return fmt.Errorf("%s: didChange for a document that is not open", p.TextDocument.URI)
	}
	for _, c := range p.ContentChanges {
		switch c := c.(type) {
		case protocol.TextDocumentContentChangeEventWhole:
			d.text = []byte(c.Text)
		case protocol.TextDocumentContentChangeEvent:
			if c.Range == nil {
				d.text = []byte(c.Text)
				continue
			}
			t := newText(d.text)
			start, end := t.offset(c.Range.Start), t.offset(c.Range.End)
			if end < start {
				return fmt.Errorf("%s: change range ends before it starts", d.uri)
			}
			d.text = slices.Concat(d.text[:start], []byte(c.Text), d.text[end:])
		}
	}
	d.version = p.TextDocument.Version
	if d.lang == "python" {
		s.refresh(ctx, d, true)
	}
	return nil
}

func (s *server) didSave(ctx context.Context, p *protocol.DidSaveTextDocumentParams) {
	if d := s.docs[p.TextDocument.URI]; d != nil {
		if p.Text != nil {
			d.text = []byte(*p.Text)
		}
		s.refresh(ctx, d, true)
	}
}

func (s *server) didClose(ctx context.Context, p *protocol.DidCloseTextDocumentParams) {
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		return
	}
	delete(s.docs, d.uri)
	delete(s.published, d.uri)
	// Clear its diagnostics; the others now see the file as it is on disk.
	s.send(ctx, protocol.PublishDiagnosticsParams{URI: d.uri, Diagnostics: []protocol.Diagnostic{}})
	if d.lang == "python" {
		s.analysePython()
		s.publishAll(ctx, "")
	}
}

// didChangeWatchedFiles reloads the configuration when a configuration file
// changed and analyses again what a changed source may affect.
func (s *server) didChangeWatchedFiles(ctx context.Context, p *protocol.DidChangeWatchedFilesParams) {
	var cfgChanged, pyChanged, goChanged bool
	for _, c := range p.Changes {
		path, ok := uriPath(c.URI)
		if !ok {
			continue
		}
		switch name := filepath.Base(path); {
		case slices.Contains(config.FileNames, name):
			cfgChanged = true
		case filepath.Ext(name) == ".py":
			pyChanged = true
		case filepath.Ext(name) == ".go" || name == "go.mod":
			goChanged = true
		}
	}
	if cfgChanged {
		s.reloadConfig()
	}
	if cfgChanged || pyChanged {
		s.analysePython()
	}
	if cfgChanged || goChanged {
		done := map[string]bool{}
		for _, d := range s.sortedDocs() {
			if dir := filepath.Dir(d.path); d.lang == "go" && !done[dir] {
				done[dir] = true
				s.analyseGo(d)
			}
		}
	}
	if cfgChanged || pyChanged || goChanged {
		s.publishAll(ctx, "")
	}
}

// refresh analyses what d's language needs after d changed and publishes
// the diagnostics that changed; d's are sent even when unchanged, when
// force is set.
func (s *server) refresh(ctx context.Context, d *document, force bool) {
	switch d.lang {
	case "python":
		s.analysePython()
	case "go":
		s.analyseGo(d)
	default:
		return
	}
	forced := ""
	if force {
		forced = d.uri
	}
	s.publishAll(ctx, forced)
}

// publishAll sends the diagnostics of every open document whose
// diagnostics changed since they were last sent, and those of forced.
func (s *server) publishAll(ctx context.Context, forced string) {
	for _, d := range s.sortedDocs() {
		if d.lang == "" {
			continue
		}
		params := protocol.PublishDiagnosticsParams{URI: d.uri, Diagnostics: s.diagnostics(d)}
		if d.version >= 0 {
			v := uint32(d.version)
			params.Version = &v
		}
		js, _ := json.Marshal(params.Diagnostics)
		if d.uri != forced && s.published[d.uri] == string(js) {
			continue
		}
		s.published[d.uri] = string(js)
		s.send(ctx, params)
	}
}

func (s *server) send(ctx context.Context, params protocol.PublishDiagnosticsParams) {
	if err := s.conn.Notify(ctx, "textDocument/publishDiagnostics", params); err != nil {
		fmt.Fprintf(s.log, "asynclint server: publishing diagnostics of %s: %v\n", params.URI, err)
	}
}

// severity is a finding's severity: what the configuration's `severity`
// table says, else errors for the files asynclint could not read or parse
// and warnings for the rules (as ruff's server has them).
func severity(cfg *config.Config, code string) protocol.DiagnosticSeverity {
	if cfg != nil {
		switch cfg.SeverityOf(code) {
		case "error":
			return protocol.DiagnosticSeverityError
		case "warning":
			return protocol.DiagnosticSeverityWarning
		case "info":
			return protocol.DiagnosticSeverityInformation
		case "hint":
			return protocol.DiagnosticSeverityHint
		}
	}
	if finding.IsFileError(code) {
		return protocol.DiagnosticSeverityError
	}
	return protocol.DiagnosticSeverityWarning
}

// diagnostics converts d's findings: the code with its rule's link, the
// chain as related information (AL100's sleep, AL201's callee), the
// severity, and paths in messages shown relative to the workspace folder.
func (s *server) diagnostics(d *document) []protocol.Diagnostic {
	out := []protocol.Diagnostic{}
	t := newText(d.text)
	source := "asynclint"
	for _, f := range d.findings {
		sev := severity(cmp.Or(d.near, d.cfg), f.Code)
		diag := protocol.Diagnostic{
			Range:           t.rangeOf(f),
			Severity:        &sev,
			Code:            &protocol.IntegerOrString{Value: f.Code},
			CodeDescription: &protocol.CodeDescription{HRef: ruledoc.HelpURI(s.opts.HomeURI, f.Code)},
			Source:          &source,
			Message:         s.message(f),
		}
		for _, r := range f.Related {
			rt := newText(s.textOf(r.Path))
			pos := rt.position(r.Start)
			diag.RelatedInformation = append(diag.RelatedInformation, protocol.DiagnosticRelatedInformation{
				Location: protocol.Location{URI: s.uriOf(r.Path), Range: protocol.Range{Start: pos, End: pos}},
				Message:  r.Message,
			})
		}
		out = append(out, diag)
	}
	return out
}

// message is the finding's message with the places it names shown
// relative to their workspace folder, as `check` shows them relative to
// the working directory.
func (s *server) message(f finding.Finding) string {
	msg := f.Message
	for _, r := range f.Related {
		if fo := s.folderOf(r.Path); fo != nil {
			if rel, err := filepath.Rel(fo.root, r.Path); err == nil {
				msg = strings.ReplaceAll(msg, "("+r.Path+":", "("+filepath.ToSlash(rel)+":")
			}
		}
	}
	return msg
}
