package main

import (
	"bytes"
	"encoding/json"
	"testing"
	"testing/synctest"
	"time"
)

func TestRunJSON(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var out bytes.Buffer
		if err := run(&out, time.Millisecond, true); err != nil {
			t.Fatal(err)
		}
		var results []result
		if err := json.Unmarshal(out.Bytes(), &results); err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, out.String())
		}
		if len(results) != len(components()) {
			t.Fatalf("%d results, want one per component (%d)", len(results), len(components()))
		}
		for _, r := range results {
			if r.Component == "" || r.ElapsedNS < 0 {
				t.Errorf("bad result %+v", r)
			}
		}
		// The converted graph-database connection returns exactly when
		// the context is cancelled.
		for _, r := range results {
			if r.Component == "graphdb.ConnectContext" && r.ElapsedNS != time.Millisecond.Nanoseconds() {
				t.Errorf("ConnectContext returned after %v, want 1ms", time.Duration(r.ElapsedNS))
			}
		}
	})
}

func TestRunText(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var out bytes.Buffer
		if err := run(&out, time.Millisecond, false); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"component", "graphdb.ConnectWithRetry", "total"} {
			if !bytes.Contains(out.Bytes(), []byte(want)) {
				t.Errorf("output lacks %q:\n%s", want, out.String())
			}
		}
	})
}
