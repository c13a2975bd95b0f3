package lsp

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
)

// TestChangeParsesOneModule checks that, with the server's in-memory cache,
// an analysis after one buffer changed parses that buffer only, and that
// its findings equal those of a server without a cache.
func TestChangeParsesOneModule(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "app/__init__.py", "")
	for i := range 5 {
		writeFile(t, dir, fmt.Sprintf("app/m%d.py", i), fmt.Sprintf("import time\nfrom app.helpers import wait\n\n\nasync def handler%d():\n    wait()\n", i))
	}
	helpers := writeFile(t, dir, "app/helpers.py", helpersPy)
	api := writeFile(t, dir, "app/api.py", apiPy)

	open := func(s *server) {
		s.folders = []*folder{s.newFolder(dir)}
		for _, p := range []string{api, helpers} {
			s.docs[pathURI(p)] = &document{uri: pathURI(p), path: p, lang: "python", text: []byte(readFile(t, p))}
		}
	}
	s := newServer(Options{Version: "test"})
	open(s)
	s.analysePython()
	if s.parsed != 7 || s.cached != 0 {
		t.Fatalf("first analysis: %d parsed, %d from the cache; want 7 and 0", s.parsed, s.cached)
	}
	s.analysePython()
	if s.parsed != 0 || s.cached != 7 {
		t.Errorf("unchanged: %d parsed, %d from the cache; want 0 and 7", s.parsed, s.cached)
	}
	edited := []byte("import time\n\n\ndef wait():\n    pass\n")
	s.docs[pathURI(helpers)].text = edited
	s.analysePython()
	if s.parsed != 1 || s.cached != 6 {
		t.Errorf("after one buffer changed: %d parsed, %d from the cache; want 1 and 6", s.parsed, s.cached)
	}

	fresh := newServer(Options{Version: "test"})
	fresh.cache = nil
	open(fresh)
	fresh.docs[pathURI(helpers)].text = edited
	fresh.analysePython()
	for uri, d := range s.docs {
		if got, want := d.findings, fresh.docs[uri].findings; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: findings with the cache %v, without %v", filepath.Base(d.path), got, want)
		}
	}
	if n := len(s.docs[pathURI(api)].findings); n != 1 {
		t.Errorf("api.py: %d findings, want 1 (ASYNC251; AL100 went with the helper's sleep)", n)
	}
	if n := s.cache.Len(); n != 7 {
		t.Errorf("cache entries after Sweep: %d, want 7 (the helper's old version dropped)", n)
	}
}
