package fetch

import (
	"strconv"
	"strings"
	"sync/atomic"
)

// Origin is an [origin]: either a tuple origin (scheme, host, port) or an
// opaque origin. The domain component of HTML's tuple is always null here
// (corsim does not model document.domain).
//
// Origins compare with ==. Two tuple origins are == exactly when they are
// same origin. Every opaque origin is unique: one made by NewOpaqueOrigin (or
// by parsing "null", or by taking the origin of a data: URL) is == only to
// copies of itself, as HTML requires. The zero Origin is not an origin: it is
// opaque, serializes as "null", and SameOrigin reports false for it even
// against itself, so a forgotten origin fails closed.
//
// [origin]: https://html.spec.whatwg.org/multipage/browsers.html#concept-origin
type Origin struct {
	scheme  string // "" for opaque origins
	host    string // serialized host
	port    uint16
	hasPort bool
	opaque  uint64 // unique id of an opaque origin; 0 for tuple origins and the zero Origin
}

// opaqueIDs hands out opaque origin ids; 0 is reserved for "not opaque".
var opaqueIDs atomic.Uint64

// NewOpaqueOrigin returns a new opaque origin, distinct from every other.
func NewOpaqueOrigin() Origin {
	return Origin{opaque: opaqueIDs.Add(1)}
}

// tupleOrigin returns the tuple origin (scheme, host, port, null).
func tupleOrigin(scheme, host string, port uint16, hasPort bool) Origin {
	return Origin{scheme: scheme, host: host, port: port, hasPort: hasPort}
}

// Origin returns the URL's [origin]: a tuple origin for http, https, ws, wss
// and ftp URLs; for blob: URLs the origin of the URL in their path when that
// is an http(s) URL; otherwise (data:, about:, file: and every other scheme)
// a new opaque origin, so such a URL is not even same origin with itself.
// corsim has no blob URL store, so a blob URL's entry is taken to be null.
//
// [origin]: https://url.spec.whatwg.org/#concept-url-origin
func (u *URL) Origin() Origin {
	switch u.scheme {
	case "http", "https", "ws", "wss", "ftp":
		return tupleOrigin(u.scheme, u.host, u.port, u.hasPort)
	case "blob":
		// Step 2: parse the URL path serialization.
		p, err := ParseURL(u.Path())
		if err != nil {
			// Step 3.
			return NewOpaqueOrigin()
		}
		// Step 4: http, https or file (file: gets an opaque origin below).
		switch p.scheme {
		case "http", "https":
			return p.Origin()
		}
		return NewOpaqueOrigin()
	default:
		// "file": left as an exercise to the reader; when in doubt, opaque.
		return NewOpaqueOrigin()
	}
}

// IsOpaque reports whether o is an opaque origin (or the zero Origin).
func (o Origin) IsOpaque() bool { return o.scheme == "" }

// Scheme returns the scheme of a tuple origin, or "" for an opaque one.
func (o Origin) Scheme() string { return o.scheme }

// Host returns the serialized host of a tuple origin, or "" for an opaque one.
func (o Origin) Host() string { return o.host }

// Port returns the port of a tuple origin and true, or 0 and false when the
// port is null (the scheme's default) or the origin is opaque.
func (o Origin) Port() (port uint16, ok bool) { return o.port, o.hasPort }

// Serialize returns the [ASCII serialization of an origin]: "null" for an
// opaque origin, otherwise scheme "://" host, then ":" port unless the port is
// null (the default port is never written). This is the value of the Origin
// header for a request that is not redirect-tainted.
//
// [ASCII serialization of an origin]: https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin
func (o Origin) Serialize() string {
	if o.IsOpaque() {
		return "null"
	}
	if !o.hasPort {
		return o.scheme + "://" + o.host
	}
	var b strings.Builder
	b.Grow(len(o.scheme) + 3 + len(o.host) + 6)
	b.WriteString(o.scheme)
	b.WriteString("://")
	b.WriteString(o.host)
	b.WriteByte(':')
	b.WriteString(strconv.FormatUint(uint64(o.port), 10))
	return b.String()
}

// String returns o.Serialize().
func (o Origin) String() string { return o.Serialize() }

// MarshalText returns o.Serialize(). An opaque origin marshals as "null" and
// so does not survive a round trip as the same origin.
func (o Origin) MarshalText() ([]byte, error) { return []byte(o.Serialize()), nil }

// UnmarshalText sets o to ParseOrigin(string(text)).
func (o *Origin) UnmarshalText(text []byte) error {
	p, err := ParseOrigin(string(text))
	if err != nil {
		return err
	}
	*o = p
	return nil
}

// SameOrigin reports whether a and b are [same origin]: the same opaque
// origin, or tuple origins with identical scheme, host and port.
//
// [same origin]: https://html.spec.whatwg.org/multipage/browsers.html#same-origin
func SameOrigin(a, b Origin) bool {
	if a.IsOpaque() || b.IsOpaque() {
		return a.opaque != 0 && a.opaque == b.opaque
	}
	return a == b
}

// OriginError is returned by ParseOrigin for a string that is not a
// serialized origin.
type OriginError struct {
	// Input is the rejected string.
	Input string
	// Reason says what is wrong with it.
	Reason string

	err error
}

// Error renders e as a sentence.
func (e *OriginError) Error() string {
	return "fetch: invalid origin " + strconv.Quote(e.Input) + ": " + e.Reason
}

// Unwrap returns the URL parser's error, if the host or port did not parse.
func (e *OriginError) Unwrap() error { return e.err }

// ParseOrigin parses a serialized origin as scenario files and the Origin
// header write it: "null" (a new opaque origin, unique like every other), or
// scheme "://" host [":" port] with nothing after the authority. The scheme
// must have tuple origins (http, https, ws, wss, ftp). The host and port are
// canonicalised by the URL parser, so "https://A.example:443" gives the same
// origin as "https://a.example"; a path (even a lone "/"), query, fragment,
// userinfo or surrounding whitespace is rejected with an *OriginError.
func ParseOrigin(s string) (Origin, error) {
	if s == "null" {
		return NewOpaqueOrigin(), nil
	}
	fail := func(reason string) (Origin, error) {
		return Origin{}, &OriginError{Input: s, Reason: reason}
	}
	if s == "" {
		return fail("empty string (an opaque origin is written \"null\")")
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == 0x7f {
			return fail("contains whitespace or a control character at byte " + strconv.Itoa(i))
		}
	}
	i := strings.Index(s, "://")
	if i <= 0 {
		return fail(`not of the form scheme "://" host`)
	}
	authority := s[i+3:]
	if j := strings.IndexAny(authority, `/\?#`); j >= 0 {
		switch authority[j] {
		case '?':
			return fail("has a query; an origin is scheme, host and port only")
		case '#':
			return fail("has a fragment; an origin is scheme, host and port only")
		default:
			return fail("has a path (a serialized origin has no trailing slash)")
		}
	}
	if strings.IndexByte(authority, '@') >= 0 {
		return fail("has userinfo (credentials); an origin is scheme, host and port only")
	}
	u, err := ParseURL(s)
	if err != nil {
		var reason string
		if ue, ok := err.(*URLError); ok {
			reason = ue.Reason
		} else {
			reason = err.Error()
		}
		return Origin{}, &OriginError{Input: s, Reason: reason, err: err}
	}
	switch u.scheme {
	case "http", "https", "ws", "wss", "ftp":
	default:
		return fail("scheme " + strconv.Quote(u.scheme) + " has no tuple origin (use \"null\" for an opaque origin)")
	}
	return u.Origin(), nil
}
