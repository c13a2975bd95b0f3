package gofix_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/golang/gocheck"
	"github.com/asynclint/asynclint/rewriter"
	"github.com/asynclint/asynclint/rewriter/gofix"
)

// A fuzzed program is one function F holding a wait, built from five
// choices: F's results, where its context comes from, the wait, the
// statement around the wait, and something else in the file that a fix
// could collide with. Each choice is an index into these tables.
var (
	fuzzResults = []struct{ sig, ret string }{
		{"", ""},
		{"error", "return nil"},
		{"(int, error)", "return 0, nil"},
		{"(n int, err error)", "return"},
		{"int", "return 0"},
		{"(*T, error)", "return nil, nil"},
		{"(T, error)", "return T{}, nil"},
		{"(chan int, func(), error)", "return nil, nil, nil"},
		{"(error, int)", "return nil, 0"},
		{"(err error)", "return"},
	}
	fuzzContexts = []struct{ params, prelude string }{
		{"ctx context.Context, d time.Duration", ""},
		{"c context.Context, d time.Duration", ""},
		{"parent context.Context, d time.Duration", "ctx, cancel := context.WithCancel(parent)\n\tdefer cancel()\n"},
		{"ctx context.Context, d time.Duration", "ctx, cancel := context.WithTimeout(ctx, time.Minute)\n\tdefer cancel()\n"},
		{"_ int, ctx context.Context, d time.Duration", ""},
		{"ctx context.Context, d time.Duration, err error", "_ = err\n"},
	}
	fuzzWaits = []string{
		"time.Sleep(d)",
		"time.Sleep(2 * time.Millisecond)",
		"<-time.After(d)",
		"<-time.NewTimer(d).C",
		"time.Sleep(d + time.Duration(len(\"x\")))",
	}
	fuzzPlaces = []struct{ before, after string }{
		{"", ""},
		{"if d > 0 {\n\t\t", "\n\t}"},
		{"for i := 0; i < 3; i++ {\n\t\t_ = i\n\t\t", "\n\t}"},
		{"switch {\n\tcase d > 0:\n\t\t", "\n\t}"},
		{"select {\n\tdefault:\n\t\t", "\n\t}"},
		{"func() {\n\t\t", "\n\t}()"},
		{"f := func() error {\n\t\t", "\n\t\treturn nil\n\t}\n\t_ = f()"},
		{"defer ", ""},
		{"go ", ""},
		{"{\n\t\t", "\n\t}"},
		{"if true {\n\t\treturn" + fuzzReturnMarker + "\n\t}\n\t", ""},
		{"for range 2 {\n\t\tif d < 0 {\n\t\t\tbreak\n\t\t}\n\t\t", "\n\t}"},
	}
	fuzzExtras = []struct{ imports, decls, prelude string }{
		{"", "", ""},
		{"", "var asyncrt = 1\n", ""},
		{"", "", "asyncrt := 2\n\t_ = asyncrt\n"},
		{"asyncrt \"github.com/asynclint/asynclint/runtime\"\n", "var _ = asyncrt.Sleep\n", ""},
		{"rt \"github.com/asynclint/asynclint/runtime\"\n", "var _ = rt.Sleep\n", ""},
		{"", "func helper() {}\n", "helper()\n"},
		{"\"errors\"\n", "var errX = errors.New(\"x\")\n", "_ = errX\n"},
		{"", "", "err := error(nil)\n\t_ = err\n"},
		{"", "type context2 = context.Context\n", ""},
		{"\"fmt\"\n", "", "defer fmt.Println()\n"},
	}
)

// fuzzReturnMarker stands, in a place, for F's return values.
const fuzzReturnMarker = "$RET"

