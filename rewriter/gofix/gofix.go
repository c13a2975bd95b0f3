// Package gofix turns the suggested fixes of the Go analyzers (AL200) into
// file changes for `asynclint fix`: edits applied to the original text, the
// result formatted by go/format and checked to parse before it is written.
package gofix

import (
	"bytes"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strings"

	"github.com/asynclint/asynclint/finding"
	"github.com/asynclint/asynclint/rewriter"
)

// Plan applies the fixes carried by findings. Findings whose code the
// analyzers can fix but that carry no fix (the fix was withheld because it
// could not be made to compile) are listed as manual with the reason.
func Plan(findings []finding.Finding) (*rewriter.Plan, error) {
	plan := &rewriter.Plan{}
	byFile := map[string][]finding.Edit{}
	fixedBy := map[string][]finding.Finding{}
	var order []string
	for _, f := range findings {
		if f.Fix == nil || len(f.Fix.Edits) == 0 {
			if f.Code == "AL200" || f.Code == "AL201" {
				plan.Manual = append(plan.Manual, rewriter.Manual{Path: f.Path, Pos: f.Start, Code: f.Code, Reason: manualReason(f.Code)})
			}
			continue
		}
		for _, e := range f.Fix.Edits {
			if _, ok := byFile[e.Path]; !ok {
				order = append(order, e.Path)
			}
			byFile[e.Path] = append(byFile[e.Path], e)
		}
		fixedBy[f.Fix.Edits[0].Path] = append(fixedBy[f.Fix.Edits[0].Path], f)
	}
	slices.Sort(order)
	for _, path := range order {
		old, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		edits := dedupe(byFile[path])
		src, err := rewriter.Apply(old, edits)
		if err != nil {
			// Overlapping fixes in one file: keep the first of each overlap
			// for this run; a second fix picks up the rest.
			plan.Skipped = append(plan.Skipped, &rewriter.FileError{Path: path, Err: err})
			continue
		}
		formatted, err := format.Source(src)
		if err != nil {
			plan.Skipped = append(plan.Skipped, &rewriter.FileError{Path: path, Err: fmt.Errorf("%w: %v", rewriter.ErrInternal, err)})
			continue
		}
		formatted = keepCRLF(old, formatted)
		plan.Changes = append(plan.Changes, rewriter.Change{Path: path, Old: old, New: formatted, Edits: edits})
		plan.Fixed = append(plan.Fixed, fixedBy[path]...)
	}
	return plan, nil
}

func manualReason(code string) string {
	if code == "AL201" {
		return "give the called function a context parameter (or call its context-aware variant); no automatic fix"
	}
	return "no fix that is sure to compile here (see asynclint rule AL200)"
}

// dedupe drops identical edits, such as the same import added by two fixes
// in one file.
func dedupe(edits []finding.Edit) []finding.Edit {
	var out []finding.Edit
	for _, e := range edits {
		if !slices.ContainsFunc(out, func(o finding.Edit) bool {
			return o.Start.Offset == e.Start.Offset && o.End.Offset == e.End.Offset && o.NewText == e.NewText
		}) {
			out = append(out, e)
		}
	}
	return out
}

// keepCRLF restores CRLF line endings where the original file used them
// (go/format writes LF).
func keepCRLF(old, formatted []byte) []byte {
	if !bytes.Contains(old, []byte("\r\n")) {
		return formatted
	}
	return bytes.ReplaceAll(bytes.ReplaceAll(formatted, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
}

// Verify is the rewriter.Verifier of Go files: the result must parse.
func Verify(path string, old, new []byte) error {
	if _, err := parser.ParseFile(token.NewFileSet(), path, old, parser.SkipObjectResolution); err != nil {
		return nil // the original did not parse either; Plan never edits such files
	}
	if _, err := parser.ParseFile(token.NewFileSet(), path, new, parser.SkipObjectResolution); err != nil {
		return fmt.Errorf("%w: %v", rewriter.ErrInternal, strings.TrimPrefix(err.Error(), path+":"))
	}
	return nil
}
