package stdlib

import (
	stdctx "context"
	tm "time"
)

func aliased(ctx stdctx.Context) error {
	tm.Sleep(tm.Second) // want `time.Sleep ignores`
	return nil
}

func shadowed(ctx stdctx.Context) error {
	stdctx := 1
	_ = stdctx
	tm.Sleep(tm.Second) // want `time.Sleep ignores`
	return nil
}
