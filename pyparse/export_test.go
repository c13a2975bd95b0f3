package pyparse

import (
	"reflect"
	"testing"
)

// Exported for the tests of package pyparse_test, which may import what
// imports pyparse (the cache).
var (
	// ModelDiff is modelDiff of two models, skipping the fields named.
	ModelDiff = func(a, b *Module, skip ...string) string {
		return modelDiff(reflect.ValueOf(a), reflect.ValueOf(b), "Module", map[typedPtr]uintptr{}, skip...)
	}
	// StdlibAndTestdata is stdlibAndTestdata.
	StdlibAndTestdata = func(t *testing.T) []string { return stdlibAndTestdata(t) }
)
