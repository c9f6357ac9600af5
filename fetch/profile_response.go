package fetch

import "strconv"

// ResponseKnobs are the engine's rules for preflight requests and answers,
// the CORS check, the headers added per hop, and what responses expose, where
// it deviates from the Fetch Standard. Each knob cites the
// real-engine observation behind it (conformance/testdata). The zero value
// is the Fetch Standard.
type ResponseKnobs struct {
	// PreflightIgnoresRedirectTaint makes a preflight a request to the
	// current URL alone, without the actual request's redirect history.
	// After a redirect that tainted the request's origin, the preflight
	// then carries `Origin:` the page's origin and its CORS check compares
	// Access-Control-Allow-Origin with the page's origin, while the actual
	// request that follows still carries `Origin: null` and is checked
	// against null. The preflight's Sec-Fetch-Site is computed from the
	// current URL alone too. The spec's preflight copies the request's URL
	// list (CORS-preflight fetch step 1), so both serialize as null. The
	// preflight cache key is not affected (see preflightcache.Policy
	// KeyOriginIgnoresTaint).
	//
	// Deviation(Firefox): CONFIRMED by corsim browser, Firefox ESR
	// 153.7.0esr, vectors redirect/preflighted-307-to-third-party-preflights-again
	// (the second OPTIONS carries the page's origin, the PUT null),
	// redirect/preflighted-307-third-party-preflight-checks-null (a second
	// preflight answering the page's origin passes; the PUT then fails its
	// check against null), origin-header/preflight-after-tainting-redirect-null
	// (a second preflight answering `null` fails) and
	// redirect/custom-header-back-to-page-origin-preflights-page
	// (Sec-Fetch-Site: same-origin on the preflight back at the page's
	// origin); scratch runs showed the same after a same-site taint, for a
	// credentialed fetch and for XMLHttpRequest, and that the actual request
	// passes with `Access-Control-Allow-Origin: null` after a preflight that
	// answered the page's origin. Explanation: nsCORSListenerProxy.cpp
	// StartCORSPreflight opens a new channel for the final URI with a clone
	// of the load info (the loading principal), not the redirected channel.
	PreflightIgnoresRedirectTaint bool

	// AbsentAllowMethodsAllowsNone leaves out CORS-preflight fetch step
	// 7.4: a preflight answer without Access-Control-Allow-Methods allows
	// only the CORS-safelisted methods, even when the request's
	// use-CORS-preflight flag is set (where the spec allows the request's
	// own method, and caches it). An XMLHttpRequest PUT with upload
	// listeners then fails its preflight, and nothing is cached for its
	// method.
	//
	// Deviation(Chromium, Firefox, WebKit): CONFIRMED by corsim browser,
	// Chromium 156.0.8078.79, Firefox ESR 153.7.0esr and WebKitGTK 2.50.6,
	// vector engine-cache/upload-listener-put-without-acam-allowed (the
	// PUT is never sent, in either step); scratch runs in all three: the
	// same PUT passes once the preflight answers `Access-Control-Allow-Methods:
	// PUT`, and a POST passes without it. Explanation: nsCORSListenerProxy.cpp
	// CheckPreflightRequestApproved (only GET, HEAD and POST pass without a
	// listed method).
	AbsentAllowMethodsAllowsNone bool

	// WildcardAllowHeadersCoversAuthorization lets Access-Control-Allow-Headers
	// `*` allow Authorization in the preflight's header check, for a request
	// without credentials (with credentials `*` is no wildcard anyway).
	// The spec (CORS-preflight fetch step 7.6) requires a CORS non-wildcard
	// request-header name to be listed by name. Only the live check: the
	// cache's rule for a cached `*` is preflightcache.Policy
	// WildcardCoversAuthorization.
	//
	// Deviation(Chromium, Firefox, WebKit): CONFIRMED by corsim browser,
	// Chromium 156.0.8078.79, Firefox ESR 153.7.0esr and WebKitGTK 2.50.6,
	// vectors preflight-response/authorization-not-covered-by-star and
	// credentials/authorization-not-covered-by-acah-star (the GET with
	// Authorization is sent and succeeds). Explanation: Chromium's
	// features::kCorsNonWildcardRequestHeadersSupport is disabled by default;
	// Firefox's CheckPreflightRequestApproved lets the wildcard cover
	// Authorization behind the pref
	// network.cors_preflight.authorization_covered_by_wildcard, logging
	// only a deprecation warning.
	WildcardAllowHeadersCoversAuthorization bool

	// KeepOriginOnSameOriginRedirect keeps the Origin header a request
	// carried on a redirect hop whose target has the same origin as the
	// URL it came from, even where the spec adds none: after a POST
	// becomes a GET (301/302/303) with basic or opaque tainting. The spec
	// computes Origin afresh for every hop (HTTP-network-or-cache fetch
	// step 8.12), and a GET or HEAD without cors tainting gets none
	// (append a request `Origin` header step 4). On a hop to another
	// origin the engine computes it afresh as the spec does.
	//
	// Deviation(WebKit): CONFIRMED by corsim browser, WebKitGTK 2.50.6,
	// vectors origin-header/no-cors-form-post-sends-origin (a no-cors POST
	// 303 to the same host: the GET carries the page's origin) and
	// redirect/post-302-drops-request-body-headers (the same at the page's
	// own origin); scratch runs: the same for PUT and DELETE 303 and for
	// XMLHttpRequest, kept again over a second same-origin hop, and absent
	// on a GET after a 303 to another origin (same-site or not, and on every
	// hop after it). Chromium and Firefox send none in all of these.
	KeepOriginOnSameOriginRedirect bool

	// PaddedHTTP2Values says what a response field value that starts or
	// ends with a space or tab means over HTTP/2 or later, where HTTP
	// makes the response malformed (RFC 9113 §8.2.1) and a client must not
	// accept it (HTTP-network fetch step 8.5 follows HTTP).
	//
	// Deviation(Chromium, Firefox): PaddedTrimmed. CONFIRMED by corsim
	// browser, Chromium 156.0.8078.79 and Firefox ESR 153.7.0esr, vector
	// engine-misc/acao-padded-with-spaces-over-http2 (`Access-Control-Allow-Origin:
	// " https://foo.example "` passes the CORS check); scratch runs: script
	// reads a padded X-Pad as the value without its spaces or tabs, a
	// tab-padded Access-Control-Allow-Origin passes as well, and a
	// padded Access-Control-Allow-Methods, -Allow-Headers and
	// -Allow-Credentials are read trimmed too.
	// Deviation(WebKit): PaddedKept. CONFIRMED by the same scratch runs in
	// WebKitGTK 2.50.6: the response is accepted and script reads the value
	// with its spaces and tabs; a padded Access-Control-Allow-Origin then
	// fails the CORS check's byte comparison (the vector's network error,
	// for another reason).
	PaddedHTTP2Values PaddedValues

	// ExposeWildcardBeforeInvalidName lets an Access-Control-Expose-Headers
	// `*` (for a request without credentials) expose every header when it
	// comes before the first element of the combined value that is not a
	// header name, for fetch() only. The spec fails the whole list then
	// (main fetch step 14.1: extracting header list values returns
	// failure), and exposes nothing beyond the safelisted names.
	//
	// Deviation(Firefox): CONFIRMED by corsim browser, Firefox ESR
	// 153.7.0esr, vector expose/aceh-star-with-bad-element-voids-wildcard
	// (`*, bad name` exposes everything); scratch runs: `bad name, *`
	// exposes nothing extra, `*` and `bad name` on two lines expose
	// everything, with credentials nothing, and XMLHttpRequest with `*, bad
	// name` nothing extra. Explanation: InternalHeaders.cpp CORSHeaders
	// stops at the first invalid token but keeps the wildcard flag an
	// earlier `*` set; XMLHttpRequestMainThread::IsSafeHeader returns false
	// at any invalid token.
	ExposeWildcardBeforeInvalidName bool

	// SpdyResponseHeader makes the user agent add `X-Firefox-Spdy: h2` to
	// every response received over HTTP/2, where script sees it like any
	// other header: on a basic response (same origin), and on a CORS
	// response when Access-Control-Expose-Headers `*` exposes it.
	//
	// Deviation(Firefox): CONFIRMED by corsim browser, Firefox ESR
	// 153.7.0esr, vectors engine-misc/basic-response-has-no-x-firefox-spdy
	// and expose/basic-same-origin-exposes-all-but-set-cookie (basic
	// responses, fetch() and XMLHttpRequest: expose/xhr-same-origin-basic),
	// expose/aceh-star-non-credentialed (`*`); every one of the 26 vectors
	// where Firefox showed it is reproduced.
	SpdyResponseHeader bool
}

