package gcpolicy

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// hugeChild runs in the child: Batch, then a fresh allocation; it prints
// madvise's error (or "ok"), whether the allocation lies partly in the
// advised range (its start may lie before the range, which is 2 MB
// aligned), and the VmFlags of the mapping of its part in the range.
func hugeChild() {
	Batch(256 << 20)
	if hugeErr != nil {
		fmt.Println(hugeErr)
		return
	}
	b := make([]byte, 8<<20)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	in := p < hugeRange[1] && p+uintptr(len(b)) > hugeRange[0]
	fmt.Println("ok", in, vmFlags(max(p, hugeRange[0])))
}

// vmFlags returns the VmFlags line of the mapping of /proc/self/smaps that
// holds addr, "" if none does.
func vmFlags(addr uintptr) string {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	holds := false
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := strings.Cut(strings.Fields(line + " ")[0], "-"); ok && !strings.HasSuffix(lo, ":") {
			a, err1 := strconv.ParseUint(lo, 16, 64)
			b, err2 := strconv.ParseUint(hi, 16, 64)
			holds = err1 == nil && err2 == nil && uint64(addr) >= a && uint64(addr) < b
			continue
		}
		if holds && strings.HasPrefix(line, "VmFlags:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmFlags:"))
		}
	}
	return ""
}

// TestBatchHugePages: the heap a batch command grows into first is
// advised for huge pages (the mapping's VmFlags hold "hg"), where the
// kernel lets a program ask (THP in madvise or always mode).
func TestBatchHugePages(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || !strings.Contains(string(mode), "[madvise]") && !strings.Contains(string(mode), "[always]") {
		t.Skipf("transparent huge pages not available to programs here (%q, %v)", strings.TrimSpace(string(mode)), err)
	}
	got := run(t, "huge", "GOGC=", "GOMEMLIMIT=")
	fields := strings.Fields(got)
	if len(fields) < 2 || fields[0] != "ok" {
		t.Fatalf("madvise: %s", got)
	}
	if fields[1] != "true" {
		t.Errorf("an allocation after Batch is not in the advised range: %s", got)
	}
	if !strings.Contains(" "+strings.Join(fields[2:], " ")+" ", " hg ") {
		t.Errorf("the mapping of the heap is not advised for huge pages: VmFlags %s", strings.Join(fields[2:], " "))
	}
}
