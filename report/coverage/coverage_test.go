package coverage

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/asynclint/asynclint/internal/finding"
)

func site(lang, unit, path string, line int, state finding.State) finding.Site {
	return finding.Site{Path: path, Start: finding.Position{Line: line, Col: 1}, Language: lang, Unit: unit, Function: "f", Callee: "time.sleep", State: state}
}

func TestCountsPercent(t *testing.T) {
	tests := []struct {
		name      string
		states    []finding.State
		percent   float64
		remaining int
		blocking  int
	}{
		{"no sites is 100% by convention", nil, 100, 0, 0},
		{"all async-safe", []finding.State{finding.AsyncSafe, finding.AsyncSafe}, 100, 0, 0},
		{"compat counts as covered", []finding.State{finding.AsyncSafe, finding.Compat}, 100, 0, 1},
		{"one of each", []finding.State{finding.AsyncSafe, finding.InAsync, finding.ReachedFromAsync, finding.Compat, finding.Sync}, 40, 3, 4},
		{"all blocking", []finding.State{finding.InAsync, finding.Sync}, 0, 2, 2},
		{"unknown state is not covered", []finding.State{"weird", finding.AsyncSafe}, 50, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Counts
			for _, s := range tt.states {
				c.Add(s)
			}
			if got := c.Percent(); got != tt.percent {
				t.Errorf("Percent() = %v, want %v", got, tt.percent)
			}
			if got := c.Remaining(); got != tt.remaining {
				t.Errorf("Remaining() = %d, want %d", got, tt.remaining)
			}
			if got := c.Blocking(); got != tt.blocking {
				t.Errorf("Blocking() = %d, want %d", got, tt.blocking)
			}
			if c.Sites != len(tt.states) {
				t.Errorf("Sites = %d, want %d", c.Sites, len(tt.states))
			}
		})
	}
}

func TestComputeGroupsByUnitAndLanguage(t *testing.T) {
	sites := []finding.Site{
		site("go", "example.com/m/b", "b/b.go", 3, finding.InAsync),
		site("python", "src/core", "src/core/x.py", 9, finding.AsyncSafe),
		site("python", "src/core", "src/core/x.py", 2, finding.ReachedFromAsync),
		site("python", "src", "src/y.py", 1, finding.Compat),
		site("go", "example.com/m/a", "a/a.go", 5, finding.AsyncSafe),
	}
	r := Compute(sites)
	if sites[0].Language != "go" {
		t.Fatal("Compute modified its input")
	}
	var names []string
	for _, u := range r.Units {
		names = append(names, u.Language+":"+u.Name)
	}
	want := []string{"python:src", "python:src/core", "go:example.com/m/a", "go:example.com/m/b"}
	if len(names) != len(want) {
		t.Fatalf("units = %v, want %v", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("units = %v, want %v", names, want)
		}
	}
	if len(r.Languages) != 2 || r.Languages[0].Name != "python" || r.Languages[1].Name != "go" {
		t.Fatalf("languages = %+v", r.Languages)
	}
	if py := r.Languages[0]; py.Sites != 3 || py.Covered() != 2 || py.Remaining() != 1 {
		t.Errorf("python total = %+v", py.Counts)
	}
	if r.Total.Sites != 5 || r.Total.Covered() != 3 || r.Total.Percent() != 60 {
		t.Errorf("total = %+v", r.Total.Counts)
	}
	if r.Sites[0].Path != "a/a.go" || r.Sites[2].Path != "src/core/x.py" || r.Sites[2].Start.Line != 2 {
		t.Errorf("sites not sorted by path and line: %+v", r.Sites)
	}
	rem := r.Remaining()
	if len(rem) != 2 || rem[0].Path != "b/b.go" || rem[1].Path != "src/core/x.py" {
		t.Errorf("Remaining() = %+v", rem)
	}
}

func TestComputeEmpty(t *testing.T) {
	r := Compute(nil)
	if r.Total.Percent() != 100 || len(r.Units) != 0 || r.Sites == nil {
		t.Errorf("empty report = %+v", r)
	}
}

func TestComputeFixture(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "sites.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sites []finding.Site
	if err := json.Unmarshal(data, &sites); err != nil {
		t.Fatal(err)
	}
	r := Compute(sites)
	// 11 sites: 3 async-safe, 2 compat => 5/11.
	if r.Total.Sites != 11 || r.Total.Covered() != 5 || r.Total.Remaining() != 6 {
		t.Errorf("total = %+v", r.Total.Counts)
	}
	if r.Total.InAsync != 3 || r.Total.ReachedFromAsync != 2 || r.Total.Sync != 1 {
		t.Errorf("states = %+v", r.Total.Counts)
	}
}

func TestCode(t *testing.T) {
	tests := []struct {
		lang  string
		state finding.State
		want  string
	}{
		{"python", finding.InAsync, "ASYNC251"},
		{"python", finding.ReachedFromAsync, "AL100"},
		{"go", finding.InAsync, "AL200"},
		{"go", finding.ReachedFromAsync, "AL201"},
		{"python", finding.Sync, "sync"},
		{"go", finding.Compat, "compat"},
		{"go", finding.AsyncSafe, "async-safe"},
	}
	for _, tt := range tests {
		if got := Code(finding.Site{Language: tt.lang, State: tt.state}); got != tt.want {
			t.Errorf("Code(%s, %s) = %q, want %q", tt.lang, tt.state, got, tt.want)
		}
	}
}
