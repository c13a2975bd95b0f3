// Package ruffanchor finds ruff-anchor, the script that runs ruff 0.17.4's
// WASM build (it installs the npm package into a cache on first use), for
// the tests that compare asynclint's findings with ruff's.
package ruffanchor

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Path returns the ruff-anchor to run, "" when node or the anchor is
// missing. ASYNCLINT_RUFF_ANCHOR (or RUFF_ANCHOR) names it; by default it is ../shared/bench/ruff-anchor
// beside the repository (worktrees included).
func Path() string {
	if _, err := exec.LookPath("node"); err != nil {
		return ""
	}
	a := os.Getenv("ASYNCLINT_RUFF_ANCHOR")
	if a == "" {
		a = os.Getenv("RUFF_ANCHOR")
	}
	if a == "" {
		out, err := exec.Command("git", "rev-parse", "--path-format=absolute", "--git-common-dir").Output()
		if err != nil {
			return ""
		}
		root := filepath.Dir(strings.TrimSpace(string(out)))
		a = filepath.Join(filepath.Dir(root), "shared", "bench", "ruff-anchor")
	}
	if st, err := os.Stat(a); err != nil || st.IsDir() {
		return ""
	}
	return a
}

// How says how to make the anchor available.
const How = "install node (apt-get install nodejs npm) and put shared/bench beside the repository, or set ASYNCLINT_RUFF_ANCHOR"
