package fetch

import (
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/publicsuffix"
)

// TestRegistrableDomain is the URL Standard's example table for a host's
// public suffix and registrable domain (url.bs, example-host-psl), hosts
// given as URL input and parsed first.
func TestRegistrableDomain(t *testing.T) {
	tests := []struct {
		host         string
		publicSuffix bool   // the host is its own public suffix
		rd           string // "" for null
	}{
		{"com", true, ""},
		{"example.com", false, "example.com"},
		{"www.example.com", false, "example.com"},
		{"sub.www.example.com", false, "example.com"},
		{"EXAMPLE.COM", false, "example.com"},
		{"example.com.", false, "example.com."},
		{"github.io", true, ""},
		{"whatwg.github.io", false, "whatwg.github.io"},
		{"إختبار", true, ""},
		{"example.إختبار", false, "example.xn--kgbechtv"},
		{"sub.example.إختبار", false, "example.xn--kgbechtv"},
		{"[2001:0db8:85a3:0000:0000:8a2e:0370:7334]", false, ""},
		// Not in the table: an IPv4 address is not a domain either.
		{"127.0.0.1", false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.host, func(t *testing.T) {
			u, err := ParseURL("https://" + tc.host + "/")
			if err != nil {
				t.Fatal(err)
			}
			rd, _ := registrableDomain(u.Host())
			type result struct {
				PublicSuffix bool
				RD           string
			}
			want := result{tc.publicSuffix, tc.rd}
			got := result{isPublicSuffix(u.Host()), rd}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("host %q (%q) mismatch (-want +got):\n%s", tc.host, u.Host(), diff)
			}
		})
	}
}

// TestListedRegistrableDomain: the registrable domain without the list's
// implicit "*" rule. Each row's want is what Debian 12's libsoup 3.2.3
// soup_tld_get_base_domain (over libpsl 0.21.2 and the publicsuffix list of
// 2023-02-09) returned for the host on this kind of machine (NULL is ""):
// the base domain WebKitGTK's cookie jar compares. registrableDomain, with
// the "*" rule, is given beside it.
func TestListedRegistrableDomain(t *testing.T) {
	tests := []struct {
		host       string
		libsoup    string // soup_tld_get_base_domain
		withStarRD string // registrableDomain
	}{
		{"foo.example", "", "foo.example"},
		{"api.foo.example", "", "foo.example"},
		{"www.foo.example", "", "foo.example"},
		{"example", "", ""},
		{"foo.com", "foo.com", "foo.com"},
		{"api.foo.com", "foo.com", "foo.com"},
		{"com", "", ""},
		{"co.uk", "", ""},
		{"a.b.co.uk", "b.co.uk", "b.co.uk"},
		{"github.io", "", ""},
		{"x.github.io", "x.github.io", "x.github.io"},
		{"a.x.github.io", "x.github.io", "x.github.io"},
		{"localhost", "", ""},
		{"127.0.0.1", "", ""},
		{"bar.other", "", "bar.other"},
		{"third.party", "third.party", "third.party"},
		{"a.third.party", "third.party", "third.party"},
		{"foo.test", "", "foo.test"},
		{"foo.ck", "", ""},
		{"www.ck", "www.ck", "www.ck"},
		{"foo.local", "", "foo.local"},
		{"example.xn--kgbechtv", "", "example.xn--kgbechtv"},
		{"foo.com.", "foo.com.", "foo.com."},
	}
	for _, tc := range tests {
		t.Run(tc.host, func(t *testing.T) {
			type result struct{ Listed, WithStar string }
			want := result{tc.libsoup, tc.withStarRD}
			var got result
			got.Listed, _ = listedRegistrableDomain(tc.host)
			got.WithStar, _ = registrableDomain(tc.host)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("host %q mismatch (-want +got):\n%s", tc.host, diff)
			}
		})
	}
}

