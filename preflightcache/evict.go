package preflightcache

import "slices"

// The spec lets a user agent remove entries before they expire
// (concept-cache), so bounds and eviction are each engine's own. These run
// with c.mu held.

// makeRoom evicts what the policy evicts before a new key is added, and
// returns how many keys went.
func (c *Cache) makeRoom(now instant) int {
	p := &c.policy
	switch p.Eviction {
	case EvictRandomRun:
		return c.evictRandomRun()
	case EvictExpiredThenLRU:
		if int(c.count.Load()) < p.MaxEntries {
			return 0
		}
		n := c.evictExpired(now)
		if n == 0 {
			n = c.evictLRU()
		}
		return n
	}
	return 0
}

// evictRandomRun follows Chromium's PreflightCache::MayPurge
// (services/network/cors/preflight_cache.cc): when the cache already holds
// MaxEntries-1 or more, remove EvictRun keys that are contiguous in key
// order, starting at a random index in [0, len-EvictRun].
func (c *Cache) evictRandomRun() int {
	p := &c.policy
	n := len(c.order)
	if n <= p.MaxEntries-1 {
		return 0
	}
	start := c.rand.IntN(n - p.EvictRun + 1)
	// Deviation(Chromium): a random run goes, not the oldest entries.
	run := c.order[start : start+p.EvictRun]
	for _, s := range run {
		c.slots.remove(s)
	}
	c.count.Add(-int64(len(run)))
	c.order = slices.Delete(c.order, start, start+p.EvictRun)
	return p.EvictRun
}

// evictExpired removes every key with nothing live, as Firefox's
// nsPreflightCache::GetEntry does when the cache is full, and returns how
// many went.
func (c *Cache) evictExpired(now instant) int {
	n := 0
	c.slots.each(func(s *slot) bool {
		if !s.res.Load().anyLive(now) {
			c.removeSlot(s)
			n++
		}
		return true
	})
	return n
}

// evictLRU removes the least recently used key (Firefox: the tail of
// nsPreflightCache's LRU list).
func (c *Cache) evictLRU() int {
	var oldest *slot
	c.slots.each(func(s *slot) bool {
		if oldest == nil || s.used.Load() < oldest.used.Load() {
			oldest = s
		}
		return true
	})
	if oldest == nil {
		return 0
	}
	c.removeSlot(oldest)
	return 1
}

// anyLive reports whether r still holds something live. A whole result
// is live until it expires, even with no entries (Chromium caches a
// preflight that listed nothing); a Firefox key whose entries have all
// expired counts as expired here, as in nsPreflightCache's purge.
func (r *result) anyLive(now instant) bool {
	if r == nil {
		return false
	}
	if r.whole {
		return now < r.expires
	}
	for _, list := range [2][]entry{r.methods, r.headers} {
		for i := range list {
			if list[i].live(now) {
				return true
			}
		}
	}
	return false
}

// maybeSweep removes keys with nothing live from an unbounded cache, so
// that memory follows the live entries (the spec: entries "must be
// removed" once expired). It runs after as many stores as there were keys
// after the last sweep (at least 1024), which keeps its cost per store
// constant. Bounded policies keep their expired keys, as the engines do,
// since expired keys take part in their eviction.
func (c *Cache) maybeSweep(now instant) {
	if c.policy.MaxEntries > 0 || c.policy.RequireResult {
		return
	}
	c.stores++
	if c.stores < max(1024, c.swept) {
		return
	}
	c.stores = 0
	c.evictExpired(now)
	c.swept = int(c.count.Load())
}
