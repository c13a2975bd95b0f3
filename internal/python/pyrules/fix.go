package pyrules

import (
	"fmt"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/textedit"
	"github.com/asynclint/asynclint/pyparse"
)

// FixContext is what a rule's fix depends on besides the module.
type FixContext struct {
	// Library is the configured async library ("asyncio", "trio",
	// "anyio"; "" for asyncio), used where the module imports none.
	Library string
	// ImportedBy reports whether another module of the tree imports the
	// qualified name (an import a fix would leave unused is kept then);
	// nil: none does.
	ImportedBy func(qual string) bool
}

// fixer makes the fixes of one module's findings: on the module itself when
// it has its syntax tree, else on a parse of its source made once, when the
// first fix is asked for, and dropped with the fixer.
type fixer struct {
	m    *pyparse.Module
	fc   FixContext
	full *pyparse.Module
	p    *pyparse.Parser
	// shared: p is the caller's, not closed with the fixer
	shared bool
	err    error
}

func (fx *fixer) close() {
	if fx.p != nil && !fx.shared {
		fx.p.Close()
	}
}

// fix returns r's fix of call c of fx.m, or why there is none: none for a
// module with a syntax error (never rewritten), and none when the fixed
// source would not parse.
func (fx *fixer) fix(r *Direct, c *pyparse.Call) (*finding.Fix, string) {
	m := fx.m
	if m.SyntaxError != nil {
		return nil, "the file has a syntax error"
	}
	fm, fc := fx.model(c)
	if fc == nil {
		return nil, "the call is not found in a full parse of the file"
	}
	fix, reason := r.Fix(fm, fc, fx.fc)
	if fix == nil {
		return nil, reason
	}
	out, err := textedit.Apply(m.Source(), fix.Edits)
	if err != nil {
		return nil, fmt.Sprintf("the fix does not apply: %v", err)
	}
	if ok, err := fx.parser().Parses(fm, fix.Edits, out); err != nil || !ok {
		return nil, "the fixed file would not parse"
	}
	return fix, ""
}

func (fx *fixer) parser() *pyparse.Parser {
	if fx.p == nil {
		fx.p = pyparse.NewParser()
	}
	return fx.p
}

// model returns the model and call to build a fix on: fx.m and c when fx.m
// has its tree, else the same call of a full parse of its source.
func (fx *fixer) model(c *pyparse.Call) (*pyparse.Module, *pyparse.Call) {
	m := fx.m
	if m.Tree != nil && c.Node != nil && c.Scope != nil {
		return m, c
	}
	if fx.full == nil && fx.err == nil {
		fx.full, fx.err = fx.parser().Parse(m.Path, m.Source(), pyparse.Options{Name: m.Name, IsPackage: m.IsPackage})
	}
	if fx.full == nil {
		return nil, nil
	}
	for _, fc := range fx.full.Calls {
		if fc.Span == c.Span && fc.Callee == c.Callee {
			return fx.full, fc
		}
	}
	return nil, nil
}
