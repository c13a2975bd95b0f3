package backoff

import (
	"testing"
	"testing/synctest"
	"time"
)

func TestDelay(t *testing.T) {
	tests := []struct {
		attempt int
		limit   time.Duration
		want    time.Duration
	}{
		{0, 0, Second},
		{1, 0, 2 * Second},
		{4, 0, 16 * Second},
		{4, 30 * Second, 16 * Second},
		{5, 30 * Second, 30 * Second},
		{500, 30 * Second, 30 * Second},
	}
	for _, tt := range tests {
		if got := Delay(tt.attempt, tt.limit); got != tt.want {
			t.Errorf("Delay(%d, %v) = %v, want %v", tt.attempt, tt.limit, got, tt.want)
		}
	}
}

func TestPauseAttempt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		PauseAttempt(3, 30*Second)
		if got := time.Since(start); got != 8*Second {
			t.Errorf("PauseAttempt(3) paused %v, want %v", got, 8*Second)
		}
	})
}
