package fetch

import "strconv"

// RedirectKnobs are the engine's rules for redirects (the Location header,
// redirect modes, what changes on the next hop), for main fetch across
// redirect hops, and for scheme fetch, where it deviates from the Fetch
// Standard. Each knob cites the real-engine observation behind it
// (conformance/testdata, or scratch vectors run with corsim browser). The
// zero value is the Fetch Standard.
type RedirectKnobs struct {
	// LocationLines says how a response with several Location header lines
	// is read. The spec's location URL is failure then, even for identical
	// lines (extract header list values: Location is single-valued), which
	// fails a followed redirect and nothing else.
	//
	// Deviation(Chromium, Firefox): LocationLinesMustAgree. CONFIRMED by
	// corsim browser, Chromium 156.0.8078.79 and Firefox ESR 153.7.0esr,
	// vector redirect/location-two-identical-lines (the redirect to the
	// one URL is followed); scratch runs: two differing lines fail the
	// fetch on a 200 response too, and in manual and error redirect modes.
	// Explanation: Chromium's HttpNetworkTransaction refuses differing
	// copies of Location (ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION); Firefox's
	// nsHttpHeaderArray treats Location as a singleton header.
	// Deviation(WebKit): LocationLinesCombined. CONFIRMED by corsim browser,
	// WebKitGTK 2.50.6, vectors redirect/location-two-identical-lines and
	// redirect/location-two-different-lines (the next request goes to
	// "https://bar.other/next,%20https://bar.other/next"); scratch runs: the
	// same with relative and empty lines, and manual mode gives an
	// opaque-redirect response. Explanation: HTTPHeaderMap joins repeated
	// fields with ", ", and NetworkDataTaskSoup parses the joined value.
	LocationLines LocationLines

	// EmptyLocation says what a Location header whose value is empty does.
	// The spec parses the empty string against the response's URL, which
	// gives that URL again, so a followed redirect repeats until the 20
	// redirects run out.
	//
	// Deviation(Chromium): EmptyLocationAbsent. CONFIRMED by corsim
	// browser, Chromium 156.0.8078.79, vector
	// redirect/location-empty-is-not-absent (script gets the 302); scratch
	// runs: the same in error mode and for a cross-origin CORS request,
	// opaque-redirect in manual mode, an opaque response in no-cors mode,
	// and a Location of spaces (trimmed, see ResponseKnobs
	// PaddedHTTP2Values) is empty too. Explanation: HttpResponseHeaders
	// IsRedirect ignores an empty Location.
	// Deviation(WebKit): EmptyLocationFails. CONFIRMED by corsim browser,
	// WebKitGTK 2.50.6, vector redirect/location-empty-is-not-absent (a
	// network error after one request); scratch runs: the same in no-cors
	// mode and for a cross-origin CORS request, with no console message;
	// error mode returns the 302 and manual mode gives an opaque-redirect
	// response; a Location of three spaces (kept) is followed and loops.
	// Explanation: NetworkDataTaskSoup::shouldStartHTTPRedirection does not
	// follow an empty Location.
	EmptyLocation EmptyLocation

	// ErrorModeNeedsLocation makes redirect mode "error" fail only a
	// redirect response whose Location has a value: without a Location, or
	// with an empty one, the 3xx response is the response, as in follow
	// mode. The spec's HTTP fetch switches on the redirect mode for every
	// redirect status, before the Location is looked at (step 6.3).
	//
	// Deviation(Chromium, WebKit): CONFIRMED by corsim browser, Chromium
	// 156.0.8078.79 and WebKitGTK 2.50.6, vector
	// redirect/no-location-error-mode-still-fails (script gets the 302);
	// scratch runs: the same for a 307 and for an empty Location, while a
	// Location that does not parse or lines that differ still fail, and
	// manual mode without a Location gives an opaque-redirect response.
	// Firefox fails them all, as the spec does.
	ErrorModeNeedsLocation bool

	// LocationParsedInEveryMode parses the Location of every redirect
	// response, whatever the redirect mode, and fails the fetch when it does
	// not parse. The spec parses it only in HTTP-redirect fetch (step 3),
	// which manual mode never reaches: an unparsable Location there gives
	// an opaque-redirect response.
	//
	// Deviation(Chromium): CONFIRMED by corsim browser, Chromium
	// 156.0.8078.79, vector redirect/location-unparsable-manual-mode-not-parsed
	// (a network error); scratch runs: the same at the page's own origin,
	// while a Location with the ftp: or data: scheme gives an opaque-redirect
	// response. Explanation: URLRequestHttpJob computes the redirect URL
	// before CorsURLLoader looks at the redirect mode (ERR_INVALID_REDIRECT).
	LocationParsedInEveryMode bool

	// CrossOriginDeleteBecomesGET turns a DELETE into a GET, with no body,
	// when it is redirected to another origin (the Location's scheme, host
	// or port differs from the current URL's), whatever the redirect status.
	// The header list is kept as it is: a Content-Type stays. The spec
	// (HTTP-redirect fetch step 12) changes the method only for a POST
	// after 301 or 302 and for anything but GET and HEAD after 303.
	//
	// Deviation(WebKit): CONFIRMED by corsim browser, WebKitGTK 2.50.6,
	// vector origin-header/preflight-after-tainting-redirect-null (a DELETE
	// redirected by 307 to another origin is preflighted for GET and sent as
	// GET); scratch runs: the same after 301, 302 and 308 (the GET keeps
	// `Content-Type: text/plain`), a DELETE redirected within its origin
	// stays DELETE, and PUT, PATCH and POST follow the spec. Chromium and
	// Firefox follow the spec in all of these. Explanation: libsoup backend,
	// NetworkDataTaskSoup.cpp shouldRedirectAsGET.
	CrossOriginDeleteBecomesGET bool

	// PreflightStaysRequired keeps a CORS request preflighted on every
	// later hop, once a hop of the same fetch needed a preflight (served
	// from the preflight cache or not), or when the header list script gave
	// the request holds a CORS-unsafe request-header (even if a redirect
	// removed it, or the first hops were same-origin). The spec decides
	// afresh on every hop from the request's current method and headers
	// (main fetch step 12), so a 303 that turned a PUT into a GET, or the
	// Authorization header a cross-origin redirect removed (HTTP-redirect
	// fetch step 13), leaves the next hop without a preflight. The later
	// preflight asks for the current method.
	//
	// Deviation(Firefox, WebKit): CONFIRMED by corsim browser, Firefox ESR
	// 153.7.0esr and WebKitGTK 2.50.6, vectors
	// redirect/put-303-becomes-get-without-preflight,
	// redirect/authorization-dropped-on-cross-origin-hop and
	// redirect/authorization-dropped-then-no-preflight (an OPTIONS asking
	// for GET goes out on the hop the spec sends as a plain GET); scratch
	// runs: a cross-origin PUT with only safelisted headers turned into a
	// GET by a 303 is preflighted again, a same-origin PUT turned into a GET
	// by a 303 to another origin is not, and Chromium follows the spec in
	// all of these. Explanation: Firefox's HttpBaseChannel carries the
	// preflight requirement over to the redirected channel, and its load
	// info keeps the unsafe header names FetchDriver computed once;
	// WebKit's NetworkLoadChecker keeps m_isSimpleRequest false after a
	// preflight and tests m_originalRequestHeaders.
	PreflightStaysRequired bool

	// PreflightHeadersFromScript makes a preflight on a later hop list, in
	// Access-Control-Request-Headers, the CORS-unsafe names of the header
	// list script gave the request, not those of the request's current
	// header list: a header a redirect removed (Content-Type after a 303,
	// Authorization after a cross-origin redirect) is still asked for,
	// though the actual request no longer carries it. The spec's preflight
	// reads the current header list (CORS-preflight fetch steps 4-5).
	// Meaningful with PreflightStaysRequired.
	//
	// Deviation(WebKit): CONFIRMED by corsim browser, WebKitGTK 2.50.6,
	// vectors redirect/put-303-becomes-get-without-preflight
	// (`Access-Control-Request-Headers: content-type` on the OPTIONS for
	// the GET) and redirect/authorization-dropped-on-cross-origin-hop
	// (`authorization`); scratch runs: after a preflight that allows them
	// the actual requests carry neither Content-Type nor Authorization,
	// and Firefox asks only for what the current hop carries. Explanation:
	// NetworkLoadChecker::checkCORSRequestWithPreflight builds the
	// preflight from m_originalRequestHeaders.
	PreflightHeadersFromScript bool

	// CredentialedRedirectChecks CORS-checks a redirect response as if the
	// request's credentials mode were "include" when the credentials mode
	// is "same-origin" and the fetch began at a URL same origin with the
	// request's origin: after a chain page → other origin, the other
	// origin's redirect must answer with the page's origin in
	// Access-Control-Allow-Origin (not `*`) and
	// `Access-Control-Allow-Credentials: true`. The final response is
	// checked with the request's own credentials mode. The spec checks
	// every response with the request's credentials mode (CORS check step
	// 3: `*` passes without "include").
	//
	// Deviation(WebKit): CONFIRMED by corsim browser, WebKitGTK 2.50.6,
	// vectors modes/tainting-stays-cors-after-leaving-page-origin and
	// credentials/redirect-back-to-own-origin-carries-no-cookie (the
	// third request is never sent; console: "Cross-origin redirection to
	// … denied by Cross-Origin Resource Sharing policy: Cannot use wildcard
	// in Access-Control-Allow-Origin when credentials flag is true.");
	// scratch runs: the chain passes when that redirect answers the page's
	// origin and ACAC true, fails with the origin and no ACAC ("Credentials
	// flag is true, but Access-Control-Allow-Credentials is not "true"."),
	// fails for a second redirect within the other origin too, passes with
	// credentials "omit", and passes when the fetch began cross-origin or
	// its first cross-origin response is final. Explanation:
	// SubresourceLoader::checkRedirectionCrossOriginAccessControl checks with
	// options().storedCredentialsPolicy, decided once for the first URL.
	CredentialedRedirectChecks bool

	// AboutBlankFails makes scheme fetch fail for about:blank as for any
	// other about: URL: fetch("about:blank", {mode: "no-cors"}) is a
	// network error. The spec's scheme fetch answers about:blank with an
	// empty HTML document (step "about"), which no-cors mode makes opaque.
	//
	// Deviation(Chromium, WebKit): CONFIRMED by corsim browser, Chromium
	// 156.0.8078.79 and WebKitGTK 2.50.6, vector
	// modes/about-blank-no-cors-opaque (fetch rejects); scratch runs: also
	// in cors and same-origin mode (as in the spec, for other reasons),
	// about:srcdoc fails everywhere, a data: URL in no-cors mode is read in
	// all three engines, and Firefox answers about:blank with an opaque
	// response. Explanation: Chromium's FetchManager handles about: itself
	// ("URL scheme "about" is not supported"); WebKit's loader has no
	// about:blank answer for fetch().
	AboutBlankFails bool
}

