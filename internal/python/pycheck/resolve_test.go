package pycheck

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/python/pycache"
)

var update = flag.Bool("update", false, "rewrite the resolution fixtures' expected findings (review the diff)")

// TestResolution runs AL100 on each case of testdata/python/resolve (one
// small tree per resolution case, each with its traps) and compares the
// findings with the case's reviewed `expected` file.
func TestResolution(t *testing.T) {
	const root = "../../../testdata/python/resolve"
	cases, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if !c.IsDir() {
			continue
		}
		t.Run(c.Name(), func(t *testing.T) {
			dir := filepath.ToSlash(filepath.Join(root, c.Name()))
			res := run(t, []string{dir}, Options{Select: []string{"AL1"}, FollowDecorators: []string{"thirdparty.traced"}})
			var got []string
			for _, l := range lines(res, dir) {
				got = append(got, strings.ReplaceAll(l, dir+"/", ""))
			}
			text := strings.Join(got, "\n") + "\n"
			exp := filepath.Join(dir, "expected")
			if *update {
				if err := os.WriteFile(exp, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(exp)
			if err != nil {
				t.Fatal(err)
			}
			if text != string(want) {
				t.Errorf("findings:\n%s\nwant (%s):\n%s", text, exp, want)
			}
		})
	}
}

// TestFollowDecoratorsOption checks that an unknown third-party decorator
// is followed only when the configuration names it.
func TestFollowDecoratorsOption(t *testing.T) {
	dir := "../../../testdata/python/resolve/decorators"
	for _, follow := range []bool{false, true} {
		opts := Options{Select: []string{"AL100"}}
		if follow {
			opts.FollowDecorators = []string{"thirdparty.traced"}
		}
		found := false
		for _, l := range lines(run(t, []string{dir}, opts), dir) {
			if strings.Contains(l, "`traced()`") {
				found = true
			}
		}
		if found != follow {
			t.Errorf("follow-decorators %v: traced() flagged = %v", follow, found)
		}
	}
}

// TestBoundGetterRunsWhereBound: a property read whose value a name is
// bound to runs its getter where the name is bound, so the chain's step is
// the binding's line (21 in property_bound/svc.py), not the line of the
// name's first use (22); with and without the cache's summaries.
func TestBoundGetterRunsWhereBound(t *testing.T) {
	dir := "../../../testdata/python/resolve/property_bound"
	for _, cached := range []bool{false, true} {
		opts := Options{Select: []string{"AL100"}, NoTrees: true}
		if cached {
			c, err := pycache.Open(t.TempDir(), "test")
			if err != nil {
				t.Fatal(err)
			}
			run(t, []string{dir}, Options{Select: []string{"AL100"}, Cache: c})
			opts.Cache = c
		}
		var steps []int
		for _, f := range run(t, []string{dir}, opts).Findings {
			if f.Start.Line == 39 {
				for _, r := range f.Related {
					steps = append(steps, r.Start.Line)
				}
			}
		}
		if len(steps) != 2 || steps[0] != 21 || steps[1] != 12 {
			t.Errorf("cached %v: clear()'s chain steps at lines %v, want [21 12]", cached, steps)
		}
	}
}
