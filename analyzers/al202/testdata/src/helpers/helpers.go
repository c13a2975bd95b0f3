package helpers // want package:"ignorers: 4"

// helpers has functions without a context that make calls a
// context variant exists for.
import (
	"context"
	"net/http"
	"os/exec"
	"store"
)

func Fetch(url string) (*http.Response, error) { // want Fetch:`^ignores context: calls http.Get \(helpers.go:13\); use http.NewRequestWithContext`
	return http.Get(url)
}

func run() error { // want run:`^ignores context: calls exec.Command \(helpers.go:17\); use exec.CommandContext`
	return exec.Command("make").Run()
}

func Build() error { // want Build:`^ignores context: calls run, which calls exec.Command \(helpers.go:17\)`
	return run()
}

// WithCtx takes a context: its own calls are reported there, not at its callers.
func WithCtx(ctx context.Context) {
	exec.Command("ls") // want `^exec.Command ignores cancellation of ctx`
}

// Background starts the command in a goroutine: it does not wait for it.
func Background() {
	go exec.Command("ls").Run()
	go func() { exec.Command("ls").Run() }()
}

// Value uses store's plain form: nobody here has a context.
func Value(s *store.Store) (string, error) { // want Value:`^ignores context: calls \(\*store.Store\).Get`
	return s.Get("k")
}
