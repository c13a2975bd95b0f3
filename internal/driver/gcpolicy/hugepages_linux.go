package gcpolicy

import (
	"runtime"
	"syscall"
	"unsafe"
)

// hugeRange is the range hugeHeap advised, for the tests.
var hugeRange [2]uintptr

// hugeHeap makes n bytes of the heap eligible for transparent huge pages
// (madvise MADV_HUGEPAGE), so that the kernel maps them in 2 MB at a time:
// Go's runtime no longer advises its heap either way. It allocates n
// bytes, which the runtime maps fresh and does not touch, advises the 2 MB
// pages inside them, and collects them again: the heap then grows into
// that memory first (the runtime takes the lowest free pages). Memory
// that is never touched stays unmapped; the peak RSS grows by less than
// 2 MB.
func hugeHeap(n int64) error {
	const huge = 2 << 20
	if n < 2*huge {
		return nil
	}
	b := make([]byte, n)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo := (p+huge-1)&^(huge-1) - p
	hi := (p+uintptr(n))&^(huge-1) - p
	err := syscall.Madvise(b[lo:hi], syscall.MADV_HUGEPAGE)
	hugeRange = [2]uintptr{p + lo, p + hi}
	runtime.KeepAlive(b)
	runtime.GC() // b is dead: its pages go back to the heap
	return err
}
