package fixes // want package:"ignorers: 0"

import (
	"context"
	"database/sql"
	"net"
	nethttp "net/http"
	"os/exec"
	"time"
)

func Fetch(url string) error                                    { return FetchContext(context.Background(), url) }
func FetchContext(ctx context.Context, url string) error        { return ctx.Err() }
func Send(to string, body []byte) error                         { return nil }
func SendCtx(ctx context.Context, body []byte, to string) error { return nil }

type conn struct{}

func (c *conn) Close() error                               { return nil }
func (c *conn) CloseWithContext(ctx context.Context) error { return nil }

func all(ctx context.Context, db *sql.DB, tx *sql.Tx, st *sql.Stmt, d *net.Dialer, c *conn) error {
	req, err := nethttp.NewRequest("GET", "http://x", nil) // want `http.NewRequest ignores`
	_, _ = req, err
	cmd := exec.Command("ls", "-l") // want `exec.Command ignores`
	_ = cmd
	args := []string{"-l"}
	_ = exec.Command("ls", args...)   // want `exec.Command ignores`
	rows, err := db.Query("SELECT 1") // want `Query ignores`
	_, _ = rows, err
	_ = db.QueryRow("SELECT ?", 1)               // want `QueryRow ignores`
	if _, err := db.Exec("DELETE"); err != nil { // want `Exec ignores`
		return err
	}
	if err := db.Ping(); err != nil { // want `Ping ignores`
		return err
	}
	t, err := db.Begin() // want `Begin ignores`
	_, _ = t, err
	s, err := tx.Prepare("q") // want `Prepare ignores`
	_, _ = s, err
	_, _ = tx.Stmt(st).Exec()         // want `Stmt ignores` `Exec ignores`
	nc, err := net.Dial("tcp", "x:1") // want `net.Dial ignores`
	_, _ = nc, err
	nc, err = net.DialTimeout("tcp", "x:1", 2*time.Second) // want `net.DialTimeout ignores`
	nc, err = d.Dial("tcp", "x:1")                         // want `Dial ignores`
	addrs, err := net.LookupHost("x")                      // want `net.LookupHost ignores`
	_ = addrs
	ips, err := net.LookupIP("x") // want `net.LookupIP ignores`
	_ = ips
	_, _ = nethttp.Get("http://x")     // want `http.Get ignores`
	if err := Fetch("u"); err != nil { // want `Fetch ignores cancellation of ctx: use FetchContext\(ctx, \.\.\.\)`
		return err
	}
	_ = Send("a", nil) // want `Send ignores cancellation of ctx: use SendCtx$`
	return c.Close()   // want `Close ignores`
}

func shadowed(ctx context.Context) error {
	FetchContext := 1
	_ = FetchContext
	return Fetch("u") // want `Fetch ignores`
}
