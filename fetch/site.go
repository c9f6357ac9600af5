package fetch

import (
	"hash/maphash"
	"strconv"
	"strings"
	"sync/atomic"

	"golang.org/x/net/publicsuffix"
)

// Site is a [site]: an opaque origin, or a scheme-and-host whose host is a
// registrable domain ("https", "example.co.uk") or, for a host without one
// (an IP address, a single label such as "localhost", a public suffix such
// as "github.io"), the host itself.
//
// Sites compare with ==, and == is HTML's "same site" for sites. The zero
// Site, like the zero Origin, is opaque and never same site with anything.
//
// [site]: https://html.spec.whatwg.org/multipage/browsers.html#site
type Site struct {
	scheme string // "" for opaque sites
	host   string // registrable domain, or the host when it has none
	opaque uint64 // the opaque origin's id
}

// ObtainSite returns the site of an origin ([obtain a site]): the origin
// itself if it is opaque, otherwise its scheme with its host's registrable
// domain, or with its host when that has no registrable domain.
//
// [obtain a site]: https://html.spec.whatwg.org/multipage/browsers.html#obtain-a-site
func ObtainSite(o Origin) Site {
	// Step 1: an opaque origin is its own site.
	if o.IsOpaque() {
		return Site{opaque: o.opaque}
	}
	// Step 2: no registrable domain → (scheme, host).
	rd, ok := registrableDomain(o.host)
	if !ok {
		return Site{scheme: o.scheme, host: o.host}
	}
	// Step 3.
	return Site{scheme: o.scheme, host: rd}
}

// Site returns ObtainSite(o).
func (o Origin) Site() Site { return ObtainSite(o) }

// IsOpaque reports whether s is an opaque origin (or the zero Site).
func (s Site) IsOpaque() bool { return s.scheme == "" }

// Scheme returns the site's scheme, or "" for an opaque site.
func (s Site) Scheme() string { return s.scheme }

// Host returns the site's host (a registrable domain, or a host that has
// none), or "" for an opaque site.
func (s Site) Host() string { return s.host }

// Serialize returns HTML's [serialization of a site]: "null" for an opaque
// site, otherwise scheme "://" host.
//
// [serialization of a site]: https://html.spec.whatwg.org/multipage/browsers.html#site
func (s Site) Serialize() string {
	if s.IsOpaque() {
		return "null"
	}
	return s.scheme + "://" + s.host
}

// String returns s.Serialize().
func (s Site) String() string { return s.Serialize() }

// SameSite reports whether origins a and b are [same site]: the same opaque
// origin, or tuple origins with the same scheme that are schemelessly same
// site. http://a.example and https://a.example are not same site.
//
// [same site]: https://html.spec.whatwg.org/multipage/browsers.html#same-site
func SameSite(a, b Origin) bool {
	if a.IsOpaque() || b.IsOpaque() {
		return a.opaque != 0 && a.opaque == b.opaque
	}
	return a.scheme == b.scheme && SchemelesslySameSite(a, b)
}

// SchemelesslySameSite reports whether origins a and b are
// [schemelessly same site]: the same opaque origin, or tuple origins whose
// hosts are equal and have no registrable domain, or whose hosts have the
// same (non-null) registrable domain. Schemes and ports are ignored.
//
// [schemelessly same site]: https://html.spec.whatwg.org/multipage/browsers.html#schemelessly-same-site
func SchemelesslySameSite(a, b Origin) bool {
	// Step 1: the same opaque origin.
	if a.IsOpaque() || b.IsOpaque() {
		return a.opaque != 0 && a.opaque == b.opaque
	}
	// Step 2.1: equal hosts without a registrable domain.
	rdA, okA := registrableDomain(a.host)
	if a.host == b.host && !okA {
		return true
	}
	// Step 2.2: equal, non-null registrable domains.
	if okA {
		rdB, okB := registrableDomain(b.host)
		return okB && rdA == rdB
	}
	return false
}

