package audit

import (
	"strconv"
	"strings"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/vectors"
)

// A probe is one request made by script on a page of some origin.
type probe struct {
	id     string // stable: the finding's ID when the probe finds something
	what   string // for people: who asks, and how
	origin string // the page's origin
	req    vectors.Request
	// class is, for an origin the server must not trust, the severity of
	// its reading a credentialed response; 0 for the trusted origin.
	class Severity
}

// The probes' own names, so that a log shows where they came from.
const (
	evilDomain  = "corsim-evil.example"
	probeToken  = "Bearer corsim-probe"
	probeHeader = "X-Corsim-Probe"
)

func request(url, method, credentials string, headers ...vectors.Header) vectors.Request {
	return vectors.Request{API: "fetch", Method: method, URL: url, Headers: headers, Mode: "cors", Credentials: credentials, Redirect: "follow"}
}

// hostileProbes are the origins the server must not trust, derived from the
// trusted origin o, each asking for url with credentials. An origin that
// cannot be formed from o (a look-alike of an IP address, a prefix of an
// origin with a port) is left out and listed in skipped.
func hostileProbes(url string, o fetch.Origin) (probes []probe, skipped []string) {
	scheme, host := o.Scheme(), o.Host()
	port := ""
	if p, ok := o.Port(); ok {
		port = ":" + strconv.Itoa(int(p))
	}
	domain := isDomain(host)
	arbitrary := "https://" + evilDomain
	if o.Serialize() == arbitrary {
		arbitrary = "https://other-" + evilDomain
	}
	add := func(id, what, origin string, class Severity, applies bool) {
		if !applies {
			skipped = append(skipped, id)
			return
		}
		if _, err := fetch.ParseOrigin(origin); err != nil {
			skipped = append(skipped, id)
			return
		}
		probes = append(probes, probe{id: id, what: what, origin: origin, req: request(url, "GET", "include"), class: class})
	}
	add("origin-reflected", "an arbitrary origin", arbitrary, Critical, true)
	probes = append(probes, probe{id: "origin-reflected-uncredentialed", what: "an arbitrary origin, without credentials", origin: arbitrary,
		req: request(url, "GET", "same-origin"), class: Low})
	add("null-origin", "the origin null (a sandboxed frame, a data: URL)", "null", Critical, true)
	add("prefix-match", "an origin that starts with the page's origin", scheme+"://"+host+"."+evilDomain, Critical, domain && port == "")
	add("suffix-match", "an origin whose host ends with the page's host", scheme+"://corsim-evil"+host+port, Critical, domain)
	add("substring-match", "an origin whose host contains the page's host", scheme+"://corsim"+host+"."+evilDomain+port, Critical, domain)
	add("unescaped-dot", "the page's host with a dot replaced, as an unescaped regular expression lets in", scheme+"://"+strings.Replace(host, ".", "x", 1)+port, Critical, domain && strings.Contains(host, "."))
	add("http-origin", "the http twin of the page's https origin (anyone on the network path)", "http://"+host+port, High, scheme == "https")
	add("subdomain", "a subdomain of the page's host (a takeover or an XSS there)", scheme+"://corsim-evil."+host+port, High, domain)
	return probes, skipped
}

// trustedProbes are the trusted page's own requests: a GET, a preflighted
// PUT with a custom header (whose PUT is never sent), and a GET with
// Authorization; each with and without credentials.
func trustedProbes(url, origin string) []probe {
	var out []probe
	for _, cred := range []string{"same-origin", "include"} {
		suffix, with := "", ""
		if cred == "include" {
			suffix, with = "-credentials", ", with credentials"
		}
		out = append(out,
			probe{id: "trusted-get" + suffix, what: "the page's GET" + with, origin: origin, req: request(url, "GET", cred)},
			probe{id: "trusted-preflight" + suffix, what: "the page's PUT with " + probeHeader + with, origin: origin,
				req: request(url, "PUT", cred, vectors.Header{Name: probeHeader, Value: "1"})},
			probe{id: "trusted-authorization" + suffix, what: "the page's GET with Authorization" + with, origin: origin,
				req: request(url, "GET", cred, vectors.Header{Name: "Authorization", Value: probeToken})},
		)
	}
	return out
}

// isDomain reports whether a serialized host is a domain, not an IPv4 or
// IPv6 address.
func isDomain(host string) bool {
	if strings.HasPrefix(host, "[") {
		return false
	}
	for _, c := range host {
		if (c < '0' || c > '9') && c != '.' {
			return true
		}
	}
	return false
}
