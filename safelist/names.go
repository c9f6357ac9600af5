package safelist

// NonWildcardRequestHeaderName reports whether name is a [CORS non-wildcard
// request-header name]: `Authorization`, byte-case-insensitively. A `*` in
// Access-Control-Allow-Headers never covers it.
//
// [CORS non-wildcard request-header name]: https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name
func NonWildcardRequestHeaderName(name string) bool {
	return equalFold(name, "authorization")
}

// PrivilegedNoCORSRequestHeaderName reports whether name is a [privileged
// no-CORS request-header name]: `Range`, byte-case-insensitively.
// Privileged APIs (media, downloads) may set it on no-cors requests; it is
// removed when script modifies such a request's headers.
//
// [privileged no-CORS request-header name]: https://fetch.spec.whatwg.org/#privileged-no-cors-request-header-name
func PrivilegedNoCORSRequestHeaderName(name string) bool {
	return equalFold(name, "range")
}

// NoCORSSafelistedRequestHeaderName reports whether name is a [no-CORS-safelisted
// request-header name]: `Accept`, `Accept-Language`, `Content-Language` or
// `Content-Type`, byte-case-insensitively. Range is not one.
//
// [no-CORS-safelisted request-header name]: https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header-name
func NoCORSSafelistedRequestHeaderName(name string) bool {
	return equalFold(name, "accept") || equalFold(name, "accept-language") ||
		equalFold(name, "content-language") || equalFold(name, "content-type")
}

// NoCORSSafelistedRequestHeader implements [no-CORS-safelisted
// request-header]: the name is a no-CORS-safelisted request-header name
// and (name, value) is a CORS-safelisted request-header. A request-no-cors
// Headers object keeps only such headers; Headers.append checks the value
// combined with the existing one, so a second `Content-Type: text/plain`
// is dropped ("text/plain, text/plain" is not a MIME type).
//
// [no-CORS-safelisted request-header]: https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header
func NoCORSSafelistedRequestHeader(name, value string) bool {
	// Step 1.
	if !NoCORSSafelistedRequestHeaderName(name) {
		return false
	}
	// Step 2.
	return RequestHeader(name, value).Safelisted()
}

// RequestBodyHeaderName reports whether name is a [request-body-header
// name]: `Content-Encoding`, `Content-Language`, `Content-Location` or
// `Content-Type`, byte-case-insensitively. They are deleted when a
// redirect turns a request into a bodiless GET.
//
// [request-body-header name]: https://fetch.spec.whatwg.org/#request-body-header-name
func RequestBodyHeaderName(name string) bool {
	return equalFold(name, "content-encoding") || equalFold(name, "content-language") ||
		equalFold(name, "content-location") || equalFold(name, "content-type")
}

// safelistedResponseHeaderNames are the names every CORS response exposes.
var safelistedResponseHeaderNames = [...]string{
	"cache-control",
	"content-language",
	"content-length",
	"content-type",
	"expires",
	"last-modified",
	"pragma",
}

// ResponseHeaderName reports whether name is a [CORS-safelisted
// response-header name] given the exposed list (the response's CORS-exposed
// header-name list): one of Cache-Control, Content-Language,
// Content-Length, Content-Type, Expires, Last-Modified, Pragma, or an item
// of exposed that is not a forbidden response-header name; all
// byte-case-insensitively. A `*` in exposed matches only a header named
// `*`: the caller expands the wildcard when the credentials mode allows it.
//
// [CORS-safelisted response-header name]: https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name
func ResponseHeaderName(name string, exposed []string) bool {
	for _, n := range safelistedResponseHeaderNames {
		if equalFold(name, n) {
			return true
		}
	}
	for _, n := range exposed {
		if equalFold(name, n) && !ForbiddenResponseHeaderName(n) {
			return true
		}
	}
	return false
}