// sameSiteHost reports whether s and t are sites with the same host, ignoring
// their schemes (the "schemeless" comparison engines use to classify a
// request as third-party). Opaque sites are only equal to themselves.
func sameSiteHost(s, t Site) bool {
	if s.IsOpaque() || t.IsOpaque() {
		return s.opaque != 0 && s.opaque == t.opaque
	}
	return s.host == t.host
}

// registrableDomain returns the [registrable domain] of a serialized host and
// true, or "" and false when it has none: IP addresses and opaque hosts (which
// are not domains), and domains that are themselves a public suffix. The
// Public Suffix List is x/net/publicsuffix's copy, ICANN and private
// sections both, with the "*" default rule for unlisted TLDs.
//
// A fetch asks for the same few hosts' sites several times (cookies, Fetch
// metadata, redirect-taint), and a lookup costs a walk of the list and an
// allocation inside x/net/publicsuffix (it first tries the host as an IP
// address, and the failed netip.ParseAddr returns an error value); answers
// are remembered in rdCache.
//
// [registrable domain]: https://url.spec.whatwg.org/#host-registrable-domain
func registrableDomain(host string) (string, bool) {
	e := lookupSuffixes(host)
	return e.rd, e.ok
}

// listedRegistrableDomain is registrableDomain without the list's implicit
// "*" rule: a host whose public suffix is only its last label because no rule
// of the Public Suffix List matched (a TLD the list lacks, such as .example or
// .test) has no registrable domain. This is libpsl's answer with
// PSL_TYPE_NO_STAR_RULE, which libsoup's soup_tld_get_base_domain uses and
// WebKitGTK's cookie jar with it (see CookiePolicy.BlockThirdPartyStore); the
// URL Standard, Chromium, Firefox and WebKit's own RegistrableDomain all apply
// the "*" rule instead.
func listedRegistrableDomain(host string) (string, bool) {
	e := lookupSuffixes(host)
	if !e.listed {
		return "", false
	}
	return e.rd, e.ok
}

// lookupSuffixes returns the remembered answer for host, looking it up first
// if rdCache does not hold it.
func lookupSuffixes(host string) *rdEntry {
	slot := &rdCache[maphash.String(rdSeed, host)%uint64(len(rdCache))]
	if e := slot.Load(); e != nil && e.host == host {
		return e
	}
	e := &rdEntry{host: host}
	e.rd, e.ok, e.listed = lookupRegistrableDomain(host)
	slot.Store(e)
	return e
}

// rdCache remembers the registrable domains of the hosts last looked up, one
// per slot of a fixed table indexed by the host's hash (a direct-mapped
// cache): its memory is bounded whatever the number of hosts a crawler
// meets, a hit neither locks nor allocates, and two hosts sharing a slot
// only cost each other a lookup.
var rdCache [512]atomic.Pointer[rdEntry]

var rdSeed = maphash.MakeSeed()

// An rdEntry is one remembered answer of lookupRegistrableDomain.
type rdEntry struct {
	host, rd   string
	ok, listed bool
}

// lookupRegistrableDomain is registrableDomain without the cache. listed
// reports that a rule of the list, not its implicit "*" rule, gave the public
// suffix.
func lookupRegistrableDomain(host string) (rd string, ok, listed bool) {
	if !isDomain(host) {
		return "", false, false
	}
	// A trailing dot is kept on the result, as the URL Standard's table shows
	// ("example.com." → "example.com."); x/net/publicsuffix rejects it.
	name, dot := strings.CutSuffix(host, ".")
	// Empty labels leave the host without a registrable domain, as
	// publicsuffix.EffectiveTLDPlusOne has it.
	if name == "" || name[0] == '.' || strings.HasSuffix(name, ".") || strings.Contains(name, "..") {
		return "", false, false
	}
	suffix, icann := publicsuffix.PublicSuffix(name)
	// The host is a public suffix itself, or the suffix does not start at a
	// label boundary.
	i := len(name) - len(suffix) - 1
	if i < 0 || name[i] != '.' {
		return "", false, false
	}
	rd = name[strings.LastIndexByte(name[:i], '.')+1:]
	// The implicit rule gives a single label and no ICANN flag; every rule
	// of the private section has at least two labels.
	listed = icann || strings.Contains(suffix, ".")
	if dot {
		// rd is a suffix of name, so rd + "." is a suffix of host.
		rd = host[len(name)-len(rd):]
	}
	return rd, true, listed
}

