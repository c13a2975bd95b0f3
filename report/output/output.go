// Package output writes findings in the formats asynclint offers: text (as
// ruff and go vet print them), JSON, SARIF 2.1.0 and GitHub Actions workflow
// commands.
package output

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/ruledoc"
)

// Formats lists the names Write accepts.
var Formats = []string{"text", "json", "sarif", "github"}

// Run describes the run the findings came from.
type Run struct {
	// Tool is the tool version, e.g. "0.1.0".
	Version string
	// InfoURI is the tool's home page; rule help links are InfoURI plus
	// the rule's README anchor.
	InfoURI string
	// Rules documents every rule that may appear in the findings.
	Rules []ruledoc.Rule
	// Files is how many files (and Go packages) were checked.
	Files int
	// ShowAll makes the text format list every finding on its own line;
	// by default the findings of a chained rule (AL1xx, AL201) that end in
	// the same blocking call are one entry naming that call, how many call
	// sites reach it and the first few of them.
	ShowAll bool
}

// Write writes findings, already sorted, in the named format.
func Write(w io.Writer, format string, fs []finding.Finding, run Run) error {
	switch format {
	case "text":
		if run.ShowAll {
			return writeText(w, fs)
		}
		return writeGrouped(w, fs)
	case "json":
		return writeJSON(w, fs, run)
	case "sarif":
		return writeSARIF(w, fs, run)
	case "github":
		return writeGitHub(w, fs)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// ValidFormat reports whether name is one of Formats.
func ValidFormat(name string) bool { return slices.Contains(Formats, name) }

func writeText(w io.Writer, fs []finding.Finding) error {
	for _, f := range fs {
		if _, err := fmt.Fprintf(w, "%s:%d:%d: %s %s\n", f.Path, f.Start.Line, f.Start.Col, f.Code, f.Message); err != nil {
			return err
		}
	}
	return nil
}

// GroupSample is how many call sites a grouped text entry lists.
const GroupSample = 3

// writeGrouped writes the text format with the findings of a chained rule
// grouped by blocking root: a root that two or more call sites reach is
// one entry at the root's place, naming it and the number of sites, with
// the first GroupSample sites beneath. Entries are sorted by the place
// they start with, as ungrouped lines are.
func writeGrouped(w io.Writer, fs []finding.Finding) error {
	groups := map[string][]finding.Finding{}
	for _, f := range fs {
		if k, ok := f.RootKey(); ok {
			groups[k] = append(groups[k], f)
		}
	}
	type entry struct {
		path, code string
		pos        finding.Position
		text       string
	}
	var entries []entry
	done := map[string]bool{}
	for _, f := range fs {
		k, ok := f.RootKey()
		if !ok || len(groups[k]) < 2 {
			entries = append(entries, entry{f.Path, f.Code, f.Start, fmt.Sprintf("%s:%d:%d: %s %s\n", f.Path, f.Start.Line, f.Start.Col, f.Code, f.Message)})
			continue
		}
		if done[k] {
			continue
		}
		done[k] = true
		g := groups[k]
		root := f.Related[len(f.Related)-1]
		var b strings.Builder
		fmt.Fprintf(&b, "%s:%d:%d: %s %s, reached from %d call sites:\n", root.Path, root.Start.Line, root.Start.Col, f.Code, root.Message, len(g))
		for i, s := range g {
			if i == GroupSample {
				fmt.Fprintf(&b, "    ... and %d more (--show-all lists every site)\n", len(g)-GroupSample)
				break
			}
			fmt.Fprintf(&b, "    %s:%d:%d: %s\n", s.Path, s.Start.Line, s.Start.Col, s.Message)
		}
		entries = append(entries, entry{root.Path, f.Code, root.Start, b.String()})
	}
	slices.SortStableFunc(entries, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.path, b.path), cmp.Compare(a.pos.Line, b.pos.Line), cmp.Compare(a.pos.Col, b.pos.Col), cmp.Compare(a.code, b.code))
	})
	for _, e := range entries {
		if _, err := io.WriteString(w, e.text); err != nil {
			return err
		}
	}
	return nil
}

// JSONSchema is the version of the JSON output's schema. It changes only
// when a field is removed or changes meaning; fields may be added.
const JSONSchema = 1

// jsonReport is the JSON output: see the README's "JSON output" section.
type jsonReport struct {
	Schema   int               `json:"schema"`
	Version  string            `json:"version"`
	Files    int               `json:"files_checked"`
	Findings []finding.Finding `json:"findings"`
}

func writeJSON(w io.Writer, fs []finding.Finding, run Run) error {
	if fs == nil {
		fs = []finding.Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(jsonReport{Schema: JSONSchema, Version: run.Version, Files: run.Files, Findings: fs})
}

// GitHub Actions workflow commands:
// ::error file={name},line={line},col={col},endLine=..,endColumn=..,title={title}::{message}
func writeGitHub(w io.Writer, fs []finding.Finding) error {
	for _, f := range fs {
		props := fmt.Sprintf("file=%s,line=%d,col=%d", ghProperty(f.Path), f.Start.Line, f.Start.Col)
		if f.End.Line > 0 {
			props += fmt.Sprintf(",endLine=%d,endColumn=%d", f.End.Line, f.End.Col)
		}
		props += ",title=" + ghProperty("asynclint ("+f.Code+")")
		if _, err := fmt.Fprintf(w, "::error %s::%s\n", props, ghData(f.Code+" "+f.Message)); err != nil {
			return err
		}
	}
	return nil
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
