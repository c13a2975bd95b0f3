//go:build !linux

package gcpolicy

// hugeRange is the range hugeHeap advised: none on this system.
var hugeRange [2]uintptr

// hugeHeap does nothing: transparent huge pages are Linux's.
func hugeHeap(int64) error { return nil }
