package gocheck

import (
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/asynclint/asynclint/internal/golang/gorules"
)

// IsVetTool reports whether args (the command line without the program
// name) are `go vet -vettool` speaking to the binary: "-V=full" (version
// query), "-flags" (flag query), or flags followed by a single *.cfg file.
func IsVetTool(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "-V=full", "--V=full", "-flags", "--flags":
		return true
	}
	last := args[len(args)-1]
	if !strings.HasSuffix(last, ".cfg") {
		return false
	}
	for _, a := range args[:len(args)-1] {
		if !strings.HasPrefix(a, "-") {
			return false
		}
	}
	return true
}

// VetMain speaks go vet's protocol through unitchecker, running the
// registry's Go rules (AL200, AL201, AL202). It does not return.
func VetMain() {
	unitchecker.Main(gorules.Analyzers()...)
}
