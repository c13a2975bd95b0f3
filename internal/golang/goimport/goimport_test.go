package goimport

import (
	"go/parser"
	"go/token"
	"testing"
)

func TestInsertion(t *testing.T) {
	for _, tc := range []struct {
		name, src, path, spec, want string
	}{
		{"std after the last std import", "package p\n\nimport (\n\t\"fmt\"\n\t\"time\"\n\n\t\"example.com/x\"\n)\n",
			"context", `"context"`,
			"package p\n\nimport (\n\t\"fmt\"\n\t\"time\"\n\t\"context\"\n\n\t\"example.com/x\"\n)\n"},
		{"std before the first import when none is std", "package p\n\nimport (\n\t// x does it\n\t\"example.com/x\"\n)\n",
			"time", `"time"`,
			"package p\n\nimport (\n\t\"time\"\n\t// x does it\n\t\"example.com/x\"\n)\n"},
		{"other after the last import, past its comment", "package p\n\nimport (\n\t\"time\" // waits\n)\n",
			"github.com/asynclint/asynclint/runtime", `asyncrt "github.com/asynclint/asynclint/runtime"`,
			"package p\n\nimport (\n\t\"time\" // waits\n\tasyncrt \"github.com/asynclint/asynclint/runtime\"\n)\n"},
		{"after a single import declaration", "package p\n\nimport \"time\"\n\nvar _ = time.Now\n",
			"context", `"context"`,
			"package p\n\nimport \"time\"\nimport \"context\"\n\nvar _ = time.Now\n"},
		{"after the package clause", "package p\n\nvar x = 1\n",
			"context", `"context"`,
			"package p\n\nimport \"context\"\n\nvar x = 1\n"},
	} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "p.go", tc.src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		pos, text := Insertion(f, tc.path, tc.spec, "\n")
		at := fset.File(f.Pos()).Offset(pos)
		if got := tc.src[:at] + text + tc.src[at:]; got != tc.want {
			t.Errorf("%s:\n%s\nwant:\n%s", tc.name, got, tc.want)
		}
	}
}
