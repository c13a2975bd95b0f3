// Package backoff has a helper that sleeps without a context.
package backoff

import "time"

// Pause sleeps for attempt seconds; it has no context to honour.
func Pause(attempt int) {
	time.Sleep(time.Duration(attempt) * time.Second)
}
