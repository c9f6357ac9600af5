package preflightcache

import (
	"fmt"

	"github.com/corsim/corsim/safelist"
)

// Stored reports what [Cache.Store] did, for traces.
type Stored struct {
	// Skipped says why nothing was stored, or is StoreDone.
	Skipped StoreSkip
	// Created and Refreshed count the spec's cache entries made and given
	// a new max-age. Under a Replace policy every entry of the new result
	// counts as created.
	Created, Refreshed int
	// Replaced is true when a Replace policy overwrote a result still
	// stored for the key, dropping whatever it allowed that the new one
	// does not.
	Replaced bool
	// Evicted counts the keys removed to make room.
	Evicted int
}

// StoreSkip says why a preflight's result was not stored.
type StoreSkip uint8

const (
	// StoreDone: the result was stored.
	StoreDone StoreSkip = iota
	// SkipMaxAge: the policy stores nothing for this max-age
	// (MaxAge.Store is false).
	SkipMaxAge
	// SkipURLLength: the URL is at least MaxURLLength bytes long.
	SkipURLLength
	// SkipUnsharedOrigin: the Key is Unshared, so nothing stored under it
	// could ever be used.
	SkipUnsharedOrigin
)

// String returns "stored", "max-age-not-cached", "url-too-long" or
// "unshared-origin".
func (s StoreSkip) String() string {
	switch s {
	case StoreDone:
		return "stored"
	case SkipMaxAge:
		return "max-age-not-cached"
	case SkipURLLength:
		return "url-too-long"
	case SkipUnsharedOrigin:
		return "unshared-origin"
	}
	return fmt.Sprintf("StoreSkip(%d)", uint8(s))
}

// Store records a successful preflight, as the last steps of
// [CORS-preflight fetch] do: for every method in methods and every header
// name in headerNames (the extracted Access-Control-Allow-Methods and
// -Allow-Headers, after step 7.4 put the request's method in methods when
// the header was absent and the use-CORS-preflight flag set), refresh the
// entry that matches or create one, with the lifetime age gives.
// include is true when the request's credentials mode is "include".
//
// Refreshing an entry restarts its lifetime from now (SPEC-CHECKLIST
// quirk Q3: the spec only says "set max-age", and entries expire max-age
// seconds "since storing"; every engine re-stores). Policies with Replace
// instead replace the key's whole result.
//
// [CORS-preflight fetch]: https://fetch.spec.whatwg.org/#cors-preflight-fetch-0
func (c *Cache) Store(k Key, include bool, methods, headerNames []string, age MaxAge) Stored {
	p := &c.policy
	if k.Unshared {
		// Deviation(Chromium, WebKit): a preflight made for a fresh opaque
		// origin is never reused, and Chromium's bound shows it takes no
		// room.
		return Stored{Skipped: SkipUnsharedOrigin}
	}
	if !age.Store {
		// Deviation(Firefox): some max-age values leave the cache as it
		// was, earlier entries included.
		return Stored{Skipped: SkipMaxAge}
	}
	k = p.normalize(k)
	if p.MaxURLLength > 0 && len(k.URL) >= p.MaxURLLength {
		// Deviation(Chromium): long URLs are never cached.
		return Stored{Skipped: SkipURLLength}
	}
	mk := p.mapKey(k, include)

	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	expires := now.after(age.Duration)
	s := c.lookupSlot(mk)
	var old *result
	if s != nil {
		old = s.res.Load()
	}

	var r *result
	var st Stored
	if p.Replace {
		r, st = replaceResult(old, include, methods, headerNames, expires, now)
	} else {
		r, st = c.mergeResult(old, include, methods, headerNames, expires, now)
	}

	switch {
	case r == nil && s != nil:
		c.removeSlot(s)
	case r == nil:
	case s != nil:
		s.res.Store(r)
		c.touch(s)
	default:
		st.Evicted = c.addSlot(mk, r, now)
	}
	c.maybeSweep(now)
	return st
}

