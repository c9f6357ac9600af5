package preflightcache

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// keyN returns the n-th key of a run whose URLs sort in numeric order.
func keyN(n int) Key {
	return Key{Partition: defaultPartition, Origin: defaultOrigin, URL: fmt.Sprintf("https://b.example/u%07d", n)}
}

// cached reports, without touching LRU marks or dropping anything, which
// of keys 0..n-1 hold a live PUT.
func cached(c *Cache, n int) []int {
	var out []int
	for i := range n {
		if c.MatchMethod(keyN(i), false, "PUT") {
			out = append(out, i)
		}
	}
	return out
}

func storePUT(c *Cache, k Key, maxAge string) Stored {
	return c.Store(k, false, []string{"PUT"}, nil, c.policy.ParseMaxAge([]string{maxAge}))
}

func rangeInts(from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

// TestChromiumEviction follows preflight_cache.cc: kMaxCacheEntries 1024,
// kPurgeUnit 10, MayPurge(kMaxCacheEntries - 1) before a new key, erasing
// a run of 10 from RandIntInclusive(0, size - 10) in key order.
func TestChromiumEviction(t *testing.T) {
	r := &fixedRand{n: 3}
	c, _ := newTestCache(Chromium, WithRand(r))
	for i := range 1024 {
		if st := storePUT(c, keyN(i), "600"); st.Evicted != 0 {
			t.Fatalf("key %d evicted %d before the cache was full", i, st.Evicted)
		}
	}
	if c.Len() != 1024 {
		t.Fatalf("Len = %d, want 1024", c.Len())
	}
	// A refresh of a key already there never purges.
	if st := storePUT(c, keyN(0), "600"); st.Evicted != 0 || c.Len() != 1024 {
		t.Fatalf("refresh: evicted %d, Len %d; want 0, 1024", st.Evicted, c.Len())
	}
	st := storePUT(c, keyN(1024), "600")
	if st.Evicted != 10 || c.Len() != 1015 {
		t.Fatalf("new key into a full cache: evicted %d, Len %d; want 10, 1015", st.Evicted, c.Len())
	}
	if diff := cmp.Diff([]int{1015}, r.asked); diff != "" {
		t.Errorf("IntN arguments mismatch (-want +got):\n%s", diff)
	}
	want := append(rangeInts(0, 3), rangeInts(13, 1025)...)
	if diff := cmp.Diff(want, cached(c, 1025)); diff != "" {
		t.Errorf("keys left mismatch (-want +got):\n%s", diff)
	}
}

// TestFirefoxEvictionExpiredFirst follows nsPreflightCache::GetEntry: with
// PREFLIGHT_CACHE_SIZE (100) entries, a new key first purges every entry
// whose tokens have all expired.
func TestFirefoxEvictionExpiredFirst(t *testing.T) {
	c, clock := newTestCache(Firefox)
	for i := range 100 {
		age := "600"
		if i%2 == 0 {
			age = "10"
		}
		storePUT(c, keyN(i), age)
	}
	clock.Advance(20 * time.Second)
	st := storePUT(c, keyN(100), "600")
	if st.Evicted != 50 || c.Len() != 51 {
		t.Fatalf("evicted %d, Len %d; want 50, 51", st.Evicted, c.Len())
	}
}

// TestFirefoxEvictionLRU: with nothing expired, the least recently used
// key goes; a lookup counts as a use (GetEntry moves it to the front).
func TestFirefoxEvictionLRU(t *testing.T) {
	c, _ := newTestCache(Firefox)
	for i := range 100 {
		storePUT(c, keyN(i), "600")
	}
	c.Lookup(Query{Key: keyN(0), Method: "PUT"})
	st := storePUT(c, keyN(100), "600")
	if st.Evicted != 1 || c.Len() != 100 {
		t.Fatalf("evicted %d, Len %d; want 1, 100", st.Evicted, c.Len())
	}
	want := append([]int{0}, rangeInts(2, 101)...)
	if diff := cmp.Diff(want, cached(c, 101)); diff != "" {
		t.Errorf("keys left mismatch (-want +got):\n%s", diff)
	}
}

// TestFirefoxCountsCredentialsModes: "cred" and "nocred" keys are separate
// CacheEntries, each counting toward the 100.
func TestFirefoxCountsCredentialsModes(t *testing.T) {
	c, _ := newTestCache(Firefox)
	age := Firefox.ParseMaxAge([]string{"600"})
	c.Store(testKey, true, []string{"PUT"}, nil, age)
	c.Store(testKey, false, []string{"PUT"}, nil, age)
	if c.Len() != 2 {
		t.Errorf("Len = %d, want 2", c.Len())
	}
	if !c.Clear(testKey) || c.Len() != 0 {
		t.Errorf("Clear left Len = %d, want 0", c.Len())
	}
}

// TestUnboundedSweep: the spec keeps no bound, but expired entries "must
// be removed" (concept-cache), so memory follows the live entries.
func TestUnboundedSweep(t *testing.T) {
	for _, p := range []Policy{Spec, WebKit} {
		t.Run(p.Name, func(t *testing.T) {
			c, clock := newTestCache(p)
			for i := range 2000 {
				storePUT(c, keyN(i), "1")
			}
			clock.Advance(2 * time.Second)
			for i := 2000; i < 5000; i++ {
				storePUT(c, keyN(i), "600")
			}
			if c.Len() != 3000 {
				t.Errorf("Len = %d, want 3000 (the expired 2000 swept)", c.Len())
			}
		})
	}
}

// TestChromiumMillionURLs: a crawler's cache under the Chromium policy
// stays within 1024 results and a bounded heap however many URLs it
// meets.
func TestChromiumMillionURLs(t *testing.T) {
	if testing.Short() {
		t.Skip("stores a million URLs")
	}
	c, _ := newTestCache(Chromium, WithRand(rand.New(rand.NewPCG(1, 2))))
	age := Chromium.ParseMaxAge([]string{"600"})
	methods, headers := []string{"PUT", "DELETE"}, []string{"X-A", "X-B"}

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	stores := 1_000_000
	if raceEnabled {
		stores = 100_000 // still a hundred times the bound
	}
	for i := range stores {
		k := Key{Partition: defaultPartition, Origin: defaultOrigin, URL: fmt.Sprintf("https://b.example/items/%d?page=%d", i, i%97)}
		c.Store(k, false, methods, headers, age)
		if n := c.Len(); n > 1024 {
			t.Fatalf("after %d stores Len = %d > 1024", i+1, n)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	growth := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	const bound = 8 << 20 // about 16 times what 1024 results need
	if growth > bound {
		t.Errorf("heap grew by %d bytes for %d results, want at most %d", growth, c.Len(), bound)
	}
	assertConsistent(t, c)
	t.Logf("Len %d, heap growth %d bytes", c.Len(), growth)
}

// assertConsistent checks the cache's own bookkeeping: the count, the
// sorted order and the map agree.
func assertConsistent(t *testing.T, c *Cache) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(c.slots.all())
	if n != c.Len() {
		t.Errorf("map holds %d slots, Len says %d", n, c.Len())
	}
	if c.policy.Eviction == EvictRandomRun {
		if len(c.order) != n {
			t.Errorf("order holds %d slots, map %d", len(c.order), n)
		}
		for i := 1; i < len(c.order); i++ {
			if !c.order[i-1].key.less(c.order[i].key) {
				t.Errorf("order not sorted at %d", i)
				break
			}
		}
	}
	if c.policy.MaxEntries > 0 && n > c.policy.MaxEntries {
		t.Errorf("%d slots exceed MaxEntries %d", n, c.policy.MaxEntries)
	}
}
