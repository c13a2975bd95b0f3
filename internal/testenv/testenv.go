// Package testenv decides what a test does when an outside tool it needs
// (a browser, a validator, the reference linter) is missing: skip, saying
// how to get the tool, when a developer runs go test by hand; fail when CI
// is set in the environment, as .ci/run sets it after installing every such
// tool, so that no test that matters is silently skipped in CI.
package testenv

import (
	"os"
	"testing"
)

// InCI reports whether the tests run in CI: the CI variable is set to
// anything but "" or "false" (CI services set CI=true; so does .ci/run).
func InCI() bool {
	v := os.Getenv("CI")
	return v != "" && v != "false" && v != "0"
}

// Missing ends the test because tool is missing: in CI it fails, since
// .ci/run installs the tool; otherwise it skips. how says how to get the
// tool, e.g. "apt-get install chromium".
func Missing(t testing.TB, tool, how string) {
	t.Helper()
	if InCI() {
		t.Fatalf("%s is missing, and CI is set: .ci/run installs it (%s)", tool, how)
		return
	}
	t.Skipf("%s is missing; to run this test: %s", tool, how)
}
