package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// pathsHelp says, in the help of the commands that take paths, what a path
// and a Go pattern stand for.
const pathsHelp = `Paths (default "."):
  FILE      a Python file, checked as part of its project (calls are followed
            into the project's other files, which are not reported), or a
            .go file standing for its Go package
  DIR       walked for Python files; loaded as Go packages: its own module's
            packages below it and every Go module nested below it (outside
            testdata, vendor and hidden folders)
  DIR/...   a Go package pattern, as the go command reads it: the packages of
            the module enclosing DIR, at or below DIR, without the modules
            nested below it; DIR is walked for Python files
Each package and file is analysed once per run however the paths overlap.
`

// newFlagSet returns a flag set for a subcommand whose errors and help go to
// stderr, with a usage line, what paths mean (for a command taking them)
// and the flags' defaults.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("asynclint "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: asynclint %s %s\n\n", name, synopsis)
		if strings.Contains(synopsis, "PATH") {
			fmt.Fprint(stderr, pathsHelp+"\n")
		}
		fmt.Fprintln(stderr, "Flags:")
		fs.PrintDefaults()
	}
	return fs
}

// parseArgs parses flags that may stand before, between or after the
// positional arguments, as ruff and go vet users type them; "--" ends the
// flags. It returns the positional arguments.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	if !asksHelp(args) {
		// A bad flag gets the problem and a pointer to the help, as
		// ruff's and golangci-lint's do, not the whole help.
		fs.Usage = func() { fmt.Fprintf(fs.Output(), "Run '%s --help' for the flags.\n", fs.Name()) }
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// asksHelp reports whether args hold -h or --help before any "--".
func asksHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--h", "--help":
			return true
		}
	}
	return false
}

// listFlag is a comma-separated list flag that may also be repeated.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			*l = append(*l, part)
		}
	}
	return nil
}

// flagError is the exit code for a flag parsing error: 0 for -help, which
// the flag package has answered, else 2 (the flag package has printed the
// problem and the usage).
func flagError(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitClean
	}
	return exitError
}
