package pyparse

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"
)

// TestRestoreAsFreshParse: a model whose tree was dropped (as `check`
// drops it), or also without the module's scope on any object (the
// cache's codec carries none: TestRestoreFromCache goes through it),
// restored, equals the model a fresh parse keeping its tree
// makes of the same file: every field, the nodes (by kind and place), and
// the shape of its pointers (a binding of the restored model points at the
// restored model's own function where the fresh one points at its own).
// Over a 16th of the standard library and the repository's testdata, one
// reused parser dropping and restoring in turn.
func TestRestoreAsFreshParse(t *testing.T) {
	files := stdlibAndTestdata(t)
	p := NewParser()
	defer p.Close()
	n := 0
	for i, path := range files {
		if i%16 != 0 && !strings.HasPrefix(path, "../testdata") {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		fresh := NewParser()
		want, err := fresh.Parse(path, src, Options{Name: "pkg.m"})
		fresh.Close()
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.Parse(path, src, Options{Name: "pkg.m"})
		if err != nil {
			t.Fatal(err)
		}
		p.DropTree(got)
		if n%2 == 1 {
			asDecoded(got)
		}
		if err := p.Restore(got); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if got.Tree == nil {
			t.Fatalf("%s: no tree after Restore", path)
		}
		if d := modelDiff(reflect.ValueOf(want), reflect.ValueOf(got), "Module", map[typedPtr]uintptr{}); d != "" {
			t.Errorf("%s: restored model differs from a fresh parse: %s", path, d)
		}
		n++
	}
	if n < 100 {
		t.Fatalf("%d files restored, want the standard library's", n)
	}
}

// TestRestoreChangedSource: a model whose file changed since it was built
// is not restored, and says so.
func TestRestoreChangedSource(t *testing.T) {
	p := NewParser()
	defer p.Close()
	m, err := p.Parse("x.py", []byte("import time\ndef f():\n    time.sleep(1)\n"), Options{Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	m.DropTree()
	m.src = []byte("import time\ndef f():\n    time.sleep(1)\n    time.sleep(2)\n")
	err = p.Restore(m)
	if err == nil || !strings.Contains(err.Error(), "x.py: the file changed") {
		t.Fatalf("Restore of a changed file: %v, want the file named as changed", err)
	}
	if m.Tree != nil {
		t.Fatal("a changed file got a tree")
	}
}

// typedPtr is a pointer with its type: a struct and its first field share
// an address.
type typedPtr struct {
	t reflect.Type
	p uintptr
}

// asDecoded leaves m as the cache decodes a module: no scope but the
// module's on any object (the codec skips every other Scope field).
func asDecoded(m *Module) {
	for _, c := range m.Calls {
		c.Scope = nil
	}
	for _, f := range m.Functions {
		for _, r := range f.Reads {
			r.Scope = nil
		}
	}
	for _, im := range m.Imports {
		im.Scope = nil
	}
}

// modelDiff compares two models field by field, unexported fields too but
// the parser's bookkeeping (used) and the fields named in skip, nodes by kind and place, and pointers
// by the shape they make: a pointer of a met before must meet, in b, the
// pointer it met then. It returns the first difference, "" if none.
func modelDiff(a, b reflect.Value, path string, seen map[typedPtr]uintptr, skip ...string) string {
	if a.Kind() != b.Kind() {
		return path + ": kinds differ"
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Sprintf("%s: nil %v against %v", path, a.IsNil(), b.IsNil())
			}
			return ""
		}
		switch a.Type() {
		case reflect.TypeOf(&sitter.Tree{}):
			return ""
		case reflect.TypeOf(&sitter.Node{}):
			x, y := (*sitter.Node)(a.UnsafePointer()), (*sitter.Node)(b.UnsafePointer())
			if x.Type() != y.Type() || x.StartByte() != y.StartByte() || x.EndByte() != y.EndByte() {
				return fmt.Sprintf("%s: node %s %d-%d against %s %d-%d", path, x.Type(), x.StartByte(), x.EndByte(), y.Type(), y.StartByte(), y.EndByte())
			}
			return ""
		}
		key := typedPtr{a.Type(), a.Pointer()}
		if q, ok := seen[key]; ok {
			if q != b.Pointer() {
				return path + ": points at another object than before"
			}
			return ""
		}
		seen[key] = b.Pointer()
		return modelDiff(a.Elem(), b.Elem(), path, seen, skip...)
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			f := a.Type().Field(i)
			if f.Name == "used" || slices.Contains(skip, f.Name) {
				continue
			}
			if d := modelDiff(a.Field(i), b.Field(i), path+"."+f.Name, seen, skip...); d != "" {
				return d
			}
		}
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: %d elements against %d", path, a.Len(), b.Len())
		}
		for i := 0; i < a.Len(); i++ {
			if d := modelDiff(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i), seen, skip...); d != "" {
				return d
			}
		}
	case reflect.Map:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: %d keys against %d", path, a.Len(), b.Len())
		}
		for _, k := range a.MapKeys() {
			v := b.MapIndex(k)
			if !v.IsValid() {
				return fmt.Sprintf("%s[%v]: missing", path, k)
			}
			if d := modelDiff(a.MapIndex(k), v, fmt.Sprintf("%s[%v]", path, k), seen, skip...); d != "" {
				return d
			}
		}
	case reflect.String:
		if a.String() != b.String() {
			return fmt.Sprintf("%s: %q against %q", path, a.String(), b.String())
		}
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			return path + ": bools differ"
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			return fmt.Sprintf("%s: %d against %d", path, a.Int(), b.Int())
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if a.Uint() != b.Uint() {
			return fmt.Sprintf("%s: %d against %d", path, a.Uint(), b.Uint())
		}
	case reflect.Interface:
		if a.IsNil() != b.IsNil() {
			return path + ": interfaces differ"
		}
		if !a.IsNil() {
			return modelDiff(a.Elem(), b.Elem(), path, seen, skip...)
		}
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return path + ": unexpected " + a.Kind().String()
	}
	return ""
}
