package gofix_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/internal/golang/gocheck"
	"github.com/asynclint/asynclint/rewriter"
	"github.com/asynclint/asynclint/rewriter/gofix"
)

var update = flag.Bool("update", false, "rewrite the .golden files of testdata/golden")

// goldenDir is a module whose packages hold the cases; each rewritten
// file F has F.golden (asyncrt form) and F.stdlib.golden (--stdlib form).
const goldenDir = "testdata/golden"

// TestGolden runs the analyzers over the golden module once per form, plans
// the fixes (which type-checks every rewritten package) and compares each
// rewritten file with its golden file.
func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stdlib bool
		suffix string
	}{
		{"asyncrt", false, ".golden"},
		{"stdlib", true, ".stdlib.golden"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := gocheck.Run(goldenDir, []string{"./..."}, gocheck.Options{Select: []string{"AL200"}, Stdlib: tc.stdlib})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Errors) > 0 {
				t.Fatalf("golden module does not load: %v", res.Errors)
			}
			plan, err := gofix.Plan(res.Findings)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range plan.Skipped {
				t.Errorf("skipped: %v", s)
			}
			for _, m := range plan.Manual {
				t.Errorf("manual: %s:%d: %s", m.Path, m.Pos.Line, m.Reason)
			}
			if len(plan.Fixed) != len(res.Findings) {
				t.Errorf("fixed %d of %d findings", len(plan.Fixed), len(res.Findings))
			}
			got := map[string][]byte{}
			for _, ch := range plan.Changes {
				got[filepath.ToSlash(ch.Path)] = ch.New
			}
			sources, err := filepath.Glob(filepath.Join(goldenDir, "*", "*.go"))
			if err != nil {
				t.Fatal(err)
			}
			for _, src := range sources {
				src = filepath.ToSlash(src)
				want := src + tc.suffix
				out, ok := got[src]
				if !ok {
					t.Errorf("%s: not rewritten", src)
					continue
				}
				if *update {
					if err := os.WriteFile(want, out, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				wantData, err := os.ReadFile(want)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(out, wantData) {
					t.Errorf("%s: got\n%s\nwant (%s)\n%s", src, out, want, wantData)
				}
			}
			if len(got) != len(sources) {
				t.Errorf("rewrote %d files, want %d", len(got), len(sources))
			}
		})
	}
}

// TestGoldenProperties checks, beside the byte comparison, what each case
// is there for, so that a golden file updated by mistake is caught.
func TestGoldenProperties(t *testing.T) {
	read := func(name string) string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(goldenDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	for _, tc := range []struct {
		file        string
		has, hasNot []string
	}{
		{"several/several.go.golden", []string{"asyncrt.Sleep(ctx, pause)", "asyncrt.Sleep(ctx, 2*pause)"}, []string{"\t\"time\"\n"}},
		{"several/several.go.stdlib.golden", []string{"\t\"time\"\n", "case <-time.After(2 * pause):", "return context.Cause(ctx)"}, []string{"asyncrt.Sleep(", "/runtime\""}},
		{"kept/kept.go.golden", []string{`"time"`, "return time.Time{}, err"}, nil},
		{"shapes/named.go.golden", []string{"return Record{}, 0, err"}, nil},
		{"shapes/named.go.stdlib.golden", []string{"return Record{}, 0, context.Cause(ctx)"}, nil},
		{"shapes/closure.go.golden", []string{"\t\t\treturn \"\", err\n"}, nil},
		{"shapes/goroutine.go.stdlib.golden", []string{"\t\t\t\treturn\n\t\t\tcase <-time.After(time.Second):"}, nil},
		// The select holds no break: the one after it still leaves the loop.
		{"shapes/loop.go.stdlib.golden", []string{"\t\tselect {\n\t\tcase <-ctx.Done():\n\t\t\treturn 0, context.Cause(ctx)\n" +
			"\t\tcase <-time.After(time.Duration(n) * time.Millisecond):\n\t\t}\n\t\tif total > 100 {\n\t\t\tbreak\n"}, nil},
		{"crlf/crlf.go.golden", []string{"\r\n\t\treturn err\r\n\t}\r\n"}, []string{"\n\n"}},
		{"crlf/crlf.go.stdlib.golden", []string{"\tselect {\r\n\tcase <-ctx.Done():\r\n"}, []string{"\n\n"}},
		{"aliased/aliased.go.golden", []string{"rt.Sleep(ctx, time.Second); err != nil {\n\t\treturn err\n\t}\n\treturn nil"}, []string{"asyncrt"}},
		{"aliased/shadow.go.golden", []string{`asyncrt2 "github.com/asynclint/asynclint/runtime"`, "asyncrt2.Sleep(ctx, time.Second)"}, nil},
		{"unformatted/unformatted.go.golden", []string{"var  spaced   =  1", "x := spaced +1"}, nil},
	} {
		got := read(tc.file)
		if strings.HasPrefix(tc.file, "crlf/") && strings.Count(got, "\n") != strings.Count(got, "\r\n") {
			t.Errorf("%s: a line ends in LF alone", tc.file)
		}
		for _, s := range tc.has {
			if !strings.Contains(got, s) {
				t.Errorf("%s lacks %q", tc.file, s)
			}
		}
		for _, s := range tc.hasNot {
			if strings.Contains(got, s) {
				t.Errorf("%s holds %q", tc.file, s)
			}
		}
	}
}

// writeModule writes files (path: content) into a new module in a
// temporary directory and returns the directory.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["go.mod"]; !ok {
		files["go.mod"] = "module example.com/m\n\ngo 1.26.0\n"
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// replaceEdit is a finding whose fix replaces the first occurrence of old
// in path with new.
func replaceEdit(t *testing.T, path, old, new string) finding.Finding {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte(old))
	if i < 0 {
		t.Fatalf("%s: no %q", path, old)
	}
	e := finding.Edit{Path: path, Start: finding.Position{Offset: i}, End: finding.Position{Offset: i + len(old)}, NewText: new}
	return finding.Finding{Path: path, Code: "AL200", Fix: &finding.Fix{Edits: []finding.Edit{e}}}
}

