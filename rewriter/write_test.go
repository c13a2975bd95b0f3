package rewriter

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	if d := Diff("a.py", []byte("x\n"), []byte("x\n")); d != "" {
		t.Errorf("equal texts: diff %q", d)
	}
	d := Diff("/abs/a.py", []byte("x\ny\n"), []byte("x\nz\n"))
	for _, want := range []string{"--- a/abs/a.py", "+++ b/abs/a.py", "-y", "+z"} {
		if !strings.Contains(d, want) {
			t.Errorf("diff lacks %q:\n%s", want, d)
		}
	}
}

// TestDiffHunksApply applies Diff's hunks strictly (each at the line its
// header names, no offset allowed, as a review tool reads them): a diff
// of two hunks whose first adds lines must give the second's new start
// shifted by them (go-udiff v0.4.1 gave the old one).
func TestDiffHunksApply(t *testing.T) {
	old := "import time\n\ndef a():\n    time.sleep(1)\n" + strings.Repeat("\n", 14) +
		"async def b():\n    a()\n    x = 1\n    y = 2\n    z = 3\n    w = 4\n    a()\n"
	new := strings.Replace(old, "import time\n", "import time\nimport asyncio\n", 1)
	new = strings.Replace(new, "    time.sleep(1)\n", "    time.sleep(1)\n\n\nasync def a_async():\n    await asyncio.sleep(1)\n", 1)
	new = strings.ReplaceAll(new, "    a()\n", "    await a_async()\n")
	d := Diff("m.py", []byte(old), []byte(new))
	got, hunks, err := applyStrict(old, d)
	if err != nil {
		t.Fatalf("%v\n%s", err, d)
	}
	if hunks < 2 {
		t.Fatalf("%d hunks, want 2 or more:\n%s", hunks, d)
	}
	if got != new {
		t.Errorf("applied diff gives\n%s\nwant\n%s", got, new)
	}
}

// applyStrict applies a unified diff to old: each hunk's old and new
// starts must be where the lines already applied put them.
func applyStrict(old, diff string) (string, int, error) {
	src := strings.SplitAfter(old, "\n")
	if src[len(src)-1] == "" {
		src = src[:len(src)-1]
	}
	var out []string
	next, hunks := 0, 0 // next: index in src of the first line not yet copied
	for _, l := range strings.SplitAfter(diff, "\n") {
		switch {
		case strings.HasPrefix(l, "@@ "):
			var os, ol, ns, nl int
			if _, err := fmt.Sscanf(l, "@@ -%d,%d +%d,%d @@", &os, &ol, &ns, &nl); err != nil {
				return "", 0, fmt.Errorf("header %q: %w", l, err)
			}
			if os-1 < next {
				return "", 0, fmt.Errorf("header %q overlaps the hunk before", l)
			}
			out = append(out, src[next:os-1]...)
			next = os - 1
			if len(out) != ns-1 {
				return "", 0, fmt.Errorf("header %q: the new text is at line %d there", l, len(out)+1)
			}
			hunks++
		case strings.HasPrefix(l, "---"), strings.HasPrefix(l, "+++"), l == "":
		case l[0] == ' ' || l[0] == '-':
			if next >= len(src) || src[next] != l[1:] {
				return "", 0, fmt.Errorf("line %d is not %q", next+1, l[1:])
			}
			if l[0] == ' ' {
				out = append(out, l[1:])
			}
			next++
		case l[0] == '+':
			out = append(out, l[1:])
		}
	}
	out = append(out, src[next:]...)
	return strings.Join(out, ""), hunks, nil
}

func TestWrite(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	write := func(p, s string, mode os.FileMode) string {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ok := write(filepath.Join(root, "ok.py"), "old\n", 0o640)
	stale := write(filepath.Join(root, "stale.py"), "changed on disk\n", 0o644)
	bad := write(filepath.Join(root, "bad.py"), "old\n", 0o644)
	target := write(filepath.Join(outside, "target.py"), "old\n", 0o644)
	link := filepath.Join(root, "link.py")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symlinks unsupported: %v", err)
	}
	inner := filepath.Join(root, "inner.py")
	if err := os.Symlink(ok, inner); err != nil {
		t.Fatal(err)
	}
	changes := []Change{
		{Path: ok, Old: []byte("old\n"), New: []byte("new\n")},
		{Path: stale, Old: []byte("old\n"), New: []byte("new\n")},
		{Path: bad, Old: []byte("old\n"), New: []byte("BROKEN\n")},
		{Path: link, Old: []byte("old\n"), New: []byte("new\n")},
		{Path: target, Old: []byte("old\n"), New: []byte("new\n")},
		{Path: inner, Old: []byte("old\n"), New: []byte("new\n")},
	}
	verify := func(path string, old, new []byte) error {
		if strings.Contains(string(new), "BROKEN") {
			return errors.New("does not parse")
		}
		return nil
	}
	errs := Write([]string{root}, changes, verify)
	want := map[string]error{stale: ErrModified, bad: ErrInternal, link: ErrOutsideRoot, target: ErrOutsideRoot, inner: ErrDuplicate}
	if len(errs) != len(want) {
		t.Errorf("got %d errors, want %d: %v", len(errs), len(want), errs)
	}
	for _, e := range errs {
		if w := want[e.Path]; w == nil || !errors.Is(e, w) {
			t.Errorf("%s: got %v, want %v", e.Path, e.Err, w)
		}
	}
	// One refused change keeps the whole set from being written.
	for p, wantText := range map[string]string{ok: "old\n", stale: "changed on disk\n", bad: "old\n", target: "old\n"} {
		b, err := os.ReadFile(p)
		if err != nil || string(b) != wantText {
			t.Errorf("%s holds %q (%v), want %q", p, b, err, wantText)
		}
	}
	if errs := Write([]string{root}, []Change{changes[0], changes[3]}, verify); len(errs) != 1 || !errors.Is(errs[0], ErrOutsideRoot) {
		t.Errorf("with one change outside the root: %v", errs)
	}
	if b, _ := os.ReadFile(ok); string(b) != "old\n" {
		t.Errorf("ok.py written although another change was refused: %q", b)
	}
	if errs := Write([]string{root}, changes[:1], verify); len(errs) != 0 {
		t.Fatalf("the good change alone: %v", errs)
	}
	if b, _ := os.ReadFile(ok); string(b) != "new\n" {
		t.Errorf("ok.py = %q, want new", b)
	}
	info, err := os.Stat(ok)
	if err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("mode of the rewritten file: %v (%v), want 0640", info.Mode().Perm(), err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced: %v %v", fi, err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(root, ".*asynclint-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestVerifyPython(t *testing.T) {
	if err := VerifyPython("a.py", []byte("x = 1\n"), []byte("async def f():\n    await g()\n")); err != nil {
		t.Errorf("valid result refused: %v", err)
	}
	if err := VerifyPython("a.py", []byte("x = 1\n"), []byte("def f(:\n")); err == nil {
		t.Error("a result with a syntax error was accepted")
	}
	if err := VerifyPython("a.py", []byte("def f(:\n"), []byte("def f(:\n")); err != nil {
		t.Errorf("an input that did not parse: %v", err)
	}
}
