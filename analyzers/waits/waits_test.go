package waits

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

func TestIsStd(t *testing.T) {
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"time", true},
		{"net/http", true},
		{"vendor/golang.org/x/net/http2/hpack", true},
		{"cmd/go/internal/work", true},
		{"golang.org/x/tools/go/analysis", false},
		{"example.com/a", false},
		{"myapp/internal/db", false}, // a module without a dot is the user's
		{"a", false},
	} {
		if got := IsStd(tc.path); got != tc.want {
			t.Errorf("IsStd(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
}

func TestSilences(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"//nolint", true},
		{"//nolint // explained", true},
		{"//nolint:asynclint", true},
		{"//nolint:AL200", true},
		{"//nolint:al200", true},
		{"//nolint:errcheck,AL200 // why", true},
		{"//nolint:all", true},
		{"// nolint:AL200", true},
		{"//asynclint:ignore AL200 reason", true},
		{"//asynclint:ignore AL201,AL200 reason", true},
		{"//nolint:AL201", false},
		{"//nolint:errcheck", false},
		{"//nolintx", false},
		{"//asynclint:ignore AL201 reason", false},
		{"//asynclint:ignore", false},
		{"// a comment", false},
	} {
		if got := silences(tc.text, "AL200"); got != tc.want {
			t.Errorf("silences(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

const src = `package p

import (
	"context"
	"time"
)

func f(ctx context.Context, n int) {
	time.Sleep(1) // f
	go func() {
		time.Sleep(2) // captured
	}()
	var ctx2 context.Context
	_ = ctx2
	{
		ctx := 0
		_ = ctx
		time.Sleep(3) // ctx2 only
	}
}

func g() {
	time.Sleep(4) // none
	c := context.Background()
	_ = c
}
`

func TestContextInScopeAndWalk(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types:  map[ast.Expr]types.TypeAndValue{},
		Defs:   map[*ast.Ident]types.Object{},
		Uses:   map[*ast.Ident]types.Object{},
		Scopes: map[ast.Node]*types.Scope{},
	}
	conf := types.Config{Importer: importer.Default()}
	if _, err := conf.Check("p", fset, []*ast.File{file}, info); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range file.Decls {
		decl, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		Walk(info, decl, func(ev Event) {
			if ev.Wait == nil {
				return
			}
			name := "none"
			if v := ContextInScope(fset, info, file, ev.Wait.Node.Pos()); v != nil {
				name = v.Name()
			}
			sync := "async"
			if ev.Sync {
				sync = "sync"
			}
			got = append(got, ev.Wait.Callee+" "+name+" "+sync)
		})
	}
	want := "time.Sleep ctx sync,time.Sleep ctx async,time.Sleep ctx2 sync,time.Sleep none sync"
	if g := strings.Join(got, ","); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}