// TestRefusal plans a fix that parses but does not type-check beside one
// that does: the first file is refused with ErrInternal naming the file
// and the type error and is left untouched by Write; the other is written.
func TestRefusal(t *testing.T) {
	const src = "package %s\n\nimport (\n\t\"context\"\n\t\"time\"\n)\n\nfunc Wait(ctx context.Context) {\n\ttime.Sleep(time.Second)\n}\n"
	dir := writeModule(t, map[string]string{
		"bad/bad.go":   strings.Replace(src, "%s", "bad", 1),
		"bad/other.go": "package bad\n\nfunc helper() int { return 1 }\n",
		"good/good.go": strings.Replace(src, "%s", "good", 1),
	})
	bad, good := filepath.Join(dir, "bad", "bad.go"), filepath.Join(dir, "good", "good.go")
	badOld, _ := os.ReadFile(bad)
	plan, err := gofix.Plan([]finding.Finding{
		replaceEdit(t, bad, "time.Sleep(time.Second)", "time.Sleep(undefinedDelay)"),
		replaceEdit(t, good, "time.Sleep(time.Second)", "time.Sleep(2 * time.Second)"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Skipped) != 1 {
		t.Fatalf("skipped %v, want bad.go only", plan.Skipped)
	}
	s := plan.Skipped[0]
	if s.Path != bad || !errors.Is(s, rewriter.ErrInternal) || !strings.Contains(s.Error(), "bad.go") || !strings.Contains(s.Error(), "undefined: undefinedDelay") {
		t.Errorf("refusal = %v, want ErrInternal naming bad.go and the type error", s)
	}
	if len(plan.Changes) != 1 || plan.Changes[0].Path != good {
		t.Fatalf("changes = %d, want good.go only", len(plan.Changes))
	}
	if errs := rewriter.Write([]string{dir}, plan.Changes, gofix.Verify); len(errs) > 0 {
		t.Fatal(errs)
	}
	if now, _ := os.ReadFile(bad); !bytes.Equal(now, badOld) {
		t.Errorf("bad.go was modified:\n%s", now)
	}
	if now, _ := os.ReadFile(good); !bytes.Contains(now, []byte("time.Sleep(2 * time.Second)")) {
		t.Errorf("good.go was not written:\n%s", now)
	}
}

// TestRefusalElsewhere: a fix that breaks another file of its package (a
// redeclared name) refuses the rewritten file, though the error points
// into the untouched one.
func TestRefusalElsewhere(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"p/a.go": "package p\n\nimport (\n\t\"context\"\n\t\"time\"\n)\n\nfunc Wait(ctx context.Context) {\n\ttime.Sleep(time.Second)\n}\n",
		"p/b.go": "package p\n\nfunc helper() int { return 1 }\n",
	})
	a := filepath.Join(dir, "p", "a.go")
	plan, err := gofix.Plan([]finding.Finding{replaceEdit(t, a, "func Wait(", "func helper() int { return 2 }\n\nfunc Wait(")})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 0 || len(plan.Skipped) != 1 || !errors.Is(plan.Skipped[0], rewriter.ErrInternal) {
		t.Fatalf("changes %d, skipped %v: want a.go refused", len(plan.Changes), plan.Skipped)
	}
	if !strings.Contains(plan.Skipped[0].Error(), "helper redeclared") {
		t.Errorf("refusal %v does not name the error", plan.Skipped[0])
	}
}

// TestStdlibOldGo: in a module for Go 1.19, before context.Cause, the
// standard-library form returns ctx.Err() (context.Cause would compile
// with a newer toolchain but fail go vet's stdversion check and older
// toolchains).
func TestStdlibOldGo(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"go.mod":   "module example.com/old\n\ngo 1.19\n",
		"old/a.go": "package old\n\nimport (\n\t\"context\"\n\t\"time\"\n)\n\nfunc Wait(ctx context.Context) error {\n\ttime.Sleep(time.Second)\n\treturn nil\n}\n",
		"old/b.go": "package old\n\nimport \"context\"\n\nfunc cause(ctx context.Context) error { return ctx.Err() }\n",
	})
	res, err := gocheck.Run(dir, []string{"./..."}, gocheck.Options{Stdlib: true})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := gofix.Plan(res.Findings)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 1 || len(plan.Skipped) > 0 {
		t.Fatalf("changes %d, skipped %v; want one change", len(plan.Changes), plan.Skipped)
	}
	if got := string(plan.Changes[0].New); !strings.Contains(got, "\t\treturn ctx.Err()\n\tcase <-time.After(time.Second):") {
		t.Errorf("fix for Go 1.19:\n%s", got)
	}

}

