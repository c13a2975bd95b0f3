package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestRulesFixMarker checks that `rules` marks [fix] on the rules whose
// findings fix rewrites, not on AL103, whose findings fix only lists as
// manual, nor on the direct rules without a fix; and that the JSON form
// has snake_case keys, as check's JSON does, with the same answer.
func TestRulesFixMarker(t *testing.T) {
	cli := func(args ...string) (string, string, int) {
		var out, errb bytes.Buffer
		code := run(args, &out, &errb)
		return out.String(), errb.String(), code
	}
	out, errb, code := cli("rules")
	if code != exitClean {
		t.Fatalf("rules: exit %d: %s", code, errb)
	}
	marked := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		marked[strings.Fields(l)[0]] = strings.HasSuffix(l, " [fix]")
	}
	for code, want := range map[string]bool{"ASYNC251": true, "AL100": true, "AL101": true, "AL103": false, "ASYNC230": false, "AL200": true, "AL201": false} {
		if marked[code] != want {
			t.Errorf("%s: [fix] shown %v, want %v", code, marked[code], want)
		}
	}

	out, errb, code = cli("rules", "--format", "json")
	if code != exitClean {
		t.Fatalf("rules --format json: exit %d: %s", code, errb)
	}
	var rs []map[string]any
	if err := json.Unmarshal([]byte(out), &rs); err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		c, _ := r["code"].(string)
		if c == "" {
			t.Fatalf("a rule without a \"code\" key: %v", r)
		}
		if f, _ := r["fixable"].(bool); f != marked[c] {
			t.Errorf("%s: JSON fixable %v, text [fix] %v", c, f, marked[c])
		}
	}
}
