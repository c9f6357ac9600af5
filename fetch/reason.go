package fetch

// A Reason names why a fetch failed: the first failing step, in the spec's
// order. Reasons are stable codes for machines (vectors assert them); the
// first group is named after the CORS error pages browsers and MDN use.
type Reason string

// Reasons raised by the CORS check ([CORS check]), on an actual response, a
// redirect response or a preflight response.
//
// [CORS check]: https://fetch.spec.whatwg.org/#concept-cors-check
const (
	// CORSMissingAllowOrigin: Access-Control-Allow-Origin is absent (step 2).
	CORSMissingAllowOrigin Reason = "CORSMissingAllowOrigin"
	// CORSMultipleAllowOriginNotAllowed: it came on several header lines, or
	// its one value lists several origins, so it cannot equal the origin
	// (step 4).
	CORSMultipleAllowOriginNotAllowed Reason = "CORSMultipleAllowOriginNotAllowed"
	// CORSNotSupportingCredentials: it is `*` while the credentials mode is
	// include (step 4: `*` is never the serialized origin).
	CORSNotSupportingCredentials Reason = "CORSNotSupportingCredentials"
	// CORSAllowOriginNotMatchingOrigin: it is not the serialized request
	// origin, byte for byte (step 4).
	CORSAllowOriginNotMatchingOrigin Reason = "CORSAllowOriginNotMatchingOrigin"
	// CORSMissingAllowCredentials: the credentials mode is include and
	// Access-Control-Allow-Credentials is not exactly `true` (step 7).
	CORSMissingAllowCredentials Reason = "CORSMissingAllowCredentials"
)

// Reasons raised by [CORS-preflight fetch], after the CORS check of the
// preflight response, in this order.
//
// [CORS-preflight fetch]: https://fetch.spec.whatwg.org/#cors-preflight-fetch-0
const (
	// CORSPreflightRedirect: the preflight response has a redirect status;
	// preflights never follow redirects, and a 3xx is not an ok status (step 7).
	CORSPreflightRedirect Reason = "CORSPreflightRedirect"
	// CORSPreflightDidNotSucceed: the preflight response's status is not an
	// ok status (step 7).
	CORSPreflightDidNotSucceed Reason = "CORSPreflightDidNotSucceed"
	// CORSInvalidAllowMethod: Access-Control-Allow-Methods does not parse
	// (step 7.3).
	CORSInvalidAllowMethod Reason = "CORSInvalidAllowMethod"
	// CORSInvalidAllowHeader: Access-Control-Allow-Headers does not parse
	// (step 7.3).
	CORSInvalidAllowHeader Reason = "CORSInvalidAllowHeader"
	// CORSMethodNotFound: the method is not allowed (step 7.5).
	CORSMethodNotFound Reason = "CORSMethodNotFound"
	// CORSMissingAllowHeaderFromPreflight: a header is not allowed:
	// Authorization not listed by name (step 7.6), or a CORS-unsafe
	// request-header name not covered (step 7.7).
	CORSMissingAllowHeaderFromPreflight Reason = "CORSMissingAllowHeaderFromPreflight"
)

