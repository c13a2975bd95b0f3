package pyparse

import (
	"errors"
	"slices"
	"testing"
)

// The lines that may suppress are those of the suppression comments'
// shapes, whatever the case of "noqa"; an offset anywhere on such a line,
// its line break included, finds it.
func TestDirectives(t *testing.T) {
	src := "import time  # NoQA: ASYNC251\r\n" + // 0..29, \r\n
		"x = '#'  # a comment about noqa\n" + // not a directive: noqa not after #
		"y = 1  #\tasynclint: ignore[AL100] reason\n" +
		"z = 2  # asynclint ignore\n" + // no colon
		"w = 3  #noqa\n" +
		"v = 4  # no qa"
	m := &Module{src: []byte(src)}
	got := directiveLines(m.src)
	var lines []string
	for _, d := range got {
		lines = append(lines, src[d.Start:d.End])
	}
	want := []string{"import time  # NoQA: ASYNC251", "y = 1  #\tasynclint: ignore[AL100] reason", "w = 3  #noqa"}
	if !slices.Equal(lines, want) {
		t.Fatalf("directive lines %q, want %q", lines, want)
	}
	m.Directives = got
	for _, c := range []struct {
		off int
		ok  bool
	}{{0, true}, {29, true}, {31, false}, {len(src) - 1, false}} {
		if _, ok := m.Directive(c.off); ok != c.ok {
			t.Errorf("Directive(%d) = %v, want %v", c.off, ok, c.ok)
		}
	}
}

// A directive is a comment, as ruff reads it from comment tokens: the
// same text in a string, an f-string or a triple-quoted string suppresses
// nothing, a line holding both keeps its comment's, and one later in a
// comment counts (`# type: ignore # noqa`).
func TestDirectivesAreComments(t *testing.T) {
	src := "\ufeffimport time  # noqa\n" +
		"x = \"# noqa\"; time.sleep(1)\n" +
		"y = f\"{x} # noqa: ASYNC251\"; time.sleep(1)\n" +
		"z = \"\"\"\n# noqa\"\"\"; time.sleep(1)\n" +
		"w = \"# noqa\"; time.sleep(1)  # asynclint: ignore[ASYNC251] why\n" +
		"v = 1  # comment, '# noqa' in it\n"
	p := NewParser()
	defer p.Close()
	m, err := p.Parse("m.py", []byte(src), Options{Name: "m"})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, d := range m.Directives {
		lines = append(lines, src[d.Start:d.End])
	}
	want := []string{"\ufeffimport time  # noqa", "w = \"# noqa\"; time.sleep(1)  # asynclint: ignore[ASYNC251] why", "v = 1  # comment, '# noqa' in it"}
	if !slices.Equal(lines, want) {
		t.Errorf("directive lines %q, want %q", lines, want)
	}
}

// A source read later is read once, on its first use, and a failed read
// leaves an empty source that Text and the positions answer without
// panicking.
func TestSourceLater(t *testing.T) {
	reads := 0
	m := &Module{}
	m.SourceLater(func() ([]byte, error) { reads++; return []byte("a = 1\nb = 2\n"), nil })
	if reads != 0 || m.SourceErr() != nil {
		t.Fatalf("read %d times before use", reads)
	}
	if got := m.Text(Span{6, 11}); got != "b = 2" || m.Position(6).Line != 2 {
		t.Errorf("Text %q, line %d", got, m.Position(6).Line)
	}
	m.Source()
	if reads != 1 {
		t.Errorf("read %d times, want 1", reads)
	}
	bad := &Module{}
	fail := errors.New("changed")
	bad.SourceLater(func() ([]byte, error) { return nil, fail })
	if got := bad.Text(Span{6, 11}); got != "" || bad.LineStart(8) != 0 || bad.Position(8).Line != 1 {
		t.Errorf("after a failed read: Text %q", got)
	}
	if !errors.Is(bad.SourceErr(), fail) {
		t.Errorf("SourceErr %v, want %v", bad.SourceErr(), fail)
	}
}
