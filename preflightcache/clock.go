package preflightcache

import (
	"math"
	"math/rand/v2"
	"time"
)

// Clock tells the cache the time. Entries expire on this clock, so tests
// and scenarios step a fake one instead of sleeping.
type Clock interface {
	Now() time.Time
}

// Rand is the random source of [EvictRandomRun]: IntN returns a uniformly
// random int in [0, n). A *math/rand/v2.Rand is one. The cache only calls
// it while holding its write lock, so it need not be safe for concurrent
// use.
type Rand interface {
	IntN(n int) int
}

// An Option configures [New].
type Option func(*Cache)

// WithClock makes the cache read the time from c instead of the system
// clock. A nil c keeps the system clock.
func WithClock(c Clock) Option {
	return func(cache *Cache) {
		cache.clock = c
	}
}

// WithRand makes [EvictRandomRun] draw its start position from r instead
// of math/rand/v2's global source. A nil r keeps the global source.
func WithRand(r Rand) Option {
	return func(cache *Cache) {
		if r != nil {
			cache.rand = r
		}
	}
}

type globalRand struct{}

// IntN draws from math/rand/v2's global source, which is safe for
// concurrent use.
func (globalRand) IntN(n int) int { return rand.IntN(n) }

// instant is a time on the cache's clock: nanoseconds since the cache was
// made. Plain integers keep entries small and comparisons cheap, and the
// system clock's monotonic reading survives the subtraction.
type instant int64

// now reads the clock. The system clock is read through time.Since,
// which reads only the monotonic clock: half the cost of time.Now, which
// reads the wall clock too, on the hit path.
func (c *Cache) now() instant {
	if c.clock == nil {
		return instant(time.Since(c.epoch))
	}
	return instant(c.clock.Now().Sub(c.epoch))
}

// time converts back, for the explaining APIs.
func (c *Cache) time(i instant) time.Time {
	return c.epoch.Add(time.Duration(i))
}

// after returns i+d, saturating instead of overflowing (a spec max-age
// has no upper bound).
func (i instant) after(d time.Duration) instant {
	if d > 0 && int64(i) > math.MaxInt64-int64(d) {
		return math.MaxInt64
	}
	return i + instant(d)
}
