package ratelimit

import (
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

func TestWaitForRateLimitSpacing(t *testing.T) {
	s := time.Second
	tests := []struct {
		name string
		wait func(r *RateLimiter, t *testing.T)
	}{
		{"WaitForRateLimit", func(r *RateLimiter, t *testing.T) {
			if err := r.WaitForRateLimit(t.Context()); err != nil {
				t.Fatal(err)
			}
		}},
		{"Throttle", func(r *RateLimiter, t *testing.T) { r.Throttle() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := &RateLimiter{RequestsPerMinute: 30}
				start := time.Now()
				var at []time.Duration
				for range 3 {
					tt.wait(r, t)
					at = append(at, time.Since(start))
				}
				if want := []time.Duration{0, 2 * s, 4 * s}; !slices.Equal(at, want) {
					t.Errorf("requests at %v, want %v", at, want)
				}
				// After a quiet spell the next request goes at once.
				time.Sleep(time.Minute)
				before := time.Now()
				tt.wait(r, t)
				if got := time.Since(before); got != 0 {
					t.Errorf("request after a quiet minute waited %v", got)
				}
			})
		})
	}
}

func TestClientSend(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := NewClient(60)
		start := time.Now()
		for range 3 {
			if err := c.Send(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		if got := time.Since(start); got != 2*time.Second || c.Sent() != 3 {
			t.Errorf("3 sends took %v and counted %d, want 2s and 3", got, c.Sent())
		}
	})
}
