package output

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/testenv"
)

// TestSARIFValidates runs Microsoft's SARIF Multitool validator on the SARIF
// output. The validator is an npm package: scripts/sarif-validate.sh
// installs it (.ci/run calls it) and runs the same check, with GitHub's rule
// set too; without it the test skips, or fails in CI.
func TestSARIFValidates(t *testing.T) {
	tool := multitool()
	if tool == "" {
		testenv.Missing(t, "@microsoft/sarif-multitool", "bash scripts/sarif-validate.sh installs it with npm")
		return
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "out.sarif")
	var b bytes.Buffer
	if err := Write(&b, "sarif", sample(), testRun); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "validation.sarif")
	cmd := exec.Command(tool, "validate", in, "-o", out)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sarif-multitool validate: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Runs []struct {
			Results []struct {
				Level   string `json:"level"`
				RuleID  string `json:"ruleId"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	for _, run := range res.Runs {
		for _, r := range run.Results {
			if r.Level == "error" {
				t.Errorf("validator error %s: %s", r.RuleID, r.Message.Text)
			} else {
				t.Logf("validator %s %s: %s", r.Level, r.RuleID, r.Message.Text)
			}
		}
	}
}

// multitool returns the validator's native executable: the npm package's
// index resolves it (its bin wrapper passes arguments through a shell,
// unquoted). Empty when the package or node is missing.
func multitool() string {
	var dirs []string
	if dir := os.Getenv("SARIF_MULTITOOL_DIR"); dir != "" {
		dirs = append(dirs, dir)
	}
	if cache, err := os.UserCacheDir(); err == nil {
		dirs = append(dirs, filepath.Join(cache, "asynclint-sarif"))
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return ""
	}
	for _, dir := range dirs {
		pkg := filepath.Join(dir, "node_modules", "@microsoft", "sarif-multitool")
		if _, err := os.Stat(pkg); err != nil {
			continue
		}
		out, err := exec.Command(node, "-p", "require(process.argv[1])", pkg).Output()
		if err != nil {
			continue
		}
		if p := strings.TrimSpace(string(out)); p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	return ""
}
