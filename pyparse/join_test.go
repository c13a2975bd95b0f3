package pyparse

import (
	"fmt"
	"strings"
	"testing"
)

// TestDedentInsideBrackets checks that valid code tree-sitter's scanner
// mis-indents (a continuation line inside brackets indented less than its
// block) is modelled with no syntax error, and that real syntax errors are
// still reported, by Parse and by Parser.SyntaxError alike.
func TestDedentInsideBrackets(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		wantErr string // "" when the file is valid
		calls   []string
	}{
		{"attribute", "import time\nasync def f():\n    (bar.\nbaz)\n    time.sleep(1)\n", "",
			[]string{"time.sleep@5:5->time.sleep async=true awaited=false"}},
		{"call chain", "import time\nasync def f():\n    x.setdefault(\n0\n    ).get(\n  1)\n    time.sleep(1)\n", "",
			[]string{"@3:5-> async=true awaited=false", "x.setdefault@3:5-> async=true awaited=false", "time.sleep@7:5->time.sleep async=true awaited=false"}},
		{"comment and continuation", "import time\nasync def f():\n    y = (1 +  # one\n2 + \\\n3)\n    time.sleep(y)\n", "",
			[]string{"time.sleep@6:5->time.sleep async=true awaited=false"}},
		{"crlf", "import time\r\nasync def f():\r\n    (bar.\r\nbaz)\r\n    time.sleep(1)\r\n", "",
			[]string{"time.sleep@5:5->time.sleep async=true awaited=false"}},
		{"lone CR line breaks", "import time\rasync def f():\r    time.sleep(1)\r", "",
			[]string{"time.sleep@3:5->time.sleep async=true awaited=false"}},
		{"unclosed bracket", "import time\nx = (\n\nasync def g():\n    time.sleep(1)\n", "2:1", nil},
		{"missing colon", "class A\n    pass\n", "1:", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := parse(t, tt.src, Options{})
			p := NewParser()
			defer p.Close()
			se, err := p.SyntaxError("t.py", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if (se == nil) != (m.SyntaxError == nil) || se != nil && *se != *m.SyntaxError {
				t.Errorf("Parser.SyntaxError = %+v, Parse's = %+v", se, m.SyntaxError)
			}
			if tt.wantErr == "" {
				if m.SyntaxError != nil {
					t.Fatalf("syntax error %+v on valid code", m.SyntaxError)
				}
				if got := callSummary(m); strings.Join(got, "\n") != strings.Join(tt.calls, "\n") {
					t.Errorf("calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.calls, "\n"))
				}
				return
			}
			if m.SyntaxError == nil {
				t.Fatal("no syntax error reported")
			}
			if got := m.SyntaxError.Pos; !strings.HasPrefix(fmt.Sprintf("%d:%d", got.Line, got.Col), tt.wantErr) {
				t.Errorf("syntax error at %d:%d, want %s", got.Line, got.Col, tt.wantErr)
			}
		})
	}
}

func TestJoinBracketLines(t *testing.T) {
	tests := []struct {
		name, src, want string
		ok              bool
	}{
		{"no brackets", "a = 1\nb = 2\n", "", false},
		{"joined", "f(a,\n  b)\n", "f(a,   b)\n", true},
		{"comment blanked", "f(a,  # c\n b)\n", "f(a,       b)\n", true},
		{"continuation", "f(a \\\nb)\n", "f(a   b)\n", true},
		{"bracket in string", "s = '('\nt = 1\n", "", false},
		{"triple-quoted string kept", "f('''a\n(b''',\nc)\n", "f('''a\n(b''', c)\n", true},
		{"escaped quote", "f('\\'(', \nc)\n", "f('\\'(',  c)\n", true},
		{"comment outside kept", "# (\nx = 1\n", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := joinBracketLines([]byte(tt.src))
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if ok && string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if ok && len(got) != len(tt.src) {
				t.Errorf("length %d, want %d", len(got), len(tt.src))
			}
		})
	}
}
