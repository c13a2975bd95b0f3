package pyparse

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/python"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/textedit"
)

// Options describe the module being parsed.
type Options struct {
	// Name is the dotted module name; relative imports and the qualified
	// names of the module's own functions are built from it. It may be
	// empty for a file outside any known package.
	Name string
	// IsPackage marks a package's __init__.py.
	IsPackage bool
}

// Parser parses Python files. A Parser is not safe for concurrent use: use
// one per goroutine.
type Parser struct {
	ts  *sitter.Parser
	buf flat // reused between parses
	// nds is the chunk of child lists the last parse's builder handed
	// back (see builder.list), for the next one; parens the offsets of
	// its "(" (builder.parens), for the same
	nds    []nd
	parens []int
	// spare are the chunks of the inner scopes, bindings, argument spans
	// and nodes of the models whose trees DropTree dropped, for the next
	// parses
	spare spareChunks
}

// spareChunks are a Parser's pools of the chunks its builders' slabs cut
// from (see slab).
type spareChunks struct {
	mirrors  chunkPool[nodeMirror]
	scopes   chunkPool[Scope]
	bindings chunkPool[Binding]
	names    chunkPool[NameBindings]
	spans    chunkPool[Span]
	exprs    chunkPool[Expr]
	steps    chunkPool[string]
}

// usedChunks are a model's pooled slabs, whose chunks go back to the
// Parser's pools when the model drops its tree (Parser.DropTree).
type usedChunks struct {
	p        *Parser
	mirrors  slab[nodeMirror]
	scopes   slab[Scope]
	bindings slab[Binding]
	names    slab[NameBindings]
	spans    slab[Span]
	exprs    slab[Expr]
	steps    slab[string]
}

// DropTree is m.DropTree, and then gives the memory of what it dropped
// (inner scopes, their bindings, argument spans, nodes, the shapes of
// expressions the model was built from) back to p, for
// its next parses to reuse rather than ask the system for more: a batch
// check keeps hundreds of models without a collection. m must have been
// built by p; p must not be in use elsewhere.
func (p *Parser) DropTree(m *Module) {
	u := m.used
	m.DropTree()
	if u == nil || u.p != p {
		return
	}
	u.mirrors.release()
	u.scopes.release()
	u.bindings.release()
	u.names.release()
	u.spans.release()
	u.exprs.release()
	u.steps.release()
}

// NewParser returns a parser for Python 3.
func NewParser() *Parser {
	p := sitter.NewParser()
	p.SetLanguage(lang())
	return &Parser{ts: p}
}

// Close releases the parser's C memory.
func (p *Parser) Close() { p.ts.Close() }

var (
	langOnce sync.Once
	pyLang   *sitter.Language
	kinds    []kind
	// field ids of the grammar's fields the builder reads (0: none)
	fieldModuleName, fieldName, fieldAlias int
)

// targetKinds are the prunable kinds whose children assignment targets
// need even when they hold no call.
var targetKinds = map[string]bool{
	"tuple": true, "list": true, "expression_list": true, "pattern_list": true,
	"tuple_pattern": true, "list_pattern": true, "list_splat": true,
}

