package preflightcache

import (
	"sync/atomic"
	"time"
)

// tStart is the synthetic time at which every test cache is made.
var tStart = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

// fakeClock is a Clock that moves only when told, safe for concurrent use.
type fakeClock struct{ ns atomic.Int64 }

func (f *fakeClock) Now() time.Time          { return tStart.Add(time.Duration(f.ns.Load())) }
func (f *fakeClock) Advance(d time.Duration) { f.ns.Add(int64(d)) }

// fixedRand is a Rand that always answers n, and remembers what it was
// asked.
type fixedRand struct {
	n     int
	asked []int
}

func (r *fixedRand) IntN(n int) int {
	r.asked = append(r.asked, n)
	return min(r.n, n-1)
}

func newTestCache(p Policy, opts ...Option) (*Cache, *fakeClock) {
	clock := &fakeClock{}
	c, err := New(p, append([]Option{WithClock(clock)}, opts...)...)
	if err != nil {
		panic(err)
	}
	return c, clock
}
