package fetch

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// redirectTaintTests are URL lists and the redirect-taint of a request from
// the given origin (#54), with the serialized request origin (#55, #75).
var redirectTaintTests = []struct {
	name, origin string
	urls         []string
	want         RedirectTaint
	serialized   string
}{
	{"one URL", "https://a.example", []string{"https://b.example/1"}, TaintSameOrigin, "https://a.example"},
	{"B to B", "https://a.example", []string{"https://b.example/1", "https://b.example/2"}, TaintSameOrigin, "https://a.example"},
	{"A to B", "https://a.example", []string{"https://a.example/1", "https://b.example/1"}, TaintSameOrigin, "https://a.example"},
	{"B to A", "https://a.example", []string{"https://b.example/1", "https://a.example/1"}, TaintCrossSite, "null"},
	{"B to C", "https://a.example", []string{"https://b.example/1", "https://c.example/1"}, TaintCrossSite, "null"},
	{"A to B to C", "https://a.example", []string{"https://a.example/1", "https://b.example/1", "https://c.example/1"}, TaintCrossSite, "null"},
	{"A to a subdomain of A", "https://a.example", []string{"https://a.example/1", "https://x.a.example/1"}, TaintSameOrigin, "https://a.example"},
	{"between subdomains of B", "https://a.example", []string{"https://x.b.example/", "https://y.b.example/"}, TaintSameSite, "null"},
	{"between subdomains of A", "https://a.example", []string{"https://x.a.example/", "https://y.a.example/"}, TaintSameSite, "null"},
	{"subdomain of A to B", "https://a.example", []string{"https://x.a.example/", "https://b.example/"}, TaintSameSite, "null"},
	{"same-site then cross-site", "https://a.example", []string{"https://x.b.example/", "https://y.b.example/", "https://c.example/"}, TaintCrossSite, "null"},
	{"https B to http B", "https://a.example", []string{"https://b.example/", "http://b.example/"}, TaintCrossSite, "null"},
	{"http A to https A", "http://a.example", []string{"http://a.example/", "https://a.example/"}, TaintSameOrigin, "http://a.example"},
	{"default port kept apart", "http://a.example:8080", []string{"http://b.example/"}, TaintSameOrigin, "http://a.example:8080"},
	{"opaque origin, one URL", "null", []string{"https://b.example/"}, TaintSameOrigin, "null"},
	{"opaque origin, B to B", "null", []string{"https://b.example/1", "https://b.example/2"}, TaintSameOrigin, "null"},
	{"opaque origin, B to C", "null", []string{"https://b.example/1", "https://c.example/1"}, TaintCrossSite, "null"},
}

func requestFrom(t testing.TB, origin string, urls ...string) *Request {
	o := NewOpaqueOrigin()
	if origin != "null" {
		o = mustOrigin(t, origin)
	}
	r := &Request{Origin: o, Client: NewClient(o, o)}
	for _, u := range urls {
		r.URLList = append(r.URLList, mustURL(t, u))
	}
	return r
}

// TestRedirectTaint checks [redirect-taint] (#54) and [serializing a request
// origin] (#55, #75).
func TestRedirectTaint(t *testing.T) {
	for _, tc := range redirectTaintTests {
		t.Run(tc.name, func(t *testing.T) {
			r := requestFrom(t, tc.origin, tc.urls...)
			if got := r.RedirectTaint(); got != tc.want {
				t.Errorf("#54 concept-request-tainted-origin = %s, want %s", got, tc.want)
			}
			if got := r.SerializedOrigin(); got != tc.serialized {
				t.Errorf("#55 serializing-a-request-origin = %s, want %s", got, tc.serialized)
			}
		})
	}
}

