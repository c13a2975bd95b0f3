package waits

import (
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Chain is how a function ends up blocking: the calls from its body down
// to the blocking call. Analyzers that follow calls through functions
// without a context (AL201, AL202) keep one in their facts.
type Chain struct {
	// Reason spells the chain for messages: "calls f, which calls
	// time.Sleep", its middle elided when long.
	Reason string
	// Pos is where the blocking call is: "file.go:12".
	Pos string
	// Hops are the calls, first the one in the function's own body, last
	// the blocking call.
	Hops []Hop
	// Note says more about the blocking call, unchanged along the chain
	// (AL202: the context variant it ignores).
	Note string
}

// Hop is one call of a Chain.
type Hop struct {
	// Callee names what is called, as seen from the function making the
	// call: "helper", "b.Sleepy", "time.Sleep", "http.Get".
	Callee string
	// File, Line and Col locate the call (File is the full path).
	File      string
	Line, Col int
	// Pos is the call's position in the file set it was found in; valid
	// in another package's pass only when its file set holds the same file
	// (see Related).
	Pos token.Pos
}

// maxHops bounds the chain a message spells out.
const maxHops = 3

// maxChain bounds the hops a fact carries: the chain's start and its end.
const maxChain = 16

// NewChain returns the chain of a function that blocks by itself: callee is
// the blocking call's name (as Reason spells it) at pos.
func NewChain(fset *token.FileSet, callee string, pos token.Pos) *Chain {
	return &Chain{Reason: "calls " + callee, Pos: shortPos(fset, pos), Hops: []Hop{newHop(fset, callee, pos)}}
}

// Through returns the chain of a function that blocks by calling, at pos,
// the function named callee whose chain is c.
func (c *Chain) Through(fset *token.FileSet, callee string, pos token.Pos) *Chain {
	parts := strings.Split(c.Reason, ", which ")
	if len(parts) > maxHops {
		parts = []string{parts[0], "...", parts[len(parts)-1]}
	}
	hops := append([]Hop{newHop(fset, callee, pos)}, c.Hops...)
	if len(hops) > maxChain {
		hops = append(hops[:maxChain-1:maxChain-1], hops[len(hops)-1])
	}
	return &Chain{Reason: "calls " + callee + ", which " + strings.Join(parts, ", which "), Pos: c.Pos, Hops: hops, Note: c.Note}
}

func newHop(fset *token.FileSet, callee string, pos token.Pos) Hop {
	p := fset.Position(pos)
	return Hop{Callee: callee, File: p.Filename, Line: p.Line, Col: p.Column, Pos: pos}
}

// Related returns the hops as the related locations of a diagnostic, the
// blocking call last, its message prefixed by last ("blocking call"); nil when a hop is not in the pass's file set (go vet
// analyses one package at a time): a chain is shown whole or not at all.
func (c *Chain) Related(pass *analysis.Pass, last string) []analysis.RelatedInformation {
	out := make([]analysis.RelatedInformation, 0, len(c.Hops))
	for i, h := range c.Hops {
		pos := h.Pos
		if !pos.IsValid() {
			return nil
		}
		if tf := pass.Fset.File(pos); tf == nil || tf.Name() != h.File || tf.Position(pos).Line != h.Line {
			return nil
		}
		msg := "calls " + h.Callee
		if i == len(c.Hops)-1 {
			msg = last + ": " + h.Callee
		}
		out = append(out, analysis.RelatedInformation{Pos: pos, Message: msg})
	}
	return out
}

// shortPos writes pos as "file.go:12".
func shortPos(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// DisplayName names a function as seen from package from: "f", "pkg.F",
// "(*T).M", "(*pkg.T).M".
func DisplayName(f *types.Func, from *types.Package) string {
	qual := ""
	if f.Pkg() != nil && f.Pkg() != from {
		qual = f.Pkg().Name() + "."
	}
	recv := f.Signature().Recv()
	if recv == nil {
		return qual + f.Name()
	}
	t := recv.Type()
	ptr := false
	if p, ok := t.(*types.Pointer); ok {
		ptr, t = true, p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return qual + f.Name()
	}
	if ptr {
		return "(*" + qual + n.Obj().Name() + ")." + f.Name()
	}
	return qual + n.Obj().Name() + "." + f.Name()
}

// A ChainFunc is one declared function for SolveChains.
type ChainFunc struct {
	Func *types.Func
	// Leaf is set when the function blocks by itself.
	Leaf *Chain
	// Calls are the calls its own call waits for, in source order.
	Calls []ChainCall
}

// ChainCall is one call of a ChainFunc.
type ChainCall struct {
	Callee *types.Func
	Pos    token.Pos
}

// SolveChains finds, to a fixed point, the functions of a package that
// block: by themselves, or by a call of a function that blocks (local, or
// imported, which imported reports). It works in rounds so that each
// function's chain is a shortest one.
func SolveChains(pass *analysis.Pass, fns []*ChainFunc, imported func(*types.Func) *Chain) map[*types.Func]*Chain {
	blocking := map[*types.Func]*Chain{}
	for _, f := range fns {
		if f.Leaf != nil {
			blocking[f.Func] = f.Leaf
		}
	}
	lookup := func(fn *types.Func) *Chain {
		if fn.Pkg() == pass.Pkg {
			return blocking[fn]
		}
		return imported(fn)
	}
	for {
		found := map[*types.Func]*Chain{}
		for _, f := range fns {
			if blocking[f.Func] != nil {
				continue
			}
			for _, c := range f.Calls {
				if ch := lookup(c.Callee); ch != nil {
					found[f.Func] = ch.Through(pass.Fset, DisplayName(c.Callee, pass.Pkg), c.Pos)
					break
				}
			}
		}
		if len(found) == 0 {
			return blocking
		}
		for k, v := range found {
			blocking[k] = v
		}
	}
}
