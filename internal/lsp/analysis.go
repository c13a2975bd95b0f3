package lsp

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/asynclint/asynclint/internal/driver/config"
	"github.com/asynclint/asynclint/internal/driver/project"
	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/golang/gocheck"
	"github.com/asynclint/asynclint/internal/golang/gomod"
	"github.com/asynclint/asynclint/internal/python/pycheck"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// folder is a workspace folder: a root the Python analysis walks, and the
// configuration that applies there.
type folder struct {
	root string
	cfg  *config.Config
}

// document is an open text document.
type document struct {
	uri     string
	path    string // absolute
	lang    string // "python", "go" or "" (not analysed)
	version int32
	text    []byte
	// findings are the document's findings, from an analysis of analysed
	// (the buffer for Python; the file on disk at the last open or save
	// for Go). Fixes are offered only while text equals analysed.
	findings []finding.Finding
	analysed []byte
	// cfg is the configuration the findings were computed with (what
	// applies to the whole analysis: the async library, twin names);
	// near is the file's nearest, which keeps its findings and gives
	// their severity (nil: cfg).
	cfg, near *config.Config
	// fixProj is an analysis of this buffer alone, without the cache
	// (whose summaries hold no syntax trees), that the Python rewriter
	// plans fixes on; made when first needed, for the text fixText.
	fixProj *pycheck.Project
	fixText []byte
	// twins holds, for the AL1xx call sites of the findings (by siteKey),
	// the twin their quick fix awaits.
	twins map[string]twinSite
	// stdlib holds, for Go findings, the standard-library form of the AL200
	// fix where it differs from the finding's own (the asyncrt form).
	stdlib map[string]*finding.Fix
}

// uriPath is the absolute path of a file:// URI.
func uriPath(uri string) (string, bool) {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" || u.Path == "" {
		return "", false
	}
	p := filepath.Clean(filepath.FromSlash(u.Path))
	if !filepath.IsAbs(p) {
		return "", false
	}
	return p, true
}

// pathURI is the file:// URI of an absolute path.
func pathURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// languageOf names the analysis a document gets, from its language id or,
// failing that, its file name.
func languageOf(languageID, path string) string {
	switch {
	case languageID == "python" || strings.HasSuffix(path, ".py") || strings.HasSuffix(path, ".pyi"):
		return "python"
	case languageID == "go" || strings.HasSuffix(path, ".go"):
		return "go"
	}
	return ""
}

func (s *server) newFolder(root string) *folder {
	f := &folder{root: filepath.Clean(root)}
	f.cfg = s.findConfig(f.root, nil)
	return f
}

// findConfig returns the configuration that applies at dir; on an error
// (a broken file) it tells the user and keeps old, or the defaults.
func (s *server) findConfig(dir string, old *config.Config) *config.Config {
	cfg, err := config.Find(dir)
	if err != nil {
		s.showError(fmt.Sprintf("asynclint: configuration not loaded: %v", err))
		if old != nil {
			return old
		}
		return &config.Config{}
	}
	return cfg
}

// reloadConfig reads every folder's configuration again; an error still
// there is shown again.
func (s *server) reloadConfig() {
	s.shown = nil
	for _, f := range s.folders {
		f.cfg = s.findConfig(f.root, f.cfg)
	}
}

// folderOf returns the innermost workspace folder holding path, or nil.
func (s *server) folderOf(path string) *folder {
	var best *folder
	for _, f := range s.folders {
		if rel, err := filepath.Rel(f.root, path); err == nil && filepath.IsLocal(rel) {
			if best == nil || len(f.root) > len(best.root) {
				best = f
			}
		}
	}
	return best
}

// keep applies what `check` applies after the analyses: the selection, the
// per-file ignores and the excludes of the configuration.
func keep(cfg *config.Config, f finding.Finding) bool {
	return (cfg.Enabled(f.Code) || finding.IsFileError(f.Code)) && !cfg.IgnoredIn(f.Path, f.Code) && !cfg.Excluded(f.Path)
}

