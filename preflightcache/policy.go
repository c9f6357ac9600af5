package preflightcache

import (
	"fmt"
	"time"
)

// Policy holds every knob where an engine's CORS-preflight cache departs
// from the Fetch Standard or fills in what the standard leaves to the user
// agent. The four values [Spec], [Chromium], [Firefox] and [WebKit] are the
// ones a profile selects; a caller may copy one and change fields to model
// something else, and [New] checks the result with [Policy.Validate].
//
// Each field's comment says where the behaviour comes from. CONFIRMED means
// a real browser showed it (ENGINES.md in the project's shared notes); CLAIM
// means it was read in the engine's source (file and function named) and no
// browser run has confirmed it yet. The zero Policy is not valid: start from
// [Spec].
type Policy struct {
	// Name names the policy in traces and errors: "spec", "chromium",
	// "firefox", "webkit".
	Name string

	// MaxAgeSyntax selects how Access-Control-Max-Age is read; see
	// [Policy.ParseMaxAge].
	MaxAgeSyntax MaxAgeSyntax

	// DefaultMaxAge is used when Access-Control-Max-Age is absent (and, for
	// the spec, Chromium and WebKit, when it does not parse). 5 s in the
	// spec (cors-preflight-fetch-0 step 7.9) and in all three engines
	// (CONFIRMED for Chromium and WebKit: "letters, a fraction, or a list →
	// cached for the 5 s default"; CLAIM for Firefox:
	// nsCORSListenerProxy.cpp PREFLIGHT_DEFAULT_EXPIRY_SECONDS).
	DefaultMaxAge time.Duration

	// MaxAgeCap is the "imposed limit on max-age" of
	// cors-preflight-fetch-0 step 7.10; 0 means no cap. The spec names no
	// number, so [Spec] has none. Chromium 7200 s (CONFIRMED: cached after
	// 7190 s, preflights again after 7210 s); WebKit 600 s (CONFIRMED:
	// cached after 590 s, preflights after 610 s); Firefox 86400 s (CLAIM:
	// nsCORSListenerProxy.cpp AddResultToCache; Firefox could not be run
	// under a fake clock).
	MaxAgeCap time.Duration

	// Replace makes the cache keep one result per key (partition, origin,
	// URL): each stored preflight replaces the whole previous result,
	// with one credentials flag and one expiry for all its methods and
	// header names. The spec instead keeps one entry per method and per
	// header name, refreshed or created one by one.
	// Deviation(Chromium): CLAIM, preflight_cache.cc AppendEntry
	// (cache_[key] = result). Deviation(WebKit): CLAIM,
	// CrossOriginPreflightResultCache.cpp appendEntry (HashMap set).
	Replace bool

	// CredentialsInKey keeps credentialed and uncredentialed preflights
	// apart: a lookup only sees what a preflight with the same credentials
	// mode stored, so a credentialed preflight no longer serves an
	// uncredentialed request (the spec's cache entry match lets it).
	// Deviation(Firefox): CLAIM, nsCORSListenerProxy.cpp
	// nsPreflightCache::GetEntry with BasePrincipal::GetPrefLightCacheKey
	// ("cred"/"nocred" prefix).
	CredentialsInKey bool

	// RefreshByExactName makes a new preflight refresh only entries whose
	// name is byte-for-byte the same, and never a `*` entry: a header name
	// listed in a different case is added as a second entry and the old one
	// keeps its old expiry. The spec refreshes any entry with a method or
	// header-name cache entry match (case-insensitive for header names,
	// `*` included).
	// Deviation(Firefox): CLAIM, nsCORSListenerProxy.cpp AddResultToCache
	// (token.Equals).
	RefreshByExactName bool

	// RequireResult makes a lookup miss when nothing at all was stored for
	// the key, even for a request whose method needs no method entry. The
	// spec has no such notion: it asks only about method and header-name
	// entries. Policies with Replace always require a live result.
	// Deviation(Firefox): CLAIM, nsCORSListenerProxy.cpp StartCORSPreflight
	// (no CacheEntry → preflight). Firefox's entry object outlives its
	// tokens, so once one exists a GET or POST needing no header entries is
	// let through however old the entry is, until it is evicted or cleared.
	RequireResult bool

	// Wildcard decides when a cached `*` stands for any method or header
	// name (SPEC-CHECKLIST quirk Q2).
	Wildcard Wildcard

	// WildcardCoversAuthorization lets a cached `*` stand for
	// Authorization too. The spec's header-name cache entry match excludes
	// the CORS non-wildcard request-header name (Authorization).
	// Deviation(WebKit): CLAIM, CrossOriginPreflightResultCache.cpp
	// validateCrossOriginHeaders (a valid wildcard skips every header).
	WildcardCoversAuthorization bool

	// SafelistedMethodsSkipCacheCheck lets a CORS-safelisted method (GET,
	// HEAD, POST) pass the cache's method check even when the request's
	// use-CORS-preflight flag is set. The spec (concept-http-fetch step
	// 4.1) then requires a method cache entry match.
	// Deviation(Chromium): CLAIM, preflight_result.cc
	// EnsureAllowedCrossOriginMethod (IsCorsSafelistedMethod).
	// Deviation(Firefox): CLAIM, nsCORSListenerProxy.cpp
	// CacheEntry::CheckRequest (GET and POST skip the method check).
	// Deviation(WebKit): CLAIM, CrossOriginPreflightResultCache.cpp
	// allowsCrossOriginMethod (isOnAccessControlSimpleRequestMethodAllowlist).
	SafelistedMethodsSkipCacheCheck bool

	// HEADNotSafelistedInCache makes HEAD need a cached method entry like
	// a non-safelisted method, although HEAD is a CORS-safelisted method.
	// Deviation(Firefox): CLAIM, nsCORSListenerProxy.cpp
	// CacheEntry::CheckRequest (only "GET" and "POST" skip the method
	// check), while its preflight check (CheckPreflightRequestApproved)
	// does accept HEAD: a HEAD request with a custom header preflights
	// every time.
	HEADNotSafelistedInCache bool

	// DropOnMiss removes the cached result for the key when a lookup finds
	// one that does not cover the request (expired, credentials, a method
	// or header it lacks). The spec only removes entries on expiry and
	// through clear cache entries.
	// Deviation(Chromium): CLAIM, preflight_cache.cc
	// CheckIfRequestCanSkipPreflight (erase on stale or hit-and-fail).
	// Deviation(WebKit): CLAIM, CrossOriginPreflightResultCache.cpp
	// canSkipPreflight (remove when !allowsRequest).
	DropOnMiss bool

	// KeepFragment keys entries by the URL as given, fragment included, as
	// the spec literally does (the cache entry's URL is the request's
	// current URL, and URL equality includes the fragment); [Spec] sets it.
	// Otherwise the cache cuts the fragment off Key.URL, since HTTP never
	// sends it (SPEC-CHECKLIST quirk Q7). No engine evidence either way yet.
	KeepFragment bool

	// MaxEntries bounds the number of stored results (for per-entry
	// policies: of keys with entries); 0 means unbounded, as the spec and
	// WebKit (CLAIM: CrossOriginPreflightResultCache has no bound). Chromium
	// 1024 (CLAIM: preflight_cache.cc kMaxCacheEntries); Firefox 100
	// (CLAIM: nsCORSListenerProxy.cpp PREFLIGHT_CACHE_SIZE, counting one
	// per key and credentials mode).
	MaxEntries int

	// Eviction chooses what goes when a new key would exceed MaxEntries.
	Eviction Eviction

	// EvictRun is how many entries [EvictRandomRun] removes at once:
	// Chromium 10 (CLAIM: preflight_cache.cc kPurgeUnit).
	EvictRun int

	// MaxURLLength: a result whose URL has this many bytes or more is
	// never stored; 0 means no limit. Chromium 1024 (CLAIM:
	// preflight_cache.cc kMaxKeyLength, AppendEntry).
	MaxURLLength int

	// The remaining knobs act in the caller (the fetch algorithms), which
	// reads them from the Policy it was given.

	// ClearOnError says when a network error clears the cache entries of a
	// request (concept-cache-clear).
	ClearOnError ClearRule

	// CacheFailedPreflight stores a preflight's result even when the
	// request then fails the preflight's method or header check (the
	// preflight having passed the CORS check, an ok status and the list
	// parsing). The spec stores nothing then, and clears.
	// Deviation(WebKit): CLAIM, CrossOriginAccessControl.cpp
	// validatePreflightResponse (appendEntry before the errorDescription
	// test).
	CacheFailedPreflight bool

	// PartitionByTopOrigin builds Key.Partition from the top-level
	// document's origin rather than its site, so same-site top-level pages
	// of different origins do not share preflights. The spec's network
	// partition key starts with the top-level site.
	// Deviation(WebKit): CLAIM, CrossOriginPreflightResultCache.cpp
	// (ClientOrigin {topOrigin, clientOrigin} in the key).
	PartitionByTopOrigin bool

	// KeyOriginIgnoresTaint builds Key.Origin from the request's client
	// origin (the page) even when the request's origin serializes as
	// "null" after a cross-origin redirect, and keeps distinct opaque
	// origins apart. The spec keys by the byte-serialized request origin,
	// so every tainted request and every opaque origin of a partition
	// share the key "null".
	// Deviation(Chromium): CLAIM, preflight_controller.cc
	// PerformPreflightCheck and AppendToCache (keyed by request_initiator;
	// taint only changes the Origin header).
	// Deviation(Firefox): CLAIM, nsCORSListenerProxy.cpp StartCORSPreflight
	// (keyed by the loading principal).
	KeyOriginIgnoresTaint bool
}

