package fetch

import (
	"strconv"
	"time"
)

// Cookie is a cookie as the cookie store holds it: the [cookie struct] of
// the layered cookie specification that fetch.bs builds on (the successor of
// RFC 6265bis, whose fields it mirrors).
//
// [cookie struct]: https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-layered-cookies#name-cookie-struct
type Cookie struct {
	// Name and Value are the cookie's name and value, byte strings with
	// leading and trailing spaces and tabs removed. Name may be empty
	// ("Set-Cookie: v" sets a nameless cookie with value "v").
	Name, Value string

	// Host is the domain or IP address the cookie belongs to, serialized as
	// URL.Host does. In a cookie that ParseCookie returns and that has not
	// been stored, it is the host of the Domain attribute, or "" when there
	// was none (null).
	Host string
	// HostOnly reports that the cookie is sent to Host only, not to its
	// subdomains: it was set without a Domain attribute (or with one naming
	// the host itself when the host is a public suffix).
	HostOnly bool

	// Path is the cookie's path, a URL path serialization such as "/" or
	// "/docs": the Path attribute when it starts with "/", otherwise the
	// cookie default path of the URL that set it.
	Path string

	// Secure restricts the cookie to https URLs.
	Secure bool
	// HTTPOnly hides the cookie from non-HTTP APIs (document.cookie). Fetch
	// may always send and set such cookies.
	HTTPOnly bool
	// SameSite is the SameSite attribute's value.
	SameSite CookieSameSite

	// Expires is the cookie's expiry-time, or the zero Time for a session
	// cookie (null expiry-time). A Max-Age of zero or less gives the Unix
	// epoch, a time that has passed.
	Expires time.Time
	// Created is the cookie's creation-time; it orders cookies of equal path
	// length in the Cookie header, and survives updates of the cookie.
	Created time.Time
	// LastAccess is the last time the cookie was stored or retrieved; the
	// least recently accessed cookies are evicted first.
	LastAccess time.Time

	// hasPath is the cookie's "has-path attribute": the last Path attribute
	// started with "/". The __Host- prefix requires it.
	hasPath bool
	// seq orders cookies created at the same instant of the jar's clock.
	seq uint64
}

// expired reports whether c's expiry-time has passed at now.
func (c *Cookie) expired(now time.Time) bool {
	return !c.Expires.IsZero() && !c.Expires.After(now)
}

// CookieSameSite is the value of a cookie's SameSite attribute.
type CookieSameSite uint8

const (
	// SameSiteUnset is a cookie without a SameSite attribute, or with an
	// unrecognised value. How it is enforced is the CookiePolicy's
	// LaxByDefault knob.
	SameSiteUnset CookieSameSite = iota
	// SameSiteNone sends and accepts the cookie in cross-site requests too.
	SameSiteNone
	// SameSiteLax sends the cookie in same-site requests and cross-site
	// top-level navigations with a safe method; never in a cross-site fetch().
	SameSiteLax
	// SameSiteStrict sends the cookie in same-site requests only.
	SameSiteStrict
)

// String returns the attribute value ("Strict", "Lax", "None"), or "unset".
func (s CookieSameSite) String() string {
	switch s {
	case SameSiteNone:
		return "None"
	case SameSiteLax:
		return "Lax"
	case SameSiteStrict:
		return "Strict"
	}
	return "unset"
}

// CookieAgeLimit is the user agent's cookie age limit: expiry-times further
// in the future are cut down to this. The layered cookie specification and
// RFC 6265bis §7.2 ask for 400 days or less; Chromium caps at 400 days, and
// Firefox's network.cookie.maxageCap defaults to 34560000 s (400 days)
// (StaticPrefList.yaml, read, not observed).
const CookieAgeLimit = 400 * 24 * time.Hour

// maxCookieBytes bounds a cookie's name and value together, and
// maxAttributeBytes an attribute's value.
const (
	maxCookieBytes    = 4096
	maxAttributeBytes = 1024
)

// CookieReason is a stable code saying why a cookie was rejected, for
// machines; CookieError.Error renders it for people.
type CookieReason string

