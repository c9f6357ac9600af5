package safelist

import "testing"

func TestHeaderNamePredicates(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) bool
		in   string
		want bool
	}{
		// #31 cors-non-wildcard-request-header-name.
		{"#31 Authorization", NonWildcardRequestHeaderName, "Authorization", true},
		{"#31 lowercase", NonWildcardRequestHeaderName, "authorization", true},
		{"#31 Proxy-Authorization is not", NonWildcardRequestHeaderName, "Proxy-Authorization", false},
		{"#31 Cookie is not", NonWildcardRequestHeaderName, "Cookie", false},
		// #32 privileged-no-cors-request-header-name.
		{"#32 Range", PrivilegedNoCORSRequestHeaderName, "Range", true},
		{"#32 RANGE", PrivilegedNoCORSRequestHeaderName, "RANGE", true},
		{"#32 If-Range is not", PrivilegedNoCORSRequestHeaderName, "If-Range", false},
		// #33 no-cors-safelisted-request-header-name.
		{"#33 Accept", NoCORSSafelistedRequestHeaderName, "Accept", true},
		{"#33 accept-language", NoCORSSafelistedRequestHeaderName, "accept-language", true},
		{"#33 Content-Language", NoCORSSafelistedRequestHeaderName, "Content-Language", true},
		{"#33 CONTENT-TYPE", NoCORSSafelistedRequestHeaderName, "CONTENT-TYPE", true},
		{"#33 Range is not one", NoCORSSafelistedRequestHeaderName, "Range", false},
		{"#33 X-A is not one", NoCORSSafelistedRequestHeaderName, "X-A", false},
		// #40 request-body-header-name.
		{"#40 Content-Encoding", RequestBodyHeaderName, "Content-Encoding", true},
		{"#40 content-language", RequestBodyHeaderName, "content-language", true},
		{"#40 Content-Location", RequestBodyHeaderName, "Content-Location", true},
		{"#40 Content-Type", RequestBodyHeaderName, "CONTENT-TYPE", true},
		{"#40 Content-Length is not", RequestBodyHeaderName, "Content-Length", false},
		{"#40 Content-Disposition is not", RequestBodyHeaderName, "Content-Disposition", false},
	}
	for _, tc := range tests {
		if got := tc.fn(tc.in); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestNoCORSSafelistedRequestHeader(t *testing.T) {
	tests := []struct {
		name, header, value string
		want                bool
	}{
		// #34 no-cors-safelisted-request-header.
		{"#34 Content-Type text/plain kept", "Content-Type", "text/plain", true},
		{"#34 Content-Type application/json dropped", "Content-Type", "application/json", false},
		{"#34 Accept */*", "Accept", "*/*", true},
		{"#34 Accept with an unsafe byte", "Accept", "a@b", false},
		{"#34 Range is never one, even safelisted", "Range", "bytes=0-", false},
		{"#34 X-A", "X-A", "1", false},
		{"#34 129-byte Accept", "Accept", a129, false},
		// #197 concept-headers-append: the would-be combined value is checked.
		{"#197 second text/plain combined", "Content-Type", "text/plain, text/plain", false},
		{"#197 combined Accept values", "Accept", "text/html, */*", true},
	}
	for _, tc := range tests {
		if got := NoCORSSafelistedRequestHeader(tc.header, tc.value); got != tc.want {
			t.Errorf("%s: NoCORSSafelistedRequestHeader(%q, %q) = %v, want %v", tc.name, tc.header, tc.value, got, tc.want)
		}
	}
}

func TestResponseHeaderName(t *testing.T) {
	tests := []struct {
		name    string
		header  string
		exposed []string
		want    bool
	}{
		// #41 cors-safelisted-response-header-name.
		{"#41 Cache-Control", "Cache-Control", nil, true},
		{"#41 Content-Language", "content-language", nil, true},
		{"#41 Content-Length", "CONTENT-LENGTH", nil, true},
		{"#41 Content-Type", "Content-Type", nil, true},
		{"#41 Expires", "Expires", nil, true},
		{"#41 Last-Modified", "Last-Modified", nil, true},
		{"#41 Pragma", "Pragma", nil, true},
		{"#41 Date is not", "Date", nil, false},
		{"#41 ETag is not", "ETag", nil, false},
		{"#41 X-Foo not exposed", "X-Foo", []string{"X-Bar"}, false},
		{"#41 X-Foo exposed, any case", "x-foo", []string{"X-FOO"}, true},
		{"#62 exposed list from ACEH", "X-A", []string{"X-A"}, true},
		{"#68 ACAO hidden unless exposed", "Access-Control-Allow-Origin", nil, false},
		{"#68 ACAO exposed", "Access-Control-Allow-Origin", []string{"access-control-allow-origin"}, true},
		{"#39 Set-Cookie never, even exposed", "Set-Cookie", []string{"Set-Cookie"}, false},
		{"#39 Set-Cookie2 never", "set-cookie2", []string{"SET-COOKIE2"}, false},
		{"#103 '*' matches only a header named '*'", "X-A", []string{"*"}, false},
		{"#103 header named '*'", "*", []string{"*"}, true},
	}
	for _, tc := range tests {
		if got := ResponseHeaderName(tc.header, tc.exposed); got != tc.want {
			t.Errorf("%s: ResponseHeaderName(%q, %q) = %v, want %v", tc.name, tc.header, tc.exposed, got, tc.want)
		}
	}
}

// TestHeadersGuardPredicates covers the header parts of checklist group W:
// the Headers class's guards are made of these predicates (the guards
// themselves live in the fetch package).
func TestHeadersGuardPredicates(t *testing.T) {
	// #198 dom-headers-set: under request-no-cors, set keeps only
	// no-CORS-safelisted request-headers.
	for _, c := range []struct {
		header, value string
		want          bool
	}{
		{"X-A", "1", false},
		{"Content-Type", "text/plain", true},
		{"Range", "bytes=0-", false},
	} {
		if got := NoCORSSafelistedRequestHeader(c.header, c.value); got != c.want {
			t.Errorf("#198 set(%q, %q) kept = %v, want %v", c.header, c.value, got, c.want)
		}
	}
	// #199 dom-headers-delete: under request-no-cors, delete acts only on a
	// no-CORS-safelisted request-header name or a privileged one (Range).
	for name, want := range map[string]bool{"X-A": false, "accept": true, "Range": true, "Content-Type": true, "Authorization": false} {
		if got := NoCORSSafelistedRequestHeaderName(name) || PrivilegedNoCORSRequestHeaderName(name); got != want {
			t.Errorf("#199 delete(%q) acts = %v, want %v", name, got, want)
		}
	}
	// #196 headers-validate, #200 dom-headers-get: an invalid name throws;
	// a forbidden request-header is ignored under the request guard, a
	// forbidden response-header name under the response guard.
	if ValidHeaderName("bad name") {
		t.Errorf("#200 get(\"bad name\") would not throw")
	}
	if !ForbiddenRequestHeader("Cookie", "a=b") {
		t.Errorf("#196 request guard would keep Cookie")
	}
	if !ForbiddenResponseHeaderName("Set-Cookie") {
		t.Errorf("#202 response guard would keep Set-Cookie")
	}
}
