package precommit

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"empty", "", "no hooks"},
		{"empty list", "[]", "no hooks"},
		{"not a list", "id: x\n", "decoding hooks"},
		{"unknown key", "- {id: a, name: a, entry: a, language: golang, pass_filename: false}\n", "pass_filename"},
		{"wrong type", "- {id: a, name: a, entry: a, language: golang, types: python}\n", "decoding hooks"},
		{"missing entry", "- {id: a, name: a, language: golang}\n", `missing required key "entry"`},
		{"missing id", "- {name: a, entry: a, language: golang}\n", `missing required key "id"`},
		{"bad language", "- {id: a, name: a, entry: a, language: go}\n", `language "go"`},
		{"duplicate id", "- {id: a, name: a, entry: a, language: golang}\n- {id: a, name: b, entry: b, language: golang}\n", `duplicate id "a"`},
		{"bad files regexp", "- {id: a, name: a, entry: a, language: golang, files: '(x'}\n", "files:"},
		{"unclosed quote in entry", "- {id: a, name: a, entry: \"a 'b\", language: golang}\n", "no closing quotation"},
		{"broken yaml", "- id: a\n  name: [a\n", "decoding hooks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml))
			if err == nil {
				t.Fatalf("Parse succeeded, want an error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestParseDefaults(t *testing.T) {
	hooks, err := Parse([]byte("- {id: a, name: A, entry: tool check, language: golang}\n"))
	if err != nil {
		t.Fatal(err)
	}
	h := hooks[0]
	if !slices.Equal(h.Types, []string{"file"}) || h.Exclude != "^$" || !h.PassesFilenames() || h.AlwaysRun {
		t.Errorf("defaults: types %v, exclude %q, pass_filenames %v, always_run %v", h.Types, h.Exclude, h.PassesFilenames(), h.AlwaysRun)
	}
	if got := h.Command([]string{"x.py"}); !slices.Equal(got, []string{"tool", "check", "x.py"}) {
		t.Errorf("Command = %q", got)
	}
}

func TestSelect(t *testing.T) {
	files := []File{
		{"src/a.py", []string{"file", "non-executable", "text", "python"}},
		{"src/a.pyi", []string{"file", "non-executable", "text", "pyi"}},
		{"tests/test_a.py", []string{"file", "non-executable", "text", "python"}},
		{"bin/tool", []string{"file", "executable", "text", "python"}},
		{"main.go", []string{"file", "non-executable", "text", "go"}},
		{"link.py", []string{"symlink"}},
		{"README.md", []string{"file", "non-executable", "text", "markdown"}},
	}
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"types python", "types: [python]", []string{"src/a.py", "tests/test_a.py", "bin/tool"}},
		{"types_or", "types_or: [python, pyi]", []string{"src/a.py", "src/a.pyi", "tests/test_a.py", "bin/tool"}},
		{"types and", "types: [python, executable]", []string{"bin/tool"}},
		{"exclude_types", "{types: [python], exclude_types: [executable]}", []string{"src/a.py", "tests/test_a.py"}},
		{"files searched, not anchored", "{types: [python], files: 'a\\.py$'}", []string{"src/a.py", "tests/test_a.py"}},
		{"exclude", "{types: [python], exclude: '^tests/'}", []string{"src/a.py", "bin/tool"}},
		{"go", "types: [go]", []string{"main.go"}},
		{"default types skip symlinks", "{}", []string{"src/a.py", "src/a.pyi", "tests/test_a.py", "bin/tool", "main.go", "README.md"}},
		{"nothing", "types: [rust]", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			extra := strings.Trim(strings.TrimSpace(tt.yaml), "{}")
			src := "- {id: a, name: a, entry: a, language: golang"
			if extra != "" {
				src += ", " + extra
			}
			hooks, err := Parse([]byte(src + "}\n"))
			if err != nil {
				t.Fatal(err)
			}
			got := hooks[0].Select(files)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Select = %v, want %v", got, tt.want)
			}
			if hooks[0].Runs(got) != (len(tt.want) > 0) {
				t.Errorf("Runs(%v) = %v", got, hooks[0].Runs(got))
			}
		})
	}
}

func TestCommand(t *testing.T) {
	f := false
	h := &Hook{Entry: "asynclint check --lang go", Args: []string{"./..."}, PassFilenames: &f}
	if got := h.Command([]string{"a.go"}); !slices.Equal(got, []string{"asynclint", "check", "--lang", "go", "./..."}) {
		t.Errorf("pass_filenames false: Command = %q", got)
	}
	h.PassFilenames = nil
	if got := h.Command([]string{"a.go", "b.go"}); !slices.Equal(got, []string{"asynclint", "check", "--lang", "go", "./...", "a.go", "b.go"}) {
		t.Errorf("pass_filenames default: Command = %q", got)
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"asynclint check", []string{"asynclint", "check"}},
		{"  a \t b\n", []string{"a", "b"}},
		{`a 'b c' "d e"`, []string{"a", "b c", "d e"}},
		{`a b\ c`, []string{"a", "b c"}},
		{`a "x\"y" 'x\y'`, []string{"a", `x"y`, `x\y`}},
		{`a "x\ny"`, []string{"a", `x\ny`}},
		{`a ''`, []string{"a", ""}},
		{"", nil},
	}
	for _, tt := range tests {
		got, err := Split(tt.in)
		if err != nil {
			t.Errorf("Split(%q): %v", tt.in, err)
			continue
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Split(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{`a "b`, `a 'b`, `a \`} {
		if _, err := Split(bad); err == nil {
			t.Errorf("Split(%q) succeeded, want an error", bad)
		}
	}
}

func TestTags(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, text string
		mode       os.FileMode
		want       []string
	}{
		{"m.py", "x = 1\n", 0o644, []string{"file", "non-executable", "text", "python"}},
		{"m.go", "package m\n", 0o644, []string{"file", "non-executable", "text", "go"}},
		{"tool", "#!/usr/bin/env python3\n", 0o755, []string{"file", "executable", "text", "python"}},
		{"tool2", "#!/usr/bin/python -u\n", 0o755, []string{"file", "executable", "text", "python"}},
		{"run", "#!/bin/sh\n", 0o755, []string{"file", "executable", "text"}},
		{"notes", "#!/usr/bin/env python3\n", 0o644, []string{"file", "non-executable", "text"}},
	}
	for _, tt := range tests {
		p := write(tt.name, tt.text, tt.mode)
		got, err := Tags(p, tt.name)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Tags(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
	if err := os.Symlink("m.py", filepath.Join(dir, "l.py")); err != nil {
		t.Fatal(err)
	}
	if got, err := Tags(filepath.Join(dir, "l.py"), "l.py"); err != nil || !slices.Equal(got, []string{"symlink"}) {
		t.Errorf("Tags(symlink) = %v, %v", got, err)
	}
	if _, err := Tags(filepath.Join(dir, "missing.py"), "missing.py"); err == nil || !strings.Contains(err.Error(), "missing.py") {
		t.Errorf("Tags(missing) error = %v, want one naming the path", err)
	}
}
