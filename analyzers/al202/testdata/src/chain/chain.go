package chain // want package:"ignorers: 1"

import (
	"context"
	"helpers"
)

func Handle(ctx context.Context) error {
	helpers.Fetch("http://x") // want `^helpers.Fetch ignores cancellation of ctx: it calls http.Get \(helpers.go:13\), which has a context variant: http.NewRequestWithContext\(ctx, \.\.\.\) and \(\*http.Client\).Do$`
	helpers.WithCtx(ctx)
	helpers.Background()
	if err := helpers.Build(); err != nil { // want `^helpers.Build ignores cancellation of ctx: it calls run, which calls exec.Command \(helpers.go:17\), which has a context variant: exec.CommandContext`
		return err
	}
	return nil
}

func noContext() { // want noContext:`^ignores context: calls helpers.Fetch, which calls http.Get`
	helpers.Fetch("http://x")
}
