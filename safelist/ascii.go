package safelist

// This file holds the byte-level vocabulary the spec's algorithms are
// written in: byte-case-insensitive matching, HTTP whitespace, token bytes.
// Everything here is ASCII-only on purpose: strings.EqualFold and
// strings.ToLower fold Unicode (U+017F "ſ" matches "s", U+212A KELVIN SIGN
// matches "k"), which the spec's byte-case-insensitive match does not.

// lowerByte is byte-lowercase for one byte: only A-Z change.
func lowerByte(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + ('a' - 'A')
	}
	return b
}

// equalFold reports whether a and b are a byte-case-insensitive match.
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] && lowerByte(a[i]) != lowerByte(b[i]) {
			return false
		}
	}
	return true
}

// hasPrefixFold reports whether s, byte-lowercased, starts with the
// lowercase prefix.
func hasPrefixFold(s, lowerPrefix string) bool {
	return len(s) >= len(lowerPrefix) && equalFold(s[:len(lowerPrefix)], lowerPrefix)
}

// isLower reports whether byte-lowercasing s would leave it unchanged.
func isLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return false
		}
	}
	return true
}

// toLower byte-lowercases s, allocating only when s has an uppercase byte.
func toLower(s string) string {
	if isLower(s) {
		return s
	}
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		b[i] = lowerByte(s[i])
	}
	return string(b)
}

// isTabOrSpace reports whether b is an HTTP tab or space byte (HT, SP).
func isTabOrSpace(b byte) bool { return b == '\t' || b == ' ' }

// isHTTPWhitespace reports whether b is an HTTP whitespace byte (HT, SP, CR, LF).
func isHTTPWhitespace(b byte) bool { return b == '\t' || b == ' ' || b == '\r' || b == '\n' }

// trimTabOrSpace removes leading and trailing HTTP tab or space bytes.
func trimTabOrSpace(s string) string {
	i, j := 0, len(s)
	for i < j && isTabOrSpace(s[i]) {
		i++
	}
	for j > i && isTabOrSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

// trimHTTPWhitespace removes leading and trailing HTTP whitespace bytes.
func trimHTTPWhitespace(s string) string {
	i, j := 0, len(s)
	for i < j && isHTTPWhitespace(s[i]) {
		i++
	}
	for j > i && isHTTPWhitespace(s[j-1]) {
		j--
	}
	return s[i:j]
}

// tokenTable marks the HTTP token code points (RFC 9110 tchar): ASCII
// alphanumerics and !#$%&'*+-.^_`|~. The isomorphic decoding of a byte ≥
// 0x80 is never one.
var tokenTable = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
		t[c+('a'-'A')] = true
	}
	for _, c := range "!#$%&'*+-.^_`|~" {
		t[c] = true
	}
	return t
}()

// isTokenByte reports whether b is an HTTP token code point.
func isTokenByte(b byte) bool { return tokenTable[b] }

// isToken reports whether s matches the token production: one or more
// token code points.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !tokenTable[s[i]] {
			return false
		}
	}
	return true
}

// commonLowerNames are header names whose byte-lowercase form is handed out
// without allocating when a caller spells them in another case.
var commonLowerNames = [...]string{
	"accept",
	"accept-language",
	"authorization",
	"cache-control",
	"content-language",
	"content-type",
	"if-match",
	"if-modified-since",
	"if-none-match",
	"if-range",
	"if-unmodified-since",
	"pragma",
	"range",
	"user-agent",
	"x-api-key",
	"x-csrf-token",
	"x-requested-with",
}

// lowerName byte-lowercases a header name. Names already in lowercase and
// the common names above cost no allocation; other names allocate once.
func lowerName(name string) string {
	if isLower(name) {
		return name
	}
	for _, c := range commonLowerNames {
		if equalFold(name, c) {
			return c
		}
	}
	return toLower(name)
}
