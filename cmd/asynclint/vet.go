package main

import "github.com/asynclint/asynclint/internal/golang/gocheck"

// isVetTool reports whether the binary was started by `go vet -vettool`.
func isVetTool(args []string) bool { return gocheck.IsVetTool(args) }

// vetMain speaks go vet's protocol; it does not return.
func vetMain() { gocheck.VetMain() }
