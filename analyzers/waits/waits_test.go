package waits

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
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

// src holds waits whose comment names the context expected in scope
// ("none" for none) and whether the wait runs as part of a call of its
// declared function ("sync") or not ("async").
const src = `package p

import (
	"context"
	"os"
	"os/signal"
	"runtime"
	"sort"
	"time"
)

func wrap(c context.Context) context.Context { return c }

var apply func(func())

var hooks interface{ Register(func()) }

func f(ctx context.Context, n int) {
	time.Sleep(1) // ctx sync
	go func() {
		time.Sleep(2) // none async: a one-shot goroutine runs on its own
	}()
	go func() {
		for {
			time.Sleep(3) // none async: a detached periodic task refers to no context
		}
	}()
	go func() {
		for ctx.Err() == nil {
			time.Sleep(3) // ctx async: a worker loop that honours ctx
		}
	}()
	sort.Search(n, func(int) bool {
		time.Sleep(3) // ctx sync: sort.Search calls it before returning
		return true
	})
	time.AfterFunc(time.Second, func() {
		time.Sleep(3) // none async: runs later, on its own
	})
	context.AfterFunc(ctx, func() {
		time.Sleep(3) // none async: runs once ctx is done
	})
	runtime.SetFinalizer(&n, func(*int) {
		time.Sleep(3) // none async: a finalizer runs on its own
	})
	hooks.Register(func() {
		time.Sleep(3) // none async: registered, by its name
	})
	apply(func() {
		time.Sleep(3) // ctx async: unknown callee
	})
	func(inner context.Context) {
		time.Sleep(3) // inner sync: the innermost function's parameter
	}(ctx)
	ctx2 := wrap(ctx)
	{
		ctx := 0
		_ = ctx
		time.Sleep(4) // ctx2 sync: the parameter is shadowed
	}
	child, cancel := context.WithTimeout(ctx2, time.Second)
	defer cancel()
	_ = child
	time.Sleep(5) // ctx sync: a parameter before a local
}

func g() {
	time.Sleep(6) // none sync
	c := context.Background()
	time.Sleep(7) // none sync: a root nobody cancels
	c2, cancel := context.WithTimeout(context.WithValue(c, "k", 1), time.Second)
	defer cancel()
	_ = c2
	time.Sleep(8) // none sync: cancelled only here
	var c3 context.Context
	_ = c3
	time.Sleep(8) // none sync: nil
}

func h() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	_ = ctx
	time.Sleep(9) // ctx sync: cancelled by a signal
}

type server struct{ cancel context.CancelFunc }

func (s *server) start() {
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	_ = ctx
	time.Sleep(10) // ctx sync: cancelled by another method
}

func watch() {
	ctx, cancel := context.WithCancel(context.TODO())
	go func() { cancel() }()
	_ = ctx
	time.Sleep(11) // ctx sync: cancelled by a goroutine
}

func retry(parent context.Context) {
	for {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		_ = ctx
		cancel()
		time.Sleep(12) // parent sync: the parameter, not the cancelled child
	}
}

func dial() {
	ctx := context.Background()
	var cancel context.CancelFunc
	if true {
		ctx, cancel = context.WithTimeout(ctx, time.Second)
	}
	_ = ctx
	if cancel != nil {
		cancel()
	}
	time.Sleep(12) // none sync
}

func reassigned(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	time.Sleep(13) // ctx sync: not cancelled yet
	cancel()
	time.Sleep(13) // none sync: cancelled
}

func done(ctx context.Context) {
	select {
	case <-ctx.Done():
		time.Sleep(14) // none sync: done
	default:
		time.Sleep(15) // ctx sync
	}
	if ctx.Err() != nil {
		time.Sleep(16) // none sync: done
	}
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
	pkg, err := conf.Check("p", fset, []*ast.File{file}, info)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{} // line -> "name sync"
	for _, cg := range file.Comments {
		fields := strings.Fields(strings.TrimPrefix(cg.List[0].Text, "//"))
		if len(fields) >= 2 {
			want[fset.Position(cg.Pos()).Line] = fields[0] + " " + strings.TrimSuffix(fields[1], ":")
		}
	}
	r := NewResult(fset, info, pkg)
	n := 0
	for _, d := range file.Decls {
		decl, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		r.Walk(decl, func(ev Event) {
			if ev.Wait == nil {
				return
			}
			n++
			name := "none"
			if v := r.ContextInScope(file, ev.Stack, ev.Wait.Node.Pos()); v != nil {
				name = v.Name()
			}
			sync := "async"
			if ev.Sync {
				sync = "sync"
			}
			line := fset.Position(ev.Wait.Node.Pos()).Line
			if got := name + " " + sync; got != want[line] {
				t.Errorf("line %d: got %q, want %q", line, got, want[line])
			}
		})
	}
	if n != len(want) {
		t.Errorf("walked %d waits, want %d", n, len(want))
	}
}

func TestContextInScopeTestFile(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p_test.go", "package p\nimport (\"context\"; \"time\")\nfunc helper(ctx context.Context) { time.Sleep(1) }\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Scopes: map[ast.Node]*types.Scope{}, Types: map[ast.Expr]types.TypeAndValue{}}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{file}, info)
	if err != nil {
		t.Fatal(err)
	}
	r := NewResult(fset, info, pkg)
	r.Walk(file.Decls[1].(*ast.FuncDecl), func(ev Event) {
		if ev.Wait != nil {
			if v := r.ContextInScope(file, ev.Stack, ev.Wait.Node.Pos()); v != nil {
				t.Errorf("a test file's wait has context %s, want none", v.Name())
			}
		}
	})
}

func TestAnalyzerFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "funcs")
}