func lang() *sitter.Language {
	langOnce.Do(func() {
		pyLang = python.GetLanguage()
		n := pyLang.SymbolCount()
		kinds = make([]kind, n)
		namedSym = make([]bool, n)
		symNames = make([]string, n)
		symFlags = make([]uint8, n)
		mentionStop = make([]uint8, n)
		for i := uint32(0); i < n; i++ {
			name := pyLang.SymbolName(sitter.Symbol(i))
			symNames[i] = name
			switch name {
			case "import_statement", "import_from_statement", "future_import_statement", "global_statement", "nonlocal_statement", "string":
				mentionStop[i] = 1
			}
			kinds[i] = kindByName[name]
			namedSym[i] = pyLang.SymbolType(sitter.Symbol(i)) == sitter.SymbolTypeRegular
			if kinds[i] == kPrunable && !targetKinds[name] || kinds[i] == kString {
				symFlags[i] |= flagPrune
			}
			if kinds[i] == kFunction || kinds[i] == kClass || kinds[i] == kCall {
				symFlags[i] |= flagKeep
			}
			if !namedSym[i] && name != "async" {
				// A token the builder never reads (it reads `async`
				// before a def or a with): left out of the flat tree.
				symFlags[i] |= flagSkip
			}
			if kinds[i] == kImport || kinds[i] == kImportFrom || name == "aliased_import" {
				symFlags[i] |= flagFields
			}
		}
		for i := 1; ; i++ {
			name := pyLang.FieldName(i)
			if name == "" {
				break
			}
			switch name {
			case "module_name":
				fieldModuleName = i
			case "name":
				fieldName = i
			case "alias":
				fieldAlias = i
			}
		}
		// The direct walk reads tree-sitter's structures: used only
		// when it reads a sample as tree-sitter's own cursor does.
		setDirectFlatten(flatSelfCheck())
	})
	return pyLang
}

// tree parses body (src without its byte order mark). It returns the text
// the tree was parsed from: body, or a copy with the same offsets where
// Python's reading differs from tree-sitter's (lone CR line breaks, line
// breaks inside brackets; see joinBracketLines).
func (p *Parser) tree(body []byte) (*sitter.Tree, []byte, error) {
	body = loneCRs(body)
	tree, err := p.ts.ParseCtx(context.Background(), nil, body)
	if err != nil {
		return nil, nil, err
	}
	if tree.RootNode().HasError() {
		// A grammar gap, not a syntax error, when the file parses with
		// the line breaks inside brackets joined.
		if joined, ok := joinBracketLines(body); ok {
			if t, err := p.ts.ParseCtx(context.Background(), nil, joined); err == nil {
				if t.RootNode().HasError() {
					t.Close()
				} else {
					tree.Close()
					tree, body = t, joined
				}
			}
		}
	}
	return tree, body, nil
}

// SyntaxError parses src as Parse does, without building the model, and
// returns its first syntax error, nil if it has none.
func (p *Parser) SyntaxError(path string, src []byte) (*SyntaxError, error) {
	m := &Module{Path: path, src: src}
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		m.BOM = 3
	}
	tree, body, err := p.tree(src[m.BOM:])
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	defer tree.Close()
	root := tree.RootNode()
	if !root.HasError() {
		return nil, nil
	}
	b := &builder{m: m, src: body, base: m.BOM}
	return b.firstError(root), nil
}

// Parses reports whether out, m's source with edits applied (as
// textedit.Apply applies them), parses without a syntax error: what
// SyntaxError(m.Path, out) == nil reports, but reusing m's tree, so that
// tree-sitter reparses only around the edits. Where the tree cannot be
// reused (m has none, its source was normalised before parsing, an edit
// touches the byte order mark) and where the reparse finds an error, the
// answer is SyntaxError's on out parsed whole.
func (p *Parser) Parses(m *Module, edits []finding.Edit, out []byte) (bool, error) {
	edits = textedit.Sorted(edits)
	if old := m.reusableTree(edits, out); old != nil {
		tree := old.Copy()
		defer tree.Close()
		// Applied last first, each edit's offsets stay those of m's source.
		for i := len(edits) - 1; i >= 0; i-- {
			e := edits[i]
			start, end := e.Start.Offset-m.BOM, e.End.Offset-m.BOM
			sp := tsPoint(m.Source()[m.BOM:], start)
			tree.Edit(sitter.EditInput{
				StartIndex:  uint32(start),
				OldEndIndex: uint32(end),
				NewEndIndex: uint32(start + len(e.NewText)),
				StartPoint:  sp,
				OldEndPoint: tsPoint(m.Source()[m.BOM:], end),
				NewEndPoint: advance(sp, e.NewText),
			})
		}
		if t, err := p.ts.ParseCtx(context.Background(), tree, out[m.BOM:]); err == nil {
			ok := !t.RootNode().HasError()
			t.Close()
			if ok {
				return true, nil
			}
		}
	}
	se, err := p.SyntaxError(m.Path, out)
	return err == nil && se == nil, err
}

