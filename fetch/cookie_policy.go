package fetch

import "strings"

// CookiePolicy holds the cookie behaviours where engines differ from each
// other or from the specifications. Each knob's doc comment names the engines
// that set it and the real-engine observation behind it: a run of corsim's
// conformance runner (corsim browser) on a project vector, or on a scratch
// vector described there, in Chromium 156.0.8078.79, Firefox ESR 153.7.0esr
// or WebKitGTK 2.50.6 (with libsoup 3.2.3 and libpsl 0.21.2, Debian 12). The
// engine source named is the explanation, not the evidence.
//
// The zero CookiePolicy is the specifications' behaviour: the Fetch
// Standard's same-site mode, with the layered cookie draft's storage steps,
// SameSite=None accepted without Secure, third-party cookies allowed. No
// knob needs a vector of more than one top-level page, since the vector
// format has one; Firefox's partitioning of third-party cookies under the
// top-level site (Total Cookie Protection) is therefore not modelled: within
// one top-level site it sends and stores third-party cookies as the zero
// policy does, which is what the runner observes.
//
// The engine profiles choose the values; this package only applies them.
type CookiePolicy struct {
	// LaxByDefault enforces a cookie without a SameSite attribute as if it
	// said SameSite=Lax: a cross-site request neither sends it nor may set
	// it (RFC 6265bis §5.6 steps 17-18 and §5.8.3, its "Default"
	// same-site-flag). Without it such a cookie behaves as SameSite=None,
	// without the Secure requirement.
	//
	// Deviation(Chromium): CONFIRMED by corsim browser, Chromium
	// 156.0.8078.79, scratch vector "http page, https API": a page at
	// http://foo.example fetches https://api.foo.example (schemefully
	// cross-site, schemelessly same-site): a cookie without SameSite, set
	// earlier by http://api.foo.example, is not sent, and one set by the
	// https response is not stored. Chromium's kLaxAllowUnsafeMaxAge
	// ("unspecified-SameSite cookies defaulted into Lax",
	// net/cookies/cookie_constants.h) names the rule; its two-minute
	// Lax+POST exception concerns top-level navigations only. Firefox and
	// WebKitGTK do not (the same scratch vector, and scratch vector
	// "cookies sent after a cross-site redirect": both send a cookie
	// without SameSite to a redirect-tainted request).
	LaxByDefault bool

	// RequireSecureForSameSiteNone ignores a cookie with SameSite=None that
	// lacks the Secure attribute (RFC 6265bis §5.6 step 19; the layered
	// draft's "store a cookie").
	//
	// Deviation(Chromium, Firefox): CONFIRMED by corsim browser, Chromium
	// 156.0.8078.79 and Firefox ESR 153.7.0esr, scratch vector "SameSite=None
	// without Secure": https://api.foo.com sets "n=1; Path=/; SameSite=None"
	// and "ok=1; Path=/; Secure; SameSite=None"; the next request carries
	// "ok=1" only. WebKitGTK 2.50.6 sends "n=1; ok=1": libsoup gained the
	// check in 3.3.0, after Debian 12's 3.2.3.
	RequireSecureForSameSiteNone bool

	// SchemelessSameSite compares the request's URL with the site for
	// cookies by registrable domain alone when deciding SameSite: an http
	// page and an https API of the same registrable domain are same site.
	// HTML's "same site", which the Fetch Standard's same-site mode uses,
	// compares schemes too. Third-party classification (BlockThirdParty) is
	// schemeless in every engine.
	//
	// Deviation(Firefox, WebKit): CONFIRMED by corsim browser, Firefox ESR
	// 153.7.0esr and WebKitGTK 2.50.6, scratch vector "http page, https
	// API": a page at http://foo.example sends a SameSite=Lax cookie to
	// https://api.foo.example, and that https response may set one. Firefox
	// compares schemes only under network.cookie.sameSite.schemeful
	// (CookieCommons IsSameSiteSchemeEqual), off in ESR 153; WebKit's
	// RegistrableDomain holds no scheme (Document::isSameSiteForCookies).
	// Chromium is schemeful (the same vector).
	SchemelessSameSite bool

	// SendIgnoresRedirectTaint leaves the request's redirect-taint out of the
	// same-site mode when cookies are retrieved: a request redirected
	// through another site still sends SameSite=Strict and Lax cookies to a
	// URL same site with the page ([determine the same-site mode] step 5
	// does not apply).
	//
	// Deviation(Chromium): CONFIRMED by corsim browser, Chromium
	// 156.0.8078.79, vector credentials/samesite-strict-withheld-after-cross-site-redirect
	// (step 3 sends "s=1; n=1"), and scratch vector "cookies sent after a
	// cross-site redirect" (Strict and Lax cookies sent after one and after
	// two redirects). net/cookies/cookie_util.cc ComputeSameSiteContext
	// keeps the strict context when the initiator and the site for cookies
	// are same site with the URL unless the CookieSameSiteConsidersRedirectChain
	// feature is on, and it is off by default.
	//
	// [determine the same-site mode]: https://fetch.spec.whatwg.org/#determine-the-same-site-mode
	SendIgnoresRedirectTaint bool

	// StoreIgnoresRedirectTaint leaves the redirect-taint out of the
	// same-site mode when a response's cookies are stored: a response
	// reached through another site may still set SameSite=Strict and Lax
	// cookies when its URL is same site with the page.
	//
	// Deviation(Chromium, Firefox): CONFIRMED by corsim browser, Chromium
	// 156.0.8078.79 and Firefox ESR 153.7.0esr, scratch vector "cookies set
	// after a cross-site redirect": https://bar.net/hop redirects a fetch
	// from https://foo.com to https://api.foo.com/set, whose Strict, Lax,
	// unset and None cookies are all sent by the next same-site request.
	// Chromium computes the set context as the retrieval one
	// (ComputeSameSiteContextForSet); Firefox's CanSetCookie asks only
	// whether the channel is third-party, not about its redirects, while
	// its retrieval (IsSameSiteForeign) walks the redirect chain, so
	// Firefox still withholds them on the way out.
	StoreIgnoresRedirectTaint bool

	// StoreIgnoresSameSite stores a cookie whatever its SameSite attribute
	// and the request's same-site mode ("store a cookie" step 11 does not
	// apply); it implies StoreIgnoresRedirectTaint.
	//
	// Deviation(WebKit): CONFIRMED by corsim browser, WebKitGTK 2.50.6,
	// scratch vector "cookies set after a cross-site redirect" (as
	// StoreIgnoresRedirectTaint) and scratch vector "frame with a cross-site
	// ancestor": a page at https://bar.com framed by https://foo.com fetches
	// https://foo.com/set, whose SameSite=Strict cookie is stored (and then
	// sent, see SameSiteForTopLevelHost), where the zero policy refuses it
	// as set by a cross-site request. libsoup 3.2.3's
	// soup_cookie_jar_add_cookie_full has no same-site step.
	StoreIgnoresSameSite bool

	// SameSiteForTopLevelHost sends SameSite=Strict and Lax cookies to a
	// request whose URL's host is the top-level origin's host, whatever the
	// same-site mode says (after a cross-site redirect, or from a frame
	// with a cross-site ancestor).
	//
	// Deviation(WebKit): CONFIRMED by corsim browser, WebKitGTK 2.50.6,
	// scratch vector "Strict domain cookie and redirects": a no-cors fetch
	// from https://foo.example to https://bar.other/hop redirected to
	// https://foo.example/back sends a SameSite=Strict cookie, while the same
	// cookie is withheld from https://api.foo.example after a redirect
	// through bar.other; and scratch vector "frame with a cross-site
	// ancestor" (the Strict cookie is sent to the top-level host). WebKit
	// hands libsoup a site for cookies only for a request it judged same
	// site; libsoup 3.2.3's cookie_is_valid_for_same_site_policy then
	// compares the request's host with the first party's (the top-level
	// document's) host instead.
	SameSiteForTopLevelHost bool

	// BlockThirdParty neither sends nor stores cookies in a third-party
	// context: when the request's URL is not schemelessly same site with the
	// site for cookies. This is the Fetch Standard's "user agent is
	// configured to disable cookies for request" (append a request `Cookie`
	// header, step 1; parse and store response `Set-Cookie` headers, step 1).
	//
	// Deviation(Chromium): CONFIRMED by corsim browser, Chromium
	// 156.0.8078.79, vectors credentials/third-party-cookie-cross-site-api
	// and mdn/credentialed-get-pageaccess-cookie (a cookie set by a
	// cross-site API is not sent back), and scratch vector "frame with a
	// cross-site ancestor" (nothing stored or sent in a frame under another
	// top-level site). Only storing can be observed in a vector: within one
	// top-level page no cookie stored first-party domain-matches a
	// third-party URL.
	BlockThirdParty bool

	// BlockThirdPartyStore refuses to store a cookie whose domain is third
	// party to the top-level origin's host by WebKitGTK's rule, libsoup's
	// "no third party" accept policy (incoming_cookie_is_third_party): the
	// cookie's base domain (its host's registrable domain by the Public
	// Suffix List without the implicit "*" rule, see
	// listedRegistrableDomain; failing that the cookie's domain itself, with
	// a leading "." for a Domain cookie) must match the top-level host's
	// base domain (failing that the host itself): equal, or the cookie's
	// ".domain" equal to it or a suffix of it. Sending is not restricted.
	//
	// So a host under a TLD the list lacks (.example, .other, .test) is its
	// own base domain, and a host-only cookie of https://api.foo.example is
	// third party to a page at https://foo.example, while
	// "Domain=foo.example" makes it first party; WebKit's own same-site
	// decisions (SameSite, Fetch metadata) apply the "*" rule and call the
	// two hosts same site.
	//
	// Deviation(WebKit): CONFIRMED by corsim browser, WebKitGTK 2.50.6, the
	// fifteen credentials vectors whose cookie comes from api.foo.example
	// under a page at foo.example (credentials/include-sends-cookie-to-same-site-api
	// and others: the cookie is not sent), which pass with the hosts moved
	// under .com; vector credentials/domain-cookie-shared-with-api-subdomain
	// (a Domain cookie set by foo.example is sent to api.foo.example:
	// sending is not blocked); scratch vectors "host and Domain cookies under
	// .example" (of h=1 and d=1; Domain=foo.example set by api.foo.example,
	// only d=1 is sent back), the same from a page at www.foo.example, and
	// "same-origin host cookie of www.foo.example" (stored: the top-level
	// host, not its site, is compared). The rule was checked against
	// Debian's libsoup 3.2.3 itself (TestLibsoupThirdParty).
	BlockThirdPartyStore bool
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

	// TopLevel is the client's top-level origin, whose host some engines
	// compare with cookie domains and request hosts (BlockThirdPartyStore,
	// SameSiteForTopLevelHost). When it is the zero Origin, the host of
	// TopLevelSite stands in for it.
	TopLevel Origin

	// TopLevelSite is the site of the client's top-level origin (the first
	// component of the network partition key).
	TopLevelSite Site

	// CrossSiteRedirect reports that the request's redirect-taint is
	// "cross-site": a redirect chain has passed through a site other than the
	// request origin's and the URL's.
	CrossSiteRedirect bool
}

