// Package preflightcache models the browser's [CORS-preflight cache]: the
// store that lets a request skip its OPTIONS preflight because an earlier
// preflight to the same URL allowed its method and headers, for
// Access-Control-Max-Age seconds. It knows nothing of HTTP: keys, methods,
// header names and header values are plain strings, and time comes from an
// injectable [Clock].
//
// # The spec's model
//
// The Fetch Standard keeps a list of cache entries, each holding a network
// partition key, a byte-serialized origin, a URL, a credentials flag, a
// max-age, and one method or one header name (or `*`). A [Cache] keeps them
// per [Key] (partition, origin, URL) and answers with them:
//
//   - [Cache.Lookup] and [Cache.NeedsPreflight]: [HTTP fetch] step 4.1, with
//     [cache entry match] (an entry stored with credentials serves any
//     request; one stored without serves only requests that do not include
//     credentials), [method cache entry match] (byte for byte, or `*`) and
//     [header-name cache entry match] (case-insensitive, or `*` except for
//     Authorization). [Cache.MatchMethod] and [Cache.MatchHeader] answer
//     one match each.
//   - [Cache.Store]: the end of [CORS-preflight fetch], which refreshes the
//     max-age of each matching entry or creates one, per method and per
//     header name the preflight allowed.
//   - [Cache.Clear]: [clear cache entries], which main fetch runs when a
//     preflighted fetch ends in a network error.
//   - [Policy.ParseMaxAge]: Access-Control-Max-Age, extracted as the spec
//     says (absent or unparsable means 5 seconds), or as an engine reads it.
//
// Entries expire max-age seconds after they were stored (or last
// refreshed) on the cache's clock. The [Spec] policy follows the text even
// where it looks unintended, because the scenario vectors state what the
// text says; the other readings are knobs:
//
//   - Q2: the text lets a `*` entry stored by a credentialed preflight serve
//     a later credentialed request ([WildcardLiteral]); the evident intent,
//     a `*` entry serving only requests without credentials, is
//     [WildcardUncredentialedRequest].
//   - Q3: refreshing an entry restarts its lifetime (the text is silent;
//     every engine re-stores).
//   - Q7: the fragment is part of the entry's URL (Policy.KeepFragment),
//     although HTTP never sends it; all three engines agree.
//
// The spec names no cap on max-age and no bound on the cache's size, so
// [Spec] has neither; expired entries are swept as stores go on.
//
// # The engines
//
// [Chromium], [Firefox] and [WebKit] are the engines' caches as the
// project's conformance runner (`corsim browser`) saw them in Chromium
// 156.0.8078.79, Firefox ESR 153.7.0esr and WebKitGTK 2.50.6, each
// difference a field of [Policy]:
//
//	                        spec        Chromium      Firefox         WebKit
//	stores per key          entries     one result    entries         one result
//	credentials             entry rule  entry rule    in the key      entry rule
//	`*` serves              literal     uncred. pfl.  nothing         uncred. req
//	`*` covers Authoriz.    no          no            no              yes
//	flag + safelisted meth. needs entry skips check   skips (not HEAD) skips check
//	miss drops the result   no          yes           no              yes
//	errors that clear       preflighted never         every CORS one  never
//	tainted request's key   "null"      its own       the page's      its own
//	opaque page's key       "null"      its own       the page's      "null"
//	max-age cap             none        7200 s        86400 s         600 s
//	-1 / letters / list     5 s         0 / 5 s / 5 s not cached      0 / 5 s / 5 s
//	bound                   none        1024, random  100, expired    none
//	                                    run of 10     then LRU
//	URL length limit        none        1024 bytes    none            none
//
// ("its own": an origin no other request shares, so the preflight is never
// reused.) Each field's documentation names the vector, or the scratch run
// where no vector can show it, that confirms it. Two remain claims read in
// the engines' sources: Firefox's 86400 s cap, since Firefox cannot run
// under a fake clock, and WebKit's partition by top-level origin, since a
// vector's steps all run in one page.
//
// Some knobs act in the caller rather than here: when a network error
// clears entries (Policy.ClearOnError), whether WebKit caches a preflight
// that then failed its method or header check (CacheFailedPreflight), and
// how Key.Partition, Key.Origin and Key.Unshared are built
// (PartitionByTopOrigin, KeyOriginIgnoresTaint, TaintedOriginUnshared,
// OpaqueOriginUnshared).
//
// # What it does not model
//
// Private/Local Network Access fields in Chromium's key, Chromium's
// pre-spec upper-casing of methods behind a feature flag, the engines'
// bypass of the cache for reload and no-store fetches, private-browsing
// separation, and clearing by the user are not modelled. The partition,
// origin and URL strings are trusted as given. Whether two opaque pages
// (two sandboxed frames) share entries in WebKit, which keeps an opaque
// page's entries for that page, is not known: a vector runs in one page,
// so the [WebKit] policy keys them by "null" as the spec does. An entry
// counts as expired from the instant its max-age has passed, as Chromium
// and Firefox compare; WebKit keeps it for that one instant more, which no
// real clock can show.
//
// # Concurrency and cost
//
// A Cache is safe for concurrent use by many goroutines. A lookup takes no
// lock: it hashes the key, follows atomic pointers to an immutable chain
// and an immutable result, and allocates nothing, so readers on many cores
// do not contend. Stores, clears and evictions take one mutex; a lookup
// takes it only to drop a result under a DropOnMiss policy.
//
// [CORS-preflight cache]: https://fetch.spec.whatwg.org/#concept-cache
// [HTTP fetch]: https://fetch.spec.whatwg.org/#concept-http-fetch
// [cache entry match]: https://fetch.spec.whatwg.org/#concept-cache-match
// [method cache entry match]: https://fetch.spec.whatwg.org/#concept-cache-match-method
// [header-name cache entry match]: https://fetch.spec.whatwg.org/#concept-cache-match-header
// [CORS-preflight fetch]: https://fetch.spec.whatwg.org/#cors-preflight-fetch-0
// [clear cache entries]: https://fetch.spec.whatwg.org/#concept-cache-clear
package preflightcache
