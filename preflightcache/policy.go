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
// the project's conformance runner (`corsim browser`) saw the engine do it,
// in Chromium 156.0.8078.79, Firefox ESR 153.7.0esr or WebKitGTK 2.50.6:
// the comment names the vector of spec_vectors that shows it, or describes
// the scratch run where no project vector can (a random eviction, a run of
// a thousand URLs). The engine source named beside it is explanation. CLAIM
// means it was only read in the engine's source, and the comment says why
// no vector can observe it. The zero Policy is not valid: start from
// [Spec].
type Policy struct {
	// Name names the policy in traces and errors: "spec", "chromium",
	// "firefox", "webkit".
	Name string

	// MaxAgeSyntax selects how Access-Control-Max-Age is read; see
	// [Policy.ParseMaxAge] and the engines' rules in maxage_engines.go.
	// Deviation(Chromium), Deviation(WebKit): CONFIRMED by corsim browser,
	// vectors cache/max-age-minus-1-is-5s (-1 is stored already expired),
	// engine-cache/max-age-plus-sign-is-5s ("+10" is 10 s) and
	// engine-cache/max-age-beyond-64-bits-still-cached (a number beyond
	// int64 is the 5 s default). Deviation(Firefox): CONFIRMED by corsim
	// browser, vectors cache/max-age-minus-1-is-5s,
	// cache/max-age-with-unit-letters, cache/max-age-fraction,
	// cache/max-age-list-of-two-values, cache/max-age-two-header-lines
	// (none of them cached at all) and
	// cache/refresh-with-max-age-0-expires-entry (0 leaves the cache
	// untouched). A scratch run of fifteen more values in all three engines
	// agreed with each rule: "+10", "1e3", "0x10", "10abc", "1 0", "10,",
	// "-0", "00", "010", "", " 10", "10 ", "\t10", int64's largest value and
	// one more (maxage_test.go lists what each engine did).
	MaxAgeSyntax MaxAgeSyntax

	// DefaultMaxAge is used when Access-Control-Max-Age is absent (and, for
	// the spec, Chromium and WebKit, when it does not parse). 5 s in the
	// spec (cors-preflight-fetch-0 step 7.9) and in all three engines:
	// CONFIRMED by corsim browser in all three, vector
	// cache/max-age-absent-defaults-to-5s (nsCORSListenerProxy.cpp
	// PREFLIGHT_DEFAULT_EXPIRY_SECONDS in Firefox).
	DefaultMaxAge time.Duration

	// MaxAgeCap is the "imposed limit on max-age" of
	// cors-preflight-fetch-0 step 7.10; 0 means no cap. The spec names no
	// number, so [Spec] has none.
	// Deviation(Chromium): 7200 s, CONFIRMED by corsim browser under a
	// fake clock, vectors cache/max-age-1000000-after-7190 (cached) and
	// cache/max-age-1000000-after-7210 (preflights again).
	// Deviation(WebKit): 600 s, CONFIRMED by corsim browser under a fake
	// clock, vectors cache/max-age-1000000-after-590 and -after-610.
	// Deviation(Firefox): 86400 s, CLAIM (nsCORSListenerProxy.cpp
	// AddResultToCache): Firefox deadlocks at start-up under libfaketime,
	// so the runner skips every vector that advances the clock by more
	// than a few seconds (cache/max-age-1000000-after-86390 and -86410
	// among them), and a day cannot be waited out in real time.
	MaxAgeCap time.Duration

	// Replace makes the cache keep one result per key (partition, origin,
	// URL): each stored preflight replaces the whole previous result,
	// with one credentials flag and one expiry for all its methods and
	// header names. The spec instead keeps one entry per method and per
	// header name, refreshed or created one by one.
	// Deviation(Chromium), Deviation(WebKit): CONFIRMED by corsim browser,
	// vectors cache/entry-per-header-name and
	// engine-cache/later-preflight-adds-entries-keeps-earlier (what the
	// first preflight allowed is gone after the second). Firefox keeps
	// tokens as the spec does (CONFIRMED: it passes both).
	// (preflight_cache.cc AppendEntry; CrossOriginPreflightResultCache.cpp
	// appendEntry.)
	Replace bool

	// CredentialsInKey keeps credentialed and uncredentialed preflights
	// apart: a lookup only sees what a preflight with the same credentials
	// mode stored, so a credentialed preflight no longer serves an
	// uncredentialed request (the spec's cache entry match lets it).
	// Deviation(Firefox): CONFIRMED by corsim browser, vector
	// cache/credentialed-entry-serves-non-credentialed
	// (BasePrincipal::GetPrefLightCacheKey puts "cred"/"nocred" in the key).
	CredentialsInKey bool

	// RefreshByExactName makes a new preflight refresh only entries whose
	// name is byte-for-byte the same, and never a `*` entry: a header name
	// listed in a different case is added as a second entry and the old one
	// keeps its old expiry. The spec refreshes any entry with a method or
	// header-name cache entry match (case-insensitive for header names,
	// `*` included).
	// Deviation(Firefox): CONFIRMED by corsim browser, vector
	// engine-cache/header-entry-refreshed-case-insensitively (X-Api-Key
	// outlives the "x-api-key, Max-Age 5" refresh). (AddResultToCache
	// compares tokens with Equals.)
	RefreshByExactName bool

	// RequireResult makes a lookup miss when nothing at all was stored for
	// the key, even for a request whose method needs no method entry. The
	// spec has no such notion: it asks only about method and header-name
	// entries. Policies with Replace always require a live result.
	// Firefox's entry object outlives its tokens, so once one exists a GET
	// or POST needing no header entries is let through however old the
	// entry is, until it is evicted or cleared.
	// Deviation(Firefox): CONFIRMED by corsim browser, vectors
	// cache/forced-preflight-cached-without-acam and
	// preflight/xhr-upload-listeners-simple-post (an upload-listener POST
	// with nothing cached is preflighted), and
	// engine-cache/upload-listener-post-entry-expires (4 s after a Max-Age
	// 2 preflight the POST is sent without one). (StartCORSPreflight:
	// no CacheEntry, a preflight.)
	RequireResult bool

	// Wildcard decides when a cached `*` stands for any method or header
	// name (SPEC-CHECKLIST quirk Q2); see [Wildcard] for each engine's
	// evidence.
	Wildcard Wildcard

	// WildcardCoversAuthorization lets a cached `*` stand for
	// Authorization too. The spec's header-name cache entry match excludes
	// the CORS non-wildcard request-header name (Authorization).
	// Deviation(WebKit): CONFIRMED by corsim browser, vectors
	// cache/wildcard-header-entry-never-covers-authorization and
	// engine-cache/star-header-entry-then-authorization-refused (the
	// bearer-token request goes out without a preflight). Chromium's cache
	// does not (CONFIRMED: the latter vector's step 1 sends OPTIONS, whose
	// live check then lets `*` through, a preflight-side deviation).
	// (CrossOriginPreflightResultCache.cpp validateCrossOriginHeaders.)
	WildcardCoversAuthorization bool

	// SafelistedMethodsSkipCacheCheck lets a CORS-safelisted method (GET,
	// HEAD, POST) pass the cache's method check even when the request's
	// use-CORS-preflight flag is set. The spec (concept-http-fetch step
	// 4.1) then requires a method cache entry match.
	// Deviation(Chromium), Deviation(Firefox), Deviation(WebKit): CONFIRMED
	// by corsim browser in all three, vector
	// engine-cache/upload-listener-post-needs-its-own-entry (the
	// upload-listener POST rides on a cached PUT entry).
	// (preflight_result.cc EnsureAllowedCrossOriginMethod;
	// nsCORSListenerProxy.cpp CacheEntry::CheckRequest;
	// CrossOriginPreflightResultCache.cpp allowsCrossOriginMethod.)
	SafelistedMethodsSkipCacheCheck bool

	// HEADNotSafelistedInCache makes HEAD need a cached method entry like
	// a non-safelisted method, although HEAD is a CORS-safelisted method:
	// a HEAD request with a custom header preflights every time.
	// Deviation(Firefox): CONFIRMED by corsim browser, vector
	// engine-cache/head-reuses-header-entry. (CacheEntry::CheckRequest
	// exempts only "GET" and "POST", while CheckPreflightRequestApproved
	// accepts HEAD.)
	HEADNotSafelistedInCache bool

	// DropOnMiss removes the cached result for the key when a lookup finds
	// one that does not cover the request (expired, credentials, a method
	// or header it lacks). The spec only removes entries on expiry and
	// through clear cache entries. Under Replace this is seen only when
	// the preflight that follows fails: the old result is gone although
	// nothing cleared the cache (ClearNever).
	// Deviation(Chromium): CONFIRMED by corsim browser, vector
	// engine-cache/failed-preflight-clears-earlier-entries (step 2 is
	// preflighted again). Deviation(WebKit): CONFIRMED by corsim browser,
	// a scratch vector like that one whose second preflight answers 500,
	// so that WebKit stores nothing for it (CacheFailedPreflight does not
	// apply): the third request is preflighted again.
	// (preflight_cache.cc CheckIfRequestCanSkipPreflight;
	// CrossOriginPreflightResultCache.cpp canSkipPreflight.)
	DropOnMiss bool

	// KeepFragment keys entries by the URL as given, fragment included, as
	// the spec says (the cache entry's URL is the request's current URL,
	// and URL equality includes the fragment); every policy here sets it.
	// Without it the cache cuts the fragment off Key.URL, as
	// SPEC-CHECKLIST quirk Q7 once proposed since HTTP never sends it; no
	// engine does that: CONFIRMED by corsim browser in all three engines,
	// vector engine-cache/fragment-is-part-of-entry-url ("#two" is
	// preflighted again after "#one"). Chromium's URL length limit counts
	// the fragment too (see MaxURLLength).
	KeepFragment bool

	// MaxEntries bounds the number of stored results (for per-entry
	// policies: of keys with entries); 0 means unbounded, as the spec.
	// Deviation(Chromium): 1024, CONFIRMED by corsim browser in a scratch
	// run (a random eviction has no place in a project vector): 1024 URLs
	// preflighted, then all 1024 served from the cache; a 1025th URL
	// evicted exactly ten of them (kMaxCacheEntries in preflight_cache.cc).
	// Deviation(Firefox): 100, counting one per key and credentials mode,
	// CONFIRMED by corsim browser in a scratch run, proposed as a project
	// vector: 100 URLs all cached, and a 101st evicted one
	// (PREFLIGHT_CACHE_SIZE in nsCORSListenerProxy.cpp). WebKit: unbounded
	// as far as observed: 1500 URLs preflighted, then all 1500 served from
	// the cache (a scratch run).
	MaxEntries int

	// Eviction chooses what goes when a new key would exceed MaxEntries;
	// see [Eviction] for each engine's evidence.
	Eviction Eviction

	// EvictRun is how many entries [EvictRandomRun] removes at once.
	// Deviation(Chromium): 10, CONFIRMED by the scratch run of MaxEntries:
	// the 1025th URL evicted the ten URLs /r/0409 to /r/0418, adjacent in
	// URL order (kPurgeUnit in preflight_cache.cc).
	EvictRun int

	// MaxURLLength: a result whose URL has this many bytes or more is
	// never stored; 0 means no limit. The length is that of the serialized
	// URL (percent-encoded), fragment included.
	// Deviation(Chromium): 1024, CONFIRMED by corsim browser, vectors
	// engine-cache/url-1024-characters-cached (not cached) and
	// engine-cache/url-1023-characters-cached (cached, when run under its
	// own host names: --batch 1), and scratch runs: a 1019-character URL
	// with a 5-character fragment is not cached, a 1018-character one is;
	// a URL of 1022 characters as script wrote it, 1024 once "{" is
	// percent-encoded, is not cached (kMaxKeyLength and url.spec() in
	// preflight_cache.cc AppendEntry). Firefox and WebKit cache a URL of
	// 4000 characters (a scratch run).
	MaxURLLength int

	// The remaining knobs act in the caller (the fetch algorithms), which
	// reads them from the Policy it was given.

	// ClearOnError says when a network error clears the cache entries of a
	// request (concept-cache-clear); see [ClearRule] for each engine's
	// evidence.
	ClearOnError ClearRule

	// CacheFailedPreflight stores a preflight's result even when the
	// request then fails the preflight's method or header check (the
	// preflight having passed the CORS check, an ok status and the list
	// parsing). The spec stores nothing then, and clears.
	// Deviation(WebKit): CONFIRMED by corsim browser, vectors
	// cache/failed-preflight-creates-no-entries,
	// engine-cache/failed-header-check-stores-nothing and
	// engine-cache/failed-preflight-clears-earlier-entries (the next
	// request rides on the failed preflight's result).
	// (CrossOriginAccessControl.cpp validatePreflightResponse calls
	// appendEntry before testing the result.)
	CacheFailedPreflight bool

	// PartitionByTopOrigin builds Key.Partition from the top-level
	// document's origin rather than its site, so same-site top-level pages
	// of different origins do not share preflights. The spec's network
	// partition key starts with the top-level site.
	// Deviation(WebKit): CLAIM (CrossOriginPreflightResultCache.cpp keys
	// by ClientOrigin {topOrigin, clientOrigin}). No vector can observe it:
	// a vector's steps all run in one page, so its top-level origin never
	// changes from one step to the next.
	PartitionByTopOrigin bool

	// KeyOriginIgnoresTaint builds Key.Origin from the request's client
	// origin (the page) even when the request's origin serializes as
	// "null" after a cross-origin redirect, and keeps distinct opaque
	// origins apart. The spec keys by the byte-serialized request origin,
	// so every tainted request and every opaque origin of a partition
	// share the key "null".
	// Deviation(Firefox): CONFIRMED by corsim browser, vector
	// cache/keyed-by-serialized-origin-after-redirect (the direct PUT of
	// step 1 rides on the preflight made after the redirect of step 0),
	// and a scratch vector repeating the redirect (served from the cache).
	// (StartCORSPreflight keys by the loading principal.)
	KeyOriginIgnoresTaint bool

	// TaintedOriginUnshared gives a request whose origin a cross-origin
	// redirect made opaque (it serializes as "null") an origin of its own
	// for the cache, one no other request shares: its preflight is never
	// reused, neither by the same redirect made again nor by a direct
	// request. The caller marks such a request's Key Unshared. The spec
	// keys it by "null", which every such request of the partition shares.
	// Deviation(Chromium), Deviation(WebKit): CONFIRMED by corsim browser,
	// vector cache/keyed-by-serialized-origin-after-redirect (step 2
	// preflights the redirected PUT again, and in Chromium the direct PUT
	// of step 1 too), and a scratch vector making the same redirect three
	// times (three preflights after the redirect). Nothing is stored for
	// such a request: in Chromium, twelve of them among 1021 cached URLs
	// evicted none (a scratch run), where storing would have passed its
	// 1024-entry bound. It must not be combined with KeyOriginIgnoresTaint.
	TaintedOriginUnshared bool

	// OpaqueOriginUnshared does the same for a page whose own origin is
	// opaque (a sandboxed frame): none of its preflights is reused. The
	// spec keys them by "null".
	// Deviation(Chromium): CONFIRMED by corsim browser, vector
	// cache/opaque-origin-page-cached-under-null, and a scratch vector
	// repeating the DELETE three times (three preflights). Firefox and
	// WebKit reuse them within the page.
	OpaqueOriginUnshared bool
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
	// evidently meant (SPEC-CHECKLIST Q2), and WebKit's rule: CONFIRMED by
	// corsim browser, vectors
	// engine-cache/credentialed-star-method-entry-serves-include (the
	// credentialed DELETE is preflighted) and
	// engine-cache/credentialed-star-method-entry-serves-omit (the
	// uncredentialed one is not). (CrossOriginPreflightResultCache.cpp
	// allowsCrossOriginMethod and validateCrossOriginHeaders test the
	// request's credentials.)
	WildcardUncredentialedRequest Wildcard = iota
	// WildcardLiteral: a `*` entry serves any request it has a cache entry
	// match with, as the spec's text says ([Spec] follows it).
	WildcardLiteral
	// WildcardUncredentialedPreflight: `*` only counts when the preflight
	// that stored it was uncredentialed (which implies an uncredentialed
	// request, given cache entry match).
	// Deviation(Chromium): CONFIRMED by corsim browser, vectors
	// engine-cache/credentialed-star-method-entry-serves-include and
	// engine-cache/credentialed-star-method-entry-serves-omit (both
	// DELETEs are preflighted). (preflight_result.cc
	// EnsureAllowedCrossOriginMethod/Headers: `!credentials_ && "*"`.)
	WildcardUncredentialedPreflight
	// WildcardNever: a cached `*` stands for nothing; only listed names
	// are reused, so a preflight answered with `*` is never reused.
	// Deviation(Firefox): CONFIRMED by corsim browser, vectors
	// cache/wildcard-method-entry-covers-later-methods,
	// engine-cache/all-wildcards-reused and
	// cache/wildcard-header-entry-never-covers-authorization (each request
	// after the `*` preflight is preflighted again).
	// (CacheEntry::CheckRequest compares tokens literally.)
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
	// stored into a full cache. Deviation(Chromium): CONFIRMED by corsim
	// browser in a scratch run (see Policy.MaxEntries): the 1025th URL
	// evicted ten URLs adjacent in URL order, from a place no vector can
	// predict. (preflight_cache.cc MayPurge: std::map order of (origin,
	// URL, network isolation key); here keys order by origin, URL,
	// partition as strings, which only changes which run a given random
	// number picks.)
	EvictRandomRun
	// EvictExpiredThenLRU: when a new key would exceed the bound, first
	// remove every key whose entries have all expired; if none went,
	// remove the least recently used key (a lookup or a store uses it).
	// Deviation(Firefox): CONFIRMED by corsim browser in scratch runs,
	// proposed as project vectors: with 100 URLs cached, a hit on the
	// first, then a 101st URL, the first is still served from the cache
	// and the second is preflighted again (LRU, not first-in first-out);
	// and when one of the 100 has expired, a 101st URL evicts only that
	// one. (nsPreflightCache::GetEntry.)
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
	// ClearOnAnyCORSError: every network error of a cross-origin CORS
	// request clears the entries for its current URL (both credentials
	// modes): the preflight branch's errors, as the spec's main fetch
	// clears, and also a request sent without a preflight that fails its
	// CORS check.
	// Deviation(Firefox): CONFIRMED by corsim browser, vectors
	// engine-cache/simple-request-failure-keeps-entries (a simple GET that
	// fails its CORS check clears the PUT entry) and
	// engine-cache/failed-preflight-clears-earlier-entries (so does a
	// preflight that fails its header check), and a scratch vector whose
	// preflight answers 500. (nsCORSListenerProxy::OnStartRequest calls
	// RemoveEntries when CheckRequestApproved fails, and it fails for every
	// request whose status is already an error, a failed preflight's
	// included.)
	ClearOnAnyCORSError
	// ClearNever: a network error leaves the cache alone (a later lookup
	// that the cached result does not cover drops it instead, see
	// DropOnMiss). Deviation(Chromium), Deviation(WebKit): CONFIRMED by
	// corsim browser, vectors cache/cleared-when-actual-response-fails and
	// cache/clear-affects-only-the-failing-url (after the PUT's response
	// fails its CORS check, the next PUT is sent without a preflight).
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
// URL (Q7; every engine agrees). Where the text is silent the simulator
// decides: a refresh restarts the entry's clock (Q3). No cap on max-age and
// no bound on size, since the spec names neither. The scenario vectors
// state what the text says, so this policy follows it; the engine policies
// carry what engines do.
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
// preflight_controller.cc), as Chromium 156.0.8078.79 showed it: every
// field is CONFIRMED by corsim browser (each field's comment names the
// vector or scratch run).
var Chromium = Policy{
	Name:                            "chromium",
	MaxAgeSyntax:                    SyntaxChromium,
	DefaultMaxAge:                   5 * time.Second,
	MaxAgeCap:                       7200 * time.Second,
	Replace:                         true,
	Wildcard:                        WildcardUncredentialedPreflight,
	SafelistedMethodsSkipCacheCheck: true,
	DropOnMiss:                      true,
	KeepFragment:                    true,
	MaxEntries:                      1024,
	Eviction:                        EvictRandomRun,
	EvictRun:                        10,
	MaxURLLength:                    1024,
	ClearOnError:                    ClearNever,
	TaintedOriginUnshared:           true,
	OpaqueOriginUnshared:            true,
}

// Firefox is Gecko's cache (netwerk/protocol/http/nsCORSListenerProxy.cpp,
// nsPreflightCache), as Firefox ESR 153.7.0esr showed it: every field is
// CONFIRMED by corsim browser but the 86400 s cap, a CLAIM, since Firefox
// cannot run under a fake clock.
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
	KeepFragment:                    true,
	MaxEntries:                      100,
	Eviction:                        EvictExpiredThenLRU,
	ClearOnError:                    ClearOnAnyCORSError,
	KeyOriginIgnoresTaint:           true,
}

// WebKit is WebCore's cache (Source/WebCore/loader/
// CrossOriginPreflightResultCache.cpp, CrossOriginAccessControl.cpp), as
// WebKitGTK 2.50.6 showed it: every field is CONFIRMED by corsim browser
// but PartitionByTopOrigin, a CLAIM no vector can observe.
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
	KeepFragment:                    true,
	ClearOnError:                    ClearNever,
	CacheFailedPreflight:            true,
	PartitionByTopOrigin:            true,
	TaintedOriginUnshared:           true,
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
	case p.KeyOriginIgnoresTaint && p.TaintedOriginUnshared:
		return bad("TaintedOriginUnshared", "contradicts KeyOriginIgnoresTaint (a tainted request cannot both share the page's entries and have none)")
	}
	return nil
}