// MaxAgeSyntax names a way of reading Access-Control-Max-Age.
type MaxAgeSyntax uint8

const (
	// SyntaxSpec: extract header list values; one header whose value is
	// delta-seconds, anything else is a failure → DefaultMaxAge.
	SyntaxSpec MaxAgeSyntax = iota
	// SyntaxChromium: preflight_result.cc ParseAccessControlMaxAge.
	SyntaxChromium
	// SyntaxFirefox: nsCORSListenerProxy.cpp AddResultToCache.
	SyntaxFirefox
	// SyntaxWebKit: CrossOriginPreflightResultCache.cpp
	// parseAccessControlMaxAge.
	SyntaxWebKit
)

// String returns the syntax's engine name: "spec", "chromium", ...
func (s MaxAgeSyntax) String() string {
	switch s {
	case SyntaxSpec:
		return "spec"
	case SyntaxChromium:
		return "chromium"
	case SyntaxFirefox:
		return "firefox"
	case SyntaxWebKit:
		return "webkit"
	}
	return fmt.Sprintf("MaxAgeSyntax(%d)", uint8(s))
}

// Wildcard decides when a cached `*` method or header name stands for
// others (SPEC-CHECKLIST quirk Q2). A live preflight never accepts `*` for
// a credentialed request (cors-preflight-fetch-0 steps 7.5 and 7.7), but
// the spec's method and header-name cache entry matches accept a `*` entry
// that a credentialed preflight stored (it lists `*` beside the names it
// needed) for a later credentialed request.
type Wildcard uint8

