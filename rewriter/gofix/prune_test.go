package gofix_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/rewriter"
	"github.com/asynclint/asynclint/rewriter/gofix"
)

const pruneLib = `package lib

import (
	"context"
	"time"
)

// Connect connects, waiting without a context.
func Connect() {
	time.Sleep(time.Millisecond)
}

// ConnectContext connects, honouring ctx.
func ConnectContext(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(time.Millisecond):
	}
	return nil
}

// Dial is still called.
func Dial() { Connect() }

// DialContext dials, honouring ctx.
func DialContext(ctx context.Context) error { return ConnectContext(ctx) }

type Client struct{}

// Close may implement io.Closer-like interfaces of the module.
func (c *Client) Close() {}

// CloseContext closes, honouring ctx.
func (c *Client) CloseContext(ctx context.Context) {}

type Closer interface{ Close() }
`

// TestPrune removes a ctx-less function nothing in the module calls any
// more once the function calling it goes too (to a fixed point), keeps one
// a test calls and a method an interface may call, and type-checks the
// result; a second run changes nothing.
func TestPrune(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"lib/lib.go":      pruneLib,
		"lib/lib_test.go": "package lib\n\nimport \"testing\"\n\nfunc TestDial(t *testing.T) { _ = DialContext }\n",
		"app/app.go":      "package app\n\nimport (\n\t\"context\"\n\n\t\"example.com/m/lib\"\n)\n\nfunc Run(ctx context.Context) error { return lib.DialContext(ctx) }\n",
	})
	plan, decisions := pruneOnce(t, dir)
	var got []string
	for _, d := range decisions {
		got = append(got, fmt.Sprintf("%s %v %s", d.Function, d.Removed, strings.ReplaceAll(d.Reason, dir+"/", "")))
	}
	want := []string{
		"Connect true ",
		"Dial true ",
		"(*Client).Close false an interface has a method Close, which it may implement",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("decisions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(plan.Changes) != 1 {
		t.Fatalf("%d changes, want 1", len(plan.Changes))
	}
	out := string(plan.Changes[0].New)
	if strings.Contains(out, "func Connect()") || strings.Contains(out, "func Dial()") || strings.Contains(out, "// Dial is still") {
		t.Errorf("not removed:\n%s", out)
	}
	if !strings.Contains(out, "func ConnectContext") || !strings.Contains(out, "func DialContext") || !strings.Contains(out, "\"time\"") {
		t.Errorf("removed too much:\n%s", out)
	}
	if errs := rewriter.Write([]string{dir}, plan.Changes, gofix.Verify); len(errs) > 0 {
		t.Fatal(errs)
	}
	again, _ := pruneOnce(t, dir)
	if len(again.Changes) != 0 {
		t.Errorf("second prune changed %s", again.Changes[0].Path)
	}
}

// TestPruneKeepsCalled names the first remaining call.
func TestPruneKeepsCalled(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"lib/lib.go": pruneLib,
		"app/app.go": "package app\n\nimport \"example.com/m/lib\"\n\nfunc Run() { lib.Dial() }\n",
	})
	_, decisions := pruneOnce(t, dir)
	for _, d := range decisions {
		if d.Function == "Dial" && (d.Removed || d.Reason != "called by "+filepath.Join(dir, "app/app.go")+":5 Run") {
			t.Errorf("Dial: removed=%v reason %q", d.Removed, d.Reason)
		}
		if d.Function == "Connect" && (d.Removed || !strings.Contains(d.Reason, "lib.go:24 Dial")) {
			t.Errorf("Connect: removed=%v reason %q", d.Removed, d.Reason)
		}
	}
}

func pruneOnce(t *testing.T, dir string) (*rewriter.Plan, []rewriter.Pruned) {
	t.Helper()
	plan, decisions, err := gofix.Prune(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range plan.Skipped {
		t.Errorf("skipped: %v", s)
	}
	return plan, decisions
}
