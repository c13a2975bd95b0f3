// Package baseline implements the coverage ratchet: a file listing the
// blocking sites a project has accepted for now, so that CI fails on any new
// one while the old ones are migrated.
//
// An entry is keyed by file, enclosing function and code, not by line (lines
// drift as code is edited), and carries a count, so that two sleeps in one
// function are two allowed sites. The code is the rule that reports the site
// in its state (for sleeps ASYNC251, AL100, AL200, AL201; for another
// category its own rules, ASYNC210 or AL101 for HTTP...) or "sync" for a blocking site
// no rule reports yet: a site that moves from sync to reached-from-async is a
// new problem and fails the ratchet. Compat and async-safe sites are never
// in the baseline: they count as migrated.
//
// File paths are stored relative to the baseline file's directory, with
// forward slashes, so the file works from any working directory.
package baseline

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/report/coverage"
)

// Schema is the version of the baseline file format.
const Schema = 1

// Key identifies a group of sites in the baseline.
type Key struct {
	// File is the site's path relative to the baseline's directory.
	File string `json:"file"`
	// Function is the enclosing function, as in finding.Site.Function.
	Function string `json:"function"`
	// Code is coverage.Code of the site.
	Code string `json:"code"`
}

// Entry is one key of the baseline with the number of sites it allows.
type Entry struct {
	Key
	Count int `json:"count"`
}

// Baseline is the content of a baseline file.
type Baseline struct {
	Schema  int     `json:"schema"`
	Entries []Entry `json:"entries"`
}

// Violation is a key with more sites than the baseline allows.
type Violation struct {
	Key
	// Allowed is the baseline's count for the key, 0 when it is absent.
	Allowed int
	// Sites are all current sites of the key, in report order: which of
	// them is the new one cannot be told without line numbers.
	Sites []finding.Site
}

// Result is the comparison of current sites with a baseline.
type Result struct {
	// New are the keys with more sites than allowed; the ratchet fails
	// when there is any.
	New []Violation
	// Gone are the entries with fewer sites than allowed; Count is how many
	// of them disappeared.
	Gone []Entry
}

// KeyOf returns the baseline key of s, its path made relative to root (the
// baseline file's directory; "" keeps the path as it is).
func KeyOf(s finding.Site, root string) Key {
	return Key{File: relPath(root, s.Path), Function: s.Function, Code: coverage.Code(s)}
}

func relPath(root, path string) string {
	if root != "" {
		absRoot, err1 := filepath.Abs(root)
		absPath, err2 := filepath.Abs(path)
		if err1 == nil && err2 == nil {
			if rel, err := filepath.Rel(absRoot, absPath); err == nil {
				path = rel
			}
		}
	}
	return filepath.ToSlash(filepath.Clean(path))
}

// counted reports whether a site belongs in a baseline: blocking and not compat.
func counted(s finding.Site) bool { return s.Blocking() && s.State != finding.Compat }

// FromSites builds the baseline that accepts exactly the remaining sites of
// sites, paths relative to root.
func FromSites(sites []finding.Site, root string) *Baseline {
	counts := map[Key]int{}
	for _, s := range sites {
		if counted(s) {
			counts[KeyOf(s, root)]++
		}
	}
	b := &Baseline{Schema: Schema, Entries: []Entry{}}
	for k, n := range counts {
		b.Entries = append(b.Entries, Entry{Key: k, Count: n})
	}
	slices.SortFunc(b.Entries, func(x, y Entry) int { return compareKeys(x.Key, y.Key) })
	return b
}

func compareKeys(a, b Key) int {
	return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Function, b.Function), cmp.Compare(a.Code, b.Code))
}

// Compare matches the remaining sites of sites against b.
func Compare(b *Baseline, sites []finding.Site, root string) Result {
	allowed := map[Key]int{}
	for _, e := range b.Entries {
		allowed[e.Key] += e.Count
	}
	current := map[Key][]finding.Site{}
	for _, s := range sites {
		if counted(s) {
			k := KeyOf(s, root)
			current[k] = append(current[k], s)
		}
	}
	var r Result
	for k, ss := range current {
		if len(ss) > allowed[k] {
			coverage.SortSites(ss)
			r.New = append(r.New, Violation{Key: k, Allowed: allowed[k], Sites: ss})
		}
	}
	for k, n := range allowed {
		if have := len(current[k]); have < n {
			r.Gone = append(r.Gone, Entry{Key: k, Count: n - have})
		}
	}
	slices.SortFunc(r.New, func(x, y Violation) int { return compareKeys(x.Key, y.Key) })
	slices.SortFunc(r.Gone, func(x, y Entry) int { return compareKeys(x.Key, y.Key) })
	return r
}

// Load reads a baseline file.
func Load(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	if b.Schema != Schema {
		return nil, fmt.Errorf("baseline %s: schema %d, this asynclint reads schema %d", path, b.Schema, Schema)
	}
	for i, e := range b.Entries {
		if e.File == "" || e.Code == "" || e.Count < 1 {
			return nil, fmt.Errorf("baseline %s: entry %d: file and code must be set and count at least 1", path, i+1)
		}
	}
	return &b, nil
}

// Write writes b to path atomically (a temporary file in the same directory,
// then a rename), keeping the mode of an existing file.
func (b *Baseline) Write(path string) error {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return fmt.Errorf("baseline %s: %w", path, err)
	}
	data = append(data, '\n')
	mode := os.FileMode(0o644)
	if info, err := os.Stat(path); err == nil {
		mode = info.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".asynclint-baseline-*")
	if err != nil {
		return fmt.Errorf("baseline %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("baseline %s: %w", path, err)
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return fmt.Errorf("baseline %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("baseline %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("baseline %s: %w", path, err)
	}
	return nil
}

// Sites returns the number of sites b allows.
func (b *Baseline) Sites() int {
	n := 0
	for _, e := range b.Entries {
		n += e.Count
	}
	return n
}