// FuzzRegistrableDomain: lookupRegistrableDomain computes the registrable
// domain from publicsuffix.PublicSuffix itself, so that it can also tell
// whether a rule of the list matched; it must agree with
// publicsuffix.EffectiveTLDPlusOne (with the URL Standard's trailing dot),
// and a listed answer must be a registrable domain at all. The seeds are
// the hosts of the unit tables.
func FuzzRegistrableDomain(f *testing.F) {
	for _, h := range []string{"foo.example", "api.foo.com", "a.b.co.uk", "x.github.io", "foo.ck", "www.ck",
		"example.com.", "a..b", ".a.com", "com", "localhost", "127.0.0.1", "[::1]", "", "a.b.", "x.foo.ck."} {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, host string) {
		rd, ok, listed := lookupRegistrableDomain(host)
		if listed && !ok {
			t.Fatalf("%q: listed without a registrable domain", host)
		}
		if !isDomain(host) {
			if ok {
				t.Fatalf("%q is not a domain, yet has registrable domain %q", host, rd)
			}
			return
		}
		name, dot := strings.CutSuffix(host, ".")
		want, err := publicsuffix.EffectiveTLDPlusOne(name)
		wantOK := err == nil
		if wantOK && dot {
			want += "."
		}
		if !wantOK {
			want = ""
		}
		if rd != want || ok != wantOK {
			t.Fatalf("%q: got %q, %v; EffectiveTLDPlusOne says %q, %v", host, rd, ok, want, wantOK)
		}
	})
}

// TestSameSite works HTML's "same site" and "schemelessly same site"
// definitions through pairs of origins. A and B stand for the checklist's
// https://a.example and https://b.example.
func TestSameSite(t *testing.T) {
	o := func(s string) Origin {
		v, err := ParseOrigin(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	opaque := NewOpaqueOrigin()
	tests := []struct {
		name                 string
		a, b                 Origin
		sameSite, schemeless bool
	}{
		{"same origin", o("https://a.example"), o("https://a.example"), true, true},
		{"subdomain", o("https://a.example"), o("https://sub.a.example"), true, true},
		{"two subdomains", o("https://x.b.example"), o("https://y.b.example"), true, true},
		{"ports ignored", o("https://a.example"), o("https://a.example:8443"), true, true},
		{"scheme differs", o("https://a.example"), o("http://sub.a.example"), false, true},
		{"different sites", o("https://a.example"), o("https://b.example"), false, false},
		{"registrable domain under a multi-label suffix", o("https://x.example.co.uk"), o("https://y.example.co.uk"), true, true},
		{"siblings under a private suffix", o("https://a.github.io"), o("https://b.github.io"), false, false},
		{"a public suffix host is its own site", o("https://github.io"), o("https://github.io"), true, true},
		{"public suffix and a registrable domain under it", o("https://github.io"), o("https://a.github.io"), false, false},
		{"trailing dot", o("https://example.com"), o("https://example.com."), false, false},
		{"same IP, other port", o("http://127.0.0.1"), o("http://127.0.0.1:8080"), true, true},
		{"IPs do not share a site", o("http://127.0.0.1"), o("http://127.0.0.2"), false, false},
		{"opaque with itself", opaque, opaque, true, true},
		{"opaque with another", opaque, NewOpaqueOrigin(), false, false},
		{"opaque with tuple", opaque, o("https://a.example"), false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			type result struct{ SameSite, Schemeless, SiteEqual bool }
			want := result{tc.sameSite, tc.schemeless, tc.sameSite}
			got := result{SameSite(tc.a, tc.b), SchemelesslySameSite(tc.a, tc.b), ObtainSite(tc.a) == ObtainSite(tc.b)}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%v vs %v mismatch (-want +got):\n%s", tc.a, tc.b, diff)
			}
			if SameSite(tc.b, tc.a) != tc.sameSite || SchemelesslySameSite(tc.b, tc.a) != tc.schemeless {
				t.Errorf("not symmetric")
			}
		})
	}
}

// TestObtainSite follows HTML's "obtain a site": opaque origins are their
// own site; otherwise scheme and registrable domain, or the host when it has
// none.
func TestObtainSite(t *testing.T) {
	tests := []struct{ origin, want string }{
		{"https://www.a.example:8443", "https://a.example"},
		{"http://x.example.co.uk", "http://example.co.uk"},
		{"https://github.io", "https://github.io"},
		{"http://127.0.0.1:3000", "http://127.0.0.1"},
		{"http://[::1]", "http://[::1]"},
		{"http://localhost:8080", "http://localhost"},
		{"null", "null"},
	}
	for _, tc := range tests {
		o, err := ParseOrigin(tc.origin)
		if err != nil {
			t.Fatal(err)
		}
		if got := o.Site().Serialize(); got != tc.want {
			t.Errorf("site of %s = %s, want %s", tc.origin, got, tc.want)
		}
	}
	op := NewOpaqueOrigin()
	if s := ObtainSite(op); !s.IsOpaque() || s != ObtainSite(op) || s == ObtainSite(NewOpaqueOrigin()) {
		t.Errorf("an opaque origin's site is not that origin")
	}
}

