package toolfactory

import (
	"context"
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

func TestCreateToolWithStability(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := New("search", "embed")
		start := time.Now()
		tool, err := f.CreateToolWithStability(t.Context(), "embed")
		if err != nil || tool.Name != "embed" {
			t.Fatalf("= %v, %v; want the embed tool", tool, err)
		}
		if got := time.Since(start); got != f.StabilityPause {
			t.Errorf("took %v, want the stability pause %v", got, f.StabilityPause)
		}
		if _, err := f.CreateToolWithStability(t.Context(), "nope"); err == nil {
			t.Error("an unknown tool was created")
		}
	})
}

func TestCreateAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := New("a", "b", "c")
		start := time.Now()
		tools := f.CreateAll(t.Context(), []string{"c", "x", "a"})
		var names []string
		for _, tool := range tools {
			if tool == nil {
				names = append(names, "")
				continue
			}
			names = append(names, tool.Name)
		}
		if want := []string{"c", "", "a"}; !slices.Equal(names, want) {
			t.Errorf("made %q, want %q", names, want)
		}
		if got := time.Since(start); got != f.StabilityPause {
			t.Errorf("took %v, want one pause (%v) for all goroutines", got, f.StabilityPause)
		}
		if got := f.Names(); !slices.Equal(got, []string{"a", "b", "c"}) {
			t.Errorf("Names = %q", got)
		}
	})
}

func TestCreateAllDoneContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		for _, tool := range New("a").CreateAll(ctx, []string{"a"}) {
			if tool != nil {
				t.Errorf("made %v under a done context", tool)
			}
		}
	})
}

func TestWarmup(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := New()
		start := time.Now()
		f.Warmup(t.Context())
		if got := time.Since(start); got != f.StabilityPause {
			t.Errorf("Warmup took %v, want %v", got, f.StabilityPause)
		}
	})
}
