package fetch

import (
	"strings"
	"time"

	wurl "github.com/nlnwa/whatwg-url/url"
)

// ParseCookie parses a Set-Cookie header value received for a request to u at
// time now: the [parse a cookie] algorithm. It returns the cookie, not yet
// stored, whose Host is the Domain attribute's host or "" (null), or a
// *CookieError when the header must be ignored.
//
// Where the layered draft and RFC 6265bis §5.6 disagree, this follows
// RFC 6265bis, which is what engines do:
//   - a valid Max-Age wins over Expires whatever their order (the draft resets
//     its maxAgeSeen flag on every attribute);
//   - an empty Domain attribute (or "Domain=.") is ignored rather than making
//     the cookie fail;
//   - the last SameSite attribute wins, and an unrecognised value means
//     unset; the last Path attribute wins, and one that does not start with
//     "/" means the default path.
//
// [parse a cookie]: https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-layered-cookies#name-parse-a-cookie
func ParseCookie(header string, u *URL, now time.Time) (Cookie, error) {
	fail := func(name string, r CookieReason) (Cookie, error) {
		return Cookie{}, &CookieError{Header: header, Name: name, Reason: r}
	}
	// Step 1: control characters other than tab make the header invalid.
	for i := 0; i < len(header); i++ {
		if c := header[i]; c < 0x20 && c != '\t' || c == 0x7f {
			return fail("", CookieControlCharacter)
		}
	}
	// Steps 2–5: split off the attributes at the first ";".
	nameValue, attrs := header, ""
	if i := strings.IndexByte(header, ';'); i >= 0 {
		nameValue, attrs = header[:i], header[i:] // attrs keeps its ";"
	}
	// Steps 7–11: a pair without "=" is a nameless cookie.
	var name, value string
	if n, v, ok := strings.Cut(nameValue, "="); ok {
		name, value = n, v
	} else {
		value = nameValue
	}
	name, value = trimWSP(name), trimWSP(value)
	// Step 12.
	if len(name)+len(value) == 0 {
		return fail(name, CookieEmpty)
	}
	if len(name)+len(value) > maxCookieBytes {
		return fail(name, CookieTooLarge)
	}
	// Steps 13–14.
	c := Cookie{Name: name, Value: value, Path: cookieDefaultPath(u.Path())}

	// Step 15: the attributes, each ";"-separated.
	maxAgeSeen := false
	for attrs != "" {
		attrs = attrs[1:] // the ";"
		var av string
		if i := strings.IndexByte(attrs, ';'); i >= 0 {
			av, attrs = attrs[:i], attrs[i:]
		} else {
			av, attrs = attrs, ""
		}
		attrName, attrValue, _ := strings.Cut(av, "=")
		attrName, attrValue = trimWSP(attrName), trimWSP(attrValue)
		if len(attrValue) > maxAttributeBytes {
			continue
		}
		switch {
		case equalFoldASCII(attrName, "Expires"):
			if maxAgeSeen {
				continue
			}
			t, ok := parseCookieDate(attrValue)
			if !ok {
				continue
			}
			if limit := now.Add(CookieAgeLimit); t.After(limit) {
				t = limit
			}
			c.Expires = t
		case equalFoldASCII(attrName, "Max-Age"):
			d, ok := parseMaxAge(attrValue)
			if !ok {
				continue
			}
			if d <= 0 {
				c.Expires = time.Unix(0, 0).UTC()
			} else {
				c.Expires = now.Add(d)
			}
			maxAgeSeen = true
		case equalFoldASCII(attrName, "Domain"):
			hostInput := strings.TrimPrefix(attrValue, ".")
			if hostInput == "" {
				continue // RFC 6265bis §5.5.3: ignore an empty Domain.
			}
			h, ok := parseCookieDomain(hostInput)
			if !ok {
				return fail(name, CookieInvalidDomain)
			}
			c.Host = h
		case equalFoldASCII(attrName, "Path"):
			if attrValue != "" && attrValue[0] == '/' {
				c.Path, c.hasPath = attrValue, true
			} else {
				c.Path, c.hasPath = cookieDefaultPath(u.Path()), false
			}
		case equalFoldASCII(attrName, "Secure"):
			c.Secure = true
		case equalFoldASCII(attrName, "HttpOnly"):
			c.HTTPOnly = true
		case equalFoldASCII(attrName, "SameSite"):
			switch {
			case equalFoldASCII(attrValue, "None"):
				c.SameSite = SameSiteNone
			case equalFoldASCII(attrValue, "Strict"):
				c.SameSite = SameSiteStrict
			case equalFoldASCII(attrValue, "Lax"):
				c.SameSite = SameSiteLax
			default:
				c.SameSite = SameSiteUnset
			}
		}
		// Unrecognised attributes are ignored.
	}
	return c, nil
}

// trimWSP removes leading and trailing spaces and tabs (the WSP bytes).
func trimWSP(s string) string { return strings.Trim(s, " \t") }

// cookieDefaultPath returns the [cookie default path] of a URL path
// serialization: everything before its last "/", or "/" when that is the
// first character (or the path is opaque).
//
// [cookie default path]: https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-layered-cookies#name-cookie-default-path
func cookieDefaultPath(path string) string {
	if path == "" || path[0] != '/' {
		return "/"
	}
	i := strings.LastIndexByte(path, '/')
	if i == 0 {
		return "/"
	}
	return path[:i]
}

