package lib

import (
	"context"
	"net/http"
	"os/exec"
)

// Fetch has no context; Handler calls it with one.
func Fetch() {
	if resp, err := http.Get("http://example.com/"); err == nil {
		resp.Body.Close()
	}
}

// Legacy is called by nothing with a context.
func Legacy() error {
	return exec.Command("true").Run()
}

// Load has a context variant, LoadContext.
func Load() error {
	resp, err := http.Head("http://example.com/")
	if err == nil {
		resp.Body.Close()
	}
	return err
}

// LoadContext is Load's context variant.
func LoadContext(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, "HEAD", "http://example.com/", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	return err
}

// Spawn starts a command in a goroutine: nobody waits for it.
func Spawn(ctx context.Context) {
	go exec.Command("true").Run()
}

// Hush has no context; Quiet calls it with one, under a nolint.
func Hush() {
	_ = exec.Command("true").Run()
}

// Store has a context variant, StoreContext, and nothing calls it.
func Store() error {
	return exec.Command("true").Run()
}

// StoreContext is Store's context variant.
func StoreContext(ctx context.Context) error {
	return exec.CommandContext(ctx, "true").Run()
}
