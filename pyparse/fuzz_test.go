package pyparse

import (
	"bytes"
	"testing"
)

// FuzzParse parses arbitrary bytes: Parse never fails nor panics, it gives a
// model or records a syntax error (E999) for the rules to report, and the
// model stays inside the source: every span and position points into it.
// SyntaxError, which only parses, agrees with Parse on whether there is
// one.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"import time\n\nasync def f():\n    time.sleep(1)\n",
		"from time import sleep as s\nclass C:\n    async def m(self):\n        s(1)\n        await g(x=[i for i in y])\n",
		"\xef\xbb\xbfdef f(:\n\tpass\r\n",
		"x = (\n1,\n2\r3)\nlambda: time.sleep(1)\n",
		"async def f():\n    async with a as b, c:\n        match x:\n            case [1, *r]: await h()\n",
		"def f():\n    \"\"\"doc\"\"\"\n    from . import m\n    global g\n    return m.sleep(1) if g else None\n",
		"\x00\xff\xfe if if if ((((\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p := NewParser()
		defer p.Close()
		m, err := p.Parse("fuzz.py", src, Options{Name: "pkg.fuzz"})
		if err != nil {
			t.Fatalf("Parse failed: %v", err)
		}
		if !bytes.Equal(m.Source(), src) {
			t.Fatalf("Module.Source() is not the source")
		}
		checkModel(t, m, len(src))
		se, err := p.SyntaxError("fuzz.py", src)
		if err != nil {
			t.Fatalf("SyntaxError failed: %v", err)
		}
		if (se == nil) != (m.SyntaxError == nil) {
			t.Fatalf("SyntaxError says %v, Parse says %v", se, m.SyntaxError)
		}
		if se != nil && *se != *m.SyntaxError {
			t.Fatalf("SyntaxError says %+v, Parse says %+v", *se, *m.SyntaxError)
		}
	})
}

// checkModel fails unless every span and position of m lies in a source of
// n bytes.
func checkModel(t *testing.T, m *Module, n int) {
	t.Helper()
	span := func(what string, s Span) {
		if s.Start < 0 || s.End > n || s.Start > s.End {
			t.Fatalf("%s span %v outside the %d-byte source", what, s, n)
		}
	}
	if m.SyntaxError != nil {
		if pos := m.SyntaxError.Pos; pos.Line < 1 || pos.Col < 1 || pos.Offset < 0 || pos.Offset > n {
			t.Fatalf("syntax error at %+v, outside the source", pos)
		}
	}
	if m.ImportsEnd < 0 || m.ImportsEnd > n {
		t.Fatalf("ImportsEnd %d outside the source", m.ImportsEnd)
	}
	for _, f := range m.Functions {
		span("def "+f.Qual, f.Span)
		span("body of "+f.Qual, f.Body)
		if f.Span.Start > f.Def.Start || f.Def.End > f.Span.End {
			t.Fatalf("def %s: Def %v outside Span %v", f.Qual, f.Def, f.Span)
		}
	}
	for _, c := range m.Calls {
		span("call", c.Span)
	}
	for _, im := range m.Imports {
		span("import "+im.Module, im.Stmt)
		span("import item "+im.Module, im.Item)
	}
	for off := 0; off <= n; off += max(1, n/16) {
		if pos := m.Position(off); pos.Line < 1 || pos.Col < 1 {
			t.Fatalf("Position(%d) = %+v", off, pos)
		}
	}
}
