package preflightcache

import "github.com/corsim/corsim/safelist"

// Query is one request's question to the cache, in the terms of
// [HTTP fetch] step 4.1.
//
// [HTTP fetch]: https://fetch.spec.whatwg.org/#concept-http-fetch
type Query struct {
	Key Key
	// Include is true when the request's credentials mode is "include".
	Include bool
	// Method is the request's method, after normalization.
	Method string
	// UseCORSPreflight is the request's use-CORS-preflight flag.
	UseCORSPreflight bool
	// UnsafeHeaderNames are the CORS-unsafe request-header names of the
	// request's header list, in any case (the spec lowercases them).
	UnsafeHeaderNames []string
}

// Decision is the cache's answer to a [Query].
type Decision struct {
	// Preflight is true when a CORS-preflight fetch must be made.
	Preflight bool
	// Reason says why: NotRequired or Hit when Preflight is false, the
	// first thing missing otherwise (the method is checked before the
	// header names, which are checked in the order given).
	Reason Reason
	// Name is the method or header name Reason is about, when it is about
	// one; it is one of the Query's strings, so nothing is copied.
	Name string
	// Dropped is true when the policy removed the cached result because it
	// did not cover this request (DropOnMiss): whatever else it allowed is
	// gone too, and the coming preflight's result will stand alone.
	Dropped bool
}

// NeedsPreflight answers the question of [HTTP fetch] step 4.1 for a
// request that may need a preflight (makeCORSPreflight): is there no
// method cache entry match for its method while the method is not
// CORS-safelisted or the use-CORS-preflight flag is set, or is there a
// CORS-unsafe request-header name without a header-name cache entry match?
// Each policy's deviations apply. A hit allocates nothing.
//
// [HTTP fetch]: https://fetch.spec.whatwg.org/#concept-http-fetch
func (c *Cache) NeedsPreflight(k Key, include bool, method string, useCORSPreflight bool, unsafeHeaderNames []string) bool {
	return c.Lookup(Query{Key: k, Include: include, Method: method, UseCORSPreflight: useCORSPreflight, UnsafeHeaderNames: unsafeHeaderNames}).Preflight
}

// Lookup is [Cache.NeedsPreflight] with the reason. It allocates nothing.
// Under a policy with DropOnMiss, a miss on a stored result removes that
// result, as the engine does.
func (c *Cache) Lookup(q Query) Decision {
	p := &c.policy
	// A request with a safelisted method, no flag and no unsafe names
	// never reaches the cache: main fetch sends it without a preflight.
	if safelist.SafelistedMethod(q.Method) && !q.UseCORSPreflight && len(q.UnsafeHeaderNames) == 0 {
		return Decision{Reason: NotRequired}
	}
	if q.Key.Unshared {
		// Deviation(Chromium, WebKit): nothing is ever stored under a
		// fresh opaque origin.
		return Decision{Preflight: true, Reason: UnsharedOrigin}
	}
	mk := p.mapKey(p.normalize(q.Key), q.Include)
	s := c.lookupSlot(mk)
	var r *result
	if s != nil {
		c.touch(s)
		r = s.res.Load()
	}
	d := c.decide(r, &q)
	if d.Preflight && r != nil && p.DropOnMiss {
		d.Dropped = c.drop(s, r)
	}
	if d.Reason == NoResult && p.CredentialsInKey {
		mk.credentialed = !mk.credentialed
		if c.load(mk) != nil {
			d.Reason = CredentialsMismatch
		}
	}
	return d
}

// decide runs the conditions of HTTP fetch step 4.1 against r, the result
// stored for the request's key (nil if none).
func (c *Cache) decide(r *result, q *Query) Decision {
	p := &c.policy
	miss := func(why Reason, name string) Decision {
		return Decision{Preflight: true, Reason: why, Name: name}
	}
	if r == nil {
		if p.Replace || p.RequireResult {
			return miss(NoResult, "")
		}
		// The spec has no result as such; fall through to report the
		// first entry the request lacks.
		r = &emptyResult
	}
	now := c.now()
	if r.whole {
		if !(now < r.expires) {
			return miss(Expired, "")
		}
		if q.Include && !r.credentials {
			return miss(CredentialsMismatch, "")
		}
	}
	// Step 4.1, first condition: no method cache entry match, and the
	// method is not CORS-safelisted or the use-CORS-preflight flag is set.
	if p.methodNeedsEntry(q.Method, q.UseCORSPreflight) {
		if ok, why := c.matchMethod(r, now, q.Include, q.Method); !ok {
			return miss(why, q.Method)
		}
	}
	// Step 4.1, second condition: a CORS-unsafe request-header name with
	// no header-name cache entry match.
	for _, name := range q.UnsafeHeaderNames {
		if ok, why := c.matchHeader(r, now, q.Include, name); !ok {
			return miss(why, name)
		}
	}
	return Decision{Reason: Hit}
}

var emptyResult result

// methodNeedsEntry reports whether a request's method must be covered by a
// method entry.
func (p *Policy) methodNeedsEntry(method string, useCORSPreflight bool) bool {
	safelisted := safelist.SafelistedMethod(method)
	if safelisted && method == "HEAD" && p.HEADNotSafelistedInCache {
		// Deviation(Firefox): CacheEntry::CheckRequest only lets GET and
		// POST through without a cached method.
		safelisted = false
	}
	if !safelisted {
		return true
	}
	// Deviation(Chromium, Firefox, WebKit): the engines' cache checks let
	// a safelisted method through even when the use-CORS-preflight flag
	// forced the preflight.
	return useCORSPreflight && !p.SafelistedMethodsSkipCacheCheck
}

