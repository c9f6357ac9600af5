package fetch

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"time"
)

// Jar is a cookie store: it parses and stores Set-Cookie headers and
// retrieves the cookies for a request, following the layered cookie
// specification that the Fetch Standard calls into (with RFC 6265bis where
// they differ; see ParseCookie and Retrieve), under a CookiePolicy. Its
// clock is injectable so that expiry can be simulated.
//
// A Jar is safe for concurrent use by multiple goroutines.
type Jar struct {
	policy     CookiePolicy
	now        func() time.Time
	maxPerHost int
	maxTotal   int

	mu      sync.Mutex
	buckets map[string][]*Cookie // by bucketDomain
	count   int                  // cookies in all buckets, expired ones included
	seq     uint64               // creation order, to break ties of the clock
}

// JarOptions configures NewJar. The zero value is a usable configuration.
type JarOptions struct {
	// Policy is the engine's cookie policy.
	Policy CookiePolicy
	// Now is the jar's clock; nil means time.Now.
	Now func() time.Time
	// MaxCookiesPerHost is the total cookies-per-host limit; 0 means 50, the
	// least the layered cookie specification allows.
	MaxCookiesPerHost int
	// MaxCookies is the total cookies limit; 0 means 3000, the least the
	// layered cookie specification allows.
	MaxCookies int
}

// NewJar returns an empty cookie store.
func NewJar(o JarOptions) *Jar {
	j := &Jar{
		policy:     o.Policy,
		now:        o.Now,
		maxPerHost: o.MaxCookiesPerHost,
		maxTotal:   o.MaxCookies,
		buckets:    make(map[string][]*Cookie),
	}
	if j.now == nil {
		j.now = time.Now
	}
	if j.maxPerHost <= 0 {
		j.maxPerHost = 50
	}
	if j.maxTotal <= 0 {
		j.maxTotal = 3000
	}
	return j
}

// Policy returns the jar's cookie policy.
func (j *Jar) Policy() CookiePolicy { return j.policy }

