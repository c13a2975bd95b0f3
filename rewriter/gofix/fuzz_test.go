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

// A fuzzed program holds up to six functions F0, F1, ... each holding a
// wait, built from four choices: the results, where the context comes
// from, the wait, and the statement around it; and one choice for the file,
// something else that a fix could collide with. Each choice is an index
// into these tables.
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
		{"parent context.Context, d time.Duration", "ctx, cancel := context.WithCancel(parent)\n\tdefer cancel()\n\t_ = ctx\n"},
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
	fuzzExtras = []fuzzExtra{
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

// fuzzExtra is something else in the file: imports, declarations, and
// statements at the start of each function.
type fuzzExtra struct{ imports, decls, prelude string }

// fuzzReturnMarker stands, in a place, for F's return values.
const fuzzReturnMarker = "$RET"

// fuzzFunc builds function F<n> from the choices, or "" when they do not
// combine.
func fuzzFunc(n int, res, ctx, wait, place uint8, x fuzzExtra) string {
	r := fuzzResults[int(res)%len(fuzzResults)]
	c := fuzzContexts[int(ctx)%len(fuzzContexts)]
	w := fuzzWaits[int(wait)%len(fuzzWaits)]
	p := fuzzPlaces[int(place)%len(fuzzPlaces)]
	if (p.before == "defer " || p.before == "go ") && strings.HasPrefix(w, "<-") {
		return "" // defer and go take a call
	}
	ret := strings.TrimPrefix(r.ret, "return")
	before := strings.ReplaceAll(p.before, fuzzReturnMarker, ret)
	var b strings.Builder
	fmt.Fprintf(&b, "\nfunc F%d(%s) %s {\n\t%s\t%s%s%s%s\n", n, c.params, r.sig, c.prelude, x.prelude, before, w, p.after)
	if r.ret != "" {
		b.WriteString("\t" + r.ret + "\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// fuzzProgram builds the source of package p: the extra choice, then one
// function for each four bytes of funcs (at most six).
func fuzzProgram(extra uint8, funcs []byte) string {
	x := fuzzExtras[int(extra)%len(fuzzExtras)]
	var b strings.Builder
	b.WriteString("package p\n\nimport (\n\t\"context\"\n\t\"time\"\n")
	if x.imports != "" {
		b.WriteString("\t" + x.imports)
	}
	b.WriteString(")\n\ntype T struct{}\n\nvar _ context.Context\n\n")
	b.WriteString(x.decls)
	n := 0
	for i := 0; i+4 <= len(funcs) && n < 6; i += 4 {
		if f := fuzzFunc(n, funcs[i], funcs[i+1], funcs[i+2], funcs[i+3], x); f != "" {
			b.WriteString(f)
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return b.String()
}

// FuzzGoFix fixes the AL200 sites of generated small programs, in both
// forms, and checks with the go command that the fixed package builds, or
// that the fix was withheld. (go vet, and a second fix changing nothing, are
// checked on the example module by TestExample: here they would take an
// input past the fuzzer's 10 s limit on a busy machine.)
func FuzzGoFix(f *testing.F) {
	// One seed: go test runs each seed (and each recorded crasher in
	// testdata/fuzz/FuzzGoFix) as a test, and each costs a few go
	// commands; `make fuzz` explores the rest.
	f.Add(uint8(3), false, []byte{3, 2, 2, 6, 7, 5, 3, 10, 1, 0, 0, 1})
	runtimeDir, err := filepath.Abs(filepath.Join("..", "..", "runtime"))
	if err != nil {
		f.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join("..", "..", "runtime", "go.sum"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, extra uint8, stdlib bool, funcs []byte) {
		src := fuzzProgram(extra, funcs)
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
			t.Logf("the program does not compile: %v", r.Errors[0])
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
		t.Logf("%d findings, %d fixed, %d files refused", len(r.Findings), len(plan.Fixed), len(plan.Skipped))
		if len(plan.Changes) == 0 {
			return
		}
		if out, err := goCmd(dir, "build", "./..."); err != nil {
			t.Fatalf("go build after the fix: %v\n%s\ninput:\n%s\n%s", err, out, src, diffs(plan))
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
