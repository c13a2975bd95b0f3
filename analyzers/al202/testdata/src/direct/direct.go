package direct // want package:"ignorers: 2"

import (
	"context"
	"database/sql"
	"net"
	"net/http"
	"os/exec"
	"time"
)

func calls(ctx context.Context, c *http.Client, db *sql.DB, tx *sql.Tx, st *sql.Stmt, d *net.Dialer) {
	http.Get("http://x")                       // want `^http.Get ignores cancellation of ctx: use http.NewRequestWithContext\(ctx, \.\.\.\) and \(\*http.Client\).Do$`
	http.Head("http://x")                      // want `^http.Head ignores`
	http.Post("http://x", "", nil)             // want `^http.Post ignores`
	http.PostForm("http://x", nil)             // want `^http.PostForm ignores`
	c.Get("http://x")                          // want `^\(\*http.Client\).Get ignores cancellation of ctx: use http.NewRequestWithContext`
	c.Do(nil)                                  // Do sends what the request carries
	http.NewRequest("GET", "http://x", nil)    // want `^http.NewRequest ignores cancellation of ctx: use http.NewRequestWithContext\(ctx, \.\.\.\)$`
	net.Dial("tcp", "x:1")                     // want `^net.Dial ignores cancellation of ctx: use \(&net.Dialer\{\}\).DialContext\(ctx, \.\.\.\)$`
	net.DialTimeout("tcp", "x:1", time.Second) // want `^net.DialTimeout ignores`
	d.Dial("tcp", "x:1")                       // want `^\(\*net.Dialer\).Dial ignores cancellation of ctx: use \(\*net.Dialer\).DialContext`
	net.LookupHost("x")                        // want `^net.LookupHost ignores cancellation of ctx: use net.DefaultResolver.LookupHost\(ctx, \.\.\.\)$`
	net.LookupIP("x")                          // want `^net.LookupIP ignores`
	net.DefaultResolver.LookupHost(ctx, "x")
	exec.Command("ls") // want `^exec.Command ignores cancellation of ctx: use exec.CommandContext\(ctx, \.\.\.\)$`
	db.Query("q")      // want `^\(\*sql.DB\).Query ignores cancellation of ctx: use \(\*sql.DB\).QueryContext\(ctx, \.\.\.\)$`
	db.QueryRow("q")   // want `^\(\*sql.DB\).QueryRow ignores`
	db.Exec("q")       // want `^\(\*sql.DB\).Exec ignores`
	db.Ping()          // want `^\(\*sql.DB\).Ping ignores`
	db.Prepare("q")    // want `^\(\*sql.DB\).Prepare ignores`
	db.Begin()         // want `^\(\*sql.DB\).Begin ignores cancellation of ctx: use \(\*sql.DB\).BeginTx\(ctx, nil\)$`
	tx.Query("q")      // want `^\(\*sql.Tx\).Query ignores`
	tx.Stmt(st)        // want `^\(\*sql.Tx\).Stmt ignores`
	st.Exec()          // want `^\(\*sql.Stmt\).Exec ignores`
	db.QueryContext(ctx, "q")
	exec.CommandContext(ctx, "ls")
	db.Close()
	_ = db.Stats()
}

func noContext(db *sql.DB) { // want noContext:`^ignores context: calls \(\*sql.DB\).Query`
	db.Query("q") // no context in scope: nothing to honour
	exec.Command("ls")
}

func root(db *sql.DB) { // want root:`^ignores context: calls \(\*sql.DB\).Query`
	ctx := context.Background()
	_ = ctx
	db.Query("q") // nobody can cancel a fresh root
}

func requestGetsContextLater(ctx context.Context) (*http.Response, error) {
	req, err := http.NewRequest("GET", "http://x", nil) // its context is set below
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req.WithContext(ctx))
}

func oneShot(ctx context.Context, db *sql.DB) {
	go func() {
		db.Exec("q") // a one-shot goroutine runs independently of its starter
	}()
	time.AfterFunc(time.Second, func() {
		db.Exec("q") // registered: runs on its own
	})
}

func suppressed(ctx context.Context) {
	exec.Command("ls") //nolint:AL202 // deliberate
}

func knownDone(ctx context.Context, db *sql.DB) {
	if ctx.Err() != nil {
		db.Exec("q") // ctx is done: cleanup that must not honour it
	}
}
