package pyparse

import (
	"slices"
	"strings"
	"testing"
)

// TestLazyKeys: the names an import holding a key binds are added, however
// the statement is spread over lines; imports without a key add none.
func TestLazyKeys(t *testing.T) {
	keys := [][]byte{[]byte("sleep"), []byte("requests")}
	for src, want := range map[string]string{
		"from time import sleep as nap\n":                                      "nap",
		"import requests as r, os\n":                                           "r os",
		"import os\nimport json\n":                                             "",
		"from requests import (\n    get,  # ) a comment\n    post as p,\n)\n": "get post p",
		"from requests \\\n    import get\n":                                   "get",
		"from requests \\\r\n    import get\r\n":                               "get",
		"if x: from time import sleep as nap; y = z\n":                         "nap",
		"important = sleep\n":                                                  "",
		"import os  # sleep\nfrom json import loads\n":                         "os",
		"x = 1\nfrom requests import get":                                      "get",
		"def f():\n    from time import sleep as zzz\n    zzz()\n":             "zzz",
		"from time import sleep as ña\n":                                       "ña",
	} {
		var got []string
		for _, k := range lazyKeys([]byte(src), keys)[len(keys):] {
			if string(k) != "sleep" && string(k) != "requests" {
				got = append(got, string(k))
			}
		}
		slices.Sort(got)
		w := strings.Fields(want)
		slices.Sort(w)
		if !slices.Equal(got, w) {
			t.Errorf("lazyKeys(%q) added %q, want %q", src, got, w)
		}
	}
	if got := lazyKeys([]byte("import os\n"), keys); len(got) != len(keys) || &got[0] != &keys[0] {
		t.Errorf("no import holds a key: want keys themselves, got %q", got)
	}
}

// TestLazyAliasedCall: a sync def calling a blocking function through an
// import's alias is modelled up front under Options.Lazy.
func TestLazyAliasedCall(t *testing.T) {
	p := NewParser()
	defer p.Close()
	src := []byte("from time import sleep as nap\n\ndef f():\n    nap(1)\n\ndef g():\n    print(1)\n")
	m, err := p.Parse("m.py", src, Options{Lazy: [][]byte{[]byte("sleep")}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range m.Functions {
		if pending := f.pending != nil; pending != (f.Name == "g") {
			t.Errorf("%s pending: %v", f.Name, pending)
		}
	}
}
