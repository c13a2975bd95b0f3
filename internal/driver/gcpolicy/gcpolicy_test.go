package gcpolicy

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// The checks run in a child process of their own (the test binary run
// again with gcpolicyChild set): the collector's settings are the
// process's.
func TestMain(m *testing.M) {
	if mode := os.Getenv("gcpolicyChild"); mode != "" {
		child(mode)
		return
	}
	os.Exit(m.Run())
}

// child prints the GC percent after Batch, then after a collection.
func child(mode string) {
	if mode == "huge" {
		hugeChild()
		return
	}
	Batch(64 << 20)
	before := debug.SetGCPercent(-1)
	debug.SetGCPercent(before)
	if mode == "grow" {
		// Outgrow the limit: the collector runs, and its first cycle
		// puts the defaults back (the finalizer runs soon after it).
		var keep [][]byte
		for range 100 {
			keep = append(keep, make([]byte, 1<<20))
		}
		runtime.KeepAlive(keep)
		runtime.GC()
	}
	after := before
	for i := 0; i < 200 && before == -1; i++ {
		after = debug.SetGCPercent(-1)
		debug.SetGCPercent(after)
		if after != before {
			break
		}
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
	fmt.Printf("%d %d\n", before, after)
}

func run(t *testing.T, mode string, env ...string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), "gcpolicyChild="+mode), env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

// TestBatch: no collection percent (off) until the first collection, Go's
// default after it.
func TestBatch(t *testing.T) {
	if got := run(t, "grow", "GOGC=", "GOMEMLIMIT="); got != "-1 100" {
		t.Errorf("GC percent before and after the first collection: %s, want -1 100", got)
	}
}

// TestBatchLeavesUserSettings: with GOGC set, Batch changes nothing.
func TestBatchLeavesUserSettings(t *testing.T) {
	if got := run(t, "grow", "GOGC=50"); got != "50 50" {
		t.Errorf("GC percent with GOGC=50: %s, want 50 50", got)
	}
}
