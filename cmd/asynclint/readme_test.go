package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADMERulesInSync checks that the README's rule reference is what
// `asynclint rules --format markdown` prints, so that the rule docs beside
// the code, `asynclint rule CODE`, SARIF and the README cannot drift apart.
func TestREADMERulesInSync(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- BEGIN RULES", "<!-- END RULES -->"
	readme := string(data)
	i, j := strings.Index(readme, begin), strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the %q ... %q block", begin, end)
	}
	block := readme[i:j]
	block = block[strings.Index(block, "\n")+1:]
	var out, errb bytes.Buffer
	if code := run([]string{"rules", "--format", "markdown"}, &out, &errb); code != exitClean {
		t.Fatalf("rules: exit %d: %s", code, errb.String())
	}
	if block != out.String() {
		t.Errorf("README.md's rule reference is stale; regenerate it with scripts/readme-rules.sh")
	}
}
