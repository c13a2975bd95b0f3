package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/report/coverage"
	"github.com/asynclint/asynclint/report/history"

	"github.com/asynclint/asynclint/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the .golden files")

func fixtureSites(t *testing.T) []finding.Site {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "sites.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sites []finding.Site
	if err := json.Unmarshal(data, &sites); err != nil {
		t.Fatal(err)
	}
	return sites
}

func fixtureHistory() []history.Point {
	day := func(d int) time.Time { return time.Date(2025, 3, d, 10, 0, 0, 0, time.UTC) }
	mk := func(commit string, d int, subject string, c coverage.Counts) history.Point {
		return history.Point{Commit: commit, Time: day(d), Subject: subject, Counts: c, Coverage: c.Percent()}
	}
	return []history.Point{
		{Commit: "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567", Time: day(1), Subject: "initial import", Absent: true, Coverage: 100},
		mk("1a1b2c3d4e5f60718293a4b5c6d7e8f901234567", 2, "add core", coverage.Counts{Sites: 10, AsyncSafe: 1, InAsync: 4, ReachedFromAsync: 3, Sync: 2}),
		{Commit: "2a1b2c3d4e5f60718293a4b5c6d7e8f901234567", Time: day(3), Subject: "wip | broken", Error: "src/core/x.py: cannot read", Coverage: 100},
		mk("3a1b2c3d4e5f60718293a4b5c6d7e8f901234567", 4, "migrate rate limiter", coverage.Counts{Sites: 11, AsyncSafe: 3, Compat: 2, InAsync: 3, ReachedFromAsync: 2, Sync: 1}),
	}
}

func fixtureInput(t *testing.T) Input {
	return Input{
		Version:  "0.1.0",
		Scope:    []string{"testdata/example"},
		Report:   coverage.Compute(fixtureSites(t)),
		Category: finding.Sleep,
		History:  fixtureHistory(),
		Gate:     &Gate{Failures: []string{"coverage 45.5% is below the minimum 90% by 44.5 points: migrate 5 more sites"}},
		Roots: []finding.Root{
			{Code: "AL100", Path: "src/core/error_handler.py", Line: 18, Col: 5, Function: "backoff_pause", Category: "sleep", Language: "python", CallSites: 3, Functions: []string{"checkpoint", "prepare_batch"}},
			{Code: "AL100", Path: "src/core/api_rate_limiter.py", Line: 41, Col: 13, Function: "APIRateLimiter.throttle", Category: "sleep", Language: "python", CallSites: 1, Functions: []string{}},
		},
		Compat: []Compat{
			{Path: "src/core/error_tracker.py", Line: 30, Function: "ErrorTracker.retry_operation", Language: "python", Twin: "retry_operation_async",
				SyncCallers: []Use{}, AsyncCallers: []Use{{Path: "src/core/error_tracker.py", Line: 36, Function: "ErrorTracker.retry_operation_async", Kind: "call"}},
				References: []Use{{Path: "src/core/jobs.py", Line: 4, Kind: "value"}}},
			{Path: "src/core/store.py", Line: 12, Function: "warm", Language: "python", Twin: "warm_async",
				SyncCallers: []Use{}, AsyncCallers: []Use{}, References: []Use{{Path: "src/api.py", Line: 3, Kind: "import"}}},
		},
	}
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; got:\n%s", name, got)
	}
}

func TestGolden(t *testing.T) {
	empty := Input{Version: "0.1.0", Scope: []string{"empty"}, Report: coverage.Compute(nil), Category: finding.Sleep}
	passed := fixtureInput(t)
	passed.History, passed.Gate = nil, &Gate{}
	tests := []struct {
		golden string
		format string
		in     Input
	}{
		{"full.txt", "text", fixtureInput(t)},
		{"full.json", "json", fixtureInput(t)},
		{"full.md", "markdown", fixtureInput(t)},
		{"full.html", "html", fixtureInput(t)},
		{"passed.txt", "text", passed},
		{"passed.md", "markdown", passed},
		{"empty.txt", "text", empty},
		{"empty.json", "json", empty},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tt.format, tt.in); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.golden, buf.Bytes())
		})
	}
}

