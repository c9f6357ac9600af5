package fetch

import (
	"strconv"
	"strings"

	wurlerrors "github.com/nlnwa/whatwg-url/errors"
	wurl "github.com/nlnwa/whatwg-url/url"
)

// URL is a URL parsed by the [URL Standard]'s basic URL parser, the way
// browsers parse the URLs that script hands to fetch() and XMLHttpRequest
// and the Location header of a redirect. Hosts are canonicalised exactly as
// a browser does it (ASCII lowercase, IDNA, IPv4 numbers in any base,
// IPv6 compression), and a port equal to the scheme's default is dropped,
// so `HTTPS://EXAMPLE.com:443/` and `https://example.com/` are the same URL.
//
// A *URL is immutable and safe for concurrent use; the methods that derive a
// new URL (Resolve, WithFragment, WithoutFragment) return a new value.
// Parsing is delegated to github.com/nlnwa/whatwg-url, which implements the
// URL Standard as of its 2023-05-24 snapshot and passes the
// web-platform-tests URL suite of that date.
//
// [URL Standard]: https://url.spec.whatwg.org/#concept-basic-url-parser
type URL struct {
	// The parsed library value is not kept: its Clone and setters write to
	// the receiver (Clone lazily creates search parameters), and its path
	// serialization costs time quadratic in the number of segments. What the
	// algorithms read is copied out once; derived URLs are made by re-parsing
	// serializations.

	href   string // the URL serializer's output
	path   string // the URL path serialization
	noFrag int    // len(href) with the fragment excluded
	hasFrg bool   // fragment is non-null (possibly empty)

	scheme     string
	host       string // serialized host; "" when the host is null or empty
	port       uint16
	hasPort    bool
	hasCreds   bool // non-empty username or password
	opaquePath bool
}

// URLError is returned when a string is not a valid URL, or not a valid
// reference relative to a base URL.
type URLError struct {
	// Input is the string that failed to parse.
	Input string
	// Base is the serialized base URL Input was resolved against, or "" when
	// Input was parsed on its own.
	Base string
	// Reason says what the URL parser objected to, in the words of the URL
	// Standard's validation-error table (for example "The input has a special
	// scheme, but does not contain a host").
	Reason string

	err error
}

// Error renders e as a sentence.
func (e *URLError) Error() string {
	if e.Base != "" {
		return "fetch: cannot resolve " + strconv.Quote(e.Input) + " against " +
			strconv.Quote(e.Base) + ": " + e.Reason
	}
	return "fetch: invalid URL " + strconv.Quote(e.Input) + ": " + e.Reason
}

// Unwrap returns the URL parser's own error.
func (e *URLError) Unwrap() error { return e.err }

func newURLError(input, base string, err error) *URLError {
	reason := string(wurlerrors.Type(err))
	if reason == "" {
		reason = err.Error()
	}
	return &URLError{Input: input, Base: base, Reason: reason, err: err}
}

// ParseURL parses s as an absolute URL (with no base URL), as
// new URL(s) does in a browser.
func ParseURL(s string) (*URL, error) {
	if u, ok := parseCanonicalHTTP(s); ok {
		return u, nil
	}
	return parseURLFull(s)
}

// parseURLFull is ParseURL by the URL library, whatever s is.
func parseURLFull(s string) (*URL, error) {
	u, err := wurl.Parse(s)
	if err != nil {
		return nil, newURLError(s, "", err)
	}
	if err := checkPathWork(u, s, ""); err != nil {
		return nil, err
	}
	return newURL(u), nil
}

// maxPathWork bounds the product of a URL's path separators and the length
// of its serialized path. The URL library serializes a path by appending
// segment after segment to a string, which costs time quadratic in the
// number of segments: a 64 KiB Location header of slashes would take
// seconds, a 1 MiB one an hour. The bound keeps a serialization to tens of
// milliseconds on the reference 2-core machine while admitting, say, a
// 16 KiB path of 2048 segments; no real URL comes near it. Browsers have no
// such bound: this is a corsim deviation that protects crawlers from
// hostile redirects.
const maxPathWork = 1 << 27

