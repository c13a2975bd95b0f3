package finding

import (
	"cmp"
	"slices"
	"strconv"
)

// Root is a blocking root: a sync function holding a blocking call that
// async call sites reach, directly or through other sync functions. It is
// the place the last Related entry of their findings names; converting it
// (and the functions between) clears every one of those findings.
type Root struct {
	// Path and Line locate the blocking call; Function is the function
	// holding it, qualified by its class ("Store.flush").
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Function string `json:"function"`
	// Category is the kind of blocking call ("sleep").
	Category string `json:"category"`
	Language string `json:"language"`
	// CallSites is the number of async call sites the root makes blocking
	// (the findings it explains); Functions are the sync functions between
	// those sites and the root, in path and position order.
	CallSites int      `json:"call_sites"`
	Functions []string `json:"functions"`
	// Sites are the findings' places (path and start), for matching them
	// with the findings kept after selection and suppression.
	Sites []Related `json:"-"`
}

// SortRoots ranks roots by the call sites they make blocking, most first,
// then by path and line.
func SortRoots(rs []Root) {
	slices.SortStableFunc(rs, func(a, b Root) int {
		return cmp.Or(
			cmp.Compare(b.CallSites, a.CallSites),
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Function, b.Function),
		)
	})
}

// KeepRoots restricts each root to the sites kept (a set of "path:line:col"
// keys, as SiteKey gives), dropping roots left without a site, and ranks
// them again.
func KeepRoots(rs []Root, kept map[string]bool) []Root {
	var out []Root
	for _, r := range rs {
		var sites []Related
		for _, s := range r.Sites {
			if kept[SiteKey(s.Path, s.Start)] {
				sites = append(sites, s)
			}
		}
		if len(sites) == 0 {
			continue
		}
		r.Sites, r.CallSites = sites, len(sites)
		out = append(out, r)
	}
	SortRoots(out)
	return out
}

// SiteKey is the key KeepRoots matches sites by.
func SiteKey(path string, p Position) string {
	return path + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
}