func TestJSONParsesBack(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "json", fixtureInput(t)); err != nil {
		t.Fatal(err)
	}
	var got JSONReport
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Schema != 1 || got.Version != "0.1.0" || got.Scope[0] != "testdata/example" {
		t.Errorf("header = %d %q %q", got.Schema, got.Version, got.Scope)
	}
	if got.Total.Sites != 11 || got.Total.Covered != 5 || got.Total.Remaining != 6 || got.Total.Name != "total" {
		t.Errorf("total = %+v", got.Total)
	}
	if len(got.Languages) != 2 || got.Languages[0].Name != "python" || got.Languages[1].Sites != 4 {
		t.Errorf("languages = %+v", got.Languages)
	}
	if len(got.Units) != 4 {
		t.Errorf("units = %+v", got.Units)
	}
	sites := fixtureSites(t)
	coverage.SortSites(sites)
	if len(got.Sites) != len(sites) {
		t.Fatalf("%d sites, want %d", len(got.Sites), len(sites))
	}
	for i, s := range got.Sites {
		if s.Site != sites[i] {
			t.Errorf("site %d = %+v, want %+v", i, s.Site, sites[i])
		}
		if s.Code != coverage.Code(sites[i]) {
			t.Errorf("site %d code = %q", i, s.Code)
		}
	}
	if len(got.History) != 4 || !got.History[0].Absent || got.History[2].Error == "" || got.History[3].Counts.Compat != 2 {
		t.Errorf("history = %+v", got.History)
	}
	if got.Gate == nil || got.Gate.Passed || len(got.Gate.Failures) != 1 {
		t.Errorf("gate = %+v", got.Gate)
	}
}

func TestUnknownFormat(t *testing.T) {
	if err := Write(&bytes.Buffer{}, "pdf", Input{}); err == nil || !strings.Contains(err.Error(), "markdown") {
		t.Errorf("Write(pdf) = %v", err)
	}
	if ValidFormat("pdf") || !ValidFormat("html") {
		t.Error("ValidFormat")
	}
}

func TestMarkdownEscapesCells(t *testing.T) {
	in := Input{Report: coverage.Compute([]finding.Site{{Path: "a|b.py", Start: finding.Position{Line: 1, Col: 1},
		Language: "python", Unit: "a|b", Function: "f`x", Callee: "time.sleep", State: finding.InAsync}})}
	var buf bytes.Buffer
	if err := Write(&buf, "markdown", in); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "`a\\|b.py:1:1`") || !strings.Contains(out, "`f'x`") {
		t.Errorf("cells not escaped:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "| python | `a") && strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") != 8 {
			t.Errorf("row has the wrong number of cells: %s", line)
		}
	}
}

func TestHTMLIsSelfContained(t *testing.T) {
	in := fixtureInput(t)
	in.Report.Sites[0].Function = `<script>alert("x")</script>`
	var buf bytes.Buffer
	if err := Write(&buf, "html", in); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "<script") {
		t.Error("HTML contains a script element (user data not escaped)")
	}
	// No external resource: no src or href attributes, no CSS url() or
	// @import; the only URL is the SVG namespace.
	for _, re := range []string{`\ssrc=`, `\shref=`, `url\(`, `@import`} {
		if regexp.MustCompile(re).MatchString(out) {
			t.Errorf("HTML references an external resource (%s)", re)
		}
	}
	if n := strings.Count(out, "http"); n != strings.Count(out, `xmlns="http://www.w3.org/2000/svg"`) {
		t.Errorf("HTML holds %d URLs besides the SVG namespace", n)
	}
}

// runChromium runs headless Chromium and returns its standard output. A run
// that Chromium itself crashes (killed by a signal, as happens on loaded
// machines) is retried up to twice; any other failure is returned at once.
func runChromium(chromium string, args ...string) ([]byte, error) {
	var err error
	for range 3 {
		var out []byte
		var stderr bytes.Buffer
		cmd := exec.Command(chromium, args...)
		cmd.Stderr = &stderr
		out, err = cmd.Output()
		if err == nil {
			return out, nil
		}
		err = fmt.Errorf("%w\n%s", err, stderr.Bytes())
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ProcessState.ExitCode() != -1 {
			return nil, err
		}
	}
	return nil, err
}

// TestHTMLRendersInChromium loads the HTML report in headless Chromium and
// checks the rendered DOM and a screenshot.
func TestHTMLRendersInChromium(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		testenv.Missing(t, "chromium", "apt-get install chromium")
		return
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	if err := Write(&buf, "html", fixtureInput(t)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// Each run gets a fresh profile; nothing reaches out to the network.
	runs := 0
	args := func(extra ...string) []string {
		runs++
		profile := filepath.Join(dir, fmt.Sprintf("profile%d", runs))
		return append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--user-data-dir=" + profile}, extra...)
	}
	dom, err := runChromium(chromium, args("--dump-dom", "file://"+page)...)
	if err != nil {
		t.Fatalf("chromium --dump-dom: %v", err)
	}
	for _, want := range []string{
		`<span class="big" id="coverage">45.5%</span>`,
		`id="units-chart"`, `id="trend-chart"`, `<polyline points="`,
		`<td><code>src/core</code></td>`, `migrate rate limiter`, `Gate failed`,
	} {
		if !strings.Contains(string(dom), want) {
			t.Errorf("rendered DOM lacks %q", want)
		}
	}
	shot := filepath.Join(dir, "shot.png")
	if _, err := runChromium(chromium, args("--screenshot="+shot, "--window-size=1024,1400", "file://"+page)...); err != nil {
		t.Fatalf("chromium --screenshot: %v", err)
	}
	png, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) || len(png) < 10000 {
		t.Errorf("screenshot is not a plausible PNG (%d bytes)", len(png))
	}
	if os.Getenv("ASYNCLINT_KEEP_SCREENSHOT") != "" {
		_ = os.WriteFile(os.Getenv("ASYNCLINT_KEEP_SCREENSHOT"), png, 0o644)
	}
}

