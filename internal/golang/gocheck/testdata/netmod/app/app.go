package app

import (
	"context"
	"database/sql"
	"net/http"
	"os/exec"

	"example.com/netmod/lib"
)

// Handler holds a context: its calls without one are AL202's.
func Handler(ctx context.Context, db *sql.DB) error {
	resp, err := http.Get("http://example.com/")
	if err != nil {
		return err
	}
	resp.Body.Close()
	if err := exec.Command("true").Run(); err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, "GET", "http://example.com/", nil)
	if err != nil {
		return err
	}
	_ = req
	if err := exec.CommandContext(ctx, "true").Run(); err != nil {
		return err
	}
	later, err := http.NewRequest("GET", "http://example.com/", nil)
	if err != nil {
		return err
	}
	_ = later.WithContext(ctx)
	lib.Fetch()
	_, err = db.Query("SELECT 1") // a query: no blocking category of report's
	return err
}

// Quiet's chain call is suppressed: its helper's call is reached from
// context-aware code all the same.
func Quiet(ctx context.Context) {
	lib.Hush() //nolint:AL202
}

// Loader calls lib.Load, which has a context variant, with a context.
func Loader(ctx context.Context) error {
	return lib.Load()
}
