package corsim

import (
	"sync"
	"time"
)

// A Clock tells a Browser the time: the preflight cache's Max-Age and cookie
// expiry run on it.
type Clock interface {
	Now() time.Time
}

// A FakeClock is a Clock that moves only when told to, so that cache expiry
// can be tested without waiting. It is safe for concurrent use.
type FakeClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewFakeClock returns a clock that starts at start.
func NewFakeClock(start time.Time) *FakeClock { return &FakeClock{now: start} }

// Now returns the clock's time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