// FuzzRedirectTaint checks properties of redirect-taint over URL lists of
// fuzzed hosts: appending a URL never lowers the taint (cross-site is
// returned at once, same-site sticks), a URL list of one URL is
// same-origin, and the serialized origin is `null` exactly when the taint
// is not same-origin or the origin is opaque.
func FuzzRedirectTaint(f *testing.F) {
	f.Add("a.example", "b.example", "a.example", "x.b.example", true)
	f.Add("a.example", "x.a.example", "y.a.example", "a.example", false)
	f.Add("127.0.0.1", "localhost", "[::1]", "b.example", true)
	f.Add("a.example", "a.example", "a.example", "a.example", false)
	rank := map[RedirectTaint]int{TaintSameOrigin: 0, TaintSameSite: 1, TaintCrossSite: 2}
	f.Fuzz(func(t *testing.T, origin, h1, h2, h3 string, https bool) {
		scheme := "http://"
		if https {
			scheme = "https://"
		}
		o, err := ParseOrigin("https://" + origin)
		if err != nil {
			o = NewOpaqueOrigin()
		}
		r := &Request{Origin: o}
		prev := TaintSameOrigin
		for i, h := range []string{h1, h2, h3} {
			u, err := ParseURL(scheme + h + "/")
			if err != nil {
				return
			}
			r.URLList = append(r.URLList, u)
			got := r.RedirectTaint()
			if i == 0 && got != TaintSameOrigin {
				t.Fatalf("one URL %s: taint %s", u, got)
			}
			if rank[got] < rank[prev] {
				t.Fatalf("appending %s lowered the taint from %s to %s", u, prev, got)
			}
			prev = got
			wantNull := got != TaintSameOrigin || o.IsOpaque()
			if s := r.SerializedOrigin(); (s == "null") != wantNull || !wantNull && s != o.Serialize() {
				t.Fatalf("taint %s, origin %s: serialized %q", got, o.Serialize(), s)
			}
		}
	})
}

// TestIncludeCredentials checks HTTP-network-or-cache fetch step 8.3 (#47,
// #141).
func TestIncludeCredentials(t *testing.T) {
	tests := []struct {
		creds    CredentialsMode
		tainting Tainting
		want     bool
	}{
		{CredentialsOmit, TaintingBasic, false},
		{CredentialsOmit, TaintingCORS, false},
		{CredentialsSameOrigin, TaintingBasic, true},
		{CredentialsSameOrigin, TaintingCORS, false},
		{CredentialsSameOrigin, TaintingOpaque, false},
		{CredentialsInclude, TaintingBasic, true},
		{CredentialsInclude, TaintingCORS, true},
		{CredentialsInclude, TaintingOpaque, true},
	}
	for _, tc := range tests {
		r := &Request{Credentials: tc.creds, ResponseTainting: tc.tainting}
		if got := r.includeCredentials(); got != tc.want {
			t.Errorf("#141 concept-http-network-or-cache-fetch step 8.3: %s with %s tainting → %v, want %v", tc.creds, tc.tainting, got, tc.want)
		}
	}
}

// TestRequestClone checks that a clone's URL list and header list are its
// own (#140).
func TestRequestClone(t *testing.T) {
	r := requestFrom(t, "https://a.example", "https://b.example/1")
	r.Header.Append("X-A", "1")
	c := r.Clone()
	c.Header.Append("Origin", "https://a.example")
	c.Header.Set("X-A", "2")
	c.URLList = append(c.URLList, mustURL(t, "https://b.example/2"))
	c.Method = "PUT"
	if diff := cmp.Diff([]string{"X-A: 1"}, headerLines(r.Header)); diff != "" {
		t.Errorf("#140: the original's headers changed (-want +got):\n%s", diff)
	}
	if len(r.URLList) != 1 || r.Method != "" {
		t.Errorf("#140: the original's URL list or method changed: %v %q", r.URLList, r.Method)
	}
	if c.CurrentURL().String() != "https://b.example/2" || r.CurrentURL().String() != "https://b.example/1" {
		t.Errorf("#51 current URLs: clone %s, original %s", c.CurrentURL(), r.CurrentURL())
	}
}

// TestClientPartition checks the client's network partition key and
// cross-site ancestry (#57, #180).
func TestClientPartition(t *testing.T) {
	top := topPage(t, "https://a.example")
	framed := framePage(t, "https://a.example", "https://x.example")
	sameSite := framePage(t, "https://api.a.example", "https://www.a.example")
	if top.PartitionKey() == framed.PartitionKey() {
		t.Errorf("#180: the same origin under two top-level sites shares partition %v", top.PartitionKey())
	}
	if got := sameSite.PartitionKey().String(); got != "https://a.example" {
		t.Errorf("#57 determine-the-network-partition-key: %q, want the top-level site https://a.example", got)
	}
	if top.hasCrossSiteAncestor() || !framed.hasCrossSiteAncestor() || sameSite.hasCrossSiteAncestor() {
		t.Errorf("has cross-site ancestor: top %v, framed %v, same-site frame %v; want false, true, false",
			top.hasCrossSiteAncestor(), framed.hasCrossSiteAncestor(), sameSite.hasCrossSiteAncestor())
	}
	zero := &Client{Origin: mustOrigin(t, "https://a.example")}
	if zero.PartitionKey() != top.PartitionKey() {
		t.Errorf("a Client without TopLevel is its own top-level page: %v, want %v", zero.PartitionKey(), top.PartitionKey())
	}
}