// checkPathWork rejects a parsed hierarchical URL whose path could have too
// many segments, estimated from the separators before the query or fragment
// of its input (and of the base it was resolved against).
func checkPathWork(u *wurl.Url, input, base string) error {
	if u.OpaquePath() {
		return nil // one segment, serialized as is
	}
	seps, n := pathSeparators(input)
	bs, bn := pathSeparators(base)
	// Percent-encoding at most triples the input's length.
	seps, n = seps+bs, 3*(n+bn)
	if seps*n <= maxPathWork {
		return nil
	}
	return &URLError{
		Input:  input,
		Base:   base,
		Reason: "the path has too many segments (" + strconv.Itoa(seps) + " separators in " + strconv.Itoa(n/3) + " bytes) for corsim's URL serializer",
	}
}

// pathSeparators counts the "/" and "\\" before the first "?" or "#" of s,
// and returns that prefix's length.
func pathSeparators(s string) (seps, n int) {
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	return strings.Count(s, "/") + strings.Count(s, "\\"), len(s)
}

// Resolve parses ref with u as the base URL, as the [location URL] algorithm
// parses a Location header value against the response's URL. The result
// keeps ref's fragment if it has one; otherwise it has none (the location URL
// algorithm then inherits the request's fragment: see WithFragment).
//
// [location URL]: https://fetch.spec.whatwg.org/#concept-response-location-url
func (u *URL) Resolve(ref string) (*URL, error) {
	// A canonical absolute http(s) URL is itself, whatever the base.
	if r, ok := parseCanonicalHTTP(ref); ok {
		return r, nil
	}
	// ParseRef parses the base again from its serialization; the URL keeps
	// no parsed value to share (see the URL type).
	r, err := wurl.ParseRef(u.href, ref)
	if err != nil {
		return nil, newURLError(ref, u.href, err)
	}
	if err := checkPathWork(r, ref, u.href); err != nil {
		return nil, err
	}
	return newURL(r), nil
}

// newURL copies out the fields the algorithms read, so that accessors
// neither allocate nor touch the library's mutable value.
func newURL(u *wurl.Url) *URL {
	href := u.Href(false)
	noFrag := len(u.Href(true))
	v := &URL{
		href:       href,
		noFrag:     noFrag,
		hasFrg:     len(href) > noFrag,
		path:       u.Pathname(),
		scheme:     u.Scheme(),
		host:       u.Hostname(),
		hasCreds:   u.Username() != "" || u.Password() != "",
		opaquePath: u.OpaquePath(),
	}
	if p := u.Port(); p != "" {
		// The parser only accepts ports in [0, 65535] and serializes them in
		// decimal without leading zeros.
		n, err := strconv.ParseUint(p, 10, 16)
		if err == nil {
			v.port, v.hasPort = uint16(n), true
		}
	}
	return v
}

// String returns the URL serializer's output: the href a browser shows for
// the URL, fragment included.
func (u *URL) String() string { return u.href }

// Serialize returns the URL serializer's output, without the fragment when
// excludeFragment is true (the "exclude fragment" flag of the
// [URL serializer]).
//
// [URL serializer]: https://url.spec.whatwg.org/#concept-url-serializer
func (u *URL) Serialize(excludeFragment bool) string {
	if excludeFragment {
		return u.href[:u.noFrag]
	}
	return u.href
}

// Scheme returns the URL's scheme, ASCII lowercase, without the ":".
func (u *URL) Scheme() string { return u.scheme }

// Host returns the URL's serialized host: a lowercase ASCII domain, a
// dotted-decimal IPv4 address, or an IPv6 address in brackets. It is the URL
// Standard's host concept, without the port (unlike JavaScript's URL.host).
// It is "" when the URL has no host (data:, about:blank) or an empty one.
func (u *URL) Host() string { return u.host }

// Port returns the URL's port and true, or 0 and false when the port is null,
// which is also the case when the input named the scheme's default port.
func (u *URL) Port() (port uint16, ok bool) { return u.port, u.hasPort }

// Path returns the URL path serialization: "/a/b" for hierarchical URLs, or
// the opaque path of URLs such as "data:text/plain,x".
func (u *URL) Path() string { return u.path }

// Query returns the URL's query without the "?" and true, or "" and false
// when the query is null. An empty query ("https://a.example/?") is "", true.
func (u *URL) Query() (query string, ok bool) {
	// The first "?" of the serialization starts the query: userinfo and
	// paths percent-encode "?", hosts and schemes cannot hold one, and the
	// parser ends an opaque path at the first "?".
	s := u.href[:u.noFrag]
	i := strings.IndexByte(s, '?')
	if i < 0 {
		return "", false
	}
	return s[i+1:], true
}

