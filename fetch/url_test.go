package fetch

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	wurl "github.com/nlnwa/whatwg-url/url"
)

// urlTests are absolute URLs and what a browser's URL parser makes of them.
// Unless a comment says otherwise, the case and its expectation come from
// WPT url/resources/urltestdata.json (the entry with that input); the others
// are worked through the URL Standard's parser and cite the step.
var urlTests = []struct {
	name   string
	in     string
	href   string // "" when parsing fails
	host   string
	port   int // -1 for a null port
	origin string
}{
	// URL Standard: the scheme is lowercased (scheme state), the host is
	// domain-to-ASCII'd (lowercase), and 443 is https's default port, so the
	// port state sets it to null. Same rules as WPT "https://foo:443/" and
	// "http://ExAmPlE.CoM".
	{"uppercase scheme and host, default port", "HTTPS://EXAMPLE.com:443/", "https://example.com/", "example.com", -1, "https://example.com"},
	// URL Standard, IPv4 parser: "0x7f" is hex 127, and the last of two parts
	// fills the remaining three bytes. Same rule as WPT "http://192.0x00A80001".
	{"hex IPv4 with two parts", "http://0x7f.1/", "http://127.0.0.1/", "127.0.0.1", -1, "http://127.0.0.1"},
	{"WPT hex in two parts", "http://192.0x00A80001", "http://192.168.0.1/", "192.168.0.1", -1, "http://192.168.0.1"},
	{"WPT one hex number", "http://0xffffffff", "http://255.255.255.255/", "255.255.255.255", -1, "http://255.255.255.255"},
	{"WPT empty hex parts", "https://0x.0x.0", "https://0.0.0.0/", "0.0.0.0", -1, "https://0.0.0.0"},
	{"WPT percent-encoded IPv4", "http://%30%78%63%30%2e%30%32%35%30.01", "http://192.168.0.1/", "192.168.0.1", -1, "http://192.168.0.1"},
	{"WPT last label not a number is a domain", "http://0x7f.0.0.0x7g", "http://0x7f.0.0.0x7g/", "0x7f.0.0.0x7g", -1, "http://0x7f.0.0.0x7g"},
	{"WPT mixed case host", "http://ExAmPlE.CoM", "http://example.com/", "example.com", -1, "http://example.com"},
	{"WPT tab and newline removed", "http://example\t.\norg", "http://example.org/", "example.org", -1, "http://example.org"},
	{"WPT https default port", "https://foo:443/", "https://foo/", "foo", -1, "https://foo"},
	{"WPT ws keeps 443", "ws://foo:443/", "ws://foo:443/", "foo", 443, "ws://foo:443"},
	{"WPT wss default port", "wss://foo:443/", "wss://foo/", "foo", -1, "wss://foo"},
	{"WPT port zero", "http://f:0/c", "http://f:0/c", "f", 0, "http://f:0"},
	{"WPT port leading zeros", "http://f:00000000000000/c", "http://f:0/c", "f", 0, "http://f:0"},
	{"WPT empty password dropped", "https://test:@test", "https://test@test/", "test", -1, "https://test"},
	{"WPT IPv4 in IPv6", "http://[::127.0.0.1]", "http://[::7f00:1]/", "[::7f00:1]", -1, "http://[::7f00:1]"},
	{"WPT IPv6 compression", "http://[1:0::]", "http://[1::]/", "[1::]", -1, "http://[1::]"},
	{"WPT IPv6 default port", "http://[2001::1]:80", "http://[2001::1]/", "[2001::1]", -1, "http://[2001::1]"},
	{"WPT dot segments above the root", "http://example.com/foo/../../..", "http://example.com/", "example.com", -1, "http://example.com"},
	{"WPT fragment percent-encoded", "http://www.google.com/foo?bar=baz# »", "http://www.google.com/foo?bar=baz#%20%C2%BB", "www.google.com", -1, "http://www.google.com"},
	{"WPT blob origin from its path", "blob:https://example.com:443/", "blob:https://example.com:443/", "", -1, "https://example.com"},
	{"WPT blob with a non-URL path", "blob:d3958f5c-0777-0845-9dcf-2cb28783acaf", "blob:d3958f5c-0777-0845-9dcf-2cb28783acaf", "", -1, "null"},
	{"WPT blob of ftp is opaque", "blob:ftp://host/path", "blob:ftp://host/path", "", -1, "null"},
	{"WPT data URL", "data:text/html,test#test", "data:text/html,test#test", "", -1, "null"},
	{"WPT non-special scheme", "non-special://test:@test/x", "non-special://test@test/x", "test", -1, "null"},
	// URL Standard, IDNA: domain to ASCII turns a Unicode label into
	// punycode ("bücher" → "xn--bcher-kva").
	{"IDN host", "https://bücher.example/", "https://xn--bcher-kva.example/", "xn--bcher-kva.example", -1, "https://xn--bcher-kva.example"},
}

