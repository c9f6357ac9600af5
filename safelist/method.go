package safelist

// ValidMethod reports whether m is a [method]: a byte sequence matching the
// HTTP token production. Any token is allowed, "CHICKEN" and "eGg" included.
//
// [method]: https://fetch.spec.whatwg.org/#concept-method
func ValidMethod(m string) bool {
	return isToken(m)
}

// SafelistedMethod reports whether m is a [CORS-safelisted method]: exactly
// `GET`, `HEAD` or `POST`, compared byte for byte. A method that was not
// normalized, such as "post", is not safelisted; normalize it first with
// [NormalizeMethod] where the spec does.
//
// [CORS-safelisted method]: https://fetch.spec.whatwg.org/#cors-safelisted-method
func SafelistedMethod(m string) bool {
	return m == "GET" || m == "HEAD" || m == "POST"
}

// ForbiddenMethod reports whether m is a [forbidden method]: a
// byte-case-insensitive match for `CONNECT`, `TRACE` or `TRACK`.
//
// [forbidden method]: https://fetch.spec.whatwg.org/#forbidden-method
func ForbiddenMethod(m string) bool {
	return equalFold(m, "CONNECT") || equalFold(m, "TRACE") || equalFold(m, "TRACK")
}

// normalizedMethods are the only methods [normalize] touches, in the form
// it gives them.
//
// [normalize]: https://fetch.spec.whatwg.org/#concept-method-normalize
var normalizedMethods = [...]string{"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"}

// NormalizeMethod implements [normalize]: a byte-case-insensitive match for
// `DELETE`, `GET`, `HEAD`, `OPTIONS`, `POST` or `PUT` is byte-uppercased;
// every other method is returned exactly as given ("patch" stays "patch").
// It does not allocate.
//
// [normalize]: https://fetch.spec.whatwg.org/#concept-method-normalize
func NormalizeMethod(m string) string {
	for _, n := range normalizedMethods {
		if equalFold(m, n) {
			return n
		}
	}
	return m
}
