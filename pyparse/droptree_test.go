package pyparse

import (
	"reflect"
	"strings"
	"testing"
)

// TestDropTree: after DropTree no field of the model reachable from the
// module holds a tree-sitter value (a Node field added to the model must be
// cleared there too), and the model is complete.
func TestDropTree(t *testing.T) {
	src := "import time\n\nclass C:\n    def m(self):\n        def inner():\n            time.sleep(1)\n        inner()\n\nasync def f():\n    C().m()\n"
	p := NewParser()
	defer p.Close()
	m, err := p.Parse("x.py", []byte(src), Options{Name: "x", Lazy: [][]byte{[]byte("async")}})
	if err != nil {
		t.Fatal(err)
	}
	m.DropTree()
	if len(m.Functions) != 3 || len(m.Calls) != 4 {
		t.Fatalf("%d functions, %d calls after DropTree; want 3, 4 (every def modelled)", len(m.Functions), len(m.Calls))
	}
	seen := map[uintptr]bool{}
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() {
				return
			}
			if strings.Contains(v.Type().Elem().PkgPath(), "go-tree-sitter") {
				t.Errorf("%s still holds a %s", path, v.Type())
				return
			}
			if seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			walk(v.Elem(), path)
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i), path+"."+v.Type().Field(i).Name)
				}
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i), path)
			}
		case reflect.Map:
			for _, k := range v.MapKeys() {
				walk(v.MapIndex(k), path)
			}
		}
	}
	walk(reflect.ValueOf(m), "Module")
}
