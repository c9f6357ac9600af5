package safelist

// forbiddenRequestHeaderNames are the names step 1 of forbidden
// request-header lists, in lowercase.
var forbiddenRequestHeaderNames = [...]string{
	"accept-charset",
	"accept-encoding",
	"access-control-request-headers",
	"access-control-request-method",
	"connection",
	"content-length",
	"cookie",
	"cookie2",
	"date",
	"dnt",
	"expect",
	"host",
	"keep-alive",
	"origin",
	"referer",
	"set-cookie",
	"te",
	"trailer",
	"transfer-encoding",
	"upgrade",
	"via",
}

// ForbiddenRequestHeader implements [forbidden request-header]: the user
// agent keeps control of these headers, so fetch() and XMLHttpRequest
// silently drop them when script sets them. (name, value) is forbidden
// when the name is one of the 21 listed names (Cookie, Origin, Host, ...),
// starts with `proxy-` or `sec-`, or is X-HTTP-Method,
// X-HTTP-Method-Override or X-Method-Override with a [forbidden method]
// among its comma-separated values. Names match byte-case-insensitively.
// It does not allocate.
//
// [forbidden request-header]: https://fetch.spec.whatwg.org/#forbidden-request-header
// [forbidden method]: https://fetch.spec.whatwg.org/#forbidden-method
func ForbiddenRequestHeader(name, value string) bool {
	// Step 1: the listed names.
	for _, n := range forbiddenRequestHeaderNames {
		if equalFold(name, n) {
			return true
		}
	}
	// Step 2: the reserved prefixes.
	if hasPrefixFold(name, "proxy-") || hasPrefixFold(name, "sec-") {
		return true
	}
	// Step 3: method-override headers naming a forbidden method.
	if equalFold(name, "x-http-method") || equalFold(name, "x-http-method-override") || equalFold(name, "x-method-override") {
		// Step 3.1: get, decode, and split the value.
		for pos, last := 0, false; !last; {
			var method string
			method, pos, last = nextSplitValue(value, pos)
			// Step 3.2: isomorphic encoding is the identity here.
			if ForbiddenMethod(method) {
				return true
			}
		}
	}
	// Step 4.
	return false
}

// ForbiddenResponseHeaderName reports whether name is a [forbidden
// response-header name]: `Set-Cookie` or `Set-Cookie2`, byte-case-insensitively.
// No filtered response exposes them to script, whatever
// Access-Control-Expose-Headers says.
//
// [forbidden response-header name]: https://fetch.spec.whatwg.org/#forbidden-response-header-name
func ForbiddenResponseHeaderName(name string) bool {
	return equalFold(name, "set-cookie") || equalFold(name, "set-cookie2")
}
