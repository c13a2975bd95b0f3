package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// ghCommand is one GitHub Actions workflow command of --format github,
// its properties and message unescaped as the Actions runner does.
type ghCommand struct {
	level string
	props map[string]string
	msg   string
}

var ghLine = regexp.MustCompile(`^::(error|warning|notice)( [^:]*)?::(.*)$`)

// ghUnescapeProperty undoes the runner's escaping of a property value.
var ghUnescapeProperty = strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")

// ghUnescapeData undoes the runner's escaping of a message.
var ghUnescapeData = strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%")

// ghParse parses --format github output strictly: every line a workflow
// command with known, non-repeated properties.
func ghParse(t *testing.T, out string) []ghCommand {
	t.Helper()
	var cmds []ghCommand
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line == "" {
			continue
		}
		m := ghLine.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("not a workflow command: %q", line)
			continue
		}
		c := ghCommand{level: m[1], props: map[string]string{}, msg: ghUnescapeData.Replace(m[3])}
		for _, kv := range strings.Split(strings.TrimSpace(m[2]), ",") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				t.Errorf("%q: property %q has no value", line, kv)
				continue
			}
			switch k {
			case "file", "line", "col", "endLine", "endColumn", "title":
			default:
				t.Errorf("%q: unknown property %q", line, k)
			}
			if _, dup := c.props[k]; dup {
				t.Errorf("%q: property %q twice", line, k)
			}
			c.props[k] = ghUnescapeProperty.Replace(v)
		}
		cmds = append(cmds, c)
	}
	return cmds
}

// ghKey is a finding's identity: file, line, column and code.
func ghKey(file string, line, col int, code string) string {
	return fmt.Sprintf("%s:%d:%d: %s", filepath.ToSlash(file), line, col, code)
}

// ghRun runs the CLI in-process and returns its exit code and stdout.
func ghRun(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	if code > 1 {
		t.Fatalf("asynclint %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	return code, stdout.String()
}

// TestGitHubFormatOnExample checks --format github on the example as the
// Actions runner reads it: one ::error command a finding, pointing at an
// existing file and a line within it, the same findings as --format json,
// and the rule code in the title.
func TestGitHubFormatOnExample(t *testing.T) {
	example := filepath.Join("..", "..", "testdata", "example")
	code, out := ghRun(t, "check", "--quiet", "--format", "github", example)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	cmds := ghParse(t, out)

	jcode, jout := ghRun(t, "check", "--quiet", "--format", "json", example)
	if jcode != code {
		t.Errorf("--format json exit %d, --format github exit %d", jcode, code)
	}
	var doc struct {
		Findings []struct {
			Filename string `json:"filename"`
			Location struct {
				Line   int `json:"line"`
				Column int `json:"column"`
			} `json:"location"`
			Code string `json:"code"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(jout), &doc); err != nil {
		t.Fatalf("--format json: %v", err)
	}
	var want []string
	for _, f := range doc.Findings {
		want = append(want, ghKey(f.Filename, f.Location.Line, f.Location.Column, f.Code))
	}
	if len(want) == 0 {
		t.Fatal("no findings on the example")
	}

	var got []string
	lines := map[string]int{}
	for _, c := range cmds {
		if c.level != "error" {
			t.Errorf("level %q, want error", c.level)
		}
		file := c.props["file"]
		line, err1 := strconv.Atoi(c.props["line"])
		col, err2 := strconv.Atoi(c.props["col"])
		if err1 != nil || err2 != nil || line < 1 || col < 1 {
			t.Errorf("%s: line %q col %q, want positive numbers", file, c.props["line"], c.props["col"])
			continue
		}
		if _, ok := lines[file]; !ok {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Errorf("file property: %v", err)
				continue
			}
			lines[file] = bytes.Count(data, []byte("\n")) + 1
		}
		if line > lines[file] {
			t.Errorf("%s: line %d beyond the file's %d lines", file, line, lines[file])
		}
		codeOf, _, _ := strings.Cut(c.msg, " ")
		if !strings.Contains(c.props["title"], codeOf) {
			t.Errorf("%s:%d: title %q does not name the rule %s", file, line, c.props["title"], codeOf)
		}
		got = append(got, ghKey(file, line, col, codeOf))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("--format github findings:\n%s\n--format json findings:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestGitHubFormatEscapes checks that file names and messages holding the
// workflow command syntax's special characters reach the runner intact.
func TestGitHubFormatEscapes(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a,b:c%d.py")
	if err := os.WriteFile(name, []byte("import time\n\nasync def f():\n    time.sleep(1)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out := ghRun(t, "check", "--quiet", "--no-config", "--format", "github", name)
	if code != 1 {
		t.Fatalf("exit %d, want 1; output:\n%s", code, out)
	}
	cmds := ghParse(t, out)
	if len(cmds) != 1 {
		t.Fatalf("%d commands, want 1:\n%s", len(cmds), out)
	}
	c := cmds[0]
	if got, _ := filepath.Abs(c.props["file"]); got != name {
		t.Errorf("file property unescapes to %q, want %q", c.props["file"], name)
	}
	if c.props["line"] != "4" || c.props["col"] != "5" || !strings.HasPrefix(c.msg, "ASYNC251 ") {
		t.Errorf("got line %s col %s message %q, want 4, 5, ASYNC251 ...", c.props["line"], c.props["col"], c.msg)
	}
}