// fuzzProgram builds the source of package p from the choices, or "" when
// they do not combine.
func fuzzProgram(res, ctx, wait, place, extra uint8) string {
	r := fuzzResults[int(res)%len(fuzzResults)]
	c := fuzzContexts[int(ctx)%len(fuzzContexts)]
	w := fuzzWaits[int(wait)%len(fuzzWaits)]
	p := fuzzPlaces[int(place)%len(fuzzPlaces)]
	x := fuzzExtras[int(extra)%len(fuzzExtras)]
	if (p.before == "defer " || p.before == "go ") && strings.HasPrefix(w, "<-") {
		return "" // defer and go take a call
	}
	ret := ""
	if r.ret != "" {
		ret = strings.TrimPrefix(r.ret, "return")
	}
	before := strings.ReplaceAll(p.before, fuzzReturnMarker, ret)
	var b strings.Builder
	b.WriteString("package p\n\nimport (\n\t\"context\"\n\t\"time\"\n")
	if x.imports != "" {
		b.WriteString("\t" + x.imports)
	}
	b.WriteString(")\n\ntype T struct{}\n\nvar _ context.Context\n\n")
	b.WriteString(x.decls)
	fmt.Fprintf(&b, "\nfunc F(%s) %s {\n\t%s\t%s%s%s%s\n", c.params, r.sig, c.prelude, x.prelude, before, w, p.after)
	if r.ret != "" {
		b.WriteString("\t" + r.ret + "\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// FuzzGoFix fixes the AL200 sites of generated small programs, in both
// forms, and checks with the go command that the fixed package builds and
// passes go vet (when the program did before the fix), or that the fix was
// withheld; and that a second fix changes nothing.
func FuzzGoFix(f *testing.F) {
	// One seed: go test runs each seed (and each recorded crasher in
	// testdata/fuzz/FuzzGoFix) as a test, and each costs a few go
	// commands; `make fuzz` explores the rest.
	f.Add(uint8(3), uint8(2), uint8(2), uint8(6), uint8(3), false)
	runtimeDir, err := filepath.Abs(filepath.Join("..", "..", "runtime"))
	if err != nil {
		f.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join("..", "..", "runtime", "go.sum"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, res, ctx, wait, place, extra uint8, stdlib bool) {
		src := fuzzProgram(res, ctx, wait, place, extra)
		if src == "" {
			return
		}
		dir := t.TempDir()
		files := map[string]string{
			"go.mod": "module example.com/fuzz\n\ngo 1.26.0\n\nrequire (\n\tgithub.com/asynclint/asynclint/runtime v0.0.0\n" +
				"\tgolang.org/x/time v0.16.0 // indirect\n)\n\nreplace github.com/asynclint/asynclint/runtime => " + runtimeDir + "\n",
			"go.sum":   string(sum),
			"p/p.go":   src,
			"p/use.go": "package p\n\nimport asyncrt \"github.com/asynclint/asynclint/runtime\"\n\nvar _ = asyncrt.Sleep\n",
		}
		for name, content := range files {
			if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		r, err := gocheck.Run(dir, []string{"./..."}, gocheck.Options{Select: []string{"AL200"}, Stdlib: stdlib})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Errors) > 0 {
			return // the choices made a program that does not compile
		}
		if out, err := goCmd(dir, "vet", "./..."); err != nil {
			t.Logf("the input does not pass go vet: %s", out)
			return
		}
		plan, err := gofix.Plan(r.Findings)
		if err != nil {
			t.Fatalf("plan: %v\n%s", err, src)
		}
		for _, ch := range plan.Changes {
			if err := os.WriteFile(ch.Path, ch.New, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if len(plan.Changes) == 0 {
			return
		}
		// go vet builds the package first: it fails on a type error too.
		if out, err := goCmd(dir, "vet", "./..."); err != nil {
			t.Fatalf("go vet after the fix: %v\n%s\ninput:\n%s\n%s", err, out, src, diffs(plan))
		}
		again, err := gocheck.Run(dir, []string{"./..."}, gocheck.Options{Select: []string{"AL200"}, Stdlib: stdlib})
		if err != nil {
			t.Fatal(err)
		}
		plan2, err := gofix.Plan(again.Findings)
		if err != nil {
			t.Fatal(err)
		}
		if len(plan2.Changes) > 0 {
			t.Fatalf("a second fix changed the code:\ninput:\n%s\n%s", src, diffs(plan2))
		}
	})
}

func goCmd(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	return cmd.CombinedOutput()
}

func diffs(plan *rewriter.Plan) string {
	var b strings.Builder
	for _, ch := range plan.Changes {
		b.WriteString(rewriter.Diff(ch.Path, ch.Old, ch.New))
	}
	return b.String()
}
