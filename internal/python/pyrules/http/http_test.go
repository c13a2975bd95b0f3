package http_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/asynclint/asynclint/internal/python/pyrules/pyrulestest"
)

// TestFixtures: the findings on ruff's fixtures equal the reviewed
// snapshots and, where ruff-anchor runs, ruff's own.
func TestFixtures(t *testing.T) {
	pyrulestest.Run(t, "ASYNC210", "ASYNC212")
}

// A client's methods are looked for only in modules that can name httpx's
// Client: one importing httpx under another name still has its findings,
// and a Client of its own in a module without httpx is not one.
func TestClientNeedsHTTPX(t *testing.T) {
	dir := t.TempDir()
	aliased := filepath.Join(dir, "aliased.py")
	own := filepath.Join(dir, "own.py")
	write(t, aliased, "import httpx as h\n\nasync def f():\n    c = h.Client()\n    c.get('x')\n")
	write(t, own, "class Client:\n    def get(self, u): ...\n\nasync def f():\n    c = Client()\n    c.get('x')\n")
	if got, want := pyrulestest.Findings(t, aliased, "ASYNC212"), []string{"5:5: ASYNC212 Blocking httpx method c.get() in async context, use httpx.AsyncClient"}; !slices.Equal(got, want) {
		t.Errorf("aliased: %q, want %q", got, want)
	}
	if got := pyrulestest.Findings(t, own, "ASYNC212"); len(got) != 0 {
		t.Errorf("own Client: %q, want none", got)
	}
}

func write(t *testing.T, path, src string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}