// reusableTree returns m's tree when Parses can edit a copy of it for
// edits giving out: m's tree was parsed from m's source itself (no line break
// normalised, no lines joined), out needs no normalising either, and the
// edits, sorted and disjoint, leave the byte order mark alone.
func (m *Module) reusableTree(edits []finding.Edit, out []byte) *sitter.Tree {
	if m.Tree == nil || !m.treeOfSrc || len(out) <= m.BOM {
		return nil
	}
	last := m.BOM
	for _, e := range edits {
		if e.Start.Offset < last || e.End.Offset < e.Start.Offset || e.End.Offset > len(m.Source()) {
			return nil
		}
		last = e.End.Offset
	}
	ob := out[m.BOM:]
	if n := loneCRs(ob); &n[0] != &ob[0] {
		return nil
	}
	return m.Tree
}

// tsPoint is tree-sitter's point (row, byte column) of offset off of body.
func tsPoint(body []byte, off int) sitter.Point {
	head := body[:off]
	row := bytes.Count(head, []byte{'\n'})
	return sitter.Point{Row: uint32(row), Column: uint32(off - (bytes.LastIndexByte(head, '\n') + 1))}
}

// advance is the point after text inserted at p.
func advance(p sitter.Point, text string) sitter.Point {
	if n := strings.Count(text, "\n"); n > 0 {
		return sitter.Point{Row: p.Row + uint32(n), Column: uint32(len(text) - (strings.LastIndexByte(text, '\n') + 1))}
	}
	return sitter.Point{Row: p.Row, Column: p.Column + uint32(len(text))}
}

// Parse parses src (UTF-8, optionally starting with a byte order mark) and
// builds its model. It never fails: syntax errors are recorded in
// Module.SyntaxError and the recovered tree is modelled. The model's
// names and texts share src's bytes (no copy each): src must not change
// afterwards.
func (p *Parser) Parse(path string, src []byte, opts Options) (*Module, error) {
	m := &Module{Path: path, Name: opts.Name, IsPackage: opts.IsPackage, src: src}
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		m.BOM = 3
	}
	tree, body, err := p.tree(src[m.BOM:])
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	m.Tree = tree
	m.treeOfSrc = len(body) == len(src)-m.BOM && (len(body) == 0 || &body[0] == &src[m.BOM])
	b := &builder{m: m, src: body, base: m.BOM}
	b.mirrors.max = mirrorChunk
	p.buf.flatten(tree, tree.RootNode(), b.src)
	b.f = &p.buf
	// No list outlives the parse, nor the parens: the next one reuses
	// their memory.
	b.nds, b.parens = p.nds[:0], p.parens[:0]
	// What DropTree drops may come from, and go back to, p's pools.
	b.mirrors.pool, b.scopeSlab.pool, b.bindingSlab.pool = &p.spare.mirrors, &p.spare.scopes, &p.spare.bindings
	b.namesSlab.pool, b.spanSlab.pool = &p.spare.names, &p.spare.spans
	b.exprSlab.pool, b.stepSlab.pool = &p.spare.exprs, &p.spare.steps
	for i := 0; ; i++ {
		j := bytes.IndexByte(b.src[i:], '(')
		if j < 0 {
			break
		}
		i += j
		b.parens = append(b.parens, i)
	}
	b.build(0)
	p.nds, b.nds = b.nds[:0], nil
	p.parens, b.parens = b.parens[:0], nil
	m.used = &usedChunks{p: p, mirrors: b.mirrors, scopes: b.scopeSlab, bindings: b.bindingSlab,
		names: b.namesSlab, spans: b.spanSlab, exprs: b.exprSlab, steps: b.stepSlab}
	b.f = nil
	p.buf.tree = nil
	m.Directives = m.inComments(directiveLines(src))
	if root := tree.RootNode(); root.HasError() {
		m.SyntaxError = b.firstError(root)
	}
	if m.SyntaxError == nil {
		m.SyntaxError = b.invalid
	}
	return m, nil
}