// analysePython checks every open Python document: those in a workspace
// folder against the folder's files on disk with every open buffer laid
// over them (so AL100 follows unsaved helpers); the others, as `check FILE`
// checks a file, as part of their project (project.Of) with the open
// buffers laid over it, or on their own when they have none.
func (s *server) analysePython() {
	byFolder := map[*folder][]*document{}
	type lone struct {
		project string
		cfg     *config.Config
		docs    []*document
	}
	var alone []*lone
	overlay := map[string][]byte{}
	for _, d := range s.sortedDocs() {
		if d.lang != "python" {
			continue
		}
		overlay[d.path] = d.text
		if f := s.folderOf(d.path); f != nil {
			byFolder[f] = append(byFolder[f], d)
			continue
		}
		cfg := s.findConfig(filepath.Dir(d.path), nil)
		p := ""
		if _, context := s.pyScope(d.path); len(context) > 0 {
			p = context[0]
			if cfg.Excluded(d.path) {
				// As in a workspace folder, whose walk skips it: not
				// checked, and not a root the others' calls lead into.
				d.findings, d.analysed, d.cfg, d.twins = nil, d.text, cfg, nil
				continue
			}
		}
		// The documents of one project under one configuration are
		// checked in one run, as `check FILE...` checks them.
		i := slices.IndexFunc(alone, func(l *lone) bool { return p != "" && l.project == p && l.cfg.Dir() == cfg.Dir() })
		if i < 0 {
			alone = append(alone, &lone{project: p, cfg: cfg})
			i = len(alone) - 1
		}
		alone[i].docs = append(alone[i].docs, d)
	}
	s.parsed, s.cached = 0, 0
	for _, f := range s.folders {
		if docs := byFolder[f]; len(docs) > 0 {
			s.runPython([]string{f.root}, nil, f.cfg, overlay, docs)
		}
	}
	for _, l := range alone {
		var roots []string
		for _, d := range l.docs {
			roots = append(roots, d.path)
		}
		if l.project == "" {
			d := l.docs[0]
			s.runPython(roots, nil, l.cfg, map[string][]byte{d.path: d.text}, l.docs)
			continue
		}
		s.runPython(roots, []string{l.project}, l.cfg, overlay, l.docs)
	}
	if s.cache != nil {
		s.cache.Sweep() // keep what this analysis used: older buffer versions go
	}
}

// pyScope is what a Python analysis of the document at path walks: its
// workspace folder, or the document with its project as context, or the
// document alone.
func (s *server) pyScope(path string) (roots, context []string) {
	if f := s.folderOf(path); f != nil {
		return []string{f.root}, nil
	}
	// The document's directory, not the file: a new buffer is not on disk.
	if p := project.Root(filepath.Dir(path)); p != "" {
		return []string{path}, []string{p}
	}
	return []string{path}, nil
}

// runPython runs the Python analysis over roots and hands each document
// its findings.
func (s *server) runPython(roots, context []string, cfg *config.Config, overlay map[string][]byte, docs []*document) {
	opts := pythonOptions(roots, context, cfg, overlay)
	opts.Cache = s.cache
	res, err := pycheck.Run(roots, opts)
	if err != nil {
		s.notifyLogf("asynclint: Python analysis of %s: %v", strings.Join(roots, ", "), err)
		return
	}
	s.parsed += res.CacheMisses
	s.cached += res.CacheHits
	key := strings.Join(roots, "\x00")
	if w := pycheck.AmbiguityWarning(res.Ambiguous, filepath.ToSlash); w != s.warned[key] {
		if s.warned == nil {
			s.warned = map[string]string{}
		}
		s.warned[key] = w
		if w != "" {
			s.notifyLog(protocol.MessageTypeWarning, "asynclint: "+w)
		}
	}
	// Each file's findings are kept by its nearest configuration, as
	// check keeps them (the analysis ran every rule).
	byDir := map[string]*config.Config{}
	nearest := func(path string) *config.Config {
		dir := filepath.Dir(path)
		if byDir[dir] == nil {
			byDir[dir] = s.findConfig(dir, cfg)
		}
		return byDir[dir]
	}
	byPath := map[string][]finding.Finding{}
	for _, f := range res.Findings {
		if keep(nearest(f.Path), f) {
			byPath[f.Path] = append(byPath[f.Path], f)
		}
	}
	twins := twinSites(res.Project, cfg)
	for _, d := range docs {
		d.findings, d.analysed, d.cfg, d.near, d.twins = byPath[d.path], d.text, cfg, nearest(d.path), twins[d.path]
	}
}

// pythonOptions are the options of a Python analysis of roots (with
// context, pycheck.Options.Context) under cfg, with overlay laid over the
// files on disk, as `check` runs it.
func pythonOptions(roots, context []string, cfg *config.Config, overlay map[string][]byte) pycheck.Options {
	exclude, base := cfg.WalkExclude()
	return pycheck.Options{
		// Every rule: each file's findings are kept by its nearest
		// configuration (see runPython).
		Select:         []string{"ALL"},
		Extra:          cfg.Extras(),
		Exclude:        exclude,
		Context:        context,
		ContextExclude: exclude,
		ExcludeBase:    base,
		NoSites:        true,
		// Models, not trees, as check keeps: the rewriter parses again
		// the files a resolved twin fix edits.
		NoTrees: true,
		Overlay: overlay,
		Library: cfg.AsyncLibrary,
	}
}

