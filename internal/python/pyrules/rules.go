// Package pyrules holds asynclint's Python rules, each a small function
// asking the pyparse model or the pygraph call graph questions, with its
// documentation beside it.
package pyrules

import "github.com/asynclint/asynclint/internal/ruledoc"

// All returns the documentation of every Python rule, in code order.
func All() []ruledoc.Rule {
	return []ruledoc.Rule{AL100Doc, ASYNC251Doc}
}
