package fetch

// CookiePolicy holds the cookie behaviours where engines differ from each
// other or from the specifications. Each knob records its evidence:
// "observed" means the engine did it in a headless run on this kind of
// machine (../shared/ENGINES.md); "read" means it comes from the engine's
// source or documentation and has not been reproduced by corsim's
// conformance runner yet.
//
// The zero CookiePolicy is the most permissive one, cookies as RFC 6265
// had them plus SameSite=Strict and Lax: no Lax by default, SameSite=None
// accepted without Secure, third-party cookies allowed and unpartitioned.
// RFC 6265bis behaviour sets LaxByDefault and RequireSecureForSameSiteNone.
//
// The engine profiles choose the values; this package only applies them.
type CookiePolicy struct {
	// LaxByDefault enforces a cookie without a SameSite attribute as if it
	// said SameSite=Lax: a cross-site request neither sends it nor may set
	// it. RFC 6265bis §5.6 steps 17–18 and §5.8.3 require exactly this for
	// its "Default" same-site-flag.
	//
	// When false, such a cookie behaves as SameSite=None (but without the
	// Secure requirement): sent with and storable from cross-site requests,
	// as before SameSite existed. The layered draft fetch.bs now cites sends
	// "unset" cookies in "unset-or-less" mode but refuses to store them from
	// a cross-site response; corsim does not model that half-way state.
	//
	// Chromium: true since Chrome 80 (its kLaxAllowUnsafeMaxAge constant,
	// net/cookies/cookie_constants.h, names "unspecified-SameSite cookies
	// defaulted into Lax"; read). Its two-minute "Lax+POST" exception only
	// concerns top-level navigations, which corsim does not model.
	// Firefox: false (network.cookie.sameSite.laxByDefault defaults to false
	// in modules/libpref/init/StaticPrefList.yaml; read). WebKit: false
	// (believed; Safari never shipped Lax by default; not verified).
	LaxByDefault bool

	// BlockThirdParty neither sends nor stores cookies in a third-party
	// context: when the request's URL is not schemelessly same site with the
	// site for cookies. This is the Fetch Standard's "user agent is
	// configured to disable cookies for request" (append a request `Cookie`
	// header, step 1; parse and store response `Set-Cookie` headers, step 1).
	// It takes precedence over PartitionThirdParty.
	//
	// Chromium 156 and WebKitGTK 2.50 (MiniBrowser): true, observed (a page
	// on one site fetching with credentials from another got no cookies).
	BlockThirdParty bool

	// PartitionThirdParty keeps cookies of a third-party context in a
	// partition of the jar keyed by the top-level site (Firefox's Total
	// Cookie Protection): they are stored there, and sent only in third-party
	// contexts under the same top-level site; first-party contexts see only
	// unpartitioned cookies.
	//
	// Firefox ESR 153: true, observed (third-party cookies were sent,
	// partitioned under the page's site).
	PartitionThirdParty bool

	// RequireSecureForSameSiteNone ignores a cookie with SameSite=None that
	// lacks the Secure attribute, as RFC 6265bis §5.6 step 19 and the layered
	// draft ("store a cookie") require.
	//
	// Chromium: true since Chrome 80 (read, the SameSite=None; Secure
	// launch). Firefox: true (network.cookie.sameSite.noneRequiresSecure
	// defaults to true in StaticPrefList.yaml; read). WebKit: unknown.
	RequireSecureForSameSiteNone bool
}

// SameSiteMode is the result of [determine the same-site mode]: which
// SameSite values a request may send and store.
//
// [determine the same-site mode]: https://fetch.spec.whatwg.org/#determine-the-same-site-mode
type SameSiteMode uint8

const (
	// StrictOrLess: a same-site request; every cookie may be sent and set.
	StrictOrLess SameSiteMode = iota
	// LaxOrLess: Strict cookies are excluded (cross-site top-level GET
	// navigations, which fetch() and XMLHttpRequest never are).
	LaxOrLess
	// UnsetOrLess: a cross-site request; only None and unset cookies.
	UnsetOrLess
	// NoneOnly: only SameSite=None cookies.
	NoneOnly
)