// analyseGo checks the Go package of d as it is on disk, and hands the
// findings to every open Go document of that package. The analysis runs
// twice: the second time for the standard-library form of AL200's fix,
// offered beside the asyncrt form.
func (s *server) analyseGo(d *document) {
	dir := filepath.Dir(d.path)
	var docs []*document
	for _, o := range s.sortedDocs() {
		if o.lang == "go" && filepath.Dir(o.path) == dir {
			docs = append(docs, o)
		}
	}
	mod := gomod.Root(dir)
	if mod == "" {
		for _, o := range docs {
			o.findings, o.analysed = nil, o.text
		}
		return
	}
	pattern := "."
	if rel, err := filepath.Rel(mod, dir); err == nil && rel != "." {
		pattern = "./" + filepath.ToSlash(rel)
	}
	cfg := s.configFor(d.path)
	opts := gocheck.Options{Select: cfg.Select, Ignore: cfg.Ignore, Tests: true}
	res, err := gocheck.Run(mod, []string{pattern}, opts)
	if err != nil {
		s.notifyLogf("asynclint: Go analysis of %s: %v", dir, err)
		return
	}
	stdlib := map[string]*finding.Fix{}
	if slices.ContainsFunc(res.Findings, func(f finding.Finding) bool { return f.Code == "AL200" && f.Fix != nil }) {
		opts.Stdlib = true
		if alt, err := gocheck.Run(mod, []string{pattern}, opts); err == nil {
			for _, f := range alt.Findings {
				if f.Fix != nil {
					stdlib[findingKey(absPath(f.Path), f)] = f.Fix
				}
			}
		}
	}
	byPath := map[string][]finding.Finding{}
	for _, f := range res.Findings {
		f.Path = absPath(f.Path)
		for i := range f.Related {
			f.Related[i].Path = absPath(f.Related[i].Path)
		}
		if f.Fix != nil {
			fix := *f.Fix
			fix.Edits = slices.Clone(fix.Edits)
			for i := range fix.Edits {
				fix.Edits[i].Path = absPath(fix.Edits[i].Path)
			}
			f.Fix = &fix
		}
		if keep(cfg, f) {
			byPath[f.Path] = append(byPath[f.Path], f)
		}
	}
	for _, o := range docs {
		disk, err := os.ReadFile(o.path)
		if err != nil {
			disk = nil
		}
		// Kept by the run's configuration, as check keeps Go's; the
		// severity is the file's nearest, as for Python.
		o.findings, o.analysed, o.cfg, o.stdlib = byPath[o.path], disk, cfg, map[string]*finding.Fix{}
		o.near = s.findConfig(filepath.Dir(o.path), cfg)
		for _, f := range o.findings {
			k := findingKey(o.path, f)
			if alt := stdlib[k]; alt != nil && !sameEdits(alt, f.Fix) {
				o.stdlib[k] = alt
			}
		}
	}
}

// configFor is the configuration of the folder holding path, or the one
// found from its directory.
func (s *server) configFor(path string) *config.Config {
	if f := s.folderOf(path); f != nil {
		return f.cfg
	}
	return s.findConfig(filepath.Dir(path), nil)
}

// findingKey identifies a finding across two analyses of the same files.
func findingKey(path string, f finding.Finding) string {
	return fmt.Sprintf("%s:%d:%d:%s", path, f.Start.Line, f.Start.Col, f.Code)
}

func sameEdits(a, b *finding.Fix) bool {
	if a == nil || b == nil {
		return a == b
	}
	return slices.EqualFunc(a.Edits, b.Edits, func(x, y finding.Edit) bool {
		return x.Start.Offset == y.Start.Offset && x.End.Offset == y.End.Offset && x.NewText == y.NewText
	})
}

// absPath makes a path the analyses give relative to the working directory
// absolute.
func absPath(p string) string {
	if abs, err := filepath.Abs(filepath.FromSlash(p)); err == nil {
		return abs
	}
	return p
}

// sortedDocs returns the open documents by URI, so that every pass over
// them is in one order.
func (s *server) sortedDocs() []*document {
	docs := make([]*document, 0, len(s.docs))
	for _, d := range s.docs {
		docs = append(docs, d)
	}
	slices.SortFunc(docs, func(a, b *document) int { return strings.Compare(a.uri, b.uri) })
	return docs
}

// textOf is the current text of path: the open buffer, else the file.
func (s *server) textOf(path string) []byte {
	for _, d := range s.docs {
		if d.path == path {
			return d.text
		}
	}
	src, _ := os.ReadFile(path)
	return src
}

// uriOf is the URI to name path by: the open document's own, else one
// made from the path.
func (s *server) uriOf(path string) string {
	for _, d := range s.docs {
		if d.path == path {
			return d.uri
		}
	}
	return pathURI(path)
}

func (s *server) notifyLogf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintln(s.log, msg)
	s.notifyLog(protocol.MessageTypeInfo, msg)
}
