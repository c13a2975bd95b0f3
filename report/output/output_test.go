package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/ruledoc"
)

func sample() []finding.Finding {
	return []finding.Finding{
		{
			Path: "src/core/a.py", Start: finding.Position{Line: 3, Col: 5}, End: finding.Position{Line: 3, Col: 15},
			Code: "ASYNC251", Message: "Async functions should not call `time.sleep`",
			Fix: &finding.Fix{Message: "Use `asyncio.sleep`", Edits: []finding.Edit{{
				Path: "src/core/a.py", Start: finding.Position{Line: 3, Col: 5}, End: finding.Position{Line: 3, Col: 15},
				NewText: "await asyncio.sleep",
			}}},
		},
		{
			Path: "src/my dir/b,c.py", Start: finding.Position{Line: 10, Col: 9}, End: finding.Position{Line: 10, Col: 24},
			Code: "AL100", Message: "`get()` blocks the event loop: it calls `time.sleep` (x.py:2)\n50% sure",
			Related: []finding.Related{{Path: "x.py", Start: finding.Position{Line: 2, Col: 5}, Message: "`time.sleep` here"}},
		},
	}
}

var testRun = Run{
	Version: "0.1.0", InfoURI: "https://github.com/asynclint/asynclint", Files: 7,
	Rules: []ruledoc.Rule{{Code: "ASYNC251", Name: "blocking-sleep-in-async-function", Language: "python",
		Summary: "Async functions should not call time.sleep", What: "Checks for time.sleep in async functions."}},
}

func TestText(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "text", sample(), testRun); err != nil {
		t.Fatal(err)
	}
	want := "src/core/a.py:3:5: ASYNC251 Async functions should not call `time.sleep`\n" +
		"src/my dir/b,c.py:10:9: AL100 `get()` blocks the event loop: it calls `time.sleep` (x.py:2)\n50% sure\n"
	if b.String() != want {
		t.Errorf("text =\n%s\nwant\n%s", b.String(), want)
	}
}

func TestJSONRoundTrips(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "json", sample(), testRun); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Schema   int               `json:"schema"`
		Version  string            `json:"version"`
		Files    int               `json:"files_checked"`
		Findings []finding.Finding `json:"findings"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("JSON does not parse: %v\n%s", err, b.String())
	}
	if got.Schema != 1 || got.Version != "0.1.0" || got.Files != 7 || len(got.Findings) != 2 {
		t.Fatalf("header = %+v", got)
	}
	f := got.Findings[0]
	if f.Code != "ASYNC251" || f.Start.Line != 3 || f.Start.Col != 5 || f.Fix == nil || f.Fix.Edits[0].NewText != "await asyncio.sleep" {
		t.Errorf("finding 0 = %+v", f)
	}
	// Keys are part of the documented schema.
	for _, key := range []string{`"filename"`, `"location"`, `"end_location"`, `"line"`, `"column"`, `"code"`, `"message"`, `"related"`} {
		if !strings.Contains(b.String(), key) {
			t.Errorf("JSON lacks key %s", key)
		}
	}
	b.Reset()
	if err := Write(&b, "json", nil, testRun); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"findings": []`) {
		t.Errorf("no findings should be an empty list, got %s", b.String())
	}
}

func TestGitHubEscapes(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "github", sample(), testRun); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	want := []string{
		"::error file=src/core/a.py,line=3,col=5,endLine=3,endColumn=15,title=asynclint (ASYNC251)::ASYNC251 Async functions should not call `time.sleep`",
		"::error file=src/my dir/b%2Cc.py,line=10,col=9,endLine=10,endColumn=24,title=asynclint (AL100)::AL100 `get()` blocks the event loop: it calls `time.sleep` (x.py:2)%0A50%25 sure",
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines:\n%s", len(lines), b.String())
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d\n got %s\nwant %s", i, lines[i], want[i])
		}
	}
}

func TestSARIFStructure(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "sarif", sample(), testRun); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("log = %+v", log)
	}
	run := log.Runs[0]
	if run.Tool.Driver.Version != "0.1.0" || run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("driver = %+v, columnKind %q", run.Tool.Driver, run.ColumnKind)
	}
	rules := run.Tool.Driver.Rules
	if len(rules) != 2 || rules[0].ID != "ASYNC251" || rules[1].ID != "AL100" {
		t.Fatalf("rules = %+v", rules)
	}
	if rules[0].HelpURI != "https://github.com/asynclint/asynclint#async251" || rules[0].Help == nil {
		t.Errorf("rule 0 help = %q %+v", rules[0].HelpURI, rules[0].Help)
	}
	if len(run.Results) != 2 {
		t.Fatalf("results = %d", len(run.Results))
	}
	r0, r1 := run.Results[0], run.Results[1]
	if r0.RuleIndex != 0 || r1.RuleIndex != 1 {
		t.Errorf("rule indexes %d %d", r0.RuleIndex, r1.RuleIndex)
	}
	reg := r0.Locations[0].PhysicalLocation.Region
	if *reg != (sarifRegion{StartLine: 3, StartColumn: 5, EndLine: 3, EndColumn: 15}) {
		t.Errorf("region = %+v", reg)
	}
	if len(r0.Fixes) != 1 || r0.Fixes[0].ArtifactChanges[0].Replacements[0].InsertedContent.Text != "await asyncio.sleep" {
		t.Errorf("fixes = %+v", r0.Fixes)
	}
	if uri := r1.Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "src/my%20dir/b,c.py" {
		t.Errorf("uri = %q", uri)
	}
	if len(r1.RelatedLocations) != 1 || *r1.RelatedLocations[0].ID != 1 {
		t.Errorf("related = %+v", r1.RelatedLocations)
	}
}

func TestUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, "xml", nil, testRun)
	if err == nil || !strings.Contains(err.Error(), `unknown format "xml"`) {
		t.Errorf("err = %v", err)
	}
}