// Reasons raised by [main fetch], [HTTP fetch] and [HTTP-redirect fetch].
//
// [main fetch]: https://fetch.spec.whatwg.org/#concept-main-fetch
// [HTTP fetch]: https://fetch.spec.whatwg.org/#concept-http-fetch
// [HTTP-redirect fetch]: https://fetch.spec.whatwg.org/#concept-http-redirect-fetch
const (
	// CORSRequestNotHttp: mode cors and a URL whose scheme is not HTTP(S)
	// (main fetch step 12).
	CORSRequestNotHttp Reason = "CORSRequestNotHttp"
	// SameOriginModeCrossOrigin: mode same-origin and a cross-origin URL
	// (main fetch step 12), also after a redirect.
	SameOriginModeCrossOrigin Reason = "SameOriginModeCrossOrigin"
	// NoCORSRedirectMode: mode no-cors with a redirect mode other than
	// follow (main fetch step 12).
	NoCORSRedirectMode Reason = "NoCORSRedirectMode"
	// BadPort: the URL's port is a bad port (main fetch step 7).
	BadPort Reason = "BadPort"
	// MixedContent: a secure page requests a URL that is not potentially
	// trustworthy (main fetch step 7, Mixed Content).
	MixedContent Reason = "MixedContent"
	// RedirectModeError: redirect mode error and a redirect arrived (HTTP
	// fetch step 6.3).
	RedirectModeError Reason = "RedirectModeError"
	// RedirectLocationInvalid: the Location header does not parse, or there
	// are several (HTTP-redirect fetch step 5).
	RedirectLocationInvalid Reason = "RedirectLocationInvalid"
	// RedirectNotHTTP: the Location URL's scheme is not HTTP(S)
	// (HTTP-redirect fetch step 6).
	RedirectNotHTTP Reason = "RedirectNotHTTP"
	// TooManyRedirects: a 21st redirect (HTTP-redirect fetch step 7).
	TooManyRedirects Reason = "TooManyRedirects"
	// CORSRedirectCredentials: the Location URL carries credentials while the
	// request is cors-mode and cross-origin to it, or cors-tainted
	// (HTTP-redirect fetch steps 9-10).
	CORSRedirectCredentials Reason = "CORSRedirectCredentials"
	// RedirectStreamBody: a redirect other than 303 of a request whose body
	// came from a ReadableStream (HTTP-redirect fetch step 11).
	RedirectStreamBody Reason = "RedirectStreamBody"
	// StreamBodyHTTP1: a ReadableStream body over an HTTP/1.x connection
	// (HTTP-network fetch step 8.3).
	StreamBodyHTTP1 Reason = "StreamBodyHTTP1"
	// CORPBlocked: Cross-Origin-Resource-Policy blocks an opaque response
	// (HTTP fetch step 5).
	CORPBlocked Reason = "CORPBlocked"
	// CORSDidNotSucceed: no HTTP response at all (a transport failure).
	CORSDidNotSucceed Reason = "CORSDidNotSucceed"
	// UnsupportedScheme: scheme fetch has nothing for the URL: an about: URL
	// other than about:blank, a blob: URL (corsim keeps no blob store), a
	// file: URL, or an unknown scheme (scheme fetch).
	UnsupportedScheme Reason = "UnsupportedScheme"
	// OpaqueRangeResponse: an opaque 206/416 response to a range request,
	// reaching a request that carried no Range (main fetch step 21).
	OpaqueRangeResponse Reason = "OpaqueRangeResponse"
	// InvalidDataURL: a data: URL that does not parse (scheme fetch).
	InvalidDataURL Reason = "InvalidDataURL"
)

// Reasons for a TypeError (or other exception) thrown by the script API
// before anything is sent.
const (
	InvalidURL          Reason = "InvalidURL"
	URLCredentials      Reason = "URLCredentials"
	InvalidMethod       Reason = "InvalidMethod"
	ForbiddenMethod     Reason = "ForbiddenMethod"
	NoCORSMethod        Reason = "NoCORSMethod"
	InvalidHeaderName   Reason = "InvalidHeaderName"
	InvalidHeaderValue  Reason = "InvalidHeaderValue"
	BodyWithGetOrHead   Reason = "BodyWithGetOrHead"
	StreamWithoutDuplex Reason = "StreamWithoutDuplex"
	StreamNoCORS        Reason = "StreamNoCORS"
	KeepaliveStream     Reason = "KeepaliveStream"
	NavigateMode        Reason = "NavigateMode"
	// InvalidEnumValue: a RequestInit member holds a value its Web IDL
	// enumeration does not list (mode, credentials, redirect, duplex), or
	// a body kind corsim does not know.
	InvalidEnumValue Reason = "InvalidEnumValue"
	// NotSupported: the engine does not support the request at all
	// (WebKit's NotSupportedError for ReadableStream bodies).
	NotSupported Reason = "NotSupported"
)
