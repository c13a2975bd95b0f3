package path_test

import (
	"testing"

	"github.com/asynclint/asynclint/internal/python/pyrules/pyrulestest"
)

// TestFixtures: the findings on ruff's fixtures equal the reviewed
// snapshots and, where ruff-anchor runs, ruff's own.
func TestFixtures(t *testing.T) {
	pyrulestest.Run(t, "ASYNC240")
}
