package pyparse

import (
	"os"
	"reflect"
	"testing"
)

// TestParserReuseKeepsModels checks that what a parser reuses from one
// parse to the next (the flat buffer, the chunk of child lists, the
// chunks of what Parser.DropTree dropped) leaves every model it built as
// a fresh parser would build it: the models of a 16th of the standard
// library, parsed in turn by one parser and kept, equal those that a new
// parser makes of each file alone. A model that still pointed into a
// chunk given back would see it overwritten by the next parses.
func TestParserReuseKeepsModels(t *testing.T) {
	files := stdlibAndTestdata(t)
	shared := NewParser()
	defer shared.Close()
	var paths []string
	var srcs [][]byte
	var kept []*Module
	for i, path := range files {
		if i%16 != 0 {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		m, err := shared.Parse(path, src, Options{Name: "m"})
		if err != nil {
			t.Fatal(err)
		}
		shared.DropTree(m)
		paths, srcs, kept = append(paths, path), append(srcs, src), append(kept, m)
	}
	if len(kept) < 50 {
		t.Fatalf("%d files parsed, want the standard library's", len(kept))
	}
	if cap(shared.nds) == 0 {
		t.Fatal("the parser kept no chunk of child lists to reuse")
	}
	sp := &shared.spare
	if len(sp.mirrors.free) == 0 || len(sp.scopes.free) == 0 || len(sp.bindings.free) == 0 || len(sp.names.free) == 0 || len(sp.spans.free) == 0 {
		t.Fatalf("the parser kept no chunks of dropped models to reuse: %d %d %d %d %d",
			len(sp.mirrors.free), len(sp.scopes.free), len(sp.bindings.free), len(sp.names.free), len(sp.spans.free))
	}
	for i, path := range paths {
		p := NewParser()
		want, err := p.Parse(path, srcs[i], Options{Name: "m"})
		p.Close()
		if err != nil {
			t.Fatal(err)
		}
		want.DropTree()
		if !reflect.DeepEqual(kept[i], want) {
			t.Errorf("%s: the model made by a reused parser differs from a new parser's", path)
		}
	}
}
