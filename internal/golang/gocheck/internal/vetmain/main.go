// Command vetmain is the smallest `go vet -vettool` binary built from
// gocheck, used by its end-to-end test.
package main

import (
	"fmt"
	"os"

	"github.com/asynclint/asynclint/internal/golang/gocheck"
)

func main() {
	if !gocheck.IsVetTool(os.Args[1:]) {
		fmt.Fprintln(os.Stderr, "vetmain: run me as go vet -vettool")
		os.Exit(2)
	}
	gocheck.VetMain()
}
