package pyparse

import (
	"reflect"
	"strings"
	"testing"
)

// TestDropTree: after DropTree no field of the model reachable from the
// module holds a tree-sitter value (a Node field added to the model must be
// cleared there too), nor a scope other than the module's, nor argument
// spans (Parser.DropTree reuses their memory), and the model is complete.
func TestDropTree(t *testing.T) {
	src := "import time\n\nclass C:\n    def m(self):\n        def inner():\n            time.sleep(1)\n        inner()\n\nasync def f():\n    C().m()\n" +
		"def g(a):\n    import os\n    return [os.path.join(a, x) for x in (lambda y: y)(a)]\n"
	p := NewParser()
	defer p.Close()
	m, err := p.Parse("x.py", []byte(src), Options{Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	m.DropTree()
	if len(m.Functions) != 4 || len(m.Calls) != 6 {
		t.Fatalf("%d functions, %d calls after DropTree; want 4, 6 (every def modelled)", len(m.Functions), len(m.Calls))
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
			if s, ok := v.Interface().(*Scope); ok && s != m.Scope {
				t.Errorf("%s still holds a %s scope", path, s.Kind)
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
			if v.Type() == reflect.TypeOf([]Span(nil)) && v.Len() > 0 && strings.HasSuffix(path, ".ArgSpans") {
				t.Errorf("%s still holds %d spans", path, v.Len())
			}
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
