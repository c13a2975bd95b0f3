// Package toolfactory is the port of the plan's tool_factory: tools created
// with a brief pause "for system stability".
package toolfactory

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"example.com/asynccore/core/backoff"
)

// Tool is something the factory makes.
type Tool struct {
	// Name is the registered name the tool was made from.
	Name string
}

// Factory makes tools by name.
type Factory struct {
	// StabilityPause is the pause after making a tool: the plan's 0.1 s.
	StabilityPause time.Duration
	names          map[string]bool
}

// New returns a factory that knows the given tool names.
func New(names ...string) *Factory {
	f := &Factory{StabilityPause: backoff.Second / 10, names: map[string]bool{}}
	for _, n := range names {
		f.names[n] = true
	}
	return f
}

// Names returns the known tool names, sorted.
func (f *Factory) Names() []string {
	var names []string
	for n := range f.names {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// CreateToolWithStability is the plan's create_tool_with_stability: it makes
// the tool, then pauses. The pause ignores ctx.
func (f *Factory) CreateToolWithStability(ctx context.Context, name string) (*Tool, error) {
	if !f.names[name] {
		return nil, fmt.Errorf("toolfactory: unknown tool %q", name)
	}
	tool := &Tool{Name: name}
	time.Sleep(f.StabilityPause)
	return tool, nil
}

// CreateAll makes every named tool, each in its own goroutine; a tool whose
// goroutine starts after ctx is done is not made. The goroutines' pauses
// ignore ctx.
func (f *Factory) CreateAll(ctx context.Context, names []string) []*Tool {
	tools := make([]*Tool, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ctx.Err() != nil || !f.names[name] {
				return
			}
			tools[i] = &Tool{Name: name}
			time.Sleep(f.StabilityPause)
		}()
	}
	wg.Wait()
	return tools
}

// Warmup pauses once before the factory is used, without a result.
func (f *Factory) Warmup(ctx context.Context) {
	<-time.After(f.StabilityPause)
}