// PaddedValues is what a user agent does with a response field value that
// starts or ends with a space or tab over HTTP/2 or later.
type PaddedValues uint8

const (
	// PaddedMalformed: the response is malformed and the fetch a network
	// error, as HTTP says.
	PaddedMalformed PaddedValues = iota
	// PaddedTrimmed: the spaces and tabs are dropped, as over HTTP/1.x.
	PaddedTrimmed
	// PaddedKept: the value is used as received, spaces and tabs included.
	PaddedKept
)

// String returns "malformed", "trimmed" or "kept".
func (p PaddedValues) String() string {
	switch p {
	case PaddedMalformed:
		return "malformed"
	case PaddedTrimmed:
		return "trimmed"
	case PaddedKept:
		return "kept"
	}
	return "PaddedValues(" + strconv.Itoa(int(p)) + ")"
}

// The response rules of each profile.
var (
	specResponseRules     = ResponseKnobs{}
	chromiumResponseRules = ResponseKnobs{
		AbsentAllowMethodsAllowsNone:            true,
		WildcardAllowHeadersCoversAuthorization: true,
		PaddedHTTP2Values:                       PaddedTrimmed,
	}
	firefoxResponseRules = ResponseKnobs{
		PreflightIgnoresRedirectTaint:           true,
		AbsentAllowMethodsAllowsNone:            true,
		WildcardAllowHeadersCoversAuthorization: true,
		PaddedHTTP2Values:                       PaddedTrimmed,
		ExposeWildcardBeforeInvalidName:         true,
		SpdyResponseHeader:                      true,
	}
	webKitResponseRules = ResponseKnobs{
		AbsentAllowMethodsAllowsNone:            true,
		WildcardAllowHeadersCoversAuthorization: true,
		KeepOriginOnSameOriginRedirect:          true,
		PaddedHTTP2Values:                       PaddedKept,
	}
)