// LocationLines is how a user agent reads several Location header lines.
type LocationLines uint8

const (
	// LocationLinesFailure: the location URL of a redirect response is
	// failure, as the spec says.
	LocationLinesFailure LocationLines = iota
	// LocationLinesMustAgree: identical lines count as one; lines that
	// differ make the response, whatever its status, a network error.
	LocationLinesMustAgree
	// LocationLinesCombined: the lines are combined with ", " and the
	// result is parsed as one URL.
	LocationLinesCombined
)

// String returns "failure", "must-agree" or "combined".
func (l LocationLines) String() string {
	switch l {
	case LocationLinesFailure:
		return "failure"
	case LocationLinesMustAgree:
		return "must-agree"
	case LocationLinesCombined:
		return "combined"
	}
	return "LocationLines(" + strconv.Itoa(int(l)) + ")"
}

// EmptyLocation is what a user agent does with an empty Location value.
type EmptyLocation uint8

const (
	// EmptyLocationResolves: the empty string is parsed against the
	// response's URL, as the spec says, and gives that URL.
	EmptyLocationResolves EmptyLocation = iota
	// EmptyLocationAbsent: an empty Location is no Location.
	EmptyLocationAbsent
	// EmptyLocationFails: following it is a network error, at once; redirect
	// modes error and manual see a Location-less redirect response.
	EmptyLocationFails
)

