// Package asyncrt holds the context-aware waits that asynclint's rewrites
// call: [Sleep] instead of time.Sleep, [Retry] instead of a loop that sleeps
// between attempts, and [Limiter] instead of a hand-rolled rate-limit sleep.
// Each returns as soon as its context is done, with the context's cause.
//
// The directory is runtime/ but the package is named asyncrt so that it never
// clashes with the standard library's runtime package. Rewritten code imports
// it with an explicit name:
//
//	import asyncrt "github.com/asynclint/asynclint/runtime"
//
// A function that holds a [context.Context] promises its caller that
// cancelling the context stops it. A time.Sleep breaks that promise:
//
//	func (m *Manager) connectWithRetry(ctx context.Context) error {
//		for attempt := 0; ; attempt++ {
//			if err := m.driver.Ping(ctx); err == nil {
//				return nil
//			}
//			time.Sleep(min(time.Second<<attempt, 30*time.Second)) // ignores ctx
//		}
//	}
//
// With asyncrt the wait ends when ctx does:
//
//	func (m *Manager) connectWithRetry(ctx context.Context) error {
//		p := asyncrt.Exponential(time.Second, 0).WithCap(30 * time.Second)
//		return asyncrt.Retry(ctx, p, m.driver.Ping)
//	}
//
// The package depends only on the standard library and golang.org/x/time/rate.
package asyncrt