// parseMaxAge parses a Max-Age value: an optional "-", then digits only. The
// result is capped at CookieAgeLimit (and at minus that, for a huge negative
// value), so no overflow is possible.
func parseMaxAge(v string) (time.Duration, bool) {
	neg := strings.HasPrefix(v, "-")
	digits := strings.TrimPrefix(v, "-")
	if digits == "" {
		return 0, false
	}
	const limit = int64(CookieAgeLimit / time.Second)
	var n int64
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n <= limit {
			n = n*10 + int64(c-'0')
		}
	}
	n = min(n, limit)
	if neg {
		n = -n
	}
	return time.Duration(n) * time.Second, true
}

// parseCookieDomain host-parses a Domain attribute value (its leading "."
// already removed), as the URL parser parses the host of an http URL: ASCII
// only, percent-decoded, IDNA-mapped, IPv4 numbers canonicalised.
func parseCookieDomain(in string) (string, bool) {
	for i := 0; i < len(in); i++ {
		c := in[i]
		switch {
		case c <= ' ' || c >= 0x7f:
			// Non-ASCII is a failure in the draft; whitespace and controls
			// would be stripped by the URL parser but are forbidden domain
			// code points for the host parser.
			return "", false
		case c == '/' || c == '\\' || c == '?' || c == '#' || c == '@':
			return "", false
		case c == ':' && in[0] != '[':
			return "", false // a port, not a host
		}
	}
	if in[0] == '[' && !strings.HasSuffix(in, "]") {
		return "", false
	}
	u, err := wurl.Parse("http://" + in + "/")
	if err != nil || u.Port() != "" || u.Hostname() == "" {
		return "", false
	}
	return u.Hostname(), true
}

// months are the month-name prefixes of the cookie-date grammar.
var months = [12]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// parseCookieDate is the cookie specifications' [parse a date] algorithm, the
// lenient date parser for Expires.
//
// [parse a date]: https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-layered-cookies#name-parse-a-date
func parseCookieDate(s string) (time.Time, bool) {
	var (
		foundTime, foundDay, foundMonth, foundYear bool
		hour, minute, second, day, month, year     int
	)
	// Step 1: split into date-tokens at delimiters.
	for len(s) > 0 {
		i := 0
		for i < len(s) && isDateDelimiter(s[i]) {
			i++
		}
		s = s[i:]
		j := 0
		for j < len(s) && !isDateDelimiter(s[j]) {
			j++
		}
		tok := s[:j]
		s = s[j:]
		if tok == "" {
			continue
		}
		// Step 2: the first production each token matches, in this order.
		if !foundTime {
			if h, m, sec, ok := matchCookieTime(tok); ok {
				foundTime, hour, minute, second = true, h, m, sec
				continue
			}
		}
		if !foundDay {
			if d, ok := matchDigits(tok, 1, 2); ok {
				foundDay, day = true, d
				continue
			}
		}
		if !foundMonth {
			if m, ok := matchMonth(tok); ok {
				foundMonth, month = true, m
				continue
			}
		}
		if !foundYear {
			if y, ok := matchDigits(tok, 2, 4); ok {
				foundYear, year = true, y
				continue
			}
		}
	}
	// Steps 3–4: two-digit years.
	switch {
	case year >= 70 && year <= 99:
		year += 1900
	case year >= 0 && year <= 69:
		year += 2000
	}
	// Step 5.
	if !foundTime || !foundDay || !foundMonth || !foundYear ||
		day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59 {
		return time.Time{}, false
	}
	// Step 6: the date must exist (no 31 April).
	t := time.Date(year, time.Month(month), day, hour, minute, second, 0, time.UTC)
	if t.Day() != day {
		return time.Time{}, false
	}
	return t, true
}

// isDateDelimiter reports whether b is a cookie-date delimiter:
// %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E.
func isDateDelimiter(b byte) bool {
	return b == 0x09 || b >= 0x20 && b <= 0x2f || b >= 0x3b && b <= 0x40 ||
		b >= 0x5b && b <= 0x60 || b >= 0x7b && b <= 0x7e
}

// matchDigits matches min to max digits, then either the end of tok or a
// non-digit followed by anything (day-of-month and year productions).
func matchDigits(tok string, min, max int) (int, bool) {
	n, i := 0, 0
	for i < len(tok) && i < max && tok[i] >= '0' && tok[i] <= '9' {
		n = n*10 + int(tok[i]-'0')
		i++
	}
	if i < min || i < len(tok) && tok[i] >= '0' && tok[i] <= '9' {
		return 0, false
	}
	return n, true
}

// matchCookieTime matches hms-time [ non-digit *OCTET ], where hms-time is
// three 1*2DIGIT fields separated by ":".
func matchCookieTime(tok string) (h, m, s int, ok bool) {
	var f [3]int
	for k := 0; k < 3; k++ {
		n, i := 0, 0
		for i < len(tok) && i < 2 && tok[i] >= '0' && tok[i] <= '9' {
			n = n*10 + int(tok[i]-'0')
			i++
		}
		if i == 0 {
			return 0, 0, 0, false
		}
		f[k], tok = n, tok[i:]
		if k < 2 {
			if tok == "" || tok[0] != ':' {
				return 0, 0, 0, false
			}
			tok = tok[1:]
		}
	}
	if tok != "" && tok[0] >= '0' && tok[0] <= '9' {
		return 0, 0, 0, false
	}
	return f[0], f[1], f[2], true
}

// matchMonth matches a token starting with a month's first three letters,
// case-insensitively, and returns the month number.
func matchMonth(tok string) (int, bool) {
	if len(tok) < 3 {
		return 0, false
	}
	for i, m := range months {
		if equalFoldASCII(tok[:3], m) {
			return i + 1, true
		}
	}
	return 0, false
}