// inComments keeps the directive lines (directiveLines) whose directive is
// a comment, as ruff reads `# noqa` from comment tokens: `"# noqa"` in a
// string, an f-string or a docstring suppresses nothing, while one later
// in a comment does (`# type: ignore # noqa`), as in ruff. The tree is
// asked only about the few lines a directive may be on.
func (m *Module) inComments(lines []Span) []Span {
	src := m.Source()
	out := lines[:0]
	for _, l := range lines {
		for i := l.Start; i < l.End; i++ {
			if src[i] != '#' || i < m.BOM || !isDirective(src[i+1:l.End]) {
				continue
			}
			if n := m.NamedNodeAt(Span{i, i + 1}); n != nil && n.Type() == "comment" {
				out = append(out, l)
				break
			}
		}
	}
	return out
}

// NodeSpan returns the byte range of n in the source.
func (m *Module) NodeSpan(n *sitter.Node) Span {
	return Span{int(n.StartByte()) + m.BOM, int(n.EndByte()) + m.BOM}
}

// Text returns the source text of s ("" when s is not within the source:
// a source read later that could not be read).
func (m *Module) Text(s Span) string {
	src := m.Source()
	if s.Start < 0 || s.End < s.Start || s.End > len(src) {
		return ""
	}
	return string(src[s.Start:s.End])
}

// FunctionAt returns the innermost def whose span holds off, nil if none.
func (m *Module) FunctionAt(off int) *Function {
	var best *Function
	for _, f := range m.Functions {
		if f.Span.Start <= off && off < f.Span.End {
			best = f
		}
	}
	return best
}

func (b *builder) firstError(n *sitter.Node) *SyntaxError {
	for {
		if n.IsMissing() {
			pos := b.m.Position(b.off(n.StartByte()))
			return &SyntaxError{Pos: pos, Message: fmt.Sprintf("expected `%s`", n.Type())}
		}
		if n.IsError() {
			pos := b.m.Position(b.off(n.StartByte()))
			if n.StartByte() >= uint32(len(b.src)) {
				return &SyntaxError{Pos: pos, Message: "unexpected end of file"}
			}
			tok := n
			for tok.ChildCount() > 0 {
				tok = tok.Child(0)
			}
			text := strings.TrimSpace(tok.Content(b.src))
			if i := strings.IndexAny(text, "\r\n"); i >= 0 {
				text = text[:i]
			}
			if len(text) > 40 {
				text = text[:40] + "..."
			}
			if text == "" {
				return &SyntaxError{Pos: pos, Message: "invalid syntax"}
			}
			return &SyntaxError{Pos: pos, Message: fmt.Sprintf("unexpected `%s`", text)}
		}
		next := (*sitter.Node)(nil)
		cnt := int(n.ChildCount())
		for i := 0; i < cnt; i++ {
			c := n.Child(i)
			if c.IsMissing() || c.IsError() || c.HasError() {
				next = c
				break
			}
		}
		if next == nil {
			pos := b.m.Position(b.off(n.StartByte()))
			return &SyntaxError{Pos: pos, Message: "invalid syntax"}
		}
		n = next
	}
}

func (b *builder) off(x uint32) int { return int(x) + b.base }

func (b *builder) hasParen(n nd) bool {
	s, e := int(b.f.start(n)), int(b.f.end(n))
	i := sort.SearchInts(b.parens, s)
	return i < len(b.parens) && b.parens[i] < e
}

// ParseTree only parses src into a tree-sitter tree, without building the
// model; benchmarks use it to measure the parsing floor.
func (p *Parser) ParseTree(src []byte) *sitter.Tree {
	t, _ := p.ts.ParseCtx(context.Background(), nil, src)
	return t
}

// hasInnerParen reports whether a "(" lies strictly inside n's delimiters
// (an argument or parameter list always holds its own).
func (b *builder) hasInnerParen(n nd) bool {
	s, e := int(b.f.start(n))+1, int(b.f.end(n))-1
	i := sort.SearchInts(b.parens, s)
	return i < len(b.parens) && b.parens[i] < e
}
