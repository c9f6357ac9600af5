package preflightcache

import (
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds a cpu-ns/op metric: on a shared machine the wall-clock
// ns/op also counts the time other processes held the CPU, the CPU time
// does not. For a parallel benchmark it is CPU time summed over threads.
func reportCPU(b *testing.B, start time.Duration) {
	if b.N > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	}
}

// benchKey is a realistic key: a partition, an origin and an API URL with
// a query.
var benchKey = Key{
	Partition: "https://shop.example",
	Origin:    "https://shop.example",
	URL:       "https://api.payments.example/v2/orders/81234/items?expand=prices&limit=50",
}

// benchQuery is the common preflighted request: a PUT with a JSON body and
// an auth header, as fetch() sends to an API.
var benchQuery = Query{
	Key:               benchKey,
	Method:            "PUT",
	UnsafeHeaderNames: []string{"authorization", "content-type", "x-request-id"},
}

// benchCache returns a cache under p holding the preflight that benchQuery
// needs, plus a few more methods, for keys benchKey and n-1 others. It
// reads the system clock, as a real user's cache does.
func benchCache(tb testing.TB, p Policy, n int) *Cache {
	c, err := New(p)
	if err != nil {
		tb.Fatal(err)
	}
	age := p.ParseMaxAge([]string{"600"})
	methods := []string{"GET", "POST", "PUT", "DELETE"}
	headers := []string{"Authorization", "Content-Type", "X-Request-Id"}
	c.Store(benchKey, false, methods, headers, age)
	for i := 1; i < n; i++ {
		k := benchKey
		k.URL = fmt.Sprintf("https://api.payments.example/v2/orders/%d", i)
		c.Store(k, false, methods, headers, age)
	}
	if d := c.Lookup(benchQuery); d.Reason != Hit {
		tb.Fatalf("%s: bench query does not hit: %+v", p.Name, d)
	}
	return c
}

var benchPolicies = []Policy{Spec, Chromium, Firefox, WebKit}

// TestLookupAllocs guards the hot path: a hit, and a miss that drops
// nothing, allocate nothing (DESIGN.md "hot paths stay cheap").
func TestLookupAllocs(t *testing.T) {
	for _, p := range benchPolicies {
		c := benchCache(t, p, 50)
		miss := benchQuery
		miss.UnsafeHeaderNames = []string{"x-not-allowed"}
		if p.DropOnMiss {
			miss = benchQuery
			miss.Key.URL += "&other" // nothing stored: nothing to drop
		}
		for _, tc := range []struct {
			name string
			f    func()
		}{
			{"hit", func() { c.Lookup(benchQuery) }},
			{"NeedsPreflight", func() {
				c.NeedsPreflight(benchKey, false, "PUT", false, benchQuery.UnsafeHeaderNames)
			}},
			{"miss", func() { c.Lookup(miss) }},
			{"MatchHeader", func() { c.MatchHeader(benchKey, false, "X-REQUEST-ID") }},
		} {
			if n := testing.AllocsPerRun(100, tc.f); n != 0 {
				t.Errorf("%s %s: %v allocs, want 0", p.Name, tc.name, n)
			}
		}
	}
}

// BenchmarkLookupHit: the hot path, with the system clock (one monotonic
// clock read per lookup, a fixed cost of the machine) and with a clock
// that costs next to nothing, which shows the cache's own cost.
func BenchmarkLookupHit(b *testing.B) {
	for _, p := range benchPolicies {
		for _, clock := range []string{"system-clock", "still-clock"} {
			b.Run(p.Name+"/"+clock, func(b *testing.B) {
				c := benchCache(b, p, 100)
				if clock == "still-clock" {
					c.clock = stillClock{c.epoch}
				}
				b.ReportAllocs()
				start := cpuTime()
				for b.Loop() {
					if c.Lookup(benchQuery).Preflight {
						b.Fatal("miss")
					}
				}
				reportCPU(b, start)
			})
		}
	}
}

// stillClock is a Clock whose time never moves.
type stillClock struct{ t time.Time }

func (s stillClock) Now() time.Time { return s.t }

