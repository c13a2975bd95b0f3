// Package ratelimit is the port of the plan's api_rate_limiter: callers wait
// until the next request is allowed.
package ratelimit

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// RateLimiter spaces requests at most RequestsPerMinute a minute, the way the
// plan's limiter does: by computing the wait and sleeping it.
type RateLimiter struct {
	mu sync.Mutex
	// RequestsPerMinute is the limit.
	RequestsPerMinute int
	last              time.Time
}

// interval is the least time between two requests.
func (r *RateLimiter) interval() time.Duration {
	return time.Minute / time.Duration(max(r.RequestsPerMinute, 1))
}

// reserve records a request and returns how long it must wait first.
func (r *RateLimiter) reserve() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	next := r.last.Add(r.interval())
	if r.last.IsZero() || !next.After(now) {
		r.last = now
		return 0
	}
	r.last = next
	return next.Sub(now)
}

// WaitForRateLimit is the plan's wait_for_rate_limit: it blocks until the
// next request is allowed, whether or not ctx is still live.
func (r *RateLimiter) WaitForRateLimit(ctx context.Context) error {
	if wait := r.reserve(); wait > 0 {
		<-time.After(wait)
	}
	return nil
}

// Throttle is the blocking wait for callers without a context.
func (r *RateLimiter) Throttle() {
	if wait := r.reserve(); wait > 0 {
		time.Sleep(wait)
	}
}

// Client sends requests through a token bucket: the already-converted
// form, whose wait ends with ctx.
type Client struct {
	limiter *rate.Limiter
	sent    atomic.Int64
}

// NewClient returns a client allowed perMinute requests a minute.
func NewClient(perMinute int) *Client {
	return &Client{limiter: rate.NewLimiter(rate.Every(time.Minute/time.Duration(max(perMinute, 1))), 1)}
}

// Send waits for the limiter, then counts the request as sent.
func (c *Client) Send(ctx context.Context) error {
	if err := c.limiter.Wait(ctx); err != nil {
		return err
	}
	c.sent.Add(1)
	return nil
}

// Sent returns the number of requests sent.
func (c *Client) Sent() int64 { return c.sent.Load() }
