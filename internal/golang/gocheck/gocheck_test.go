package gocheck

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/analyzers/al200"
	"github.com/asynclint/asynclint/internal/finding"
	"golang.org/x/tools/go/analysis"
)

func TestRunFindings(t *testing.T) {
	res, err := Run("testdata/mod", []string{"./..."}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Packages != 2 {
		t.Errorf("Packages = %d, want 2", res.Packages)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s:%d:%d: %s %s", f.Path, f.Start.Line, f.Start.Col, f.Code, f.Message))
		for _, r := range f.Related {
			got = append(got, fmt.Sprintf("\t%s:%d:%d: %s", r.Path, r.Start.Line, r.Start.Col, r.Message))
		}
	}
	want := []string{
		"testdata/mod/app/app.go:13:2: AL201 lib.Poll blocks and ignores cancellation of ctx: it calls time.Sleep (lib.go:26)",
		// The chain, across the package boundary, the blocking call last.
		"\ttestdata/mod/lib/lib.go:26:2: blocking call: time.Sleep",
		// The column counts code points: "ééé" is 3, not 6.
		"testdata/mod/app/app.go:14:13: AL200 time.Sleep ignores cancellation of ctx: use asyncrt.Sleep(ctx, d)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRunFixEdits(t *testing.T) {
	res, err := Run("testdata/rtmod", []string{"./app"}, Options{Select: []string{"AL200"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Fix == nil {
		t.Fatalf("want one AL200 finding with a fix, got %+v", res.Findings)
	}
	if len(res.NoRuntime) != 0 {
		t.Errorf("NoRuntime = %v, want none: the module requires asynclint", res.NoRuntime)
	}
	src, err := os.ReadFile("testdata/rtmod/app/app.go")
	if err != nil {
		t.Fatal(err)
	}
	out := applyEdits(t, src, res.Findings[0].Fix.Edits)
	for _, want := range []string{
		"if err := asyncrt.Sleep(ctx, time.Second); err != nil {\n\t\treturn \"\", err\n\t}",
		"\t\"time\"\n\tasyncrt \"github.com/asynclint/asynclint/runtime\"\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("fixed file lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "time.Sleep") {
		t.Errorf("fixed file still sleeps:\n%s", out)
	}
}

// TestRunNoRuntime: in a module that does not require asynclint, the asyncrt
// form could not build, so findings carry the standard-library form.
func TestRunNoRuntime(t *testing.T) {
	res, err := Run("testdata/mod", []string{"./app"}, Options{Select: []string{"AL200"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Fix == nil {
		t.Fatalf("want one AL200 finding with a fix, got %+v", res.Findings)
	}
	if got := res.Findings[0].Fix.Message; got != al200.StdlibFixMessage {
		t.Errorf("fix %q, want %q", got, al200.StdlibFixMessage)
	}
	if want := []string{"example.com/mod"}; !slices.Equal(res.NoRuntime, want) {
		t.Errorf("NoRuntime = %v, want %v", res.NoRuntime, want)
	}
}

func TestRunStdlibFix(t *testing.T) {
	res, err := Run("testdata/mod", []string{"./app"}, Options{Select: []string{"AL200"}, Stdlib: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Fix == nil {
		t.Fatalf("want one AL200 finding with a fix, got %+v", res.Findings)
	}
	src, err := os.ReadFile("testdata/mod/app/app.go")
	if err != nil {
		t.Fatal(err)
	}
	out := applyEdits(t, src, res.Findings[0].Fix.Edits)
	want := "select {\n\tcase <-ctx.Done():\n\t\treturn context.Cause(ctx)\n\tcase <-time.After(time.Second):\n\t}"
	if !strings.Contains(out, want) {
		t.Errorf("fixed file lacks %q:\n%s", want, out)
	}
	if strings.Contains(out, "asyncrt") || strings.Contains(out, "time.Sleep") {
		t.Errorf("standard-library fix uses asyncrt or still sleeps:\n%s", out)
	}
}

// applyEdits applies edits (by byte offset) to src, checking that each
// edit's line and column agree with its offset.
func applyEdits(t *testing.T, src []byte, edits []finding.Edit) string {
	t.Helper()
	var b bytes.Buffer
	last := 0
	for _, e := range edits {
		if e.Start.Offset < last {
			t.Fatalf("edits out of order or overlapping: %+v", edits)
		}
		line := bytes.Count(src[:e.Start.Offset], []byte("\n")) + 1
		if line != e.Start.Line {
			t.Errorf("edit at offset %d: line %d, want %d", e.Start.Offset, e.Start.Line, line)
		}
		b.Write(src[last:e.Start.Offset])
		b.WriteString(e.NewText)
		last = e.End.Offset
	}
	b.Write(src[last:])
	return b.String()
}

func TestRunSites(t *testing.T) {
	for _, tc := range []struct {
		tests bool
		want  []string
	}{
		{false, []string{
			"testdata/mod/app/app.go:14:13 Run time.Sleep in-async",
			"testdata/mod/lib/lib.go:11:2 Wait time.Sleep compat",
			"testdata/mod/lib/lib.go:19:7 WaitContext time.After async-safe",
			"testdata/mod/lib/lib.go:26:2 Poll time.Sleep reached-from-async",
			"testdata/mod/lib/lib.go:31:2 Legacy time.Sleep sync",
		}},
		{true, []string{
			"testdata/mod/app/app.go:14:13 Run time.Sleep in-async",
			"testdata/mod/app/app_test.go:11:2 TestRun time.Sleep sync",
			"testdata/mod/app/app_test.go:18:2 helperWithContext time.Sleep sync", // test code sleeps on purpose
			"testdata/mod/lib/lib.go:11:2 Wait time.Sleep compat",
			"testdata/mod/lib/lib.go:19:7 WaitContext time.After async-safe",
			"testdata/mod/lib/lib.go:26:2 Poll time.Sleep reached-from-async",
			"testdata/mod/lib/lib.go:31:2 Legacy time.Sleep sync",
		}},
	} {
		t.Run(fmt.Sprintf("tests=%v", tc.tests), func(t *testing.T) {
			res, err := Run("testdata/mod", nil, Options{Tests: tc.tests})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range res.Sites {
				if s.Language != "go" || !strings.HasPrefix(s.Unit, "example.com/mod/") {
					t.Errorf("site %+v: bad language or unit", s)
				}
				got = append(got, fmt.Sprintf("%s:%d:%d %s %s %s", s.Path, s.Start.Line, s.Start.Col, s.Function, s.Callee, s.State))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("sites:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestRunSelectIgnore(t *testing.T) {
	for _, tc := range []struct {
		opts  Options
		codes string
	}{
		{Options{}, "AL201 AL200"},
		{Options{Select: []string{"AL201"}}, "AL201"},
		{Options{Ignore: []string{"AL2"}}, ""},
		{Options{Select: []string{"AL2"}, Ignore: []string{"AL201"}}, "AL200"},
	} {
		res, err := Run("testdata/mod", []string{"./..."}, tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, f := range res.Findings {
			codes = append(codes, f.Code)
		}
		if got := strings.Join(codes, " "); got != tc.codes {
			t.Errorf("%+v: codes %q, want %q", tc.opts, got, tc.codes)
		}
	}
}

func TestRunTypeErrors(t *testing.T) {
	res, err := Run("testdata/broken", []string{"./..."}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 {
		t.Fatalf("Errors = %v, want one", res.Errors)
	}
	msg := res.Errors[0].Error()
	for _, want := range []string{"testdata/broken/bad/bad.go:3:", "package example.com/broken/bad", "undefinedName"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not name %q", msg, want)
		}
	}
	var codes []string
	for _, f := range res.Findings {
		codes = append(codes, f.Path+" "+f.Code)
	}
	want := "testdata/broken/bad/bad.go E999,testdata/broken/good/good.go AL200"
	if got := strings.Join(codes, ","); got != want {
		t.Errorf("findings %q, want %q (the good package still analysed)", got, want)
	}
}

func TestRunMissingPackage(t *testing.T) {
	res, err := Run("testdata/mod", []string{"./nonexistent"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || res.Errors[0].Compile || !strings.Contains(res.Errors[0].Error(), "nonexistent") {
		t.Fatalf("Errors = %v, want one load error naming the directory", res.Errors)
	}
	if len(res.Findings) != 1 || !strings.HasPrefix(res.Findings[0].Message, "cannot load package ./nonexistent: ") {
		t.Errorf("Findings = %+v, want one E999 naming the package", res.Findings)
	}
}

func TestIsVetTool(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-V=full"}, true},
		{[]string{"-flags"}, true},
		{[]string{"/tmp/go-build1/vet.cfg"}, true},
		{[]string{"-AL200", "-json", "/tmp/vet.cfg"}, true},
		{nil, false},
		{[]string{"check", "./..."}, false},
		{[]string{"check", "x.cfg"}, false},
		{[]string{"--help"}, false},
	} {
		if got := IsVetTool(tc.args); got != tc.want {
			t.Errorf("IsVetTool(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

// TestGoVet builds a vet tool and runs `go vet -vettool` on the testdata
// module: the findings appear and vet exits with status 1.
func TestGoVet(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary and runs go vet")
	}
	bin := filepath.Join(t.TempDir(), "vettool")
	build := exec.Command("go", "build", "-o", bin, "./internal/vetmain")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	vet := exec.Command("go", "vet", "-vettool="+bin, "./...")
	vet.Dir = "testdata/mod"
	vet.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	out, err := vet.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("go vet: err %v, want exit status 1\n%s", err, out)
	}
	for _, want := range []string{
		"app/app.go:13:2: lib.Poll blocks and ignores cancellation of ctx: it calls time.Sleep (lib.go:26)",
		"app/app.go:14:",
		"time.Sleep ignores cancellation of ctx: use asyncrt.Sleep(ctx, d)",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("go vet output lacks %q:\n%s", want, out)
		}
	}
}

// TestRunMissingReplacement checks a package whose import comes from a
// replacement directory that does not exist: it is listed as unanalysed,
// and the load error's position (which the go command gives relative to
// the module) names the importing file as seen from the working directory.
func TestRunMissingReplacement(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"m/go.mod":     "module example.com/m\n\ngo 1.22\n\nrequire example.com/gone v0.0.0\n\nreplace example.com/gone => ../gone\n",
		"m/use/use.go": "package use\n\nimport _ \"example.com/gone\"\n",
		"m/ok/ok.go":   "package ok\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	res, err := Run("m", []string{"./..."}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Unanalysed, []string{"example.com/m/use"}) {
		t.Errorf("Unanalysed = %v, want [example.com/m/use]", res.Unanalysed)
	}
	var paths []string
	for _, f := range res.Findings {
		paths = append(paths, f.Path)
		if _, err := os.Stat(f.Path); err != nil && f.Code == "E999" && strings.HasSuffix(f.Path, ".go") {
			t.Errorf("E999 at %s, which does not exist from the working directory: %s", f.Path, f.Message)
		}
	}
	if !slices.Contains(paths, "m/use/use.go") {
		t.Errorf("findings at %v, want one at m/use/use.go", paths)
	}
}

// TestChooseFixStdlib: --stdlib picks the standard-library form of AL200's
// fix and withholds the asyncrt form, but keeps a fix that has one form
// only (AL202's calls of the context variant).
func TestChooseFixStdlib(t *testing.T) {
	al200Fixes := []analysis.SuggestedFix{{Message: al200.FixMessage}, {Message: al200.StdlibFixMessage}}
	if f, ok := chooseFix(al200Fixes, true); !ok || f.Message != al200.StdlibFixMessage {
		t.Errorf("stdlib, AL200: got %q, %v; want the standard-library form", f.Message, ok)
	}
	if _, ok := chooseFix(al200Fixes[:1], true); ok {
		t.Error("stdlib, AL200 with the asyncrt form only: got a fix, want none")
	}
	variant := []analysis.SuggestedFix{{Message: "Call exec.CommandContext(ctx, ...)"}}
	if f, ok := chooseFix(variant, true); !ok || f.Message != variant[0].Message {
		t.Errorf("stdlib, AL202: got %q, %v; want its fix", f.Message, ok)
	}
}

// TestRunSyntaxErrorOnce: a Go syntax error that go/parser reports as a
// cascade (a missing ")" is six errors) is one E999 at its first place,
// as a Python file's is.
func TestRunSyntaxErrorOnce(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"go.mod": "module example.com/syn\n\ngo 1.22\n", "a.go": "package syn\n\nfunc f( {\n}\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Run(dir, []string{"./..."}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Code != "E999" || res.Findings[0].Start.Line != 3 || res.Findings[0].Start.Col != 9 {
		t.Errorf("findings %+v, want one E999 at 3:9", res.Findings)
	}
}

// TestRunCallSites: AL202's calls of the categories report counts (http,
// subprocess) are coverage sites too: in-async where AL202 reports them,
// reached-from-async in a function without a context that code with one
// calls (also under a nolint, and one beside its own context variant),
// compat beside a context variant otherwise, sync elsewhere, and
// async-safe for the context variants and a request given its context
// later. The database query has no category: no site.
func TestRunCallSites(t *testing.T) {
	res, err := Run("testdata/netmod", nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range res.Sites {
		got = append(got, fmt.Sprintf("%s:%d %s %s %s %s", s.Path, s.Start.Line, s.Function, s.Callee, s.State, s.Category))
	}
	want := []string{
		"testdata/netmod/app/app.go:14 Handler http.Get in-async http",
		"testdata/netmod/app/app.go:19 Handler exec.Command in-async subprocess",
		"testdata/netmod/app/app.go:22 Handler http.NewRequestWithContext async-safe http",
		"testdata/netmod/app/app.go:27 Handler exec.CommandContext async-safe subprocess",
		"testdata/netmod/app/app.go:30 Handler http.NewRequest async-safe http",
		"testdata/netmod/lib/lib.go:11 Fetch http.Get reached-from-async http",
		"testdata/netmod/lib/lib.go:18 Legacy exec.Command sync subprocess",
		"testdata/netmod/lib/lib.go:23 Load http.Head reached-from-async http", // Loader calls it with a context
		"testdata/netmod/lib/lib.go:32 LoadContext http.NewRequestWithContext async-safe http",
		"testdata/netmod/lib/lib.go:45 Spawn exec.Command in-async subprocess",
		"testdata/netmod/lib/lib.go:50 Hush exec.Command reached-from-async subprocess", // under a nolint
		"testdata/netmod/lib/lib.go:55 Store exec.Command compat subprocess",
		"testdata/netmod/lib/lib.go:60 StoreContext exec.CommandContext async-safe subprocess",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("sites:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