// String returns "resolves", "absent" or "fails".
func (e EmptyLocation) String() string {
	switch e {
	case EmptyLocationResolves:
		return "resolves"
	case EmptyLocationAbsent:
		return "absent"
	case EmptyLocationFails:
		return "fails"
	}
	return "EmptyLocation(" + strconv.Itoa(int(e)) + ")"
}

// The redirect rules of each profile.
var (
	specRedirectRules     = RedirectKnobs{}
	chromiumRedirectRules = RedirectKnobs{
		LocationLines:             LocationLinesMustAgree,
		EmptyLocation:             EmptyLocationAbsent,
		ErrorModeNeedsLocation:    true,
		LocationParsedInEveryMode: true,
		AboutBlankFails:           true,
	}
	firefoxRedirectRules = RedirectKnobs{
		LocationLines:          LocationLinesMustAgree,
		PreflightStaysRequired: true,
	}
	webKitRedirectRules = RedirectKnobs{
		LocationLines:               LocationLinesCombined,
		EmptyLocation:               EmptyLocationFails,
		ErrorModeNeedsLocation:      true,
		CrossOriginDeleteBecomesGET: true,
		PreflightStaysRequired:      true,
		PreflightHeadersFromScript:  true,
		CredentialedRedirectChecks:  true,
		AboutBlankFails:             true,
	}
)

// The four profiles take their redirect rules here, beside the knobs.
func init() {
	Spec.Redirect = specRedirectRules
	Chromium.Redirect = chromiumRedirectRules
	Firefox.Redirect = firefoxRedirectRules
	WebKit.Redirect = webKitRedirectRules
}
