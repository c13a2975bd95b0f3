package pyparse

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// guardSummary renders each guard of fn as "param@index default notNone:
// calls" ("!param" for a negated one), the calls being the callees of fn's
// calls inside the branch.
func guardSummary(m *Module, fn string) []string {
	var out []string
	for _, f := range m.Functions {
		if f.Qual != fn {
			continue
		}
		for _, g := range f.Guards {
			var calls []string
			for _, c := range f.Calls {
				if c.Function == f && g.Span.Start <= c.Span.Start && c.Span.Start < g.Span.End {
					calls = append(calls, c.CalleeText)
				}
			}
			neg := ""
			if g.Negated {
				neg = "!"
			}
			out = append(out, fmt.Sprintf("%s%s@%d def=%d notNone=%v: %s", neg, g.Param, g.Index, g.Default, g.NotNone, strings.Join(calls, ",")))
		}
	}
	return out
}

func TestGuards(t *testing.T) {
	src := `
import time

def cpu_percent(interval=None, percpu=False):
    blocking = interval is not None and interval > 0.0
    if not percpu:
        if blocking:
            time.sleep(interval)
        else:
            fast()
    elif percpu and other():
        per()

def rebound(debug=False):
    if debug:
        log()
    debug = True

def alias_rebound(interval=None):
    blocking = interval is not None
    if blocking:
        time.sleep(interval)
    blocking = True

def kwonly(a, *, debug: bool = False, path=""):
    if (debug and a) and path != None:
        dump()

def either(a=None, b=None):
    if a or b:
        nope()
    if a if b else None:
        nope()
    if self.debug:
        nope()
    if "a and" in a:
        nope()

def retries(n=0, *names):
    for _ in range(n):
        retry()
    for _ in range(len(names)):
        nope()
    for n2 in range(n):
        nope()
    n2 = 1

class C:
    def m(self, scheduler_file: str | None = None, n=0):
        if scheduler_file:
            load(scheduler_file)
        if n:
            count()

    def nested(self, flag=()):
        def inner():
            if flag:
                inner_call()
        if flag:
            outer_call()

def defaults(config=None, text=True, err=None):
    if config is None:
        config = load_config()
    if text:
        fast()
    else:
        binary()
    if err is not None:
        raise_it()
    elif text and not err:
        validate()
    else:
        other()
    if not config and err == None:
        both()

def rebound_outside(config=None, path=""):
    if config is None:
        load_config()
    config = {}
    if not path:
        default_path()
    else:
        path = path.strip()
    for path in []:
        pass

def not_whole(a=None, b=None):
    if a is None or b:
        nope()
    if a is not None and b:
        yes()
    else:
        nope()
    blocking = a is None
    if blocking:
        alias_none()
    else:
        nope()
    if not blocking:
        nope()
`
	m := parse(t, src, Options{})
	tests := map[string][]string{
		"cpu_percent":    {"!percpu@1 def=2 notNone=false: time.sleep,fast", "interval@0 def=1 notNone=true: time.sleep", "percpu@1 def=2 notNone=false: per"},
		"rebound":        nil,
		"alias_rebound":  nil,
		"kwonly":         {"debug@-1 def=2 notNone=false: dump", "a@0 def=0 notNone=false: dump", "path@-1 def=2 notNone=true: dump"},
		"either":         nil,
		"retries":        {"n@0 def=2 notNone=false: retry", "n@0 def=2 notNone=false: nope"},
		"C.m":            {"scheduler_file@1 def=1 notNone=false: load", "n@2 def=2 notNone=false: count"},
		"C.nested":       {"flag@1 def=2 notNone=false: outer_call"},
		"C.nested.inner": nil,
		"defaults": {
			"!config@0 def=1 notNone=true: load_config", "text@1 def=3 notNone=false: fast", "!text@1 def=3 notNone=false: binary",
			"err@2 def=1 notNone=true: raise_it", "text@1 def=3 notNone=false: validate", "!err@2 def=1 notNone=false: validate",
			"!err@2 def=1 notNone=true: validate", "!err@2 def=1 notNone=true: other",
			"!err@2 def=1 notNone=true: both", // config is rebound before

		},
		"rebound_outside": nil,
		"not_whole":       {"a@0 def=1 notNone=true: yes", "b@1 def=1 notNone=false: yes", "!a@0 def=1 notNone=true: alias_none"},
	}
	for fn, want := range tests {
		if got := guardSummary(m, fn); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: guards\n got %q\nwant %q", fn, got, want)
		}
	}
}

