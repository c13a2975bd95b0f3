package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/asynclint/asynclint/internal/ruledoc"
	"github.com/asynclint/asynclint/internal/rules"
)

func runRules(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("rules", "[--format text|markdown|json]", stderr)
	format := fs.String("format", "text", "text, markdown (the README's rule reference) or json")
	if _, err := parseArgs(fs, args); err != nil {
		return flagError(err)
	}
	switch *format {
	case "text":
		for _, r := range rules.All() {
			fix := ""
			if r.Fixable {
				fix = " [fix]"
			}
			fmt.Fprintf(stdout, "%-9s %-7s %s%s\n", r.Code, r.Language, r.Summary, fix)
		}
	case "markdown":
		fmt.Fprint(stdout, rules.Reference())
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rules.All()); err != nil {
			fmt.Fprintf(stderr, "asynclint: %v\n", err)
			return exitError
		}
	default:
		fmt.Fprintf(stderr, "asynclint rules: unknown --format %q (want text, markdown or json)\n", *format)
		return exitError
	}
	return exitClean
}

func runRule(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("rule", "CODE", stderr)
	codes, err := parseArgs(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(codes) != 1 {
		fmt.Fprintln(stderr, "asynclint rule: want one rule code, e.g. asynclint rule ASYNC251 (asynclint rules lists them)")
		return exitError
	}
	r, ok := rules.Lookup(codes[0])
	if !ok {
		fmt.Fprintf(stderr, "asynclint rule: unknown rule code %q (asynclint rules lists them)\n", codes[0])
		return exitError
	}
	fmt.Fprint(stdout, ruledoc.Markdown(r))
	return exitClean
}