// FirstPartyContext returns the context of a request to u made by a
// top-level page of u's own origin: the site for cookies and the top-level
// site are both u's site. This is what the http.CookieJar adapter uses.
func FirstPartyContext(u *URL) CookieContext {
	o := u.Origin()
	s := ObtainSite(o)
	return CookieContext{URL: u, SiteForCookies: s, TopLevel: o, TopLevelSite: s}
}

// SameSiteMode returns the request's same-site mode as the specifications
// define it (the zero CookiePolicy): "unset-or-less" when the request is
// cross-site, otherwise "strict-or-less".
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
	return c.sameSiteMode(CookiePolicy{}, false)
}

// sameSiteMode is the same-site mode under the engine policy p, for storing
// a response's cookies (store) or retrieving a request's.
func (c CookieContext) sameSiteMode(p CookiePolicy, store bool) SameSiteMode {
	if c.URL == nil {
		return NoneOnly
	}
	if store && p.StoreIgnoresSameSite {
		return StrictOrLess
	}
	if !store && p.SameSiteForTopLevelHost {
		if h := c.topLevelHost(); h != "" && c.URL.Host() == h {
			return StrictOrLess
		}
	}
	// Step 4 (cross-site ancestor) and RFC 6265bis §5.2 step 2.
	site := ObtainSite(c.URL.Origin())
	if c.SiteForCookies.IsOpaque() || site != c.SiteForCookies && !(p.SchemelessSameSite && sameSiteHost(site, c.SiteForCookies)) {
		return UnsetOrLess
	}
	// Step 5.
	ignoreTaint := p.SendIgnoresRedirectTaint
	if store {
		ignoreTaint = p.StoreIgnoresRedirectTaint
	}
	if c.CrossSiteRedirect && !ignoreTaint {
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

// topLevelHost returns the host of the top-level origin (TopLevel, or failing
// that TopLevelSite), or "" when it is opaque.
func (c CookieContext) topLevelHost() string {
	if c.TopLevel != (Origin{}) {
		return c.TopLevel.Host()
	}
	return c.TopLevelSite.Host()
}

// thirdPartyCookieDomain reports whether a cookie for host (a Domain cookie
// unless hostOnly) is third party to the top-level host by libsoup's rule;
// see CookiePolicy.BlockThirdPartyStore. A top-level origin without a host
// (opaque) makes every cookie third party.
func (c CookieContext) thirdPartyCookieDomain(host string, hostOnly bool) bool {
	top := c.topLevelHost()
	if top == "" {
		return true
	}
	cookieBase, ok := listedRegistrableDomain(host)
	if !ok {
		cookieBase = host
		if !hostOnly && isDomain(host) {
			cookieBase = "." + host
		}
	}
	topBase, ok := listedRegistrableDomain(top)
	if !ok {
		topBase = top
	}
	return !soupHostMatchesHost(cookieBase, topBase)
}

// soupHostMatchesHost is libsoup's soup_host_matches_host: host and
// compareWith are equal (ignoring ASCII case), or host starts with "." and
// the rest equals compareWith or host is a suffix of compareWith.
func soupHostMatchesHost(host, compareWith string) bool {
	if equalFoldASCII(host, compareWith) {
		return true
	}
	if host == "" || host[0] != '.' {
		return false
	}
	return equalFoldASCII(host[1:], compareWith) || strings.HasSuffix(compareWith, host)
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