func TestArguments(t *testing.T) {
	src := `
async def main(xs):
    f()
    f(1, None, 0, 0.0, "", b'', (), [], {}, [x], "a", True, False, 0x0, 0xb, 1e0, 0e3, 0j)
    f(interval=None, debug=False, path=xs)
    f(*xs)
    f(**xs)
    f(x for x in xs)
    f(a == b, c <= d, (e := 0))
    f(lambda a, b: a, None)
    f(g(lambda: None), k=lambda x, y=1: x)
    f(f"{",".join(xs)}", None, f"{x!r:>{w}}", f"{{", rf"\{a}")
    f("a, b", ')', """x
    , y""", # a comment, with a comma
      key=[1, 2],  # another
      )
    f([a][0], {1: 2}.get(x), "a" "b", (x), lambda_fn, -1, 'it''s')
    cfg = {}
    on = True
    f(cfg, on, flag=on)
    [f(cfg) for cfg in xs]
    f(lambda cfg: g(cfg))
`
	m := parse(t, src, Options{})
	var got []string
	for _, c := range m.Calls {
		p, ok := m.Arguments(c)
		got = append(got, fmt.Sprintf("%v %v %v %v", ok, p.Positional, p.Keywords, p.Unpacked))
	}
	want := []string{
		"true [] [] false",
		"true [3 1 2 2 2 2 2 4 4 4 3 3 2 2 3 3 2 2] [] false",
		"true [] [{interval 1 } {debug 2 } {path 0 xs}] false",
		"true [] [] true",
		"true [] [] true",
		"true [0] [] false",
		"true [0 0 0] [] false",
		"true [3 1] [] false",
		"true [0] [{k 3 }] false",
		"true [3] [] false",
		"true [4 1 4 4 4] [] false",
		"true [0] [] false",
		"true [3 3 3] [{key 4 }] false",
		"true [0 0 0 0 0 0 0] [] false",
		"true [0] [] false",
		"true [0 0] [{flag 0 on}] false",
		"true [0] [] false",
		"true [3] [] false",
		"true [0] [] false",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("arguments\n got %q\nwant %q", got, want)
	}
	stars := map[string][2]string{
		"(*args, **kwargs)":     {"args", "kwargs"},
		"(a, *args, k=1, **kw)": {"args", "kw"},
		"(*args, a)":            {"", ""},
		"(*self.args)":          {"", ""},
		"(*a, *b)":              {"", ""},
		"(**kwargs)":            {"", "kwargs"},
		"(x, y=2)":              {"", ""},
	}
	for text, want := range stars {
		p, ok := readArguments(text)
		if got := [2]string{p.Star, p.StarStar}; !ok || got != want {
			t.Errorf("readArguments(%q): stars %q (ok %v), want %q", text, got, ok, want)
		}
	}
	for _, bad := range []string{"", "x", "(", "(a, 'b)", "(a, (b)", "(a))"} {
		if _, ok := readArguments(bad); ok {
			t.Errorf("readArguments(%q): ok", bad)
		}
	}
}

func TestSignature(t *testing.T) {
	src := `
def a(self, x, y: int = 0, *args, k=None, **kwargs): pass
def b(x, /, y, *, z="a, b"): pass
def c(*, key): pass
def d(
    x,  # a comment, with a comma
    y=(1, 2),
): pass
def e(cb=lambda a, b: a, p=None): pass
def g(p=True, /, q=None, **kw): pass
`
	m := parse(t, src, Options{})
	var got []string
	for _, f := range m.Functions {
		sig, ok := m.Signature(f)
		got = append(got, fmt.Sprintf("%s %v %v %v %d %d %q %q", f.Name, ok, sig.Names, sig.Defaults, sig.PosOnly, sig.KwOnly, sig.VarArgs, sig.VarKwargs))
	}
	want := []string{
		`a true [self x y k] [0 0 2 1] 0 3 "args" "kwargs"`,
		`b true [x y z] [0 0 3] 1 2 "" ""`,
		`c true [key] [0] 0 0 "" ""`,
		`d true [x y] [0 0] 0 2 "" ""`,
		`e true [cb p] [3 1] 0 2 "" ""`,
		`g true [p q] [3 1] 1 2 "" "kw"`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("signatures\n got %q\nwant %q", got, want)
	}
}

func TestWordEnds(t *testing.T) {
	for _, tc := range []struct {
		s, w string
		ends []int
	}{
		{"kw = kwargs; kwargs['x'] = 1", "kwargs", []int{11, 19}},
		{"my_kwargs kwargs2 kwargs", "kwargs", []int{24}},
		{"kwargs", "kwargs", []int{6}},
		{"é_kwargs", "kwargs", nil},
		{"", "kwargs", nil},
	} {
		var got []int
		for end := range WordEnds(tc.s, tc.w) {
			got = append(got, end)
		}
		if !slices.Equal(got, tc.ends) {
			t.Errorf("WordEnds(%q, %q) = %v, want %v", tc.s, tc.w, got, tc.ends)
		}
		if HasWord(tc.s, tc.w) != (len(tc.ends) > 0) {
			t.Errorf("HasWord(%q, %q) = %v", tc.s, tc.w, !(len(tc.ends) > 0))
		}
	}
}