const (
	// WildcardUncredentialedRequest: a `*` entry only serves requests whose
	// credentials mode is not "include". This is what the spec's authors
	// evidently meant (SPEC-CHECKLIST Q2) and WebKit's rule (CLAIM: CrossOriginPreflightResultCache.cpp
	// allowsCrossOriginMethod and validateCrossOriginHeaders test the
	// request's credentials).
	WildcardUncredentialedRequest Wildcard = iota
	// WildcardLiteral: a `*` entry serves any request it has a cache entry
	// match with, as the spec's text says ([Spec] follows it).
	WildcardLiteral
	// WildcardUncredentialedPreflight: `*` only counts when the preflight
	// that stored it was uncredentialed (which implies an uncredentialed
	// request, given cache entry match).
	// Deviation(Chromium): CLAIM, preflight_result.cc
	// EnsureAllowedCrossOriginMethod/Headers (`!credentials_ && "*"`).
	WildcardUncredentialedPreflight
	// WildcardNever: a cached `*` stands for nothing; only listed names
	// are reused, so a preflight answered with `*` is never reused.
	// Deviation(Firefox): CLAIM, nsCORSListenerProxy.cpp
	// CacheEntry::CheckRequest compares tokens literally.
	WildcardNever
)

// String returns the rule in kebab-case, as traces print it.
func (w Wildcard) String() string {
	switch w {
	case WildcardUncredentialedRequest:
		return "uncredentialed-request"
	case WildcardLiteral:
		return "literal"
	case WildcardUncredentialedPreflight:
		return "uncredentialed-preflight"
	case WildcardNever:
		return "never"
	}
	return fmt.Sprintf("Wildcard(%d)", uint8(w))
}

