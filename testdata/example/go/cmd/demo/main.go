// Command demo runs each component of the example core under a context that
// is cancelled after a short time, with every operation failing so that the
// components retry, and prints how long each took to return. Code whose
// waits honour the context returns soon after the cancellation; code that
// sleeps uncancellably returns only when its sleeps are over. Run it before
// and after `asynclint fix` to measure the difference.
//
// Usage:
//
//	go run ./cmd/demo [-cancel-after 10ms] [-json]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"example.com/asynccore/core/auth"
	"example.com/asynccore/core/errorhandler"
	"example.com/asynccore/core/errortracker"
	"example.com/asynccore/core/graphdb"
	"example.com/asynccore/core/ratelimit"
	"example.com/asynccore/core/toolfactory"
)

var (
	errDown     = errors.New("service unavailable")
	errShutdown = errors.New("shutting down")
)

// downAuth is an identity service that is down.
type downAuth struct{}

func (downAuth) Authenticate(ctx context.Context) (string, error) { return "", errDown }

func failing(ctx context.Context) (string, error) { return "", errDown }

// component is one operation the demo times.
type component struct {
	name string
	run  func(ctx context.Context) error
}

func components() []component {
	return []component{
		{"auth.RetryAuthentication", func(ctx context.Context) error {
			_, err := auth.NewManager(downAuth{}).RetryAuthentication(ctx)
			return err
		}},
		{"ratelimit.WaitForRateLimit x4", func(ctx context.Context) error {
			r := &ratelimit.RateLimiter{RequestsPerMinute: 3000}
			for range 4 {
				if err := r.WaitForRateLimit(ctx); err != nil {
					return err
				}
			}
			return nil
		}},
		{"ratelimit.Client.Send x4", func(ctx context.Context) error {
			c := ratelimit.NewClient(3000)
			for range 4 {
				if err := c.Send(ctx); err != nil {
					return err
				}
			}
			return nil
		}},
		{"errorhandler.HandleWithRetry", func(ctx context.Context) error {
			_, err := new(errorhandler.Handler).HandleWithRetry(ctx, failing, 3)
			return err
		}},
		{"errorhandler.HandleWithRetryContext", func(ctx context.Context) error {
			_, err := new(errorhandler.Handler).HandleWithRetryContext(ctx, failing, 3)
			return err
		}},
		{"errortracker.ApplyRecoveryStrategy", func(ctx context.Context) error {
			t := &errortracker.Tracker{Retry: func(context.Context) error { return errDown }}
			return t.ApplyRecoveryStrategy(ctx, errortracker.Strategy{Name: "reconnect"})
		}},
		{"errortracker.RecoverAll x3", func(ctx context.Context) error {
			t := &errortracker.Tracker{Retry: func(context.Context) error { return errDown }}
			return t.RecoverAll(ctx, []errortracker.Strategy{{Name: "a"}, {Name: "b"}, {Name: "c"}})
		}},
		{"errortracker.ApplyRecoveryStrategyContext", func(ctx context.Context) error {
			t := &errortracker.Tracker{Retry: func(context.Context) error { return errDown }}
			return t.ApplyRecoveryStrategyContext(ctx, errortracker.Strategy{Name: "reconnect"})
		}},
		{"graphdb.ConnectWithRetry", func(ctx context.Context) error {
			_, err := graphdb.NewManager(&graphdb.FakeDriver{Failures: 100}).ConnectWithRetry(ctx)
			return err
		}},
		{"graphdb.ConnectContext", func(ctx context.Context) error {
			_, err := graphdb.NewManager(&graphdb.FakeDriver{Failures: 100}).ConnectContext(ctx)
			return err
		}},
		{"toolfactory.CreateToolWithStability", func(ctx context.Context) error {
			_, err := toolfactory.New("search").CreateToolWithStability(ctx, "search")
			return err
		}},
		{"toolfactory.CreateAll x3", func(ctx context.Context) error {
			toolfactory.New("a", "b", "c").CreateAll(ctx, []string{"a", "b", "c"})
			return ctx.Err()
		}},
	}
}

// result is one timed component, as printed by -json.
type result struct {
	Component string `json:"component"`
	ElapsedNS int64  `json:"elapsed_ns"`
	Error     string `json:"error,omitempty"`
}

func main() {
	cancelAfter := flag.Duration("cancel-after", 10*time.Millisecond, "cancel each component's context after this long")
	asJSON := flag.Bool("json", false, "print the results as a JSON array")
	flag.Parse()
	if err := run(os.Stdout, *cancelAfter, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, cancelAfter time.Duration, asJSON bool) error {
	var results []result
	var total time.Duration
	for _, c := range components() {
		ctx, cancel := context.WithCancelCause(context.Background())
		timer := time.AfterFunc(cancelAfter, func() { cancel(errShutdown) })
		start := time.Now()
		err := c.run(ctx)
		elapsed := time.Since(start)
		timer.Stop()
		cancel(nil)
		total += elapsed
		r := result{Component: c.name, ElapsedNS: elapsed.Nanoseconds()}
		if err != nil {
			r.Error = err.Error()
		}
		results = append(results, r)
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(results)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "component\treturned after\terror\n")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%v\t%s\n", r.Component, time.Duration(r.ElapsedNS).Round(100*time.Microsecond), r.Error)
	}
	fmt.Fprintf(tw, "total\t%v\t(context cancelled after %v)\n", total.Round(100*time.Microsecond), cancelAfter)
	return tw.Flush()
}
