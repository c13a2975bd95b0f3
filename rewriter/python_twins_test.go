package rewriter

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestIdentifierAsPython: identifier says of each name what Python's
// str.isidentifier says, and pythonKeywords are keyword.kwlist.
func TestIdentifierAsPython(t *testing.T) {
	names := []string{
		"wait_async", "_x", "x1", "1x", "", "a-b", "a b", "nap_\u0301", "nap\u00b7x", "nap\u2160",
		"\u2160x", "x\u00b2", "\u00e9t\u00e9", "\u0301x", "\u5f85\u3064", "a\u200db", "x\u203fy", "\u2118x",
	}
	in, _ := json.Marshal(names)
	out, err := exec.Command("python3", "-c", `import json, sys, keyword
names = json.loads(sys.argv[1])
print(json.dumps([[n.isidentifier() for n in names], keyword.kwlist]))`, string(in)).Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var want struct {
		ids []bool
		kws []string
	}
	var raw [2]json.RawMessage
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw[0], &want.ids); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw[1], &want.kws); err != nil {
		t.Fatal(err)
	}
	for i, n := range names {
		if got := identifier(n); got != want.ids[i] {
			t.Errorf("identifier(%q) = %v, Python says %v", n, got, want.ids[i])
		}
	}
	if len(want.kws) != len(pythonKeywords) {
		t.Errorf("pythonKeywords has %d, keyword.kwlist %d: %s", len(pythonKeywords), len(want.kws), strings.Join(want.kws, " "))
	}
	for _, k := range want.kws {
		if !pythonKeywords[k] {
			t.Errorf("keyword %q missing from pythonKeywords", k)
		}
	}
}