// Eviction chooses what a bounded cache removes to make room.
type Eviction uint8

const (
	// EvictNone: no bound; MaxEntries must be 0.
	EvictNone Eviction = iota
	// EvictRandomRun: remove EvictRun entries that are contiguous in key
	// order, starting at a uniformly random position, when a new key is
	// stored into a full cache. Deviation(Chromium): CLAIM,
	// preflight_cache.cc MayPurge (std::map order of (origin, URL, network
	// isolation key); here keys order by origin, URL, partition as
	// strings, which only changes which run a given random number picks).
	EvictRandomRun
	// EvictExpiredThenLRU: when a new key would exceed the bound, first
	// remove every key whose entries have all expired; if none went,
	// remove the least recently used key (a lookup or a store uses it).
	// Deviation(Firefox): CLAIM, nsCORSListenerProxy.cpp
	// nsPreflightCache::GetEntry.
	EvictExpiredThenLRU
)

// String returns the strategy in kebab-case, as traces print it.
func (e Eviction) String() string {
	switch e {
	case EvictNone:
		return "none"
	case EvictRandomRun:
		return "random-run"
	case EvictExpiredThenLRU:
		return "expired-then-lru"
	}
	return fmt.Sprintf("Eviction(%d)", uint8(e))
}

// ClearRule says which network errors clear a request's cache entries.
type ClearRule uint8

const (
	// ClearOnPreflightBranchError: main fetch clears the entries when the
	// fetch that took the CORS-with-preflight branch ends in a network
	// error (concept-main-fetch, the use-CORS-preflight / unsafe-request
	// branch), whether the preflight or the actual request failed.
	ClearOnPreflightBranchError ClearRule = iota
	// ClearOnAnyCORSError: any CORS request that fails its CORS check
	// clears the entries for its URL (both credentials modes), preflighted
	// or not. Deviation(Firefox): CLAIM, nsCORSListenerProxy.cpp
	// OnStartRequest (RemoveEntries when CheckRequestApproved fails).
	ClearOnAnyCORSError
	// ClearNever: a network error leaves the cache alone (a later lookup
	// that the cached result does not cover drops it instead, see
	// DropOnMiss). Deviation(Chromium), Deviation(WebKit): CLAIM, no clear
	// call on the request path in preflight_controller.cc or
	// CrossOriginPreflightResultCache.cpp besides clearing all data.
	ClearNever
)

// String returns the rule in kebab-case, as traces print it.
func (r ClearRule) String() string {
	switch r {
	case ClearOnPreflightBranchError:
		return "preflight-branch-error"
	case ClearOnAnyCORSError:
		return "any-cors-error"
	case ClearNever:
		return "never"
	}
	return fmt.Sprintf("ClearRule(%d)", uint8(r))
}

// Spec is the Fetch Standard's cache as its text reads, even where that
// looks unintended: a `*` entry stored by a credentialed preflight serves a
// later credentialed request (Q2), and the fragment is part of the entry's
// URL (Q7). Where the text is silent the simulator decides: a refresh
// restarts the entry's clock (Q3). No cap on max-age and no bound on size,
// since the spec names neither. The scenario vectors state what the text
// says, so this policy follows it; the engine policies carry what engines do.
var Spec = Policy{
	Name:          "spec",
	MaxAgeSyntax:  SyntaxSpec,
	DefaultMaxAge: 5 * time.Second,
	Wildcard:      WildcardLiteral,
	KeepFragment:  true,
	ClearOnError:  ClearOnPreflightBranchError,
}

// Chromium is Chromium's network-service cache
// (services/network/cors/preflight_cache.cc, preflight_result.cc,
// preflight_controller.cc). CONFIRMED by browser runs: the 7200 s cap, -1
// not cached, unparsable values cached for 5 s. Everything else is CLAIM.
var Chromium = Policy{
	Name:                            "chromium",
	MaxAgeSyntax:                    SyntaxChromium,
	DefaultMaxAge:                   5 * time.Second,
	MaxAgeCap:                       7200 * time.Second,
	Replace:                         true,
	Wildcard:                        WildcardUncredentialedPreflight,
	SafelistedMethodsSkipCacheCheck: true,
	DropOnMiss:                      true,
	MaxEntries:                      1024,
	Eviction:                        EvictRandomRun,
	EvictRun:                        10,
	MaxURLLength:                    1024,
	ClearOnError:                    ClearNever,
	KeyOriginIgnoresTaint:           true,
}