// HasCredentials reports whether the URL includes credentials: a non-empty
// username or password in its userinfo. The [HTTP-redirect fetch] rejects a
// cross-origin redirect to such a URL in cors mode.
//
// [HTTP-redirect fetch]: https://fetch.spec.whatwg.org/#http-redirect-fetch
func (u *URL) HasCredentials() bool {
	return u.hasCreds
}

// Fragment returns the URL's fragment without the "#" and true, or "" and
// false when the fragment is null. "https://a.example/#" has an empty,
// non-null fragment, which a redirect's Location URL would inherit.
func (u *URL) Fragment() (fragment string, ok bool) {
	if !u.hasFrg {
		return "", false
	}
	return u.href[u.noFrag+1:], true
}

// WithoutFragment returns u with a null fragment. It returns u itself when
// the fragment is already null.
func (u *URL) WithoutFragment() *URL {
	if !u.hasFrg {
		return u
	}
	return u.reparse(u.href[:u.noFrag])
}

// WithoutCredentials returns u with an empty username and password, as an
// HTTP request target carries it (RFC 9110 §4.2.4: a sender must not
// generate the userinfo of an http or https URI). It returns u itself when u
// includes no credentials.
func (u *URL) WithoutCredentials() *URL {
	if !u.hasCreds {
		return u
	}
	// The serializer writes the userinfo after "//" and ends it with the
	// first "@": "@" in a username or password is percent-encoded.
	start := strings.Index(u.href, "//") + 2
	at := start + strings.IndexByte(u.href[start:], '@')
	v := *u
	v.href = u.href[:start] + u.href[at+1:]
	v.noFrag -= at + 1 - start
	v.hasCreds = false
	return &v
}

// WithFragment returns u with its fragment set to fragment, an ASCII string
// taken from another URL's Fragment (already percent-encoded). This is the
// [location URL] step that gives a Location without a fragment the request's
// fragment:
//
//	if _, ok := location.Fragment(); !ok {
//		if f, ok := request.Fragment(); ok {
//			location = location.WithFragment(f)
//		}
//	}
//
// [location URL]: https://fetch.spec.whatwg.org/#concept-response-location-url
func (u *URL) WithFragment(fragment string) *URL {
	if f, ok := u.Fragment(); ok && f == fragment {
		return u
	}
	return u.reparse(u.href[:u.noFrag] + "#" + fragment)
}

// reparse parses the serialization s of a URL derived from u. Parsing a
// serialization yields the URL it serializes (the URL Standard keeps the
// serializer and the parser in step, e.g. with the "/." path prefix), and the
// fragment state only percent-encodes what a fragment taken from a parsed URL
// never contains, so the result is exact and the parse cannot fail
// (FuzzParseURL and FuzzResolve check both); were it to, u is returned
// unchanged. The path is u's, whose serialization was affordable, so
// checkPathWork is not repeated.
func (u *URL) reparse(s string) *URL {
	r, err := wurl.Parse(s)
	if err != nil {
		return u
	}
	return newURL(r)
}

// Equal reports whether u and v are equal URLs, ignoring fragments when
// excludeFragments is true (the URL Standard's [URL equals]).
//
// [URL equals]: https://url.spec.whatwg.org/#concept-url-equals
func (u *URL) Equal(v *URL, excludeFragments bool) bool {
	return u.Serialize(excludeFragments) == v.Serialize(excludeFragments)
}

// IsHTTPScheme reports whether the URL's scheme is an [HTTP(S) scheme]:
// "http" or "https".
//
// [HTTP(S) scheme]: https://fetch.spec.whatwg.org/#http-scheme
func (u *URL) IsHTTPScheme() bool { return u.scheme == "http" || u.scheme == "https" }

// MarshalText returns the URL's serialization.
func (u *URL) MarshalText() ([]byte, error) { return []byte(u.href), nil }

// UnmarshalText parses text with ParseURL, so that a URL can be read from
// JSON scenario files.
func (u *URL) UnmarshalText(text []byte) error {
	v, err := ParseURL(string(text))
	if err != nil {
		return err
	}
	*u = *v
	return nil
}