// TestNetworkPartitionKey: checklist #180 (network-partition-key,
// determine-the-network-partition-key): one page origin under two top-level
// sites gets two keys; the first component is the top-level site only.
func TestNetworkPartitionKey(t *testing.T) {
	o := func(s string) Origin {
		v, err := ParseOrigin(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	x := DetermineNetworkPartitionKey(o("https://x.example"))
	y := DetermineNetworkPartitionKey(o("https://y.example"))
	wwwX := DetermineNetworkPartitionKey(o("https://www.x.example:8443"))
	opaque1 := DetermineNetworkPartitionKey(NewOpaqueOrigin())
	opaque2 := DetermineNetworkPartitionKey(NewOpaqueOrigin())
	withSecond := NetworkPartitionKey{TopLevelSite: x.TopLevelSite, SecondKey: "cross-site-ancestor"}

	if x == y {
		t.Errorf("top-level sites x and y share a key")
	}
	if x != wwwX {
		t.Errorf("two origins of one site have keys %v and %v", x, wwwX)
	}
	if got := x.String(); got != "https://x.example" {
		t.Errorf("String() = %q", got)
	}
	if got := withSecond.String(); got != "https://x.example cross-site-ancestor" {
		t.Errorf("String() with a second key = %q", got)
	}
	keys := []NetworkPartitionKey{x, y, opaque1, opaque2, withSecond, {}}
	for i, a := range keys {
		for j, b := range keys {
			if (a == b) != (a.String() == b.String()) {
				t.Errorf("keys %d and %d: == is %v but strings %q, %q", i, j, a == b, a.String(), b.String())
			}
		}
	}
}

// TestSameSiteAllocs guards the allocation count of site computations: a
// registrable-domain lookup costs allocations the first time a host is seen
// (inside x/net/publicsuffix, and the cache entry), none once remembered;
// IP hosts and opaque origins cost none.
func TestSameSiteAllocs(t *testing.T) {
	a, _ := ParseOrigin("https://www.a.example")
	b, _ := ParseOrigin("https://api.a.example")
	ip, _ := ParseOrigin("http://127.0.0.1:8080")
	op := NewOpaqueOrigin()
	tests := []struct {
		name string
		f    func()
		want float64
	}{
		{"ObtainSite of a domain", func() { _ = ObtainSite(a) }, 0},
		{"SameSite of two domains", func() { _ = SameSite(a, b) }, 0},
		{"SameSite of IP hosts", func() { _ = SameSite(ip, ip) }, 0},
		{"SameSite with an opaque origin", func() { _ = SameSite(op, a) }, 0},
	}
	for _, tc := range tests {
		if n := testing.AllocsPerRun(100, tc.f); n != tc.want {
			t.Errorf("%s allocates %v times, want %v", tc.name, n, tc.want)
		}
	}
}

// TestRegistrableDomainCache checks that the cache answers as the lookup
// does, for more hosts than it has slots (so slots are shared and
// overwritten), from several goroutines at once (run with -race).
func TestRegistrableDomainCache(t *testing.T) {
	hosts := []string{"a.example", "www.a.example", "example.com", "co.uk", "a.b.co.uk", "github.io", "x.github.io",
		"localhost", "127.0.0.1", "[::1]", "example.com.", "a..b", ""}
	for i := 0; i < 3*len(rdCache); i++ {
		hosts = append(hosts, "h"+strconv.Itoa(i)+".s"+strconv.Itoa(i%7)+".example.org")
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for round := 0; round < 3; round++ {
				for i := range hosts {
					h := hosts[(i*(g+1)+round)%len(hosts)]
					rd, ok := registrableDomain(h)
					lrd, lok := listedRegistrableDomain(h)
					wantRD, wantOK, wantListed := lookupRegistrableDomain(h)
					wantLRD := wantRD
					if !wantListed {
						wantLRD = ""
					}
					if rd != wantRD || ok != wantOK || lrd != wantLRD || lok != (wantOK && wantListed) {
						t.Errorf("registrableDomain(%q) = %q, %v and listed %q, %v; the lookup says %q, %v, %v", h, rd, ok, lrd, lok, wantRD, wantOK, wantListed)
						return
					}
				}
			}
		}(g)
	}
	wg.Wait()
}

func BenchmarkSameSite(b *testing.B) {
	x, _ := ParseOrigin("https://www.a.example")
	y, _ := ParseOrigin("https://api.a.example")
	b.ReportAllocs()
	for b.Loop() {
		if !SameSite(x, y) {
			b.Fatal("not same site")
		}
	}
}
