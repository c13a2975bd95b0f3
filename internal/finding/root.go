package finding

import (
	"cmp"
	"slices"
	"strconv"
)

// Root is a blocking root: a blocking call in a sync function that async
// call sites reach, directly or through other sync functions. It is the
// place the last Related entry of their findings names; converting its
// function (and the functions between) clears every one of those findings.
// Roots are computed from the findings (see Roots), so a root counts
// exactly the findings that `check` groups under it.
type Root struct {
	// Code is the rule of the findings (AL100 ... AL104).
	Code string `json:"code"`
	// Path, Line and Col locate the blocking call; Function is the
	// function holding it, qualified by its class ("Store.flush").
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Col      int    `json:"column"`
	Function string `json:"function"`
	// Category is the kind of blocking call ("sleep").
	Category string `json:"category"`
	Language string `json:"language"`
	// CallSites is the number of async call sites the root makes blocking
	// (the findings it explains); Functions are the sync functions between
	// those sites and the root, in path and position order.
	CallSites int      `json:"call_sites"`
	Functions []string `json:"functions"`
}

// Chain is what a chained finding says of the functions its chain goes
// through, for grouping findings into roots.
type Chain struct {
	// Category is the kind of blocking call at the chain's end.
	Category Category
	Language string
	// Functions are the sync functions the chain goes through, from the
	// one the async call site calls to the one holding the blocking call.
	Functions []ChainFunc
}

// ChainFunc is a function on a chain: its qualified name and where it is
// defined (Offset, the byte offset of its definition, orders functions of
// one file).
type ChainFunc struct {
	Name   string
	Path   string
	Offset int
}

// Roots groups the findings that carry a Chain by their code and blocking
// call (BlockingRoot) into roots, ranked by the call sites each makes
// blocking, most first, then by path and position.
func Roots(fs []Finding) []Root {
	type acc struct {
		root    Root
		between []ChainFunc
	}
	byKey := map[string]*acc{}
	var order []string
	for _, f := range fs {
		k, ok := f.RootKey()
		if !ok || f.Chain == nil || len(f.Chain.Functions) == 0 {
			continue
		}
		r := f.Related[len(f.Related)-1]
		a := byKey[k]
		if a == nil {
			fns := f.Chain.Functions
			a = &acc{root: Root{
				Code: f.Code, Path: r.Path, Line: r.Start.Line, Col: r.Start.Col,
				Function: fns[len(fns)-1].Name, Category: string(f.Chain.Category),
				Language: f.Chain.Language, Functions: []string{},
			}}
			byKey[k] = a
			order = append(order, k)
		}
		a.root.CallSites++
		fns := f.Chain.Functions
		for _, b := range fns[:len(fns)-1] {
			if !slices.Contains(a.between, b) {
				a.between = append(a.between, b)
			}
		}
	}
	out := make([]Root, 0, len(order))
	for _, k := range order {
		a := byKey[k]
		slices.SortStableFunc(a.between, func(x, y ChainFunc) int {
			return cmp.Or(cmp.Compare(x.Path, y.Path), cmp.Compare(x.Offset, y.Offset))
		})
		for _, b := range a.between {
			a.root.Functions = append(a.root.Functions, b.Name)
		}
		out = append(out, a.root)
	}
	SortRoots(out)
	return out
}

// SortRoots ranks roots by the call sites they make blocking, most first,
// then by path and position.
func SortRoots(rs []Root) {
	slices.SortStableFunc(rs, func(a, b Root) int {
		return cmp.Or(
			cmp.Compare(b.CallSites, a.CallSites),
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Code, b.Code),
		)
	})
}

// SiteKey is a finding's place as one string ("path:line:col").
func SiteKey(path string, p Position) string {
	return path + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
}