// ParseAndStore parses a Set-Cookie header value received in context c and
// stores the cookie ([parse and store a cookie], then [garbage collect
// cookies]). It returns the cookie as stored, or a *CookieError saying why
// the header was ignored. The Fetch Standard calls it for every Set-Cookie
// header of a response to a request whose credentials are included, even
// when the CORS check then fails.
//
// [parse and store a cookie]: https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-layered-cookies#name-parse-and-store-a-cookie
// [garbage collect cookies]: https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-layered-cookies#name-garbage-collect-cookies
func (j *Jar) ParseAndStore(c CookieContext, header string) (Cookie, error) {
	if c.URL == nil || !c.URL.IsHTTPScheme() {
		return Cookie{}, &CookieError{Header: header, Reason: CookieNotHTTP}
	}
	// Fetch, parse and store response Set-Cookie headers, step 1: a policy
	// may disable cookies for the request.
	if j.policy.BlockThirdParty && c.ThirdParty() {
		return Cookie{}, &CookieError{Header: header, Reason: CookieThirdPartyBlocked}
	}
	now := j.now()
	cookie, err := ParseCookie(header, c.URL, now)
	if err != nil {
		return Cookie{}, err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	stored, reason := j.store(c, cookie, now)
	if reason != "" {
		return Cookie{}, &CookieError{Header: header, Name: cookie.Name, Reason: reason}
	}
	return *stored, nil
}

// store is the [store a cookie] algorithm with the context's inputs: isSecure
// is the URL's scheme being https, host is the URL's host,
// httpOnlyAllowed is true (this is fetch, not document.cookie), and
// allowNonHostOnlyCookieForPublicSuffix is false. It returns the stored
// cookie, or the reason the cookie was refused. j.mu must be held.
//
// [store a cookie]: https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-layered-cookies#name-store-a-cookie
func (j *Jar) store(c CookieContext, cookie Cookie, now time.Time) (*Cookie, CookieReason) {
	host := c.URL.Host()
	isSecure := c.URL.Scheme() == "https"
	sameSiteStrictOrLaxAllowed := c.sameSiteMode(j.policy, true) == StrictOrLess
	// Steps 1–3 (the assertions, and a failed Domain) were ParseCookie's.
	// Step 4.
	cookie.Created, cookie.LastAccess = now, now
	j.seq++
	cookie.seq = j.seq
	// Step 5: a Domain attribute naming a public suffix is only accepted,
	// as a host-only cookie, when it names the request's host itself.
	if cookie.Host != "" && isPublicSuffix(cookie.Host) {
		if cookie.Host != host {
			return nil, CookiePublicSuffix
		}
		cookie.Host = ""
	}
	// Steps 6–7.
	if cookie.Host == "" {
		cookie.HostOnly, cookie.Host = true, host
	} else {
		if !domainMatch(host, cookie.Host) {
			return nil, CookieDomainMismatch
		}
		cookie.HostOnly = false
	}
	// An engine policy may refuse a cookie by its domain.
	if j.policy.BlockThirdPartyStore && c.thirdPartyCookieDomain(cookie.Host, cookie.HostOnly) {
		return nil, CookieThirdPartyBlocked
	}
	// Step 9 (httpOnlyAllowed is true) never refuses.
	key := bucketDomain(cookie.Host)
	bucket := j.buckets[key]
	// Step 10: a non-https response may neither set a Secure cookie nor
	// shadow one.
	if !isSecure {
		if cookie.Secure {
			return nil, CookieSecureFromInsecure
		}
		for _, old := range bucket {
			if old.Name == cookie.Name && old.Secure && !old.expired(now) &&
				(domainMatch(old.Host, cookie.Host) || domainMatch(cookie.Host, old.Host)) &&
				pathMatch(cookie.Path, old.Path) {
				return nil, CookieOverlaysSecure
			}
		}
	}
	// Step 11: only a same-site request may set Strict or Lax cookies (and,
	// under LaxByDefault, cookies without SameSite); the policy's knobs decide
	// what "same-site" means here.
	if !sameSiteStrictOrLaxAllowed {
		switch cookie.SameSite {
		case SameSiteStrict, SameSiteLax:
			return nil, CookieSameSiteCrossSite
		case SameSiteUnset:
			if j.policy.LaxByDefault {
				return nil, CookieSameSiteCrossSite
			}
		}
	}
	// Step 12.
	if cookie.SameSite == SameSiteNone && !cookie.Secure && j.policy.RequireSecureForSameSiteNone {
		return nil, CookieSameSiteNoneInsecure
	}
	// Steps 13–14: name prefixes, matched case-insensitively.
	if hasPrefixFold(cookie.Name, "__secure-") && !cookie.Secure {
		return nil, CookieSecurePrefix
	}
	if hasPrefixFold(cookie.Name, "__host-") &&
		!(cookie.Secure && cookie.HostOnly && cookie.hasPath && cookie.Path == "/") {
		return nil, CookieHostPrefix
	}
	// Step 17: a nameless cookie must not look like a prefixed one.
	if cookie.Name == "" && (hasPrefixFold(cookie.Value, "__secure-") || hasPrefixFold(cookie.Value, "__host-")) {
		return nil, CookieNamelessPrefix
	}
	// Step 18: replace the cookie with the same name, host, host-only and
	// path, keeping its creation-time.
	stored := &cookie
	for i, old := range bucket {
		if old.Name == cookie.Name && old.Host == cookie.Host &&
			old.HostOnly == cookie.HostOnly && old.Path == cookie.Path {
			cookie.Created = old.Created
			cookie.seq = old.seq
			bucket[i] = stored
			stored = nil
			break
		}
	}
	// Step 19: insert it.
	if stored != nil {
		bucket = append(bucket, stored)
		j.count++
	}
	j.buckets[key] = bucket
	j.garbageCollect(key, cookie.Host, now)
	// Step 20. The cookie may be expired already (Max-Age=0 deletes); it has
	// then been collected, but its value is still the answer.
	return &cookie, ""
}

// garbageCollect is [garbage collect cookies] for a cookie just stored under
// key with the given host: remove expired cookies, then the least recently
// used ones beyond the per-host limit (insecure ones first), then beyond the
// total limit. j.mu must be held.
//
// [garbage collect cookies]: https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-layered-cookies#name-garbage-collect-cookies
func (j *Jar) garbageCollect(key, host string, now time.Time) {
	// Step 1: expired cookies of this bucket; those elsewhere are dropped as
	// their buckets are visited, and all of them before a global eviction.
	j.removeExpired(key, now)
	// Step 2: excess cookies for the host.
	bucket := j.buckets[key]
	var onHost []*Cookie
	for _, c := range bucket {
		if c.Host == host {
			onHost = append(onHost, c)
		}
	}
	if excess := len(onHost) - j.maxPerHost; excess > 0 {
		slices.SortStableFunc(onHost, func(a, b *Cookie) int {
			if a.Secure != b.Secure {
				if !a.Secure {
					return -1
				}
				return 1
			}
			return compareLastAccess(a, b)
		})
		j.remove(key, onHost[:excess])
	}
	// Step 3: excess cookies overall.
	if j.count > j.maxTotal {
		for k := range j.buckets {
			j.removeExpired(k, now)
		}
		if excess := j.count - j.maxTotal; excess > 0 {
			all := make([]*Cookie, 0, j.count)
			for _, b := range j.buckets {
				all = append(all, b...)
			}
			slices.SortFunc(all, compareLastAccess)
			victims := all[:excess]
			for k := range j.buckets {
				j.remove(k, victims)
			}
		}
	}
}

// compareLastAccess orders cookies by last-access-time, then by creation.
func compareLastAccess(a, b *Cookie) int {
	if c := a.LastAccess.Compare(b.LastAccess); c != 0 {
		return c
	}
	return cmp.Compare(a.seq, b.seq)
}

// removeExpired drops the expired cookies of one bucket. j.mu must be held.
func (j *Jar) removeExpired(key string, now time.Time) {
	bucket := j.buckets[key]
	kept := bucket[:0]
	for _, c := range bucket {
		if !c.expired(now) {
			kept = append(kept, c)
		}
	}
	j.setBucket(key, bucket, kept)
}

// remove drops the given cookies from one bucket. j.mu must be held.
func (j *Jar) remove(key string, victims []*Cookie) {
	bucket := j.buckets[key]
	kept := bucket[:0]
	for _, c := range bucket {
		if !slices.Contains(victims, c) {
			kept = append(kept, c)
		}
	}
	j.setBucket(key, bucket, kept)
}

// setBucket replaces a bucket by its filtered prefix kept, clearing the
// dropped tail so the garbage collector can reclaim it.
func (j *Jar) setBucket(key string, bucket, kept []*Cookie) {
	j.count -= len(bucket) - len(kept)
	clear(bucket[len(kept):])
	if len(kept) == 0 {
		delete(j.buckets, key)
		return
	}
	j.buckets[key] = kept
}

// Retrieve returns the cookies to send with a request in context c, in the
// order of the Cookie header: [retrieve cookies] with isSecure (the URL is
// https), the URL's host and path, httpOnlyAllowed true, and the context's
// same-site mode, after the CookiePolicy's third-party rules. Retrieving
// updates the cookies' last-access-time.
//
// Path matching and the header order follow RFC 6265bis §5.1.4 and §5.8.3,
// as engines do: a cookie path matches when the request path equals it or
// continues it after a "/", and longer paths (in bytes) come first, then
// earlier creation. The layered draft's wording would match "/a" against
// "/ab" and counts path segments instead.
//
// [retrieve cookies]: https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-layered-cookies#name-retrieve-cookies
func (j *Jar) Retrieve(c CookieContext) []Cookie {
	if c.URL == nil || !c.URL.IsHTTPScheme() {
		return nil
	}
	// Fetch, append a request Cookie header, step 1.
	if j.policy.BlockThirdParty && c.ThirdParty() {
		return nil
	}
	now := j.now()
	host, path := c.URL.Host(), c.URL.Path()
	isSecure := c.URL.Scheme() == "https"
	mode := c.sameSiteMode(j.policy, false)
	key := bucketDomain(host)

	j.mu.Lock()
	defer j.mu.Unlock()
	j.removeExpired(key, now)
	var picked []*Cookie
	// Step 2: the cookies that match.
	for _, k := range j.buckets[key] {
		if k.HostOnly && host != k.Host || !k.HostOnly && !domainMatch(host, k.Host) {
			continue
		}
		if !pathMatch(path, k.Path) || k.Secure && !isSecure {
			continue
		}
		if !sameSiteAllows(k.SameSite, mode, j.policy.LaxByDefault) {
			continue
		}
		picked = append(picked, k)
	}
	if len(picked) == 0 {
		return nil
	}
	// Step 3: longer paths first, then earlier creation.
	slices.SortFunc(picked, func(a, b *Cookie) int {
		if c := cmp.Compare(len(b.Path), len(a.Path)); c != 0 {
			return c
		}
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	// Step 4: they have been accessed now.
	out := make([]Cookie, len(picked))
	for i, k := range picked {
		k.LastAccess = now
		out[i] = *k
	}
	return out
}

// CookieHeader returns the value of the Cookie header for a request in
// context c (retrieve, then serialize), or "" when no cookie applies and the
// header is not sent. It is the part of [append a request `Cookie` header]
// that does not depend on the request's credentials mode.
//
// [append a request `Cookie` header]: https://fetch.spec.whatwg.org/#append-a-request-cookie-header
func (j *Jar) CookieHeader(c CookieContext) string {
	return SerializeCookies(j.Retrieve(c))
}

// SerializeCookies returns the Cookie header value for cookies, in order:
// "name=value" pairs joined by "; ", a nameless cookie contributing its value
// only ([serialize cookies]).
//
// [serialize cookies]: https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-layered-cookies#name-serialize-cookies
func SerializeCookies(cookies []Cookie) string {
	n := 0
	for _, c := range cookies {
		n += len(c.Name) + 1 + len(c.Value) + 2
	}
	var b strings.Builder
	b.Grow(n)
	for i, c := range cookies {
		if i > 0 {
			b.WriteString("; ")
		}
		if c.Name != "" {
			b.WriteString(c.Name)
			b.WriteByte('=')
		}
		b.WriteString(c.Value)
	}
	return b.String()
}

// All returns every unexpired cookie in the jar, ordered by host, path and
// name: a snapshot for display and tests. It does not count as an access.
func (j *Jar) All() []Cookie {
	now := j.now()
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []Cookie
	for _, b := range j.buckets {
		for _, c := range b {
			if !c.expired(now) {
				out = append(out, *c)
			}
		}
	}
	slices.SortFunc(out, func(a, b Cookie) int {
		return cmp.Or(
			strings.Compare(a.Host, b.Host),
			strings.Compare(a.Path, b.Path),
			strings.Compare(a.Name, b.Name),
		)
	})
	return out
}

// bucketDomain returns the bucket of a host: its registrable domain, or the
// host itself when it has none. A bucket holds every cookie a request can
// possibly see: a cookie with a Domain attribute is never a public suffix,
// so every host it domain-matches has the same registrable domain.
func bucketDomain(host string) string {
	if rd, ok := registrableDomain(host); ok {
		return rd
	}
	return host
}

// domainMatch reports whether host [domain-matches] domain: they are equal,
// or host is a domain ending in "." + domain.
//
// [domain-matches]: https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-layered-cookies#name-domain-matching
func domainMatch(host, domain string) bool {
	if host == domain {
		return true
	}
	return isDomain(host) && len(host) > len(domain) &&
		host[len(host)-len(domain)-1] == '.' && strings.HasSuffix(host, domain)
}

// pathMatch reports whether requestPath path-matches cookiePath
// (RFC 6265bis §5.1.4): they are equal, or cookiePath is a prefix of
// requestPath that ends in "/" or is followed in requestPath by "/".
func pathMatch(requestPath, cookiePath string) bool {
	if !strings.HasPrefix(requestPath, cookiePath) {
		return false
	}
	return len(requestPath) == len(cookiePath) ||
		strings.HasSuffix(cookiePath, "/") ||
		requestPath[len(cookiePath)] == '/'
}

// hasPrefixFold reports whether s starts with the lowercase ASCII prefix,
// ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && equalFoldASCII(s[:len(prefix)], prefix)
}
