// Package gofix turns the suggested fixes of the Go analyzers (AL200) into
// file changes for `asynclint fix`.
//
// The fix edits of a file are applied to its original text; imports left
// unused by them (typically "time" once every wait was rewritten) are
// removed and missing ones added, again as edits of the text; the result
// is formatted by go/format only when the original was gofmt-clean (so the
// rest of the file stays byte-identical either way) and keeps CRLF line
// endings. Before anything is written, every rewritten file must parse and
// its package, with all the rewritten files of the run in place, must
// type-check; a file that fails is refused with rewriter.ErrInternal.
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

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/textedit"
	"github.com/asynclint/asynclint/rewriter"
)

// Plan applies the fixes carried by findings and type-checks the result.
// Findings whose code the analyzers report but that carry no fix (the fix
// was withheld because it could not be made to compile) are listed as
// manual with the reason. A file whose rewrite fails to parse or
// type-check is listed in Skipped with an error wrapping
// rewriter.ErrInternal and has no Change.
func Plan(findings []finding.Finding) (*rewriter.Plan, error) {
	plan := &rewriter.Plan{}
	byFile := map[string][]finding.Edit{}
	fixedBy := map[string][]finding.Finding{}
	var order []string
	for _, f := range findings {
		if f.Fix == nil || len(f.Fix.Edits) == 0 {
			if f.Code == "AL200" || f.Code == "AL201" || f.Code == "AL202" {
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
	var changes []rewriter.Change
	for _, path := range order {
		old, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		edits := dedupe(byFile[path])
		src, err := Rewrite(path, old, edits)
		if err != nil {
			plan.Skipped = append(plan.Skipped, &rewriter.FileError{Path: path, Err: err})
			continue
		}
		changes = append(changes, rewriter.Change{Path: path, Old: old, New: src, Edits: edits})
	}
	refused, err := typeCheck(changes)
	if err != nil {
		return nil, err
	}
	for _, ch := range changes {
		if e, ok := refused[ch.Path]; ok {
			plan.Skipped = append(plan.Skipped, &rewriter.FileError{Path: ch.Path, Err: e})
			continue
		}
		plan.Changes = append(plan.Changes, ch)
		plan.Fixed = append(plan.Fixed, fixedBy[ch.Path]...)
	}
	return plan, nil
}

// Rewrite applies the fix edits of one file to its original text src and
// returns the new text: imports left unused by the edits removed, missing
// ones added, formatted by go/format if src was gofmt-clean, line endings
// kept. It does not type-check (Plan does, per package). An error wraps
// rewriter.ErrInternal when the result does not parse; overlapping edits
// are an error too (a second fix picks up the rest).
func Rewrite(path string, src []byte, edits []finding.Edit) ([]byte, error) {
	fset := token.NewFileSet()
	oldFile, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("does not parse, not rewritten: %w", err)
	}
	crlf := bytes.Contains(src, []byte("\r\n"))
	if crlf {
		edits = slices.Clone(edits)
		for i := range edits {
			edits[i].NewText = toCRLF(edits[i].NewText)
		}
	}
	out, err := textedit.Apply(src, edits)
	if err != nil {
		return nil, err
	}
	out, err = fixImports(path, oldFile, out, crlf)
	if err != nil {
		return nil, err
	}
	if formatted, err := format.Source(src); err == nil && bytes.Equal(formatted, src) {
		// The original was gofmt-clean: formatting the result changes only
		// the edited regions (and sorts an added import into place).
		out, err = format.Source(out)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", rewriter.ErrInternal, path, err)
		}
	}
	return out, nil
}

// toCRLF turns the LF line endings of an edit's new text into CRLF.
func toCRLF(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
}

// lineEnding returns the line ending the file uses.
func lineEnding(crlf bool) string {
	if crlf {
		return "\r\n"
	}
	return "\n"
}

func manualReason(code string) string {
	switch code {
	case "AL201":
		return "give the called function a context parameter (or call its context-aware variant); no automatic fix"
	case "AL202":
		return "call the context-aware variant the message names (through a helper: give the helper a context parameter); no mechanical fix here"
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

// Verify is the rewriter.Verifier of Go files, run by rewriter.Write just
// before a file is written: the result must parse. Plan has already
// type-checked the packages with every rewritten file in place.
func Verify(path string, old, new []byte) error {
	if _, err := parser.ParseFile(token.NewFileSet(), path, old, parser.SkipObjectResolution); err != nil {
		return nil // the original did not parse either; Plan never edits such files
	}
	if _, err := parser.ParseFile(token.NewFileSet(), path, new, parser.SkipObjectResolution); err != nil {
		return fmt.Errorf("rewritten file does not parse: %v", strings.TrimPrefix(err.Error(), path+":"))
	}
	return nil
}
