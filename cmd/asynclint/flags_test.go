package main

import (
	"flag"
	"io"
	"slices"
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