// isPublicSuffix reports whether a serialized host is a domain that the
// Public Suffix List lists as a public suffix (its [public suffix] equals the
// host), as cookie storage must check for Domain attributes.
//
// [public suffix]: https://url.spec.whatwg.org/#host-public-suffix
func isPublicSuffix(host string) bool {
	if !isDomain(host) {
		return false
	}
	name, _ := strings.CutSuffix(host, ".")
	if name == "" {
		return false
	}
	ps, _ := publicsuffix.PublicSuffix(name)
	return ps == name
}

// isDomain reports whether a serialized host (as URL.Host returns it) is a
// domain rather than an IP address. The URL parser turns every host that
// ends in a number into an IPv4 address or a failure, so a host whose last
// label is all digits is an address, and "[" starts an IPv6 address.
func isDomain(host string) bool {
	if host == "" || host[0] == '[' {
		return false
	}
	last := strings.TrimSuffix(host, ".")
	if i := strings.LastIndexByte(last, '.'); i >= 0 {
		last = last[i+1:]
	}
	if last == "" {
		return true
	}
	for i := 0; i < len(last); i++ {
		if last[i] < '0' || last[i] > '9' {
			return true
		}
	}
	return false
}

// NetworkPartitionKey is a [network partition key]: the top-level site and a
// second, implementation-defined component, which corsim leaves null (an
// empty SecondKey). It keys the CORS-preflight cache and the HTTP cache, so
// one page origin embedded under two top-level sites has two partitions.
//
// Keys compare with == and can be map keys; String gives a text form that is
// equal for two keys exactly when the keys are ==.
//
// [network partition key]: https://fetch.spec.whatwg.org/#network-partition-key
type NetworkPartitionKey struct {
	// TopLevelSite is the site of the environment's top-level origin.
	TopLevelSite Site
	// SecondKey is the implementation-defined second component; "" stands for
	// null. The spec leaves its finer points open (whatwg/fetch#1035);
	// Chromium puts a cross-site-ancestor bit here, which a profile could.
	SecondKey string
}

// DetermineNetworkPartitionKey returns the [network partition key] of an
// environment whose top-level origin (or, when that is null, whose top-level
// creation URL's origin) is topLevel. The second component is null.
//
// [network partition key]: https://fetch.spec.whatwg.org/#determine-the-network-partition-key
func DetermineNetworkPartitionKey(topLevel Origin) NetworkPartitionKey {
	// Steps 1–3 (choosing the origin) are the caller's; step 4.
	site := ObtainSite(topLevel)
	// Step 5: the second key is null.
	// Step 6.
	return NetworkPartitionKey{TopLevelSite: site}
}

// String returns a text form of k that is unique to it: the serialized site
// ("https://a.example"), followed by " " and SecondKey when that is not
// null. An opaque top-level site is written "null#" and its unique id, since
// distinct opaque sites are distinct partitions; a serialized site never
// contains "#" or " ", so no two keys share a string.
func (k NetworkPartitionKey) String() string {
	var s string
	if k.TopLevelSite.IsOpaque() {
		s = "null#" + strconv.FormatUint(k.TopLevelSite.opaque, 10)
	} else {
		s = k.TopLevelSite.Serialize()
	}
	if k.SecondKey != "" {
		s += " " + k.SecondKey
	}
	return s
}
