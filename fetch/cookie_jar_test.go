package fetch

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// jarTest is a scenario on a fresh jar, in the style of net/http/cookiejar's
// tests:
//  1. at tNow, the Set-Cookie headers in set arrive from a response to from,
//     fetched by a page whose top-level origin is top ("" for a first-party
//     context: the page is at from's own origin), after a cross-site
//     redirect when redirect is set;
//  2. at tNow+1s, the jar holds exactly content (unexpired "name=value"
//     pairs, sorted);
//  3. query n runs at tNow+(n+2)s plus the sum of the advances so far, and
//     must produce the Cookie header want.
type jarTest struct {
	name     string
	policy   CookiePolicy
	from     string
	top      string
	redirect bool
	set      []string
	refused  []CookieReason // per header of set: "" when stored; nil when all are
	content  string
	queries  []jarQuery
}

// jarQuery is one request and the Cookie header it must carry.
type jarQuery struct {
	to       string        // the request URL
	top      string        // top-level origin; "" for first party
	redirect bool          // redirect-taint is cross-site
	advance  time.Duration // clock step before the query
	want     string
}

// testContext builds the cookie context of a request to rawURL made by a
// page under the top-level origin top ("" meaning rawURL's own site).
func testContext(t testing.TB, rawURL, top string) CookieContext {
	t.Helper()
	u, err := ParseURL(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	if top == "" {
		return FirstPartyContext(u)
	}
	o, err := ParseOrigin(top)
	if err != nil {
		t.Fatal(err)
	}
	s := ObtainSite(o)
	return CookieContext{URL: u, SiteForCookies: s, TopLevel: o, TopLevelSite: s}
}

func (tc jarTest) run(t *testing.T) {
	now := tNow
	jar := NewJar(JarOptions{Policy: tc.policy, Now: func() time.Time { return now }})
	ctx := testContext(t, tc.from, tc.top)
	ctx.CrossSiteRedirect = tc.redirect
	refused := make([]CookieReason, len(tc.set))
	for i, h := range tc.set {
		_, err := jar.ParseAndStore(ctx, h)
		var ce *CookieError
		switch {
		case err == nil:
		case errors.As(err, &ce):
			refused[i] = ce.Reason
		default:
			t.Fatalf("ParseAndStore(%q) error %v is not a *CookieError", h, err)
		}
	}
	want := tc.refused
	if want == nil {
		want = make([]CookieReason, len(tc.set))
	}
	if diff := cmp.Diff(want, refused); diff != "" {
		t.Errorf("refused cookies mismatch (-want +got):\n%s", diff)
	}

	now = now.Add(time.Second)
	var content []string
	for _, c := range jar.All() {
		content = append(content, c.Name+"="+c.Value)
	}
	slices.Sort(content)
	if diff := cmp.Diff(tc.content, strings.Join(content, " ")); diff != "" {
		t.Errorf("jar content mismatch (-want +got):\n%s", diff)
	}

	for i, q := range tc.queries {
		now = now.Add(time.Second + q.advance)
		c := testContext(t, q.to, q.top)
		c.CrossSiteRedirect = q.redirect
		if diff := cmp.Diff(q.want, jar.CookieHeader(c)); diff != "" {
			t.Errorf("query %d (%s, top %q) Cookie header mismatch (-want +got):\n%s", i, q.to, q.top, diff)
		}
	}
}

func runJarTests(t *testing.T, tests []jarTest) {
	for _, tc := range tests {
		t.Run(tc.name, tc.run)
	}
}

// TestJarDomain: host-only and domain cookies, domain-match and the public
// suffix rule (layered cookies "store a cookie" steps 5–7, RFC 6265bis §5.6
// steps 7–10, domain-match §5.1.3).
func TestJarDomain(t *testing.T) {
	runJarTests(t, []jarTest{
		{
			name: "host-only cookie",
			from: "http://www.host.test/", set: []string{"A=a"}, content: "A=a",
			queries: []jarQuery{
				{to: "http://www.host.test", want: "A=a"},
				{to: "http://www.host.test/some/path", want: "A=a"},
				{to: "https://www.host.test/", want: "A=a"},
				{to: "http://www.host.test:8080/", want: "A=a"}, // ports are ignored
				{to: "ws://www.host.test/", want: ""},           // not an HTTP(S) URL
				{to: "http://host.test/", want: ""},
				{to: "http://sibling.host.test/", want: ""},
				{to: "http://deep.www.host.test/", want: ""},
				{to: "http://www.other.test/", want: ""},
			},
		},
		{
			name: "domain cookie",
			from: "http://www.host.test/", set: []string{"A=a; Domain=host.test"}, content: "A=a",
			queries: []jarQuery{
				{to: "http://host.test/", want: "A=a"},
				{to: "http://www.host.test/", want: "A=a"},
				{to: "http://deep.www.host.test/", want: "A=a"},
				{to: "http://xhost.test/", want: ""}, // a suffix, but not at a label boundary
				{to: "http://other.test/", want: ""},
			},
		},
		{
			name: "leading dot and case",
			from: "http://www.host.test/", set: []string{"A=a; Domain=.HOST.test"}, content: "A=a",
			queries: []jarQuery{{to: "http://sub.host.test/", want: "A=a"}},
		},
		{
			name: "domain naming the host is not host-only",
			from: "http://www.host.test/", set: []string{"A=a; Domain=www.host.test"}, content: "A=a",
			queries: []jarQuery{
				{to: "http://deep.www.host.test/", want: "A=a"},
				{to: "http://host.test/", want: ""},
			},
		},
		{
			name: "domains that do not match",
			from: "http://www.host.test/",
			set: []string{
				"a=1; Domain=other.test",
				"b=2; Domain=deep.www.host.test",
				"c=3; Domain=ww.host.test",
				"d=4; Domain=host.test.",
			},
			refused: []CookieReason{CookieDomainMismatch, CookieDomainMismatch, CookieDomainMismatch, CookieDomainMismatch},
		},
		{
			name: "public suffix domains are refused",
			from: "https://www.example.co.uk/",
			set:  []string{"a=1; Domain=co.uk", "b=2; Domain=uk", "c=3; Domain=example.co.uk"},
			// "uk" and "co.uk" are on the Public Suffix List.
			refused: []CookieReason{CookiePublicSuffix, CookiePublicSuffix, ""},
			content: "c=3",
		},
		{
			// Store a cookie step 5: a Domain naming the request's host, when
			// that host is a public suffix, gives a host-only cookie.
			name: "public suffix host sets a host-only cookie",
			from: "https://github.io/", set: []string{"a=1; Domain=github.io"}, content: "a=1",
			queries: []jarQuery{
				{to: "https://github.io/", want: "a=1"},
				{to: "https://x.github.io/", want: ""},
			},
		},
		{
			name: "IP address host",
			from: "http://127.0.0.1:8080/",
			set:  []string{"a=1", "b=2; Domain=127.0.0.1", "c=3; Domain=0.1", "d=4; Domain=0.0.1"},
			// "0.1" host-parses to 0.0.0.1; "0.0.1" to 0.0.0.1 too.
			refused: []CookieReason{"", "", CookieDomainMismatch, CookieDomainMismatch},
			content: "a=1 b=2",
			queries: []jarQuery{
				{to: "http://127.0.0.1/", want: "a=1; b=2"},
				{to: "http://127.0.0.2/", want: ""},
			},
		},
		{
			name: "IPv6 host",
			from: "http://[::1]:3000/", set: []string{"a=1", "b=2; Domain=[0:0::1]"}, content: "a=1 b=2",
			queries: []jarQuery{{to: "http://[::1]/", want: "a=1; b=2"}},
		},
		{
			name: "single-label host",
			from: "http://localhost:3000/", set: []string{"a=1", "b=2; Domain=localhost"}, content: "a=1 b=2",
			queries: []jarQuery{
				{to: "http://localhost/", want: "a=1; b=2"},
				{to: "http://x.localhost/", want: ""},
			},
		},
	})
}

// TestJarPath: default path, Path attribute, path-match (RFC 6265bis
// §5.1.4) and the order of the Cookie header (§5.8.3 step 4).
func TestJarPath(t *testing.T) {
	runJarTests(t, []jarTest{
		{
			name: "default path",
			from: "http://www.host.test/dir/page", set: []string{"A=a"}, content: "A=a",
			queries: []jarQuery{
				{to: "http://www.host.test/dir", want: "A=a"},
				{to: "http://www.host.test/dir/", want: "A=a"},
				{to: "http://www.host.test/dir/x/y", want: "A=a"},
				{to: "http://www.host.test/", want: ""},
				{to: "http://www.host.test/directory", want: ""},
				{to: "http://www.host.test/di", want: ""},
				{to: "http://www.host.test/DIR", want: ""},
			},
		},
		{
			name: "path ending in a slash",
			from: "http://www.host.test/", set: []string{"A=a; Path=/dir/"}, content: "A=a",
			queries: []jarQuery{
				{to: "http://www.host.test/dir/", want: "A=a"},
				{to: "http://www.host.test/dir/x", want: "A=a"},
				{to: "http://www.host.test/dir", want: ""},
			},
		},
		{
			name: "path matched against the percent-encoded URL path",
			from: "http://www.host.test/", set: []string{"A=a; Path=/a b", "B=b; Path=/a%20b"}, content: "A=a B=b",
			queries: []jarQuery{{to: "http://www.host.test/a b/x", want: "B=b"}},
		},
		{
			name:    "longer paths first, then earlier creation",
			from:    "http://www.host.test/",
			set:     []string{"a=1; Path=/", "b=2; Path=/x", "c=3; Path=/x/y", "d=4; Path=/", "e=5; Path=/x"},
			content: "a=1 b=2 c=3 d=4 e=5",
			queries: []jarQuery{
				{to: "http://www.host.test/x/y/z", want: "c=3; b=2; e=5; a=1; d=4"},
				{to: "http://www.host.test/x", want: "b=2; e=5; a=1; d=4"},
			},
		},
		{
			// Same name and host but different paths are different cookies.
			name:    "one name on two paths",
			from:    "http://www.host.test/",
			set:     []string{"a=root; Path=/", "a=deep; Path=/x"},
			content: "a=deep a=root",
			queries: []jarQuery{{to: "http://www.host.test/x", want: "a=deep; a=root"}},
		},
	})
}

// TestJarUpdate: a cookie with the same name, host, host-only flag and path
// replaces the old one and keeps its creation-time (store a cookie step 18,
// RFC 6265bis §5.6 step 23).
func TestJarUpdate(t *testing.T) {
	runJarTests(t, []jarTest{
		{
			name:    "update keeps creation order",
			from:    "http://www.host.test/",
			set:     []string{"a=1", "b=2", "a=3"},
			content: "a=3 b=2",
			queries: []jarQuery{{to: "http://www.host.test/", want: "a=3; b=2"}},
		},
		{
			name:    "host-only and domain cookies of one name coexist",
			from:    "http://www.host.test/",
			set:     []string{"a=host", "a=domain; Domain=www.host.test"},
			content: "a=domain a=host",
			queries: []jarQuery{{to: "http://www.host.test/", want: "a=host; a=domain"}},
		},
		{
			name:    "Max-Age=0 deletes",
			from:    "http://www.host.test/",
			set:     []string{"a=1", "b=2", "a=gone; Max-Age=0"},
			content: "b=2",
			queries: []jarQuery{{to: "http://www.host.test/", want: "b=2"}},
		},
		{
			name:    "an Expires in the past deletes",
			from:    "http://www.host.test/",
			set:     []string{"a=1; Path=/", "a=gone; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"},
			content: "",
		},
		{
			name:    "deleting needs the same path",
			from:    "http://www.host.test/",
			set:     []string{"a=1; Path=/", "a=gone; Path=/x; Max-Age=0"},
			content: "a=1",
		},
	})
}

// TestJarExpiry steps the clock over Max-Age and Expires.
func TestJarExpiry(t *testing.T) {
	runJarTests(t, []jarTest{
		{
			name: "Max-Age",
			from: "http://www.host.test/",
			// Set at tNow; queried at tNow+2s, +3s+6s = 9s, +10s+2s = 12s.
			set:     []string{"short=1; Max-Age=10", "session=2", "long=3; Max-Age=3600"},
			content: "long=3 session=2 short=1",
			queries: []jarQuery{
				{to: "http://www.host.test/", want: "short=1; session=2; long=3"},
				{to: "http://www.host.test/", advance: 6 * time.Second, want: "short=1; session=2; long=3"},
				{to: "http://www.host.test/", advance: 2 * time.Second, want: "session=2; long=3"},
				{to: "http://www.host.test/", advance: time.Hour, want: "session=2"},
			},
		},
		{
			name:    "Expires",
			from:    "http://www.host.test/",
			set:     []string{"a=1; Expires=" + tNow.Add(5*time.Second).Format(time.RFC1123)},
			content: "a=1",
			queries: []jarQuery{
				{to: "http://www.host.test/", want: "a=1"},
				{to: "http://www.host.test/", advance: 2 * time.Second, want: ""},
			},
		},
		{
			// 400 days at most (RFC 6265bis, the cookie age limit).
			name:    "age limit",
			from:    "http://www.host.test/",
			set:     []string{"a=1; Max-Age=999999999"},
			content: "a=1",
			queries: []jarQuery{
				{to: "http://www.host.test/", advance: 400*24*time.Hour - 10*time.Second, want: "a=1"},
				{to: "http://www.host.test/", advance: 10 * time.Second, want: ""},
			},
		},
	})
}

// TestJarSecure: Secure cookies are sent to https only, cannot be set from
// http, and cannot be shadowed from http (store a cookie step 10; RFC
// 6265bis §5.6 steps 13 and 16, whose note gives the /login example).
func TestJarSecure(t *testing.T) {
	runJarTests(t, []jarTest{
		{
			name: "sent to https only",
			from: "https://www.host.test/", set: []string{"s=1; Secure", "p=2"}, content: "p=2 s=1",
			queries: []jarQuery{
				{to: "https://www.host.test/", want: "s=1; p=2"},
				{to: "http://www.host.test/", want: "p=2"},
			},
		},
		{
			name: "not settable from http",
			from: "http://www.host.test/", set: []string{"s=1; Secure"},
			refused: []CookieReason{CookieSecureFromInsecure},
		},
	})

	now := tNow
	jar := NewJar(JarOptions{Now: func() time.Time { return now }})
	if _, err := jar.ParseAndStore(testContext(t, "https://www.host.test/", ""), "a=secure; Secure; Path=/login"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		header string
		want   CookieReason
	}{
		{"a=1; Path=/", ""},
		{"a=2; Path=/foo", ""},
		{"a=3; Path=/login", CookieOverlaysSecure},
		{"a=4; Path=/login/en", CookieOverlaysSecure},
		{"a=5; Path=/login; Domain=host.test", CookieOverlaysSecure},
		{"b=6; Path=/login", ""},
	} {
		_, err := jar.ParseAndStore(testContext(t, "http://www.host.test/", ""), tc.header)
		var got CookieReason
		var ce *CookieError
		if errors.As(err, &ce) {
			got = ce.Reason
		}
		if got != tc.want {
			t.Errorf("insecure %q: refused %q, want %q", tc.header, got, tc.want)
		}
	}
}

// TestJarPrefixes: __Secure- and __Host- prefixes, matched case-insensitively
// (store a cookie steps 13, 14 and 17; RFC 6265bis §4.1.3, §5.6 steps 20–22).
func TestJarPrefixes(t *testing.T) {
	runJarTests(t, []jarTest{
		{
			name: "prefixes",
			from: "https://www.host.test/dir/",
			set: []string{
				"__Secure-a=1; Secure",
				"__Secure-b=2",
				"__secure-c=3",
				"__Host-d=4; Secure; Path=/",
				"__Host-e=5; Secure", // no Path=/
				"__Host-f=6; Path=/", // not Secure
				"__Host-g=7; Secure; Path=/; Domain=www.host.test", // not host-only
				"__HOST-h=8; Path=/",
				"__Host-i=9; Secure; Path=/x",
				"__Host-j=10; Secure; Path=/; Path=x", // the last Path is not valid
				"__Host-k",                            // nameless, value looks prefixed
				"=__Secure-l",
				"__Hostile=1",
			},
			refused: []CookieReason{
				"", CookieSecurePrefix, CookieSecurePrefix, "", CookieHostPrefix, CookieHostPrefix,
				CookieHostPrefix, CookieHostPrefix, CookieHostPrefix, CookieHostPrefix,
				CookieNamelessPrefix, CookieNamelessPrefix, "",
			},
			content: "__Host-d=4 __Hostile=1 __Secure-a=1",
		},
	})
}

// TestJarSameSite: SameSite enforcement by the same-site mode (fetch.bs
// determine-the-same-site-mode, RFC 6265bis §5.2 and §5.8.3) and the
// LaxByDefault knob. A is the page's site, B a cross-site API, as in the
// checklist (checklist #148).
func TestJarSameSite(t *testing.T) {
	all := []string{
		"strict=1; SameSite=Strict; Secure",
		"lax=2; SameSite=Lax; Secure",
		"none=3; SameSite=None; Secure",
		"unset=4; Secure",
	}
	runJarTests(t, []jarTest{
		{
			name: "same-site requests send every cookie",
			from: "https://b.example/", set: all, content: "lax=2 none=3 strict=1 unset=4",
			queries: []jarQuery{
				{to: "https://b.example/", want: "strict=1; lax=2; none=3; unset=4"},
				// Host-only cookies: another host of the site gets none.
				{to: "https://api.b.example/", top: "https://www.b.example", want: ""},
				{to: "https://b.example/", top: "https://www.b.example:8443", want: "strict=1; lax=2; none=3; unset=4"},
			},
		},
		{
			name: "a cross-site fetch sends None and unset cookies",
			from: "https://b.example/", set: all, content: "lax=2 none=3 strict=1 unset=4",
			queries: []jarQuery{
				{to: "https://b.example/", top: "https://a.example", want: "none=3; unset=4"},
				// Schemeful: an http page is cross-site to its https twin.
				{to: "https://b.example/", top: "http://b.example", want: "none=3; unset=4"},
				// Redirect-taint cross-site (determine the same-site mode, step 5).
				{to: "https://b.example/", redirect: true, want: "none=3; unset=4"},
			},
		},
		{
			name:   "LaxByDefault: unset cookies act as Lax",
			policy: CookiePolicy{LaxByDefault: true},
			from:   "https://b.example/", set: all, content: "lax=2 none=3 strict=1 unset=4",
			queries: []jarQuery{
				{to: "https://b.example/", want: "strict=1; lax=2; none=3; unset=4"},
				{to: "https://b.example/", top: "https://a.example", want: "none=3"},
				{to: "https://b.example/", redirect: true, want: "none=3"},
			},
		},
		{
			name: "a cross-site response cannot set Strict or Lax cookies",
			from: "https://b.example/", top: "https://a.example", set: all,
			refused: []CookieReason{CookieSameSiteCrossSite, CookieSameSiteCrossSite, "", ""},
			content: "none=3 unset=4",
		},
		{
			name:   "LaxByDefault: nor unset ones",
			policy: CookiePolicy{LaxByDefault: true},
			from:   "https://b.example/", top: "https://a.example", set: all,
			refused: []CookieReason{CookieSameSiteCrossSite, CookieSameSiteCrossSite, "", CookieSameSiteCrossSite},
			content: "none=3",
		},
		{
			name: "SameSite=None without Secure is accepted by default",
			from: "https://b.example/", set: []string{"n=1; SameSite=None"}, content: "n=1",
		},
		{
			name:   "RequireSecureForSameSiteNone",
			policy: CookiePolicy{RequireSecureForSameSiteNone: true},
			from:   "https://b.example/", set: []string{"n=1; SameSite=None", "s=2; SameSite=None; Secure"},
			refused: []CookieReason{CookieSameSiteNoneInsecure, ""},
			content: "s=2",
		},
		{
			name:   "SchemelessSameSite: an http page and its https twin are same site",
			policy: CookiePolicy{SchemelessSameSite: true},
			from:   "https://b.example/", top: "http://b.example", set: all, content: "lax=2 none=3 strict=1 unset=4",
			queries: []jarQuery{
				{to: "https://b.example/", top: "http://www.b.example", want: "strict=1; lax=2; none=3; unset=4"},
				// Other sites and opaque sites for cookies stay cross-site.
				{to: "https://b.example/", top: "https://a.example", want: "none=3; unset=4"},
				{to: "https://b.example/", redirect: true, want: "none=3; unset=4"},
			},
		},
		{
			name:   "SendIgnoresRedirectTaint: a redirect-tainted same-site request sends everything",
			policy: CookiePolicy{SendIgnoresRedirectTaint: true},
			from:   "https://b.example/", set: all, content: "lax=2 none=3 strict=1 unset=4",
			queries: []jarQuery{
				{to: "https://b.example/", redirect: true, want: "strict=1; lax=2; none=3; unset=4"},
				{to: "https://b.example/", top: "https://a.example", redirect: true, want: "none=3; unset=4"},
			},
		},
		{
			name: "a redirect-tainted response cannot set Strict or Lax cookies",
			from: "https://b.example/", redirect: true, set: all,
			refused: []CookieReason{CookieSameSiteCrossSite, CookieSameSiteCrossSite, "", ""},
			content: "none=3 unset=4",
		},
		{
			name:   "StoreIgnoresRedirectTaint: it can",
			policy: CookiePolicy{StoreIgnoresRedirectTaint: true},
			from:   "https://b.example/", redirect: true, set: all, content: "lax=2 none=3 strict=1 unset=4",
			queries: []jarQuery{
				// Retrieval still honours the taint.
				{to: "https://b.example/", redirect: true, want: "none=3; unset=4"},
			},
		},
		{
			name:   "StoreIgnoresRedirectTaint: a cross-site response still cannot",
			policy: CookiePolicy{StoreIgnoresRedirectTaint: true},
			from:   "https://b.example/", top: "https://a.example", set: all,
			refused: []CookieReason{CookieSameSiteCrossSite, CookieSameSiteCrossSite, "", ""},
			content: "none=3 unset=4",
		},
		{
			name:   "StoreIgnoresSameSite: a cross-site response can",
			policy: CookiePolicy{StoreIgnoresSameSite: true, LaxByDefault: true},
			from:   "https://b.example/", top: "https://a.example", set: all, content: "lax=2 none=3 strict=1 unset=4",
			queries: []jarQuery{
				{to: "https://b.example/", top: "https://a.example", want: "none=3"},
			},
		},
		{
			name:   "SameSiteForTopLevelHost: the top-level host gets Strict and Lax cookies",
			policy: CookiePolicy{SameSiteForTopLevelHost: true},
			from:   "https://b.example/", set: all, content: "lax=2 none=3 strict=1 unset=4",
			queries: []jarQuery{
				{to: "https://b.example/x", redirect: true, want: "strict=1; lax=2; none=3; unset=4"},
				// Host, not site: a subdomain of the top-level host is not it.
				{to: "https://b.example/x", top: "https://www.b.example", redirect: true, want: "none=3; unset=4"},
				// Scheme and port do not count.
				{to: "https://b.example/x", top: "http://b.example:8080", redirect: true, want: "strict=1; lax=2; none=3; unset=4"},
			},
		},
	})
}

// TestJarThirdParty: the third-party knobs. BlockThirdParty is Chromium's
// rule (the request URL's site against the site for cookies, both ways);
// BlockThirdPartyStore is WebKitGTK's (the cookie's domain against the
// top-level host by libsoup's base domains, storing only).
func TestJarThirdParty(t *testing.T) {
	const (
		pageA = "https://a.example"
		pageC = "https://c.example"
		api   = "https://b.example/api"
	)
	cookie := []string{"id=1; SameSite=None; Secure"}
	runJarTests(t, []jarTest{
		{
			name: "zero policy: third-party cookies allowed",
			from: api, top: pageA, set: cookie, content: "id=1",
			queries: []jarQuery{
				{to: api, top: pageA, want: "id=1"},
				{to: api, top: pageC, want: "id=1"},
				{to: api, want: "id=1"},
			},
		},
		{
			name:   "BlockThirdParty: not stored from a third-party context",
			policy: CookiePolicy{BlockThirdParty: true},
			from:   api, top: pageA, set: cookie,
			refused: []CookieReason{CookieThirdPartyBlocked},
		},
		{
			name:   "BlockThirdParty: a first-party cookie is not sent to a third-party context",
			policy: CookiePolicy{BlockThirdParty: true},
			from:   api, set: cookie, content: "id=1",
			queries: []jarQuery{
				{to: api, top: pageA, want: ""},
				{to: api, want: "id=1"},
				// Same site, other subdomain: still first party.
				{to: api, top: "https://www.b.example", want: "id=1"},
				// Third-party classification ignores the scheme.
				{to: api, top: "http://b.example", want: "id=1"},
			},
		},
		{
			name:   "BlockThirdPartyStore: not stored from another site",
			policy: CookiePolicy{BlockThirdPartyStore: true},
			from:   api, top: pageA, set: cookie,
			refused: []CookieReason{CookieThirdPartyBlocked},
		},
		{
			name:   "BlockThirdPartyStore: a host-only cookie of another host under an unlisted TLD",
			policy: CookiePolicy{BlockThirdPartyStore: true},
			from:   "https://api.b.example/", top: "https://b.example", set: []string{"h=1", "d=2; Domain=b.example"},
			refused: []CookieReason{CookieThirdPartyBlocked, ""}, content: "d=2",
		},
		{
			name:   "BlockThirdPartyStore: under a listed TLD the registrable domain decides",
			policy: CookiePolicy{BlockThirdPartyStore: true},
			from:   "https://api.b.com/", top: "https://www.b.com", set: []string{"h=1", "d=2; Domain=b.com"},
			content: "d=2 h=1",
		},
		{
			name:   "BlockThirdPartyStore: sending is not restricted",
			policy: CookiePolicy{BlockThirdPartyStore: true},
			from:   api, set: cookie, content: "id=1",
			queries: []jarQuery{
				{to: api, top: pageA, want: "id=1"},
			},
		},
	})
}

// TestLibsoupThirdParty checks thirdPartyCookieDomain, the rule behind
// BlockThirdPartyStore, against what WebKitGTK's cookie jar does: each row
// was run through Debian 12's libsoup 3.2.3 (with libpsl 0.21.2 and the
// publicsuffix list of 2023-02-09) on this kind of machine, by
// soup_cookie_jar_set_cookie_with_first_party on a jar with the
// SOUP_COOKIE_JAR_ACCEPT_NO_THIRD_PARTY policy (WebKitGTK's default), and
// stored is whether soup_cookie_jar_all_cookies then held the cookie.
func TestLibsoupThirdParty(t *testing.T) {
	tests := []struct {
		top, from, header string
		stored            bool
	}{
		{"https://foo.example/", "https://api.foo.example/", "h=1", false},
		{"https://foo.example/", "https://api.foo.example/", "d=1; Domain=foo.example", true},
		{"https://foo.example/", "https://api.foo.example/", "d=1; Domain=api.foo.example", false},
		{"https://www.foo.example/", "https://api.foo.example/", "d=1; Domain=foo.example", true},
		{"https://www.foo.example/", "https://www.foo.example/", "h=1", true},
		{"https://www.foo.example/", "https://foo.example/", "h=1", false},
		{"https://foo.example/", "https://foo.example/", "h=1", true},
		{"https://foo.example/", "https://bar.other/", "h=1", false},
		{"https://foo.com/", "https://api.foo.com/", "h=1", true},
		{"https://www.foo.com/", "https://api.foo.com/", "h=1", true},
		{"https://foo.com/", "https://bar.com/", "h=1", false},
		{"https://foo.com/", "https://api.foo.com/", "d=1; Domain=foo.com", true},
		{"https://foo.example/", "https://127.0.0.1/", "h=1", false},
		{"https://127.0.0.1/", "https://127.0.0.1/", "h=1", true},
		{"https://localhost/", "https://localhost/", "h=1", true},
		{"https://x.github.io/", "https://y.github.io/", "h=1", false},
		{"https://a.x.github.io/", "https://b.x.github.io/", "h=1", true},
		{"https://foo.example/", "https://a.b.foo.example/", "d=1; Domain=b.foo.example", false},
		{"https://b.foo.example/", "https://a.b.foo.example/", "d=1; Domain=foo.example", true},
		{"https://FOO.example/", "https://foo.example/", "h=1", true},
		{"https://foo.example/", "https://xfoo.example/", "h=1", false},
		{"https://oo.example/", "https://foo.example/", "d=1; Domain=foo.example", false},
		{"https://foo.example/", "https://api.foo.example/", "d=1; Domain=.foo.example", true},
	}
	for _, tc := range tests {
		t.Run(tc.top+" "+tc.from+" "+tc.header, func(t *testing.T) {
			jar := NewJar(JarOptions{Policy: CookiePolicy{BlockThirdPartyStore: true}})
			_, err := jar.ParseAndStore(testContext(t, tc.from, strings.TrimSuffix(tc.top, "/")), tc.header)
			if stored := err == nil; stored != tc.stored {
				t.Errorf("stored = %v (%v), libsoup: %v", stored, err, tc.stored)
			}
		})
	}
}

// TestJarNotHTTP: only HTTP(S) requests have cookies.
func TestJarNotHTTP(t *testing.T) {
	jar := NewJar(JarOptions{})
	_, err := jar.ParseAndStore(testContext(t, "wss://a.example/", ""), "a=1")
	var ce *CookieError
	if !errors.As(err, &ce) || ce.Reason != CookieNotHTTP {
		t.Errorf("ParseAndStore for wss: %v, want %q", err, CookieNotHTTP)
	}
	if got := jar.Retrieve(testContext(t, "data:text/plain,x", "")); got != nil {
		t.Errorf("Retrieve for data: = %v", got)
	}
	// A context without a URL is a caller's mistake: an error, not a panic.
	if _, err := jar.ParseAndStore(CookieContext{}, "a=1"); !errors.As(err, &ce) || ce.Reason != CookieNotHTTP {
		t.Errorf("ParseAndStore without a URL: %v, want %q", err, CookieNotHTTP)
	}
	if got := jar.Retrieve(CookieContext{}); got != nil {
		t.Errorf("Retrieve without a URL = %v", got)
	}
	if m := (CookieContext{}).SameSiteMode(); m != NoneOnly || !(CookieContext{}).ThirdParty() {
		t.Errorf("an empty context is %v and third-party %v; want none and true", m, (CookieContext{}).ThirdParty())
	}
}

// TestJarSerialization: "serialize cookies", including nameless cookies.
func TestJarSerialization(t *testing.T) {
	runJarTests(t, []jarTest{{
		name: "nameless and empty values",
		from: "http://www.host.test/",
		set:  []string{"bare", "a=", "=b=c"},
		// "bare" and "=b=c" are both nameless: the second replaces the first.
		content: "=b=c a=",
		queries: []jarQuery{{to: "http://www.host.test/", want: "b=c; a="}},
	}})
}

// TestJarEviction: garbage collect cookies, with small limits: the least
// recently accessed go first, insecure cookies before secure ones for a host
// (layered cookies "remove excess cookies for a host", "remove global excess
// cookies").
func TestJarEviction(t *testing.T) {
	now := tNow
	tick := func() { now = now.Add(time.Second) }
	jar := NewJar(JarOptions{Now: func() time.Time { return now }, MaxCookiesPerHost: 3, MaxCookies: 5})
	set := func(rawURL, h string) {
		t.Helper()
		tick()
		if _, err := jar.ParseAndStore(testContext(t, rawURL, ""), h); err != nil {
			t.Fatal(err)
		}
	}
	names := func() string {
		var s []string
		for _, c := range jar.All() {
			s = append(s, c.Name)
		}
		slices.Sort(s)
		return strings.Join(s, " ")
	}
	set("https://a.example/", "s1=1; Secure")
	set("https://a.example/", "i1=1")
	set("https://a.example/", "i2=1")
	tick()
	jar.Retrieve(testContext(t, "https://a.example/", "")) // every cookie accessed now
	set("https://a.example/", "i3=1")
	// Four cookies on a.example: an insecure one goes first, and of those the
	// least recently accessed; i1 and i2 tie on access, i1 was created first.
	if diff := cmp.Diff("i2 i3 s1", names()); diff != "" {
		t.Errorf("after the per-host limit (-want +got):\n%s", diff)
	}
	set("https://b.example/", "b1=1")
	set("https://c.example/", "c1=1")
	set("https://d.example/", "d1=1")
	// Six cookies in all: the least recently accessed overall goes. s1 and i2
	// were last accessed together and s1 is older; unlike the per-host
	// limit, the global one does not spare secure cookies.
	if diff := cmp.Diff("b1 c1 d1 i2 i3", names()); diff != "" {
		t.Errorf("after the total limit (-want +got):\n%s", diff)
	}
}

// TestJarConcurrency shares a jar between goroutines, as a crawler does,
// under each engine's policy; run it with -race.
func TestJarConcurrency(t *testing.T) {
	for _, p := range Profiles {
		t.Run(p.Name, func(t *testing.T) { testJarConcurrency(t, p.Cookies) })
	}
}

func testJarConcurrency(t *testing.T, policy CookiePolicy) {
	jar := NewJar(JarOptions{Policy: policy, MaxCookiesPerHost: 20, MaxCookies: 100})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				host := fmt.Sprintf("https://h%d.example/p%d", i%5, i%3)
				top := []string{"", "https://a.example"}[i%2]
				c := testContext(t, host, top)
				_, err := jar.ParseAndStore(c, fmt.Sprintf("c%d_%d=%d; SameSite=None; Secure; Max-Age=%d", g, i%30, i, i%7))
				if ce := (*CookieError)(nil); err != nil && !(errors.As(err, &ce) && ce.Reason == CookieThirdPartyBlocked && top != "") {
					t.Error(err)
				}
				_ = jar.CookieHeader(c)
				if i%50 == 0 {
					_ = jar.All()
				}
			}
		})
	}
	wg.Wait()
	if n := len(jar.All()); n > 100 {
		t.Errorf("%d cookies, over the limit of 100", n)
	}
}

func TestCookieHeaderAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	jar := NewJar(JarOptions{Now: func() time.Time { return tNow }})
	c := testContext(t, "https://www.a.example/p", "")
	for _, h := range []string{"a=1; Path=/", "b=2; Path=/p", "c=3; Domain=a.example"} {
		if _, err := jar.ParseAndStore(c, h); err != nil {
			t.Fatal(err)
		}
	}
	// The matching cookies, the copies handed out and the header string, plus
	// two registrable-domain lookups (the bucket, and the URL's site for the
	// same-site mode; see TestSameSiteAllocs).
	if n := testing.AllocsPerRun(100, func() { _ = jar.CookieHeader(c) }); n > 5 {
		t.Errorf("CookieHeader allocates %v times, want at most 5", n)
	}
}

func BenchmarkCookieHeader(b *testing.B) {
	jar := NewJar(JarOptions{Now: func() time.Time { return tNow }})
	c := testContext(b, "https://www.a.example/p/q", "")
	for i := range 10 {
		if _, err := jar.ParseAndStore(c, fmt.Sprintf("k%d=v%d; Path=/", i, i)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if jar.CookieHeader(c) == "" {
			b.Fatal("no cookies")
		}
	}
}

func TestCookieEnumStrings(t *testing.T) {
	got := []string{StrictOrLess.String(), LaxOrLess.String(), UnsetOrLess.String(), NoneOnly.String(), SameSiteMode(9).String(),
		SameSiteUnset.String(), SameSiteNone.String(), SameSiteLax.String(), SameSiteStrict.String()}
	// The modes as fetch.bs writes them; the attribute values as Set-Cookie does.
	want := []string{"strict-or-less", "lax-or-less", "unset-or-less", "none", "invalid", "unset", "None", "Lax", "Strict"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("strings mismatch (-want +got):\n%s", diff)
	}
}