// BenchmarkLookupHitParallel: goroutines asking about the same key (the
// worst case for shared cache lines) and about keys of their own. Run
// with -cpu 1,2 to see the scaling.
func BenchmarkLookupHitParallel(b *testing.B) {
	for _, p := range benchPolicies {
		for _, shape := range []string{"same-key", "many-keys"} {
			b.Run(p.Name+"/"+shape, func(b *testing.B) {
				n := 100
				c := benchCache(b, p, n)
				queries := make([]Query, n)
				for i := range queries {
					queries[i] = benchQuery
					if shape == "many-keys" && i > 0 {
						queries[i].Key.URL = fmt.Sprintf("https://api.payments.example/v2/orders/%d", i)
					}
				}
				b.ReportAllocs()
				start := cpuTime()
				b.RunParallel(func(pb *testing.PB) {
					i := 0
					for pb.Next() {
						if c.Lookup(queries[i%n]).Preflight {
							b.Error("miss")
							return
						}
						i++
					}
				})
				reportCPU(b, start)
			})
		}
	}
}

// BenchmarkStore: a preflight's result stored for a key the cache has not
// seen (with eviction once a bounded cache is full), and for a key it
// holds (a refresh).
func BenchmarkStore(b *testing.B) {
	keys := make([]Key, 1<<14)
	for i := range keys {
		keys[i] = benchKey
		keys[i].URL = fmt.Sprintf("https://api.payments.example/v2/orders/%d", i)
	}
	methods := []string{"PUT", "DELETE"}
	headers := []string{"Authorization", "Content-Type"}
	for _, p := range benchPolicies {
		age := p.ParseMaxAge([]string{"600"})
		b.Run(p.Name+"/new-key", func(b *testing.B) {
			c, _ := newTestCache(p)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				c.Store(keys[i%len(keys)], false, methods, headers, age)
				i++
			}
		})
		b.Run(p.Name+"/refresh", func(b *testing.B) {
			c, _ := newTestCache(p)
			b.ReportAllocs()
			for b.Loop() {
				c.Store(benchKey, false, methods, headers, age)
			}
		})
	}
}

// BenchmarkMemoryPerEntry reports the heap a cached preflight result
// costs: bytes per result (one key holding two methods and two header
// names, the spec's four cache entries) and per spec entry, not counting
// the key's strings, which the caller already holds.
func BenchmarkMemoryPerEntry(b *testing.B) {
	for _, p := range benchPolicies {
		b.Run(p.Name, func(b *testing.B) {
			n := 10000
			if p.MaxEntries > 0 {
				n = p.MaxEntries
			}
			keys := make([]Key, n)
			for i := range keys {
				keys[i] = benchKey
				keys[i].URL = fmt.Sprintf("https://api.payments.example/v2/orders/%d", i)
			}
			methods := []string{"PUT", "DELETE"}
			headers := []string{"Authorization", "Content-Type"}
			age := p.ParseMaxAge([]string{"600"})
			var perResult float64
			for b.Loop() {
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				c, _ := newTestCache(p)
				for _, k := range keys {
					c.Store(k, false, methods, headers, age)
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				perResult = float64(after.HeapAlloc-before.HeapAlloc) / float64(c.Len())
				runtime.KeepAlive(c)
			}
			b.ReportMetric(perResult, "B/result")
			b.ReportMetric(perResult/4, "B/entry")
		})
	}
}

// BenchmarkYardstick measures, on the machine at hand, two things a hit
// cannot avoid: one lookup in a plain Go map keyed by a Key, and one read
// of the monotonic clock. A hit's figure reads best against them.
func BenchmarkYardstick(b *testing.B) {
	b.Run("map-lookup", func(b *testing.B) {
		m := map[Key]int{}
		for i := range 100 {
			k := benchKey
			k.URL = fmt.Sprintf("https://api.payments.example/v2/orders/%d", i)
			m[k] = i
		}
		m[benchKey] = -1
		sum := 0
		for b.Loop() {
			sum += m[benchKey]
		}
		runtime.KeepAlive(sum)
	})
	b.Run("clock-read", func(b *testing.B) {
		epoch := time.Now()
		var sum time.Duration
		for b.Loop() {
			sum += time.Since(epoch)
		}
		runtime.KeepAlive(sum)
	})
}