// TestHistoryIncompleteRow checks that a commit whose analysis left
// packages out shows why, in every format with a history table, and not its
// partial counts (7 sites, where the complete commits have 10 and 11).
func TestHistoryIncompleteRow(t *testing.T) {
	in := fixtureInput(t)
	in.History = append(in.History, history.Point{Commit: "4a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
		Time: time.Date(2025, 3, 5, 10, 0, 0, 0, time.UTC), Subject: "bump go.mod",
		Counts: coverage.Counts{Sites: 7, Sync: 7}, Incomplete: "1 not analysed: Go package example.com/x"})
	for _, format := range []string{"text", "markdown", "html"} {
		var buf bytes.Buffer
		if err := Write(&buf, format, in); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		i := strings.Index(out, "bump go.mod")
		if i < 0 {
			t.Fatalf("%s: no row for the incomplete commit", format)
		}
		start := strings.LastIndex(out[:i], "4a1b2c3d")
		row := out[start:i]
		if !strings.Contains(row, "incomplete: 1 not analysed: Go package example.com/x") || strings.Contains(row, "7") {
			t.Errorf("%s: incomplete row is %q", format, row)
		}
	}
}

// TestCategoryNamesTheSites: each format names the sites it counts by the
// report's category, and "blocking sites" for every category.
func TestCategoryNamesTheSites(t *testing.T) {
	sites := []finding.Site{{Path: "a.py", Start: finding.Position{Line: 1, Col: 1}, Language: "python", Unit: ".", Function: "reap", Callee: "os.wait", State: finding.Sync}}
	for _, tc := range []struct {
		cat        finding.Category
		want, json string
	}{
		{finding.Subprocess, "of 1 subprocess site async-safe", `"category": "subprocess"`},
		{"", "of 1 blocking site async-safe", `"category": "all"`},
		{finding.Sleep, "of 1 sleep site async-safe", `"category": "sleep"`},
	} {
		in := Input{Version: "0.1.0", Scope: []string{"."}, Report: coverage.Compute(sites), Category: tc.cat}
		for format, want := range map[string]string{"text": tc.want, "markdown": tc.want, "html": tc.want, "json": tc.json} {
			var out bytes.Buffer
			if err := Write(&out, format, in); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), want) {
				t.Errorf("category %q, %s: want %q in:\n%s", tc.cat, format, want, out.String())
			}
		}
	}
}