// MatchMethod reports whether there is a [method cache entry match] for
// method using a request with key k and credentials mode "include" (or
// not), under the policy's rules. Unlike [Cache.Lookup] it drops nothing
// and does not count as a use.
//
// [method cache entry match]: https://fetch.spec.whatwg.org/#concept-cache-match-method
func (c *Cache) MatchMethod(k Key, include bool, method string) bool {
	r, now, ok := c.usable(k, include)
	if !ok {
		return false
	}
	found, _ := c.matchMethod(r, now, include, method)
	return found
}

// MatchHeader reports whether there is a [header-name cache entry match]
// for name using a request with key k and credentials mode "include" (or
// not), under the policy's rules.
//
// [header-name cache entry match]: https://fetch.spec.whatwg.org/#concept-cache-match-header
func (c *Cache) MatchHeader(k Key, include bool, name string) bool {
	r, now, ok := c.usable(k, include)
	if !ok {
		return false
	}
	found, _ := c.matchHeader(r, now, include, name)
	return found
}

// usable returns the result for k that a request could use at all.
func (c *Cache) usable(k Key, include bool) (*result, instant, bool) {
	if k.Unshared {
		return nil, 0, false
	}
	p := &c.policy
	r := c.load(p.mapKey(p.normalize(k), include))
	if r == nil {
		return nil, 0, false
	}
	now := c.now()
	if r.whole && (!(now < r.expires) || include && !r.credentials) {
		return nil, 0, false
	}
	return r, now, true
}

// matchMethod looks for a [method cache entry match]: a live entry with a
// cache entry match for the request whose method is the request's method,
// byte for byte, or a `*` the policy lets stand for it. On a miss it says
// why.
//
// [method cache entry match]: https://fetch.spec.whatwg.org/#concept-cache-match-method
func (c *Cache) matchMethod(r *result, now instant, include bool, method string) (bool, Reason) {
	why := MethodNotCached
	for i := range r.methods {
		e := &r.methods[i]
		exact := e.name == method
		if !exact && e.name != "*" {
			continue
		}
		// A `*` the policy would not apply says so, live or not.
		if !exact && !c.policy.wildcardApplies(e.credentials, include) {
			why = why.worse(WildcardNotApplicable)
			continue
		}
		if !e.live(now) {
			why = why.worse(Expired)
			continue
		}
		if !cacheEntryMatch(e, include) {
			why = why.worse(CredentialsMismatch)
			continue
		}
		return true, Hit
	}
	return false, why
}

// matchHeader looks for a [header-name cache entry match]: a live entry
// with a cache entry match for the request whose header name matches name
// case-insensitively, or a `*` the policy lets stand for it, which never
// covers Authorization unless the policy says so.
//
// [header-name cache entry match]: https://fetch.spec.whatwg.org/#concept-cache-match-header
func (c *Cache) matchHeader(r *result, now instant, include bool, name string) (bool, Reason) {
	p := &c.policy
	why := HeaderNotCached
	for i := range r.headers {
		e := &r.headers[i]
		exact := equalFold(e.lower, name)
		if !exact && e.name != "*" {
			continue
		}
		if !exact {
			// A `*` the policy would not apply says so, live or not.
			if !p.wildcardApplies(e.credentials, include) {
				why = why.worse(WildcardNotApplicable)
				continue
			}
			// Deviation(WebKit): its cached `*` also covers Authorization.
			if safelist.NonWildcardRequestHeaderName(name) && !p.WildcardCoversAuthorization {
				why = why.worse(AuthorizationNotCovered)
				continue
			}
		}
		if !e.live(now) {
			why = why.worse(Expired)
			continue
		}
		if !cacheEntryMatch(e, include) {
			why = why.worse(CredentialsMismatch)
			continue
		}
		return true, Hit
	}
	return false, why
}

// cacheEntryMatch is the credentials part of [cache entry match]: an entry
// stored with credentials serves any request; one stored without serves
// requests whose credentials mode is not "include". The key, origin and
// URL parts are the slot's key.
//
// [cache entry match]: https://fetch.spec.whatwg.org/#concept-cache-match
func cacheEntryMatch(e *entry, include bool) bool {
	return e.credentials || !include
}

// wildcardApplies says whether a `*` entry with this credentials flag may
// stand for a request with this credentials mode (quirk Q2).
func (p *Policy) wildcardApplies(entryCredentials, include bool) bool {
	switch p.Wildcard {
	case WildcardLiteral:
		return true
	case WildcardUncredentialedRequest:
		return !include
	case WildcardUncredentialedPreflight:
		return !entryCredentials
	}
	return false
}

// equalFold reports whether a and b are a byte-case-insensitive match.
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	if a == b {
		return true // the common case: both already lowercase
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x == y {
			continue
		}
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// drop removes s if it still holds r (DropOnMiss) and reports whether it
// did.
func (c *Cache) drop(s *slot, r *result) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cur := c.lookupSlot(s.key); cur != s || s.res.Load() != r {
		return false
	}
	// Deviation(Chromium, WebKit): a result that does not cover the
	// request is erased before the preflight is made.
	c.removeSlot(s)
	return true
}