// String returns the mode as the Fetch Standard writes it.
func (m SameSiteMode) String() string {
	switch m {
	case StrictOrLess:
		return "strict-or-less"
	case LaxOrLess:
		return "lax-or-less"
	case UnsetOrLess:
		return "unset-or-less"
	case NoneOnly:
		return "none"
	}
	return "invalid"
}

// CookieContext is what the cookie store needs to know about the request a
// cookie is sent with or received from.
type CookieContext struct {
	// URL is the request's current URL. Only http and https URLs have
	// cookies; with a nil URL nothing is sent or stored.
	URL *URL

	// SiteForCookies is the site for cookies of the request's client
	// (RFC 6265bis §5.2): the top-level site when the client's origin and
	// all its ancestors' are same site with the top-level origin, otherwise
	// an opaque site (the Fetch Standard's "has cross-site ancestor"). A
	// request whose URL is not same site with it is cross-site; the zero
	// Site makes every request cross-site and third-party.
	SiteForCookies Site

	// TopLevelSite is the site of the client's top-level origin, the first
	// component of the network partition key. It keys partitioned cookies.
	TopLevelSite Site

	// CrossSiteRedirect reports that the request's redirect-taint is
	// "cross-site": a redirect chain has passed through a site other than the
	// request origin's and the URL's.
	CrossSiteRedirect bool
}

// FirstPartyContext returns the context of a request to u made by a
// top-level page of u's own site: the site for cookies and the top-level site
// are both u's site. This is what the http.CookieJar adapter uses.
func FirstPartyContext(u *URL) CookieContext {
	s := ObtainSite(u.Origin())
	return CookieContext{URL: u, SiteForCookies: s, TopLevelSite: s}
}

// SameSiteMode returns the request's same-site mode: "unset-or-less" when
// the request is cross-site, otherwise "strict-or-less".
//
// The request is cross-site when its URL's origin is not same site with the
// site for cookies (RFC 6265bis §5.2, which covers the Fetch Standard's
// "has cross-site ancestor" step through the opaque site for cookies), or
// when its redirect-taint is "cross-site" ([determine the same-site mode],
// step 5).
//
// The Fetch Standard's algorithm as written has no step comparing the URL
// with the client's site, so a cross-site fetch() that was never redirected
// would get "strict-or-less" and send SameSite=Strict cookies; no engine does
// that, and RFC 6265bis's same-site request definition fills the gap.
// Navigation steps (2 and 3) do not apply to fetch() and XMLHttpRequest.
//
// [determine the same-site mode]: https://fetch.spec.whatwg.org/#determine-the-same-site-mode
func (c CookieContext) SameSiteMode() SameSiteMode {
	if c.URL == nil {
		return NoneOnly
	}
	// Step 4 (cross-site ancestor) and RFC 6265bis §5.2 step 2.
	if c.SiteForCookies.IsOpaque() || ObtainSite(c.URL.Origin()) != c.SiteForCookies {
		return UnsetOrLess
	}
	// Step 5.
	if c.CrossSiteRedirect {
		return UnsetOrLess
	}
	// Step 6.
	return StrictOrLess
}

// ThirdParty reports whether the request is made in a third-party context:
// its URL is not schemelessly same site with the site for cookies (or that
// site is opaque). Engines classify third-party cookie access by registrable
// domain without the scheme (Chromium's SiteForCookies::IsFirstParty,
// Firefox's base-domain comparison; read), unlike SameSite enforcement.
func (c CookieContext) ThirdParty() bool {
	if c.URL == nil {
		return true
	}
	return !sameSiteHost(ObtainSite(c.URL.Origin()), c.SiteForCookies)
}

// partition returns the jar partition the context reads and writes under p.
func (c CookieContext) partition(p CookiePolicy) Site {
	if p.PartitionThirdParty && c.ThirdParty() {
		return c.TopLevelSite
	}
	return Site{}
}

// sameSiteAllows reports whether a cookie with same-site value s may be sent
// in mode m (the same-site condition of "retrieve cookies").
func sameSiteAllows(s CookieSameSite, m SameSiteMode, laxByDefault bool) bool {
	switch s {
	case SameSiteNone:
		return true
	case SameSiteUnset:
		if !laxByDefault {
			return m != NoneOnly
		}
		fallthrough
	case SameSiteLax:
		return m == StrictOrLess || m == LaxOrLess
	case SameSiteStrict:
		return m == StrictOrLess
	}
	return false
}