// The reasons a Set-Cookie header is ignored. Each names the step of the
// layered cookie specification ("parse a cookie", "store a cookie") or the
// CookiePolicy knob that rejects it.
const (
	// CookieControlCharacter: the header holds a control character other than
	// tab (parse a cookie, step 1).
	CookieControlCharacter CookieReason = "control-character"
	// CookieEmpty: the name and value are both empty.
	CookieEmpty CookieReason = "empty"
	// CookieTooLarge: the name and value together exceed 4096 bytes.
	CookieTooLarge CookieReason = "too-large"
	// CookieInvalidDomain: the Domain attribute is not ASCII or not a host.
	CookieInvalidDomain CookieReason = "invalid-domain"
	// CookiePublicSuffix: the Domain attribute names a public suffix other
	// than the request's host.
	CookiePublicSuffix CookieReason = "public-suffix"
	// CookieDomainMismatch: the request's host does not domain-match the
	// Domain attribute.
	CookieDomainMismatch CookieReason = "domain-mismatch"
	// CookieSecureFromInsecure: a Secure cookie set by a non-https response.
	CookieSecureFromInsecure CookieReason = "secure-from-insecure"
	// CookieOverlaysSecure: a non-https response tried to shadow an existing
	// Secure cookie of the same name.
	CookieOverlaysSecure CookieReason = "overlays-secure"
	// CookieSameSiteCrossSite: a SameSite=Strict or Lax cookie (or, under
	// LaxByDefault, one without SameSite) set by a cross-site request.
	CookieSameSiteCrossSite CookieReason = "samesite-cross-site"
	// CookieSameSiteNoneInsecure: SameSite=None without Secure, under
	// RequireSecureForSameSiteNone.
	CookieSameSiteNoneInsecure CookieReason = "samesite-none-insecure"
	// CookieSecurePrefix: a __Secure- cookie without Secure.
	CookieSecurePrefix CookieReason = "secure-prefix"
	// CookieHostPrefix: a __Host- cookie that is not Secure, host-only and
	// with Path=/.
	CookieHostPrefix CookieReason = "host-prefix"
	// CookieNamelessPrefix: a nameless cookie whose value starts with
	// __Secure- or __Host-, which a server would read as a prefixed name.
	CookieNamelessPrefix CookieReason = "nameless-prefix"
	// CookieThirdPartyBlocked: a third-party cookie under BlockThirdParty.
	CookieThirdPartyBlocked CookieReason = "third-party-blocked"
	// CookieNotHTTP: the request URL is not an http(s) URL (or is missing).
	CookieNotHTTP CookieReason = "not-http-url"
)

// CookieError says why a Set-Cookie header was ignored.
type CookieError struct {
	// Header is the Set-Cookie header value.
	Header string
	// Name is the cookie's name, when parsing got that far.
	Name string
	// Reason is the stable code.
	Reason CookieReason
}

// Error renders e as a sentence.
func (e *CookieError) Error() string {
	what := "Set-Cookie " + strconv.Quote(e.Header)
	var why string
	switch e.Reason {
	case CookieControlCharacter:
		why = "it contains a control character"
	case CookieEmpty:
		why = "its name and value are both empty"
	case CookieTooLarge:
		why = "its name and value together exceed 4096 bytes"
	case CookieInvalidDomain:
		why = "its Domain attribute is not a valid host"
	case CookiePublicSuffix:
		why = "its Domain attribute is a public suffix"
	case CookieDomainMismatch:
		why = "the request's host is not within its Domain attribute"
	case CookieSecureFromInsecure:
		why = "it has the Secure attribute but came from a non-https URL"
	case CookieOverlaysSecure:
		why = "a non-https URL may not overwrite a Secure cookie of the same name"
	case CookieSameSiteCrossSite:
		why = "its SameSite setting forbids storing it from a cross-site request"
	case CookieSameSiteNoneInsecure:
		why = "it has SameSite=None without the Secure attribute"
	case CookieSecurePrefix:
		why = "its __Secure- prefix requires the Secure attribute"
	case CookieHostPrefix:
		why = "its __Host- prefix requires Secure, Path=/ and no Domain attribute"
	case CookieNamelessPrefix:
		why = "it has no name and its value starts with a reserved prefix"
	case CookieThirdPartyBlocked:
		why = "third-party cookies are blocked"
	case CookieNotHTTP:
		why = "cookies are only stored for http and https URLs"
	default:
		why = string(e.Reason)
	}
	return "fetch: cookie ignored: " + what + ": " + why
}