// Firefox is Gecko's cache (netwerk/protocol/http/nsCORSListenerProxy.cpp,
// nsPreflightCache). CONFIRMED by browser runs: -1, letters, fractions and
// lists not cached. Everything else, the 86400 s cap included, is CLAIM.
var Firefox = Policy{
	Name:                            "firefox",
	MaxAgeSyntax:                    SyntaxFirefox,
	DefaultMaxAge:                   5 * time.Second,
	MaxAgeCap:                       86400 * time.Second,
	CredentialsInKey:                true,
	RefreshByExactName:              true,
	RequireResult:                   true,
	Wildcard:                        WildcardNever,
	SafelistedMethodsSkipCacheCheck: true,
	HEADNotSafelistedInCache:        true,
	MaxEntries:                      100,
	Eviction:                        EvictExpiredThenLRU,
	ClearOnError:                    ClearOnAnyCORSError,
	KeyOriginIgnoresTaint:           true,
}

// WebKit is WebCore's cache (Source/WebCore/loader/
// CrossOriginPreflightResultCache.cpp, CrossOriginAccessControl.cpp).
// CONFIRMED by browser runs: the 600 s cap, -1 not cached, unparsable
// values cached for 5 s. Everything else is CLAIM.
var WebKit = Policy{
	Name:                            "webkit",
	MaxAgeSyntax:                    SyntaxWebKit,
	DefaultMaxAge:                   5 * time.Second,
	MaxAgeCap:                       600 * time.Second,
	Replace:                         true,
	Wildcard:                        WildcardUncredentialedRequest,
	WildcardCoversAuthorization:     true,
	SafelistedMethodsSkipCacheCheck: true,
	DropOnMiss:                      true,
	ClearOnError:                    ClearNever,
	CacheFailedPreflight:            true,
	PartitionByTopOrigin:            true,
}

// PolicyError reports a Policy that [New] cannot use.
type PolicyError struct {
	Policy string // the policy's Name
	Field  string // the offending field
	Reason string // what is wrong with it
}

// Error says which field of which policy is wrong, and how.
func (e *PolicyError) Error() string {
	return fmt.Sprintf("preflightcache: policy %q: %s %s", e.Policy, e.Field, e.Reason)
}

// Validate reports the first field of p that cannot work, or nil.
func (p Policy) Validate() error {
	bad := func(field, reason string) error {
		return &PolicyError{Policy: p.Name, Field: field, Reason: reason}
	}
	switch {
	case p.MaxAgeSyntax > SyntaxWebKit:
		return bad("MaxAgeSyntax", "is not a known syntax")
	case p.DefaultMaxAge <= 0:
		return bad("DefaultMaxAge", "must be positive")
	case p.MaxAgeCap < 0:
		return bad("MaxAgeCap", "must not be negative (0 means no cap)")
	case p.Wildcard > WildcardNever:
		return bad("Wildcard", "is not a known rule")
	case p.Eviction > EvictExpiredThenLRU:
		return bad("Eviction", "is not a known strategy")
	case p.ClearOnError > ClearNever:
		return bad("ClearOnError", "is not a known rule")
	case p.MaxEntries < 0:
		return bad("MaxEntries", "must not be negative (0 means unbounded)")
	case p.MaxEntries == 0 && p.Eviction != EvictNone:
		return bad("Eviction", "needs a MaxEntries bound")
	case p.MaxEntries > 0 && p.Eviction == EvictNone:
		return bad("Eviction", "must say how to stay within MaxEntries")
	case p.Eviction == EvictRandomRun && (p.EvictRun < 1 || p.EvictRun > p.MaxEntries):
		return bad("EvictRun", "must be between 1 and MaxEntries")
	case p.MaxURLLength < 0:
		return bad("MaxURLLength", "must not be negative (0 means no limit)")
	}
	return nil
}
