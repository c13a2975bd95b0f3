package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/asynclint/asynclint/internal/lsp"
)

// runServer runs the language server on standard input and output until
// the client says exit.
func runServer(args []string, _, stderr io.Writer) int {
	fs := newFlagSet("server", "(the Language Server Protocol over stdin and stdout)", stderr)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "asynclint server: takes no arguments (got %q); the client names the workspace\n", rest)
		return exitError
	}
	return lsp.Serve(context.Background(), os.Stdin, os.Stdout, lsp.Options{Version: version, HomeURI: infoURI, Log: stderr})
}