func TestParseURL(t *testing.T) {
	for _, tc := range urlTests {
		t.Run(tc.name, func(t *testing.T) {
			u, err := ParseURL(tc.in)
			if err != nil {
				t.Fatalf("ParseURL(%q) error: %v", tc.in, err)
			}
			port := -1
			if p, ok := u.Port(); ok {
				port = int(p)
			}
			type result struct {
				Href, Host, Origin string
				Port               int
			}
			want := result{tc.href, tc.host, tc.origin, tc.port}
			got := result{u.String(), u.Host(), u.Origin().Serialize(), port}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ParseURL(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

// urlErrorTests are inputs the URL parser rejects (WPT "failure": true),
// with the reason it gives.
var urlErrorTests = []struct {
	name, in, reason string
}{
	{"WPT port out of range", "http://f:999999/c", "The input's port is outside the range [0-65535]"},
	{"WPT port not a number", "http://f:b/c", "The input's port is not a number"},
	// The URL Standard's authority state raises invalid-credentials at the
	// "@" and then fails with host-missing; the parser reports the first.
	{"WPT credentials without host", "http://user:pass@/", "The input includes credentials"},
	{"special scheme without host", "https://", "The input has a special scheme, but does not contain a host"},
	{"WPT space in host", "http://a b/", "The host contains a forbidden domain code point"},
	{"WPT encoded NUL in host", "http://ho%00st/", "The host contains a forbidden domain code point"},
	{"WPT leading zero octal then 8", "http://1.2.3.08", "An IPv4 address contains a non-numeric part"},
	{"WPT hex last label after a domain", "http://foo.0x4", "An IPv4 address contains a non-numeric part"},
	{"relative reference without a base", "/path", "The input is missing a scheme, because it does not begin with an ASCII alpha, and either no base URL was provided or the base URL cannot be used as a base URL because it has an opaque path"},
	{"unclosed IPv6", "http://[::1/", "An IPv6 address is missing the closing U+005D (])"},
}

func TestParseURLError(t *testing.T) {
	for _, tc := range urlErrorTests {
		t.Run(tc.name, func(t *testing.T) {
			u, err := ParseURL(tc.in)
			var ue *URLError
			if !errors.As(err, &ue) {
				t.Fatalf("ParseURL(%q) = %v, %v; want a *URLError", tc.in, u, err)
			}
			want := &URLError{Input: tc.in, Reason: tc.reason}
			if diff := cmp.Diff(want, ue, cmp.AllowUnexported(URLError{}), cmp.FilterPath(func(p cmp.Path) bool {
				return p.Last().String() == ".err"
			}, cmp.Ignore())); diff != "" {
				t.Errorf("ParseURL(%q) error mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

// TestPathWorkBound checks corsim's bound on path serialization work
// (maxPathWork): not a browser behaviour, a guard against the URL library's
// quadratic path serializer.
func TestPathWorkBound(t *testing.T) {
	ok := []string{
		"https://a.example/" + strings.Repeat("seg/", 2048), // 8 KiB, 2048 segments
		"data:text/plain," + strings.Repeat("/", 1<<20),     // an opaque path is one segment
		"https://a.example/?" + strings.Repeat("/", 1<<20),  // a query has no segments
		"https://a.example/" + strings.Repeat("x", 1<<20),   // one long segment
	}
	for _, s := range ok {
		if _, err := ParseURL(s); err != nil {
			t.Errorf("ParseURL(%.40q...) = %v, want success", s, err)
		}
	}
	bad := "a:" + strings.Repeat("/", 1<<16)
	_, err := ParseURL(bad)
	var ue *URLError
	if !errors.As(err, &ue) || !strings.Contains(ue.Reason, "too many segments (65536 separators in 65538 bytes)") {
		t.Errorf("ParseURL(64 KiB of slashes) = %v, want a too-many-segments URLError", err)
	}
	base, _ := ParseURL("https://a.example/" + strings.Repeat("s/", 4000))
	if _, err := base.Resolve(strings.Repeat("t/", 4000)); err == nil {
		t.Errorf("Resolve of a reference doubling a long path succeeded, want the bound to apply")
	}
}

func TestURLErrorText(t *testing.T) {
	_, err := ParseURL("http://f:b/c")
	const want = `fetch: invalid URL "http://f:b/c": The input's port is not a number`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
	base, _ := ParseURL("https://a.example/x")
	_, err = base.Resolve("http://[")
	const wantRef = `fetch: cannot resolve "http://[" against "https://a.example/x": An IPv6 address is missing the closing U+005D (])`
	if err == nil || err.Error() != wantRef {
		t.Errorf("error = %v, want %s", err, wantRef)
	}
	if errors.Unwrap(err) == nil {
		t.Errorf("URLError does not unwrap to the parser's error")
	}
}

// resolveTests are Location header values resolved against a response URL,
// as the location URL algorithm parses them (fetch.bs
// concept-response-location-url step 3; relative resolution per the URL
// Standard's relative states). base is the response's URL.
var resolveTests = []struct {
	name, base, ref, want string
}{
	{"absolute path", "https://a.example/p/q?x#f", "/r", "https://a.example/r"},
	{"relative path", "https://a.example/p/q?x#f", "r", "https://a.example/p/r"},
	{"scheme-relative", "https://a.example/p", "//b.example/s", "https://b.example/s"},
	{"query only keeps the path", "https://a.example/p/q?x#f", "?y", "https://a.example/p/q?y"},
	{"fragment only keeps path and query", "https://a.example/p/q?x#f", "#z", "https://a.example/p/q?x#z"},
	{"empty fragment is kept", "https://a.example/p", "x#", "https://a.example/x#"},
	{"absolute URL ignores the base", "https://a.example/p", "HTTP://B.EXAMPLE:80/", "http://b.example/"},
	{"same special scheme without slashes is relative", "https://a.example/p/q", "https:r", "https://a.example/p/r"},
	{"dot segments", "https://a.example/a/b/c", "../../d", "https://a.example/d"},
	// WPT urltestdata "\\x" against http://example.org/foo/bar: backslash is
	// a path separator in special URLs.
	{"WPT backslash", "http://example.org/foo/bar", "\\x", "http://example.org/x"},
	{"non-HTTP target", "https://a.example/", "data:text/plain,hi", "data:text/plain,hi"},
	{"credentials in the target", "https://a.example/", "https://u:p@b.example/", "https://u:p@b.example/"},
}

func TestResolve(t *testing.T) {
	for _, tc := range resolveTests {
		t.Run(tc.name, func(t *testing.T) {
			base, err := ParseURL(tc.base)
			if err != nil {
				t.Fatal(err)
			}
			before := base.String()
			got, err := base.Resolve(tc.ref)
			if err != nil {
				t.Fatalf("Resolve(%q) error: %v", tc.ref, err)
			}
			if diff := cmp.Diff(tc.want, got.String()); diff != "" {
				t.Errorf("Resolve(%q) mismatch (-want +got):\n%s", tc.ref, diff)
			}
			if base.String() != before {
				t.Errorf("base changed from %q to %q", before, base)
			}
		})
	}
}

// TestLocationFragmentInheritance walks the location URL algorithm's step 4
// (fetch.bs concept-response-location-url): a Location without a fragment
// takes the request's current URL's fragment, one with a fragment (even an
// empty one) keeps its own. Checklist group P (HTTP-redirect fetch).
func TestLocationFragmentInheritance(t *testing.T) {
	tests := []struct {
		name, request, location, want string
	}{
		{"inherits", "https://a.example/x#top", "/y", "https://a.example/y#top"},
		{"inherits an empty fragment", "https://a.example/x#", "/y", "https://a.example/y#"},
		{"keeps its own", "https://a.example/x#top", "/y#bottom", "https://a.example/y#bottom"},
		{"keeps its own empty one", "https://a.example/x#top", "/y#", "https://a.example/y#"},
		{"nothing to inherit", "https://a.example/x", "/y", "https://a.example/y"},
		{"fragment with a hash and encoded bytes", "https://a.example/x#a#%20b", "https://b.example/", "https://b.example/#a#%20b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := ParseURL(tc.request)
			if err != nil {
				t.Fatal(err)
			}
			loc, err := req.Resolve(tc.location)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := loc.Fragment(); !ok {
				if f, ok := req.Fragment(); ok {
					loc = loc.WithFragment(f)
				}
			}
			if diff := cmp.Diff(tc.want, loc.String()); diff != "" {
				t.Errorf("location mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestURLComponents(t *testing.T) {
	type parts struct {
		Scheme, Host, Path, Query, Fragment string
		HasQuery, HasFragment, Credentials  bool
		NoFragment                          string
		HTTP                                bool
	}
	tests := []struct {
		in   string
		want parts
	}{
		{"https://u:p@a.example:8443/p/q?x=1#f", parts{"https", "a.example", "/p/q", "x=1", "f", true, true, true, "https://u:p@a.example:8443/p/q?x=1", true}},
		{"https://u@a.example/", parts{"https", "a.example", "/", "", "", false, false, true, "https://u@a.example/", true}},
		{"http://a.example/?#", parts{"http", "a.example", "/", "", "", true, true, false, "http://a.example/?", true}},
		// A "?" inside the fragment is fragment data, not a query.
		{"http://a.example/#x?y", parts{"http", "a.example", "/", "", "x?y", false, true, false, "http://a.example/", true}},
		// Percent-encoded "?" in the userinfo and path.
		{"http://a%3Fb@a.example/c%3Fd", parts{"http", "a.example", "/c%3Fd", "", "", false, false, true, "http://a%3Fb@a.example/c%3Fd", true}},
		{"data:text/plain,a?b#c", parts{"data", "", "text/plain,a", "b", "c", true, true, false, "data:text/plain,a?b", false}},
		{"ws://a.example/", parts{"ws", "a.example", "/", "", "", false, false, false, "ws://a.example/", false}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			u, err := ParseURL(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			q, hasQ := u.Query()
			f, hasF := u.Fragment()
			got := parts{u.Scheme(), u.Host(), u.Path(), q, f, hasQ, hasF, u.HasCredentials(), u.Serialize(true), u.IsHTTPScheme()}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("components of %q mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestFragmentCopies(t *testing.T) {
	u, err := ParseURL("https://a.example/p?q#f")
	if err != nil {
		t.Fatal(err)
	}
	if got := u.WithoutFragment().String(); got != "https://a.example/p?q" {
		t.Errorf("WithoutFragment = %q", got)
	}
	if _, ok := u.WithoutFragment().Fragment(); ok {
		t.Errorf("WithoutFragment still has a fragment")
	}
	if got := u.WithFragment("").String(); got != "https://a.example/p?q#" {
		t.Errorf(`WithFragment("") = %q`, got)
	}
	if got := u.WithFragment("g").String(); got != "https://a.example/p?q#g" {
		t.Errorf(`WithFragment("g") = %q`, got)
	}
	if u.String() != "https://a.example/p?q#f" {
		t.Errorf("the original changed: %q", u)
	}
	if !u.Equal(u.WithFragment("other"), true) || u.Equal(u.WithFragment("other"), false) {
		t.Errorf("Equal does not ignore exactly the fragment")
	}
	// An opaque path loses trailing spaces once it is the end of the URL, as
	// the URL Standard's hash setter does ("potentially strip trailing spaces
	// from an opaque path").
	o, err := ParseURL("data:x #f")
	if err != nil {
		t.Fatal(err)
	}
	if got := o.WithoutFragment().String(); got != "data:x" {
		t.Errorf("WithoutFragment of an opaque path = %q, want %q", got, "data:x")
	}
}

func TestURLText(t *testing.T) {
	var u URL
	if err := u.UnmarshalText([]byte("HTTPS://A.example:443/x")); err != nil {
		t.Fatal(err)
	}
	b, _ := u.MarshalText()
	if string(b) != "https://a.example/x" {
		t.Errorf("round trip = %q", b)
	}
	if err := u.UnmarshalText([]byte("nope")); err == nil {
		t.Errorf("UnmarshalText accepted a relative URL")
	}
}

func TestURLConcurrentUse(t *testing.T) {
	u, err := ParseURL("https://a.example/p?q=1#f")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	for range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			for range 100 {
				if _, err := u.Resolve("../x?y"); err != nil {
					t.Error(err)
				}
				_ = u.WithoutFragment()
				_ = u.WithFragment("g")
				_ = u.Origin()
			}
		}()
	}
	for range 8 {
		<-done
	}
}

func TestURLAccessorAllocs(t *testing.T) {
	u, err := ParseURL("https://a.example:8443/p?q#f")
	if err != nil {
		t.Fatal(err)
	}
	n := testing.AllocsPerRun(100, func() {
		_ = u.Origin()
		_, _ = u.Port()
		_, _ = u.Fragment()
		_, _ = u.Query()
		_ = u.Serialize(true)
		_ = u.IsHTTPScheme()
		_ = BlockBadPort(u)
	})
	if n != 0 {
		t.Errorf("URL accessors allocate %v times, want 0", n)
	}
}

func FuzzParseURL(f *testing.F) {
	for _, tc := range urlTests {
		f.Add(tc.in)
	}
	for _, tc := range urlErrorTests {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseURL(s)
		if err != nil {
			var ue *URLError
			if !errors.As(err, &ue) || ue.Input != s || ue.Reason == "" {
				t.Fatalf("ParseURL(%q) error %#v is not a complete *URLError", s, err)
			}
			return
		}
		// The serialization re-parses to itself (the URL Standard keeps the
		// parser and the serializer in step).
		v, err := ParseURL(u.String())
		if err != nil {
			t.Fatalf("ParseURL(%q) = %q, which does not re-parse: %v", s, u, err)
		}
		if v.String() != u.String() {
			t.Fatalf("ParseURL(%q) = %q, re-parsed as %q", s, u, v)
		}
		// Two formulations of the serialization without fragment agree.
		if got, want := u.WithoutFragment().String(), u.Serialize(true); got != want && !u.opaquePath {
			t.Fatalf("%q: WithoutFragment = %q, Serialize(true) = %q", u, got, want)
		}
		// Two formulations of the URL without credentials agree: cutting
		// the userinfo out of the serialization, and the URL library's
		// setters emptying username and password.
		lib, _ := wurl.Parse(u.String())
		lib.SetUsername("")
		lib.SetPassword("")
		nc := u.WithoutCredentials()
		if nc.String() != lib.Href(false) || nc.Serialize(true) != lib.Href(true) || nc.HasCredentials() {
			t.Fatalf("%q: WithoutCredentials = %q (%q), the library says %q (%q)", u, nc, nc.Serialize(true), lib.Href(false), lib.Href(true))
		}
		if u.IsHTTPScheme() {
			o := u.Origin()
			if o.IsOpaque() || o.Host() != u.Host() {
				t.Fatalf("%q: origin %v does not carry the host %q", u, o, u.Host())
			}
			if p, err := ParseOrigin(o.Serialize()); err != nil || p != o {
				t.Fatalf("%q: origin %q does not round-trip: %v, %v", u, o.Serialize(), p, err)
			}
		}
	})
}

// TestWithoutCredentials checks the request target's URL: RFC 9110 §4.2.4
// forbids userinfo in an http(s) target URI, and the URL Standard's
// serializer writes userinfo only when the URL includes credentials.
func TestWithoutCredentials(t *testing.T) {
	tests := []struct{ in, want, wantNoFrag string }{
		{"https://u:p@a.example/x?q#f", "https://a.example/x?q#f", "https://a.example/x?q"},
		{"https://u@a.example:8443/", "https://a.example:8443/", "https://a.example:8443/"},
		{"https://:p@a.example/", "https://a.example/", "https://a.example/"},
		// "@" and ":" inside userinfo are percent-encoded (userinfo
		// percent-encode set), so the first "@" ends it.
		{"https://a%40b:c%3Ad@a.example/@x", "https://a.example/@x", "https://a.example/@x"},
		{"non-special://u:p@h/p#@", "non-special://h/p#@", "non-special://h/p"},
		{"https://a.example/p@q", "https://a.example/p@q", "https://a.example/p@q"},
	}
	for _, tc := range tests {
		u := mustURL(t, tc.in)
		got := u.WithoutCredentials()
		if got.String() != tc.want || got.Serialize(true) != tc.wantNoFrag || got.HasCredentials() {
			t.Errorf("%q.WithoutCredentials() = %q (without fragment %q, credentials %v), want %q (%q)",
				tc.in, got, got.Serialize(true), got.HasCredentials(), tc.want, tc.wantNoFrag)
		}
		if !u.HasCredentials() && got != u {
			t.Errorf("%q.WithoutCredentials() is a new URL, want u itself", tc.in)
		}
		if got.Host() != u.Host() || got.Path() != u.Path() || got.Scheme() != u.Scheme() {
			t.Errorf("%q.WithoutCredentials() changed more than the userinfo: %q", tc.in, got)
		}
	}
}

func FuzzResolve(f *testing.F) {
	for _, tc := range resolveTests {
		f.Add(tc.base, tc.ref)
	}
	f.Add("https://a.example/x#top", "/y")
	f.Add("https://a.example/x#", "//b.example")
	f.Fuzz(func(t *testing.T, base, ref string) {
		b, err := ParseURL(base)
		if err != nil {
			return
		}
		r, err := b.Resolve(ref)
		if err != nil {
			return
		}
		// The result is absolute: its serialization parses with no base.
		a, err := ParseURL(r.String())
		if err != nil || a.String() != r.String() {
			t.Fatalf("Resolve(%q, %q) = %q, not absolute: %v", base, ref, r, err)
		}
		// Fragment inheritance: a location without a fragment takes the
		// request's, everything before the fragment unchanged.
		if _, ok := r.Fragment(); !ok {
			if f, ok := b.Fragment(); ok {
				l := r.WithFragment(f)
				if got, ok := l.Fragment(); !ok || got != f {
					t.Fatalf("%q.WithFragment(%q) has fragment %q, %v", r, f, got, ok)
				}
				if l.Serialize(true) != r.String() {
					t.Fatalf("%q.WithFragment(%q) = %q changed more than the fragment", r, f, l)
				}
			}
		}
	})
}

func BenchmarkParseURL(b *testing.B) {
	for _, tc := range urlTests[:3] {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseURL(tc.in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkResolve(b *testing.B) {
	base, _ := ParseURL("https://a.example/p/q?x#f")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := base.Resolve("/r?s"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestZeroURL: a zero URL is not a URL, but its methods must not panic.
func TestZeroURL(t *testing.T) {
	var u URL
	if u.String() != "" || u.Host() != "" || u.HasCredentials() || u.IsHTTPScheme() || !u.Origin().IsOpaque() || BlockBadPort(&u) {
		t.Errorf("zero URL looks like a URL: %q", u.String())
	}
	if _, ok := u.Fragment(); ok {
		t.Errorf("zero URL has a fragment")
	}
	if _, ok := u.Query(); ok {
		t.Errorf("zero URL has a query")
	}
	_ = u.WithoutFragment()
	_ = u.WithoutCredentials()
	_ = u.WithFragment("x")
	if _, err := u.Resolve("/x"); err == nil {
		t.Errorf("resolving against a zero URL succeeded")
	}
}
