package waits

import (
	"go/token"

	"github.com/asynclint/asynclint/internal/finding"
)

// Site is a site of migration coverage (asynclint report) in a package:
// a wait of AL200's, or a call of AL202's in a blocking category.
type Site struct {
	Pos token.Pos
	// Callee names the wait or the function called: "time.Sleep",
	// "asyncrt.Sleep", "http.Get", "exec.CommandContext".
	Callee string
	// Function is the enclosing function: "F", "(*T).M", "T.M".
	Function string
	// Owner is the full name (types.Func.FullName) of the function the
	// site blocks when called, empty when it runs in a goroutine or a
	// stored closure.
	Owner string
	// State is AsyncSafe (context-aware, or returning on cancellation
	// soon enough), InAsync (what the analyzer reports), Compat (in a
	// function that has a context-aware variant) or Sync (no context
	// whose cancellation it should honour, see Result.ContextInScope). A
	// driver that sees the whole program turns Sync and Compat into
	// ReachedFromAsync when the Owner is called from context-aware code.
	State finding.State
	// Category is what the site blocks on: finding.Sleep for waits,
	// finding.HTTP or finding.Subprocess for calls.
	Category finding.Category
}
