package rewriter

import (
	"encoding/json"
	"os/exec"
	"testing"
)

// TestKeywordsAsPython: pythonKeywords, which no twin may be named, are
// Python's keyword.kwlist.
func TestKeywordsAsPython(t *testing.T) {
	out, err := exec.Command("python3", "-c", "import json, keyword; print(json.dumps(keyword.kwlist))").Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var kws []string
	if err := json.Unmarshal(out, &kws); err != nil {
		t.Fatal(err)
	}
	if len(kws) != len(pythonKeywords) {
		t.Errorf("pythonKeywords has %d, keyword.kwlist %d: %v", len(pythonKeywords), len(kws), kws)
	}
	for _, k := range kws {
		if !pythonKeywords[k] {
			t.Errorf("keyword %q missing from pythonKeywords", k)
		}
	}
}
