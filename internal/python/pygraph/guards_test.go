package pygraph

import (
	"reflect"
	"testing"

	"github.com/asynclint/asynclint/pyparse"
)

// TestKwargsSets: a forwarder's **kwargs stays known when its body only
// sets string keys of it; any other change, or a key that is not a
// literal, leaves what it forwards unknown.
func TestKwargsSets(t *testing.T) {
	cases := map[string]struct {
		body  string
		keys  []string
		known bool
	}{
		"plain":       {"return g(**kwargs)", nil, true},
		"set":         {"kwargs[\"log\"] = None\n    kwargs.setdefault('newline', '\\n')\n    return g(**kwargs)", []string{"log", "newline"}, true},
		"read":        {"x = kwargs[\"log\"]\n    return g(**kwargs)", nil, false},
		"augmented":   {"kwargs[\"n\"] += 1\n    return g(**kwargs)", nil, false},
		"compared":    {"if kwargs[\"n\"] == 1: pass\n    return g(**kwargs)", nil, false},
		"tuple":       {"kwargs[\"a\"], kwargs[\"b\"] = 1, 2\n    return g(**kwargs)", nil, false},
		"name key":    {"kwargs[key] = 1\n    return g(**kwargs)", nil, false},
		"dotted key":  {"kwargs[\"a.b\"] = 1\n    return g(**kwargs)", nil, false},
		"deleted":     {"del kwargs[\"log\"]\n    return g(**kwargs)", nil, false},
		"popped":      {"kwargs.pop(\"log\")\n    return g(**kwargs)", nil, false},
		"updated":     {"kwargs.update(log=1)\n    return g(**kwargs)", nil, false},
		"rebound":     {"kwargs = {}\n    return g(**kwargs)", nil, false},
		"merged":      {"kwargs |= {\"a\": 1}\n    return g(**kwargs)", nil, false},
		"passed":      {"fix(kwargs)\n    return g(**kwargs)", nil, false},
		"aliased":     {"k = kwargs\n    k.clear()\n    return g(**kwargs)", nil, false},
		"setdefault?": {"kwargs.setdefault(k, 1)\n    return g(**kwargs)", nil, false},
	}
	for name, c := range cases {
		src := "def f(*args, **kwargs):\n    " + c.body + "\n"
		p := pyparse.NewParser()
		m, err := p.Parse("m.py", []byte(src), pyparse.Options{Name: "m"})
		p.Close()
		if err != nil {
			t.Fatal(err)
		}
		keys, known := kwargsSets(m, m.Functions[0], "kwargs")
		if known != c.known || known && !reflect.DeepEqual(keys, c.keys) {
			t.Errorf("%s: kwargsSets = %q, %v; want %q, %v", name, keys, known, c.keys, c.known)
		}
	}
}
