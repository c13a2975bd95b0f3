package output

import (
	"encoding/json"
	"io"
	"net/url"
	"path"
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/ruledoc"
)

// The subset of SARIF 2.1.0 asynclint writes
// (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html).
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name,omitempty"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 *sarifText     `json:"help,omitempty"`
	HelpURI              string         `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleConf  `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties,omitempty"`
}

type sarifRuleConf struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID           string            `json:"ruleId"`
	RuleIndex        int               `json:"ruleIndex"`
	Level            string            `json:"level"`
	Message          sarifText         `json:"message"`
	Locations        []sarifLocation   `json:"locations"`
	RelatedLocations []sarifLocation   `json:"relatedLocations,omitempty"`
	Fixes            []sarifFix        `json:"fixes,omitempty"`
	Fingerprints     map[string]string `json:"partialFingerprints,omitempty"`
}

type sarifLocation struct {
	ID               *int          `json:"id,omitempty"`
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
	Message          *sarifText    `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifact      `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent *sarifText  `json:"insertedContent,omitempty"`
}

// sarifURI turns a file path into a URI reference: relative paths stay
// relative (resolved against the repository root by code scanning), absolute
// ones become file URIs.
func sarifURI(p string) string {
	if strings.HasPrefix(p, "/") {
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: path.Clean(p)}).String()
}

func region(start, end finding.Position) *sarifRegion {
	r := &sarifRegion{StartLine: max(start.Line, 1), StartColumn: max(start.Col, 1)}
	if end.Line >= r.StartLine && end.Col > 0 && (end.Line > start.Line || end.Col >= start.Col) {
		r.EndLine, r.EndColumn = end.Line, end.Col
	}
	return r
}

func writeSARIF(w io.Writer, fs []finding.Finding, run Run) error {
	index := map[string]int{}
	driver := sarifDriver{Name: "asynclint", Version: run.Version, InformationURI: run.InfoURI, Rules: []sarifRule{}}
	for _, r := range run.Rules {
		index[r.Code] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRuleOf(r, run.InfoURI))
	}
	results := []sarifResult{}
	for _, f := range fs {
		i, ok := index[f.Code]
		if !ok {
			// A code without documentation still gets a rule entry, so
			// that every result's ruleIndex is valid.
			i = len(driver.Rules)
			index[f.Code] = i
			driver.Rules = append(driver.Rules, sarifRule{
				ID: f.Code, ShortDescription: sarifText{Text: f.Code}, FullDescription: sarifText{Text: f.Code},
				DefaultConfiguration: sarifRuleConf{Level: "error"},
			})
		}
		res := sarifResult{
			RuleID:    f.Code,
			RuleIndex: i,
			Level:     "error",
			Message:   sarifText{Text: f.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: sarifURI(f.Path)},
				Region:           region(f.Start, f.End),
			}}},
		}
		for j, rel := range f.Related {
			id := j + 1
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				ID: &id,
				PhysicalLocation: sarifPhysical{
					ArtifactLocation: sarifArtifact{URI: sarifURI(rel.Path)},
					Region:           region(rel.Start, finding.Position{}),
				},
				Message: &sarifText{Text: rel.Message},
			})
		}
		if f.Fix != nil && len(f.Fix.Edits) > 0 {
			res.Fixes = []sarifFix{sarifFixOf(f.Fix)}
		}
		results = append(results, res)
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{Driver: driver}, ColumnKind: "unicodeCodePoints", Results: results}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

func sarifRuleOf(r ruledoc.Rule, infoURI string) sarifRule {
	full := strings.TrimSpace(r.What)
	if full == "" {
		full = r.Summary
	}
	sr := sarifRule{
		ID:                   r.Code,
		Name:                 r.Name,
		ShortDescription:     sarifText{Text: r.Summary},
		FullDescription:      sarifText{Text: full},
		DefaultConfiguration: sarifRuleConf{Level: "error"},
		Properties:           map[string]any{"tags": []string{r.Language}},
	}
	if md := ruledoc.Markdown(r); md != "" {
		sr.Help = &sarifText{Text: md, Markdown: md}
	}
	if infoURI != "" {
		sr.HelpURI = ruledoc.HelpURI(infoURI, r.Code)
	}
	return sr
}

func sarifFixOf(fix *finding.Fix) sarifFix {
	var changes []sarifArtifactChange
	byPath := map[string]int{}
	for _, e := range fix.Edits {
		i, ok := byPath[e.Path]
		if !ok {
			i = len(changes)
			byPath[e.Path] = i
			changes = append(changes, sarifArtifactChange{ArtifactLocation: sarifArtifact{URI: sarifURI(e.Path)}})
		}
		rep := sarifReplacement{DeletedRegion: sarifRegion{
			StartLine: e.Start.Line, StartColumn: e.Start.Col, EndLine: e.End.Line, EndColumn: e.End.Col,
		}}
		if e.NewText != "" {
			rep.InsertedContent = &sarifText{Text: e.NewText}
		}
		changes[i].Replacements = append(changes[i].Replacements, rep)
	}
	msg := fix.Message
	if msg == "" {
		msg = "Apply asynclint's fix"
	}
	return sarifFix{Description: sarifText{Text: msg}, ArtifactChanges: changes}
}
