package main

import (
	"bytes"
	"flag"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestParseArgsInterspersed(t *testing.T) {
	for _, tc := range []struct {
		args       []string
		positional []string
		format     string
		sel        []string
	}{
		{[]string{"a", "--format", "json", "b"}, []string{"a", "b"}, "json", nil},
		{[]string{"-format=sarif", "./..."}, []string{"./..."}, "sarif", nil},
		{[]string{"--select", "AL1,ASYNC", "x", "--select=AL2"}, []string{"x"}, "text", []string{"AL1", "ASYNC", "AL2"}},
		{[]string{"x", "--", "-odd-name.py"}, []string{"x", "-odd-name.py"}, "text", nil},
		{nil, nil, "text", nil},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		format := fs.String("format", "text", "")
		var sel listFlag
		fs.Var(&sel, "select", "")
		got, err := parseArgs(fs, tc.args)
		if err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		if !slices.Equal(got, tc.positional) || *format != tc.format || !slices.Equal(sel, tc.sel) {
			t.Errorf("%v: positional %v format %q select %v", tc.args, got, *format, sel)
		}
	}
}

// TestBadFlagShortHelp: a bad flag is a usage error (exit 2) naming the
// problem with a pointer to --help, not the whole help, which --help
// prints (exit 0).
func TestBadFlagShortHelp(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"check", "--bogus", "."}, &out, &errb); code != exitError {
		t.Errorf("check --bogus: exit %d, want %d", code, exitError)
	}
	if got := errb.String(); !strings.Contains(got, "-bogus") || !strings.Contains(got, "Run 'asynclint check --help' for the flags.") || strings.Contains(got, "Usage:") {
		t.Errorf("check --bogus: stderr %q, want the problem and a pointer to --help", got)
	}
	errb.Reset()
	if code := run([]string{"check", "--help"}, &out, &errb); code != exitClean || !strings.Contains(errb.String(), "Usage: asynclint check") || !strings.Contains(errb.String(), "-select") {
		t.Errorf("check --help: exit %d, stderr %q, want the whole help", code, errb.String())
	}
}

// TestCheckNothingFound: a path holding nothing to check passes with a
// warning, and the summary says when files could not be read.
func TestCheckNothingFound(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	if code := run([]string{"check", "--no-config", "."}, &out, &errb); code != exitClean || !strings.Contains(errb.String(), "warning: no Python files or Go packages found") {
		t.Errorf("empty dir: exit %d, stderr %q, want 0 and a warning", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"check", "--no-config", "nope.py"}, &out, &errb); code != exitFindings || !strings.Contains(errb.String(), "(0 files checked, 1 not read)") {
		t.Errorf("missing file: exit %d, stderr %q, want 1 and a summary saying it was not read", code, errb.String())
	}
}