// replaceResult builds the one result a Replace policy keeps per key.
// Deviation(Chromium): PreflightCache::AppendEntry. Deviation(WebKit):
// CrossOriginPreflightResultCache::appendEntry.
func replaceResult(old *result, include bool, methods, headerNames []string, expires, now instant) (*result, Stored) {
	r := &result{whole: true, credentials: include, expires: expires}
	for _, m := range methods {
		if !listed(r.methods, m) {
			r.methods = append(r.methods, newEntry(false, m, include, expires))
		}
	}
	for _, h := range headerNames {
		if !listedFold(r.headers, h) {
			r.headers = append(r.headers, newEntry(true, h, include, expires))
		}
	}
	return r, Stored{Created: len(r.methods) + len(r.headers), Replaced: old.anyLive(now)}
}

// listed reports whether a method is among the entries, byte for byte.
func listed(entries []entry, method string) bool {
	for i := range entries {
		if entries[i].name == method {
			return true
		}
	}
	return false
}

// listedFold reports whether a header name is among the entries, in any
// case.
func listedFold(entries []entry, name string) bool {
	for i := range entries {
		if equalFold(entries[i].lower, name) {
			return true
		}
	}
	return false
}

// mergeResult follows [CORS-preflight fetch] steps 7.12 to 7.15 against
// the entries stored for the key. It returns nil when nothing is left to
// keep.
//
// [CORS-preflight fetch]: https://fetch.spec.whatwg.org/#cors-preflight-fetch-0
func (c *Cache) mergeResult(old *result, include bool, methods, headerNames []string, expires, now instant) (*result, Stored) {
	var st Stored
	r := &result{}
	if old != nil {
		// Expired entries are gone already (concept-cache: they "must be
		// removed"); the live ones carry over into the new result.
		r.methods = liveEntries(old.methods, now, len(methods))
		r.headers = liveEntries(old.headers, now, len(headerNames))
	}
	upsert := func(list []entry, header bool, name string) []entry {
		refreshed := false
		for i := range list {
			if c.refreshMatch(&list[i], header, name, include, now) {
				// Q3: a refresh restarts the entry's lifetime.
				list[i].expires = expires
				refreshed = true
				st.Refreshed++
			}
		}
		if !refreshed {
			list = append(list, newEntry(header, name, include, expires))
			st.Created++
		}
		return list
	}
	// Steps 7.12 and 7.13: for each method, set the max-age of the entries
	// with a method cache entry match, or create a new cache entry.
	for _, m := range methods {
		r.methods = upsert(r.methods, false, m)
	}
	// Steps 7.14 and 7.15: the same for each header name.
	for _, h := range headerNames {
		r.headers = upsert(r.headers, true, h)
	}
	// A max-age of 0 makes entries that are expired from the start.
	r.methods = liveEntries(r.methods, now, 0)
	r.headers = liveEntries(r.headers, now, 0)
	if len(r.methods)+len(r.headers) == 0 && !c.policy.RequireResult {
		return nil, st
	}
	// Deviation(Firefox): the key's entry object is kept even when it holds
	// nothing (a preflight that listed no method or header), and lets GET
	// and POST through (RequireResult).
	return r, st
}

// liveEntries returns a fresh slice of the entries of list still live,
// with room for extra more.
func liveEntries(list []entry, now instant, extra int) []entry {
	out := make([]entry, 0, len(list)+extra)
	for _, e := range list {
		if e.live(now) {
			out = append(out, e)
		}
	}
	return out
}

// refreshMatch reports whether a preflight listing name must refresh e
// instead of creating an entry: the spec's method or header-name cache
// entry match for the request, or, under RefreshByExactName, the same
// name byte for byte.
func (c *Cache) refreshMatch(e *entry, header bool, name string, include bool, now instant) bool {
	p := &c.policy
	if p.RefreshByExactName {
		// Deviation(Firefox): AddResultToCache refreshes a token only when
		// it is the same string.
		return e.name == name
	}
	if !e.live(now) || !cacheEntryMatch(e, include) {
		return false
	}
	if header {
		if equalFold(e.lower, name) {
			return true
		}
	} else if e.name == name {
		return true
	}
	if e.name != "*" || !p.wildcardApplies(e.credentials, include) {
		return false
	}
	return !header || !safelist.NonWildcardRequestHeaderName(name) || p.WildcardCoversAuthorization
}
