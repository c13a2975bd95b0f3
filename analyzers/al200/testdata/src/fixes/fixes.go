package fixes

import (
	"context"
	"errors"
	"time"
)

type Config struct{ N int }

type ID string

func noResults(ctx context.Context) {
	time.Sleep(time.Second) // want `time.Sleep ignores`
}

func errResult(ctx context.Context, d time.Duration) error {
	time.Sleep(2 * d) // want `time.Sleep ignores`
	return nil
}

func manyResults(ctx context.Context) (int, string, *Config, Config, []byte, ID, bool, error) {
	<-time.After(time.Minute) // want `<-time.After ignores`
	return 0, "", nil, Config{}, nil, "", false, nil
}

func named(ctx context.Context) (n int, err error) {
	n = 1
	<-time.NewTimer(time.Second).C // want `time.NewTimer`
	return n, nil
}

func generic[T any](ctx context.Context, v T) (T, error) {
	time.Sleep(time.Second) // want `time.Sleep ignores`
	return v, nil
}

func noError(ctx context.Context) int {
	time.Sleep(time.Second) // want `time.Sleep ignores`
	return 1
}

func otherError(ctx context.Context) *Config {
	time.Sleep(time.Second) // want `time.Sleep ignores`
	return nil
}

func closure(ctx context.Context) error {
	f := func() error {
		time.Sleep(time.Second) // want `time.Sleep ignores`
		return nil
	}
	return f()
}

func goroutine(ctx context.Context) {
	go func() {
		for {
			cleanupCtx(ctx)
			time.Sleep(time.Second) // want `time.Sleep ignores`
		}
	}()
}

func deferred(ctx context.Context) {
	defer func() {
		time.Sleep(time.Second) // want `time.Sleep ignores`
		cleanup()
	}()
}

func cleanup() {}

func cleanupCtx(context.Context) {}

func loop(ctx context.Context, items []int) error {
outer:
	for _, it := range items {
		switch it {
		case 0:
			continue
		case 1:
			time.Sleep(time.Minute) // want `time.Sleep ignores`
			break outer
		}
		select {
		case <-ctx.Done():
		default:
			time.Sleep(time.Duration(it)) // want `time.Sleep ignores`
		}
	}
	return errors.New("done")
}

func positions(ctx context.Context) {
	for i := 0; i < 3; time.Sleep(time.Second) { // want `time.Sleep ignores`
		i++
	}
	if x := <-time.After(time.Second); x.IsZero() { // want `<-time.After ignores`
		return
	}
label:
	time.Sleep(time.Second) // want `time.Sleep ignores`
	goto label
}

func shadowedErr(ctx context.Context) (err error) {
	err = errors.New("x")
	time.Sleep(time.Second) // want `time.Sleep ignores`
	return err
}

func inlineBlock(ctx context.Context) { time.Sleep(time.Second) } // want `time.Sleep ignores`
