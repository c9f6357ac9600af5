package preflightcache

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Cache is a CORS-preflight cache run by one [Policy]. It is safe for
// concurrent use: lookups take no lock (a lock-free index of immutable
// results), and changes are serialized by one mutex, which a lookup only
// takes when its policy drops a result it found wanting (DropOnMiss).
//
// The zero Cache is not usable; call [New].
type Cache struct {
	policy Policy
	clock  Clock // nil: the system clock
	rand   Rand
	epoch  time.Time

	// slots finds a key's slot without locking. Slots are added and
	// removed only under mu; their results are immutable and swapped
	// atomically.
	slots *index

	mu     sync.Mutex   // serializes every change below and to slots
	count  atomic.Int64 // number of slots, for Len
	order  []*slot      // EvictRandomRun: every slot, sorted by key
	stores int          // stores since the last sweep (unbounded policies)
	swept  int          // keys left by the last sweep

	tick atomic.Uint64 // EvictExpiredThenLRU: a counter of uses
}

// slot is one key's place in the cache. It outlives the results stored in
// it, so that its LRU mark survives a refresh.
type slot struct {
	key  mapKey
	res  atomic.Pointer[result]
	used atomic.Uint64 // tick of the last use, for EvictExpiredThenLRU
}

// result is an immutable set of cache entries for one key, method entries
// and header-name entries apart. For policies with Replace it is one
// preflight's whole result: every entry carries the result's credentials
// flag and expiry.
type result struct {
	whole       bool    // Replace: one preflight's result, lapsing as a whole
	credentials bool    // whole: the preflight's credentials mode was "include"
	expires     instant // whole: when the result lapses
	methods     []entry
	headers     []entry
}

// entry is the spec's cache entry, less the key, origin and URL its slot
// holds, and less the kind, which the slice holding it gives: one method
// or one header name.
type entry struct {
	name        string // a method (byte-exact), a header name (as given), or "*"
	lower       string // a header-name entry's name, lowercased once for lookups
	credentials bool   // stored by a preflight whose request's credentials mode was "include"
	expires     instant
}

func (e *entry) live(now instant) bool { return now < e.expires }

// newEntry makes an entry for a method or a header name.
func newEntry(header bool, name string, credentials bool, expires instant) entry {
	e := entry{name: name, credentials: credentials, expires: expires}
	if header {
		e.lower = toLower(name)
	}
	return e
}

// toLower lowercases ASCII letters, returning s itself when it has none.
func toLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// New returns an empty cache following p, or an error naming what is wrong
// with p.
func New(p Policy, opts ...Option) (*Cache, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	c := &Cache{policy: p, rand: globalRand{}, slots: newIndex(p.MaxEntries)}
	for _, opt := range opts {
		opt(c)
	}
	if c.clock == nil {
		c.epoch = time.Now()
	} else {
		c.epoch = c.clock.Now()
	}
	return c, nil
}

// Policy returns the policy the cache follows.
func (c *Cache) Policy() Policy { return c.policy }

// Len returns the number of keys holding something: results for policies
// with Replace, keys (per credentials mode, for Firefox) with entries
// otherwise. It is the number MaxEntries bounds.
func (c *Cache) Len() int { return int(c.count.Load()) }

// Clear performs [clear cache entries] for a request: every entry for k,
// methods and header names, credentialed or not, goes. It reports whether
// anything was removed. Whether a network error should call it is the
// policy's ClearOnError.
//
// [clear cache entries]: https://fetch.spec.whatwg.org/#concept-cache-clear
func (c *Cache) Clear(k Key) bool {
	if k.Unshared {
		return false
	}
	k = c.policy.normalize(k)
	c.mu.Lock()
	defer c.mu.Unlock()
	removed := c.removeKey(mapKey{Key: k})
	if c.policy.CredentialsInKey && c.removeKey(mapKey{Key: k, credentialed: true}) {
		removed = true
	}
	return removed
}

// Entry describes one live cache entry, as the spec defines it, for
// explanations and tests.
type Entry struct {
	Method      string    // the method, or "*"; "" for a header-name entry
	HeaderName  string    // the header name as the preflight gave it, or "*"; "" for a method entry
	Credentials bool      // the entry's credentials flag
	Expires     time.Time // on the cache's clock
}

// Entries lists the live entries stored for k (uncredentialed key first,
// for Firefox), methods before header names, each in the order they were
// stored. It allocates;
// it is meant for traces, not for hot paths.
func (c *Cache) Entries(k Key) []Entry {
	if k.Unshared {
		return nil
	}
	k = c.policy.normalize(k)
	now := c.now()
	var out []Entry
	for _, mk := range []mapKey{{Key: k}, {Key: k, credentialed: true}} {
		r := c.load(mk)
		if r == nil {
			continue
		}
		for _, e := range r.methods {
			if e.live(now) {
				out = append(out, Entry{Method: e.name, Credentials: e.credentials, Expires: c.time(e.expires)})
			}
		}
		for _, e := range r.headers {
			if e.live(now) {
				out = append(out, Entry{HeaderName: e.name, Credentials: e.credentials, Expires: c.time(e.expires)})
			}
		}
	}
	return out
}

// lookupSlot returns the slot stored under mk, or nil.
func (c *Cache) lookupSlot(mk mapKey) *slot {
	return c.slots.load(mk)
}

// load returns the result stored under mk, or nil.
func (c *Cache) load(mk mapKey) *result {
	if s := c.lookupSlot(mk); s != nil {
		return s.res.Load()
	}
	return nil
}

// touch marks s as just used, for EvictExpiredThenLRU.
func (c *Cache) touch(s *slot) {
	if c.policy.Eviction == EvictExpiredThenLRU {
		s.used.Store(c.tick.Add(1))
	}
}

// removeKey deletes the slot under mk. c.mu must be held.
func (c *Cache) removeKey(mk mapKey) bool {
	s := c.lookupSlot(mk)
	if s == nil {
		return false
	}
	c.removeSlot(s)
	return true
}

// removeSlot deletes s. c.mu must be held.
func (c *Cache) removeSlot(s *slot) {
	c.slots.remove(s)
	c.count.Add(-1)
	if c.policy.Eviction == EvictRandomRun {
		i, found := slices.BinarySearchFunc(c.order, s.key, compareSlotKey)
		if found {
			c.order = slices.Delete(c.order, i, i+1)
		}
	}
}

// addSlot stores r under mk as a new slot, making room first. c.mu must
// be held and mk must be absent. It returns how many slots were evicted.
func (c *Cache) addSlot(mk mapKey, r *result, now instant) (evicted int) {
	evicted = c.makeRoom(now)
	s := &slot{key: mk}
	s.res.Store(r)
	c.touch(s)
	c.slots.insert(s)
	c.count.Add(1)
	if c.policy.Eviction == EvictRandomRun {
		i, _ := slices.BinarySearchFunc(c.order, mk, compareSlotKey)
		c.order = slices.Insert(c.order, i, s)
	}
	return evicted
}

func compareSlotKey(s *slot, k mapKey) int {
	switch {
	case s.key.less(k):
		return -1
	case k.less(s.key):
		return 1
	}
	return 0
}
