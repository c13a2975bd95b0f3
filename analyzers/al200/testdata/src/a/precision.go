package a

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"time"
)

// Cases met in real modules (go-redis, pgx, grpc, nats): a finding there
// would be one no user can act on, or its fix would break the code.

// go-redis internal/pool: the child context is cancelled before the sleep;
// asyncrt.Sleep(ctx, d) would return at once and end the retry loop.
func tryDial(dial func(context.Context) error, timeout time.Duration) {
	for {
		ctx := context.Background()
		var cancel context.CancelFunc
		if timeout > 0 {
			ctx, cancel = context.WithTimeout(ctx, timeout)
		}
		err := dial(ctx)
		if cancel != nil {
			cancel()
		}
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		return
	}
}

// go-redis pubsub: context.TODO() is never cancelled.
func receiveLoop(receive func(context.Context) error) {
	ctx := context.TODO()
	go func() {
		for {
			if err := receive(ctx); err != nil {
				time.Sleep(100 * time.Millisecond)
			}
		}
	}()
}

// A child context with its own deadline, already cancelled: the parameter
// is the one whose cancellation the sleep should honour.
func retryChild(parent context.Context, op func(context.Context) error) error {
	for {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		err := op(ctx)
		cancel()
		if err == nil {
			return nil
		}
		time.Sleep(5 * time.Second) // want `^time.Sleep ignores cancellation of parent:`
	}
}

// The parameter itself reassigned to a child, then cancelled.
func reassigned(ctx context.Context, op func(context.Context)) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	op(ctx)
	cancel()
	time.Sleep(5 * time.Second) // ctx is done here
}

// grpc internal/leakcheck and test utilities: polling loops that check the
// context on every iteration return within one short interval.
func checkGoroutines(ctx context.Context, leaked func() bool) {
	for ctx.Err() == nil {
		if !leaked() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func waitForMetric(ctx context.Context, ok func() bool) error {
	for ; ctx.Err() == nil; <-time.After(time.Millisecond) {
		if ok() {
			return nil
		}
	}
	return ctx.Err()
}

func waitForNames(ctx context.Context, names chan []string) error {
	for ; ; <-time.After(10 * time.Millisecond) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-names:
			return nil
		}
	}
}

// A long interval still delays cancellation: reported.
func slowPoll(ctx context.Context, ok func() bool) {
	for ctx.Err() == nil && !ok() {
		time.Sleep(time.Minute) // want `time.Sleep ignores cancellation of ctx`
	}
}

// A loop that never looks at the context: even a short sleep is its only
// chance to notice cancellation.
func spin(ctx context.Context, ready func() bool) {
	for !ready() {
		time.Sleep(time.Millisecond) // want `time.Sleep ignores cancellation of ctx`
	}
}

// Yields: no wait at all, or a negligible one outside a loop.
func yields(ctx context.Context) {
	time.Sleep(0)
	time.Sleep(-1)
	time.Sleep(time.Microsecond)
	time.Sleep(time.Millisecond)
	time.Sleep(2 * time.Millisecond) // want `time.Sleep ignores cancellation of ctx`
}

// Where the context is known to be done, a wait cannot honour it.
func afterDone(ctx context.Context, work chan int) {
	select {
	case <-ctx.Done():
		time.Sleep(time.Second) // draining after cancellation
	case <-work:
		time.Sleep(time.Second) // want `time.Sleep ignores cancellation of ctx`
	}
	if ctx.Err() != nil {
		time.Sleep(time.Second)
	}
}

// main and init own their contexts; one cancelled by a signal is still
// checked: the sleep ignores Ctrl-C.
func mainLike() {
	ctx := context.Background()
	_ = ctx
	time.Sleep(time.Second)
	sig, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	_ = sig
	time.Sleep(time.Second) // want `time.Sleep ignores cancellation of sig`
}

// A server's background worker: its context is cancelled by Stop.
type worker struct{ cancel context.CancelFunc }

func (s *worker) Start(work func(context.Context)) {
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go func() {
		for {
			work(ctx)
			time.Sleep(10 * time.Second) // want `time.Sleep ignores cancellation of ctx`
		}
	}()
}

// pgx pgconn: a one-shot goroutine with a context of its own.
func cancelLater(parent context.Context, cancelRequest func(context.Context)) {
	go func() {
		ctx, cancel := context.WithDeadline(parent, time.Now().Add(time.Second))
		defer cancel()
		cancelRequest(ctx)
		time.Sleep(100 * time.Millisecond) // deliberate, and independent of the caller
	}()
}

// Goroutines the function waits for block it just the same.
func fanOut(ctx context.Context, n int, d time.Duration) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(d) // want `time.Sleep ignores cancellation of ctx`
		}()
	}
	wg.Wait()
}
