package preflightcache

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

// TestConcurrentUse runs readers, writers, clearers and a clock that moves
// on one cache per policy, under the race detector in CI. The keys are
// more than the bounded policies hold, so eviction runs all along; expiry
// runs as the clock passes short max-ages; Chromium and WebKit drop
// results on misses. Afterwards the cache's bookkeeping must agree with
// itself, and a key stored last and asked at once must hit.
func TestConcurrentUse(t *testing.T) {
	const (
		keys    = 300
		workers = 8
		rounds  = 2000
	)
	for _, p := range []Policy{Spec, Chromium, Firefox, WebKit} {
		t.Run(p.Name, func(t *testing.T) {
			// A small Chromium bound makes the random runs go often.
			if p.Eviction == EvictRandomRun {
				p.MaxEntries, p.EvictRun = 64, 10
			}
			c, clock := newTestCache(p, WithRand(rand.New(rand.NewPCG(3, 4))))
			ages := [][]string{{"1"}, {"5"}, {"600"}, {"-1"}, {"abc"}, nil}
			var wg sync.WaitGroup
			for w := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					rng := rand.New(rand.NewPCG(uint64(w), 99))
					for range rounds {
						k := keyN(rng.IntN(keys))
						include := rng.IntN(2) == 0
						switch n := rng.IntN(20); {
						case n < 12:
							c.Lookup(Query{Key: k, Include: include, Method: "PUT", UnsafeHeaderNames: []string{"X-A"}})
						case n < 14:
							c.MatchHeader(k, include, "x-a")
							c.Entries(k)
						case n < 19:
							c.Store(k, include, []string{"PUT", "*"}, []string{"X-A"}, p.ParseMaxAge(ages[rng.IntN(len(ages))]))
						default:
							c.Clear(k)
						}
					}
				}()
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 200 {
					clock.Advance(100 * time.Millisecond)
					time.Sleep(50 * time.Microsecond)
				}
			}()
			wg.Wait()
			assertConsistent(t, c)

			k := Key{Partition: defaultPartition, Origin: defaultOrigin, URL: "https://b.example/last"}
			c.Store(k, false, []string{"PUT"}, []string{"X-A"}, p.ParseMaxAge([]string{"600"}))
			if d := c.Lookup(Query{Key: k, Method: "PUT", UnsafeHeaderNames: []string{"X-A"}}); d.Reason != Hit {
				t.Errorf("fresh store then lookup: %+v, want a hit", d)
			}
		})
	}
}

// TestConcurrentReadersSeeWholeResults: while one writer alternates two
// results for a key, readers must see one or the other, never a mix (a
// result is immutable once published).
func TestConcurrentReadersSeeWholeResults(t *testing.T) {
	c, _ := newTestCache(Chromium)
	age := Chromium.ParseMaxAge([]string{"600"})
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			default:
			}
			// Either {PUT, X-A} or {DELETE, X-B}.
			if i%2 == 0 {
				c.Store(testKey, false, []string{"PUT"}, []string{"X-A"}, age)
			} else {
				c.Store(testKey, false, []string{"DELETE"}, []string{"X-B"}, age)
			}
		}
	}()
	for r := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5000 {
				// Only a mix of the two results would allow PUT with X-B.
				d := c.Lookup(Query{Key: testKey, Method: "PUT", UnsafeHeaderNames: []string{"X-B"}})
				if d.Reason == Hit {
					t.Errorf("reader %d saw a mixed result", r)
					return
				}
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	close(done)
	wg.Wait()
}
