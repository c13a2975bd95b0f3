// Package backoff holds the small sync helpers the other components share:
// the retry delay of the seed plan and a blocking pause. Nothing here takes
// a context, so nothing here is flagged itself; a context-aware caller of
// Pause or PauseAttempt in another package is (AL201).
package backoff

import "time"

// Second is the plan's second, scaled down 1:50 so that the example and its
// demo run in milliseconds.
const Second = 20 * time.Millisecond

// Delay returns the plan's min(2**attempt, limit) seconds, in scaled
// seconds; limit <= 0 means no limit.
func Delay(attempt int, limit time.Duration) time.Duration {
	d := Second
	for range attempt {
		if limit > 0 && d >= limit {
			break
		}
		d *= 2
	}
	if limit > 0 && d > limit {
		return limit
	}
	return d
}

// Pause blocks the calling goroutine for d. It cannot be cancelled.
func Pause(d time.Duration) {
	time.Sleep(d)
}

// PauseAttempt blocks for Delay(attempt, limit), through Pause.
func PauseAttempt(attempt int, limit time.Duration) {
	Pause(Delay(attempt, limit))
}
