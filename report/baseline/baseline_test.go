package baseline

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/finding"
)

func site(path string, line int, fn string, state finding.State) finding.Site {
	return finding.Site{Path: path, Start: finding.Position{Line: line, Col: 5}, Language: "python",
		Unit: filepath.Dir(path), Function: fn, Callee: "time.sleep", State: state}
}

var original = []finding.Site{
	site("src/core/auth.py", 10, "Auth.login", finding.InAsync),
	site("src/core/auth.py", 20, "Auth.refresh", finding.ReachedFromAsync),
	site("src/core/auth.py", 22, "Auth.refresh", finding.ReachedFromAsync),
	site("src/core/auth.py", 30, "Auth.old", finding.Compat),
	site("src/core/auth.py", 40, "Auth.fine", finding.AsyncSafe),
	site("src/core/boot.py", 5, "bootstrap", finding.Sync),
}

func TestFromSites(t *testing.T) {
	b := FromSites(original, "")
	want := []Entry{
		{Key{"src/core/auth.py", "Auth.login", "ASYNC251"}, 1},
		{Key{"src/core/auth.py", "Auth.refresh", "AL100"}, 2},
		{Key{"src/core/boot.py", "bootstrap", "sync"}, 1},
	}
	if len(b.Entries) != len(want) {
		t.Fatalf("entries = %+v, want %+v", b.Entries, want)
	}
	for i := range want {
		if b.Entries[i] != want[i] {
			t.Errorf("entry %d = %+v, want %+v", i, b.Entries[i], want[i])
		}
	}
	if b.Sites() != 4 {
		t.Errorf("Sites() = %d, want 4", b.Sites())
	}
}

func TestCompare(t *testing.T) {
	b := FromSites(original, "")
	shift := func(ss []finding.Site, by int) []finding.Site {
		out := make([]finding.Site, len(ss))
		for i, s := range ss {
			s.Start.Line += by
			out[i] = s
		}
		return out
	}
	tests := []struct {
		name  string
		sites []finding.Site
		new   []string // "file function code allowed/have"
		gone  []string // "file function code count"
	}{
		{"unchanged", original, nil, nil},
		{"lines shifted", shift(original, 17), nil, nil},
		{"new function", append(shift(original, 3), site("src/core/auth.py", 90, "Auth.logout", finding.InAsync)),
			[]string{"src/core/auth.py Auth.logout ASYNC251 0/1"}, nil},
		{"third sleep in a function with two", append(original[:len(original):len(original)], site("src/core/auth.py", 24, "Auth.refresh", finding.ReachedFromAsync)),
			[]string{"src/core/auth.py Auth.refresh AL100 2/3"}, nil},
		{"sync site now reached from async", []finding.Site{original[0], original[1], original[2], site("src/core/boot.py", 5, "bootstrap", finding.ReachedFromAsync)},
			[]string{"src/core/boot.py bootstrap AL100 0/1"}, []string{"src/core/boot.py bootstrap sync 1"}},
		{"migrated to compat and async-safe", []finding.Site{
			original[0],
			site("src/core/auth.py", 20, "Auth.refresh", finding.Compat),
			site("src/core/auth.py", 25, "Auth.refresh_async", finding.AsyncSafe),
			original[5],
		}, nil, []string{"src/core/auth.py Auth.refresh AL100 2"}},
		{"new compat site is not a violation", append(original[:len(original):len(original)], site("src/new.py", 1, "legacy", finding.Compat)), nil, nil},
		{"everything gone", nil, nil, []string{
			"src/core/auth.py Auth.login ASYNC251 1", "src/core/auth.py Auth.refresh AL100 2", "src/core/boot.py bootstrap sync 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compare(b, tt.sites, "")
			var gotNew, gotGone []string
			for _, v := range r.New {
				gotNew = append(gotNew, strings.Join([]string{v.File, v.Function, v.Code, itoa(v.Allowed) + "/" + itoa(len(v.Sites))}, " "))
			}
			for _, e := range r.Gone {
				gotGone = append(gotGone, strings.Join([]string{e.File, e.Function, e.Code, itoa(e.Count)}, " "))
			}
			if strings.Join(gotNew, "\n") != strings.Join(tt.new, "\n") {
				t.Errorf("New = %q, want %q", gotNew, tt.new)
			}
			if strings.Join(gotGone, "\n") != strings.Join(tt.gone, "\n") {
				t.Errorf("Gone = %q, want %q", gotGone, tt.gone)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestPathsRelativeToBaselineDir(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "proj")
	s := site(filepath.Join(root, "src", "a.py"), 3, "f", finding.InAsync)
	b := FromSites([]finding.Site{s}, root)
	if b.Entries[0].File != "src/a.py" {
		t.Fatalf("file = %q, want src/a.py", b.Entries[0].File)
	}
	// The same site seen through a different spelling of the same path.
	s2 := s
	s2.Path = filepath.Join(root, "src", ".", "a.py")
	if r := Compare(b, []finding.Site{s2}, root); len(r.New) != 0 {
		t.Errorf("path spelling caused a violation: %+v", r.New)
	}
}

func TestWriteLoadRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "asynclint-baseline.json")
	b := FromSites(original, "")
	if err := b.Write(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "{\n  \"schema\": 1,") {
		t.Errorf("file does not start with the schema:\n%s", data)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Entries) != 3 || got.Entries[1].Count != 2 || got.Entries[1].Function != "Auth.refresh" {
		t.Errorf("loaded %+v", got)
	}
	if r := Compare(got, original, ""); len(r.New)+len(r.Gone) != 0 {
		t.Errorf("round trip changed the baseline: %+v", r)
	}
	// The file's mode is kept on rewrite.
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := got.Write(path); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("mode after rewrite = %v, %v", info.Mode(), err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, content, want string
	}{
		{"bad json", "{", "unexpected end of JSON input"},
		{"wrong schema", `{"schema": 2, "entries": []}`, "schema 2"},
		{"zero count", `{"schema": 1, "entries": [{"file": "a.py", "function": "f", "code": "AL100", "count": 0}]}`, "entry 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "_")+".json")
			if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("Load() error = %v, want one naming %s and containing %q", err, path, tt.want)
			}
		})
	}
	if _, err := Load(filepath.Join(dir, "missing.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
}