// TestRewriteImports covers the import edits on their own: removal of a
// spec, of a whole single-spec declaration, and the addition of a package
// a fix refers to but does not import.
func TestRewriteImports(t *testing.T) {
	for _, tc := range []struct {
		name, src, old, new, want string
	}{{
		name: "unused spec removed with its comment",
		src:  "package p\n\nimport (\n\t\"context\"\n\t\"time\" // waits\n)\n\nfunc f(ctx context.Context) {\n\ttime.Sleep(1)\n}\n",
		old:  "time.Sleep(1)", new: "<-ctx.Done()",
		want: "package p\n\nimport (\n\t\"context\"\n)\n\nfunc f(ctx context.Context) {\n\t<-ctx.Done()\n}\n",
	}, {
		name: "single-spec declaration removed",
		src:  "package p\n\nimport \"context\"\nimport \"time\"\n\nfunc f(ctx context.Context) {\n\ttime.Sleep(1)\n}\n",
		old:  "time.Sleep(1)", new: "<-ctx.Done()",
		want: "package p\n\nimport \"context\"\n\nfunc f(ctx context.Context) {\n\t<-ctx.Done()\n}\n",
	}, {
		name: "missing standard import added to the standard group",
		src:  "package p\n\nimport (\n\t\"time\"\n\n\t\"example.com/x\"\n)\n\nfunc f(ctx x.Ctx) error {\n\ttime.Sleep(1)\n\treturn nil\n}\n",
		old:  "time.Sleep(1)", new: "<-time.After(1)\n\treturn context.Cause(ctx)",
		want: "package p\n\nimport (\n\t\"context\"\n\t\"time\"\n\n\t\"example.com/x\"\n)\n\nfunc f(ctx x.Ctx) error {\n\t<-time.After(1)\n\treturn context.Cause(ctx)\n\treturn nil\n}\n",
	}, {
		name: "local name shadowing a package is not imported",
		src:  "package p\n\nimport \"time\"\n\nfunc f(context struct{ Cause func() }) {\n\ttime.Sleep(1)\n}\n",
		old:  "time.Sleep(1)", new: "time.Sleep(1)\n\tcontext.Cause()",
		want: "package p\n\nimport \"time\"\n\nfunc f(context struct{ Cause func() }) {\n\ttime.Sleep(1)\n\tcontext.Cause()\n}\n",
	}, {
		name: "unformatted file kept as it is outside the edits",
		src:  "package p\n\nimport (\n\t\"context\"\n\t\"time\"\n)\n\nvar  x  =  1\n\nfunc f(ctx context.Context) {\n\ttime.Sleep(1)\n}\n",
		old:  "time.Sleep(1)", new: "<-ctx.Done()",
		want: "package p\n\nimport (\n\t\"context\"\n)\n\nvar  x  =  1\n\nfunc f(ctx context.Context) {\n\t<-ctx.Done()\n}\n",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			i := strings.Index(tc.src, tc.old)
			edits := []finding.Edit{{Start: finding.Position{Offset: i}, End: finding.Position{Offset: i + len(tc.old)}, NewText: tc.new}}
			got, err := gofix.Rewrite("p.go", []byte(tc.src), edits)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestRewriteRefusesSyntaxError: an edit that breaks the syntax is an
// internal error, and a file that did not parse is not rewritten.
func TestRewriteRefusesSyntaxError(t *testing.T) {
	src := []byte("package p\n\nfunc f() {}\n")
	i := bytes.Index(src, []byte("{}"))
	_, err := gofix.Rewrite("p.go", src, []finding.Edit{{Start: finding.Position{Offset: i}, End: finding.Position{Offset: i + 2}, NewText: "{"}})
	if !errors.Is(err, rewriter.ErrInternal) {
		t.Errorf("broken edit: err = %v, want ErrInternal", err)
	}
	if _, err := gofix.Rewrite("p.go", []byte("package p\nfunc {"), nil); err == nil {
		t.Error("file with a syntax error: no error")
	}
}

// TestVerify: Verify accepts a file that parses and refuses one that does
// not, naming the position.
func TestVerify(t *testing.T) {
	old := []byte("package p\n")
	if err := gofix.Verify("p.go", old, []byte("package p\n\nvar x = 1\n")); err != nil {
		t.Errorf("valid file refused: %v", err)
	}
	if err := gofix.Verify("p.go", old, []byte("package p\n\nvar x = \n")); err == nil || !strings.Contains(err.Error(), "3:") {
		t.Errorf("broken file: err = %v, want a parse error with its line", err)
	}
}
