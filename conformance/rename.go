package conformance

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/corsim/corsim/vectors"
	"golang.org/x/net/publicsuffix"
)

// Batching: starting an engine costs far more than a vector's steps (about
// 1 s for Chromium, 2.7 s for Firefox on the 2-core machine), so several
// vectors run in one engine process, one after the other, the harness page
// navigating from one vector's page to the next. A vector must still start
// with an empty preflight cache, cookie jar and HTTP cache, and must not see
// another vector's connections or DNS entries; so every vector after the first
// in a process gets its own host names: the first label of each registrable
// domain gets a suffix naming the vector's position in the batch
// (foo.example → foo-b3.example, api.foo.example → api.foo-b3.example,
// bar.other → bar-b3.other). Every cache and jar a browser keeps is keyed by
// host, origin or site, so nothing of one vector can match another's; and
// since the suffix is added at the registrable domain, same-site and
// cross-site relations (cookies' SameSite, third-party cookie blocking,
// partition keys) are what the vector says. The first vector of a process
// keeps its names as written.
//
// The renaming is applied to the vector's origins, request URLs, route URLs
// and route header values (Access-Control-Allow-Origin, Location,
// Set-Cookie's Domain...), case-insensitively and keeping the case of what it
// renames (so "https://FOO.example" stays a mismatch for the page
// https://foo-b3.example), and undone on everything observed: the URLs and
// header values on the wire, and the response URL, header values and body
// script saw. Script's own request header values are left alone: a host
// name in one would change the header's length, which the safelist rules
// count.
//
// Vectors naming an IP address or a host without a registrable domain are
// never renamed; they run in a process of their own.

// A renaming maps registrable domains to position-specific ones.
type renaming struct {
	tag   string
	sites []string // registrable domains, lowercase
}

// newRenaming returns the renaming of v's hosts for tag, or an error when a
// host of v has no registrable domain (v must then run alone).
func newRenaming(v *vectors.Vector, tag string) (*renaming, error) {
	hosts, _ := Hosts([]vectors.Vector{*v})
	seen := map[string]bool{}
	r := &renaming{tag: tag}
	for _, h := range hosts {
		if _, err := netip.ParseAddr(h); err == nil {
			return nil, fmt.Errorf("host %s is an IP address", h)
		}
		site, err := registrableDomain(h)
		if err != nil {
			return nil, fmt.Errorf("host %s: %v", h, err)
		}
		if !seen[site] {
			seen[site] = true
			r.sites = append(r.sites, site)
		}
	}
	return r, nil
}

// registrableDomain returns the registrable domain of host h (its eTLD+1 by
// the public suffix list; hosts under a suffix the list lacks, such as
// .example, count their last label as the suffix, as browsers do).
func registrableDomain(h string) (string, error) {
	if _, err := netip.ParseAddr(h); err == nil {
		return "", fmt.Errorf("%s is an IP address", h)
	}
	return publicsuffix.EffectiveTLDPlusOne(strings.TrimSuffix(h, "."))
}

// forward renames every occurrence of a registrable domain in s.
func (r *renaming) forward(s string) string {
	if r == nil {
		return s
	}
	for _, site := range r.sites {
		s = replaceHost(s, site, func(m string) string {
			dot := strings.IndexByte(m, '.')
			return m[:dot] + "-" + r.tag + m[dot:]
		})
	}
	return s
}

// backward undoes forward.
func (r *renaming) backward(s string) string {
	if r == nil {
		return s
	}
	for _, site := range r.sites {
		dot := strings.IndexByte(site, '.')
		renamed := site[:dot] + "-" + r.tag + site[dot:]
		s = replaceHost(s, renamed, func(m string) string {
			d := strings.IndexByte(m, '.')
			return m[:d-len(r.tag)-1] + m[d:]
		})
	}
	return s
}

// replaceHost replaces each occurrence of the domain name d in s (ASCII
// case-insensitively) that stands as a whole domain or the end of a longer
// one (api.d), not as part of a label (xd, d2) nor as the start of a longer
// name (d.com), with repl of the text matched.
func replaceHost(s, d string, repl func(string) string) string {
	if len(d) == 0 || len(s) < len(d) {
		return s
	}
	ls, ld := asciiLower(s), asciiLower(d)
	var b strings.Builder
	last := 0
	for i := 0; i+len(ld) <= len(ls); {
		j := strings.Index(ls[i:], ld)
		if j < 0 {
			break
		}
		start, end := i+j, i+j+len(ld)
		if hostBoundaryBefore(ls, start) && hostBoundaryAfter(ls, end) {
			b.WriteString(s[last:start])
			b.WriteString(repl(s[start:end]))
			last = end
			i = end
			continue
		}
		i = start + 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// asciiLower lowercases A-Z only, so that byte offsets in the result are
// offsets in s (strings.ToLower may change the length of non-ASCII text).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func isLabelByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

func hostBoundaryBefore(s string, i int) bool {
	return i == 0 || !isLabelByte(s[i-1])
}

// hostBoundaryAfter: the name ends at i, or is followed by a dot that ends
// it (a fully qualified "d."), not by another label.
func hostBoundaryAfter(s string, i int) bool {
	if i == len(s) {
		return true
	}
	if s[i] == '.' {
		return i+1 == len(s) || !isLabelByte(s[i+1])
	}
	return !isLabelByte(s[i])
}

// renameVector returns v as it runs under r: origins, request and route URLs
// and route header values renamed. A vector with an opaque origin and no
// top-level origin gets DefaultPageOrigin, renamed, as its top level.
func renameVector(v vectors.Vector, r *renaming) vectors.Vector {
	if r == nil {
		return v
	}
	if v.Origin == "null" && v.TopLevel == "" {
		v.TopLevel = DefaultPageOrigin
	}
	if v.Origin != "null" {
		v.Origin = r.forward(v.Origin)
	}
	v.TopLevel = r.forward(v.TopLevel)
	steps := make([]vectors.Step, len(v.Steps))
	for i, s := range v.Steps {
		s.Request.URL = r.forward(s.Request.URL)
		routes := make([]vectors.Route, len(s.Server))
		for j, rt := range s.Server {
			rt.URL = r.forward(rt.URL)
			hs := make([]vectors.Header, len(rt.Headers))
			for k, h := range rt.Headers {
				hs[k] = vectors.Header{Name: h.Name, Value: r.forward(h.Value)}
			}
			rt.Headers = hs
			routes[j] = rt
		}
		s.Server = routes
		steps[i] = s
	}
	v.Steps = steps
	return v
}

// batchTag names batch position i (0 keeps the names as written).
func batchTag(i int) string { return fmt.Sprintf("b%d", i) }
