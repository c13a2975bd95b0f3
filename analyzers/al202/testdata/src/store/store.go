package store // want package:"ignorers: 0"

// store has functions with context variants beside them.
import "context"

type Store struct{}

func (s *Store) Get(key string) (string, error) { return s.GetContext(context.Background(), key) }

func (s *Store) GetContext(ctx context.Context, key string) (string, error) { return key, ctx.Err() }

func Load(name string) error { return LoadCtx(context.Background(), name, 0) }

// LoadCtx takes more than Load: no mechanical fix.
func LoadCtx(ctx context.Context, name string, retries int) error { return nil }

// Execer is an interface with both forms.
type Execer interface {
	Exec(q string) error
	ExecContext(ctx context.Context, q string) error
}

func Logf(format string, args ...any) {}

type traceLog struct{}

func newTrace(title string) traceLog { return traceLog{} }

// newTraceContext puts a trace into a context: not a variant of newTrace.
func newTraceContext(ctx context.Context, tr traceLog) context.Context { return ctx }

// Send has a variant that also returns an error.
func Send(v int) {}

func SendContext(ctx context.Context, v int) error { return nil }

// Use calls the variants' plain forms of its own package.
func Use(ctx context.Context, s *Store, e Execer) {
	s.Get("k")  // want `^\(\*Store\).Get ignores cancellation of ctx: use \(\*Store\).GetContext\(ctx, \.\.\.\)$`
	Load("x")   // want `^Load ignores cancellation of ctx: use LoadCtx$`
	e.Exec("q") // want `^Execer.Exec ignores cancellation of ctx: use Execer.ExecContext\(ctx, \.\.\.\)$`
	Logf("no variant")
	_ = newTrace("t")
	Send(1) // want `^Send ignores cancellation of ctx: use SendContext$`
}
