package fetch

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// parseOriginTests are scenario-file origins (VECTORS.md `origin`) and what
// ParseOrigin makes of them. Serializations follow HTML's ASCII
// serialization of an origin (checklist #55, #70: lowercase scheme and host,
// default port omitted).
var parseOriginTests = []struct {
	name, in, want string
}{
	{"https", "https://foo.example", "https://foo.example"},
	{"http with a port", "http://foo.example:8080", "http://foo.example:8080"},
	{"default port dropped", "https://foo.example:443", "https://foo.example"},
	{"http default port dropped", "http://foo.example:80", "http://foo.example"},
	{"https on port 80 kept", "https://foo.example:80", "https://foo.example:80"},
	{"case folded", "HTTPS://FOO.Example", "https://foo.example"},
	{"IPv4 canonicalised", "http://0x7f.1:3000", "http://127.0.0.1:3000"},
	{"IPv6", "http://[::1]:8080", "http://[::1]:8080"},
	{"IDN", "https://bücher.example", "https://xn--bcher-kva.example"},
	{"ws", "ws://foo.example:81", "ws://foo.example:81"},
	{"opaque", "null", "null"},
}

func TestParseOrigin(t *testing.T) {
	for _, tc := range parseOriginTests {
		t.Run(tc.name, func(t *testing.T) {
			o, err := ParseOrigin(tc.in)
			if err != nil {
				t.Fatalf("ParseOrigin(%q) error: %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, o.Serialize()); diff != "" {
				t.Errorf("ParseOrigin(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
			if o.IsOpaque() != (tc.want == "null") {
				t.Errorf("ParseOrigin(%q).IsOpaque() = %v", tc.in, o.IsOpaque())
			}
		})
	}
}

func TestParseOriginError(t *testing.T) {
	tests := []struct {
		name, in, reason string
	}{
		{"trailing slash", "https://foo.example/", "has a path (a serialized origin has no trailing slash)"},
		{"path", "https://foo.example/app", "has a path (a serialized origin has no trailing slash)"},
		{"backslash path", `https://foo.example\`, "has a path (a serialized origin has no trailing slash)"},
		{"query", "https://foo.example?x", "has a query; an origin is scheme, host and port only"},
		{"fragment", "https://foo.example#x", "has a fragment; an origin is scheme, host and port only"},
		{"credentials", "https://user:pw@foo.example", "has userinfo (credentials); an origin is scheme, host and port only"},
		{"no scheme", "foo.example", `not of the form scheme "://" host`},
		{"special scheme without slashes", "https:foo.example", `not of the form scheme "://" host`},
		{"empty", "", `empty string (an opaque origin is written "null")`},
		{"null is case-sensitive", "NULL", `not of the form scheme "://" host`},
		{"surrounding space", " https://foo.example", "contains whitespace or a control character at byte 0"},
		{"opaque scheme", "data://foo", `scheme "data" has no tuple origin (use "null" for an opaque origin)`},
		{"bad port", "https://foo.example:99999", "The input's port is outside the range [0-65535]"},
		{"no host", "https://", "The input has a special scheme, but does not contain a host"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, err := ParseOrigin(tc.in)
			var oe *OriginError
			if !errors.As(err, &oe) {
				t.Fatalf("ParseOrigin(%q) = %v, %v; want an *OriginError", tc.in, o, err)
			}
			if diff := cmp.Diff(tc.reason, oe.Reason); diff != "" {
				t.Errorf("ParseOrigin(%q) reason mismatch (-want +got):\n%s", tc.in, diff)
			}
			if oe.Input != tc.in {
				t.Errorf("OriginError.Input = %q, want %q", oe.Input, tc.in)
			}
		})
	}
	_, err := ParseOrigin("https://foo.example/")
	const want = `fetch: invalid origin "https://foo.example/": has a path (a serialized origin has no trailing slash)`
	if err == nil || err.Error() != want {
		t.Errorf("error text = %v, want %s", err, want)
	}
}

// TestSameOrigin covers HTML's same origin (checklist #53: an opaque origin
// is never same origin with any URL's origin; every scheme/host/port
// difference makes two origins cross-origin).
func TestSameOrigin(t *testing.T) {
	mustOrigin := func(s string) Origin {
		o, err := ParseOrigin(s)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	opaque := NewOpaqueOrigin()
	tests := []struct {
		name string
		a, b Origin
		want bool
	}{
		{"identical", mustOrigin("https://a.example"), mustOrigin("https://a.example"), true},
		{"explicit default port", mustOrigin("https://a.example:443"), mustOrigin("https://a.example"), true},
		{"scheme differs", mustOrigin("http://a.example"), mustOrigin("https://a.example"), false},
		{"port differs", mustOrigin("https://a.example"), mustOrigin("https://a.example:8443"), false},
		{"subdomain", mustOrigin("https://a.example"), mustOrigin("https://www.a.example"), false},
		{"opaque with itself", opaque, opaque, true},
		{"two opaque origins", NewOpaqueOrigin(), NewOpaqueOrigin(), false},
		{"two parses of null", mustOrigin("null"), mustOrigin("null"), false},
		{"opaque with tuple", opaque, mustOrigin("https://a.example"), false},
		{"zero origin with itself", Origin{}, Origin{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SameOrigin(tc.a, tc.b); got != tc.want {
				t.Errorf("SameOrigin(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
			if got := SameOrigin(tc.b, tc.a); got != tc.want {
				t.Errorf("SameOrigin(%v, %v) = %v, want %v (not symmetric)", tc.b, tc.a, got, tc.want)
			}
		})
	}
}

// TestURLOriginIsFreshForOpaqueSchemes: URL Standard concept-url-origin gives
// a new opaque origin each time for data: and other opaque schemes, so such
// a URL is not same origin with itself.
func TestURLOriginIsFreshForOpaqueSchemes(t *testing.T) {
	for _, s := range []string{"data:text/plain,x", "about:blank", "file:///tmp/x", "blob:null/uuid"} {
		u, err := ParseURL(s)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := u.Origin(), u.Origin(); !a.IsOpaque() || SameOrigin(a, b) {
			t.Errorf("%s: origins %v and %v should be two distinct opaque origins", s, a, b)
		}
	}
}

func TestOriginAccessors(t *testing.T) {
	o, err := ParseOrigin("http://[::1]:8080")
	if err != nil {
		t.Fatal(err)
	}
	p, ok := o.Port()
	type parts struct {
		Scheme, Host string
		Port         uint16
		HasPort      bool
	}
	if diff := cmp.Diff(parts{"http", "[::1]", 8080, true}, parts{o.Scheme(), o.Host(), p, ok}); diff != "" {
		t.Errorf("accessors mismatch (-want +got):\n%s", diff)
	}
	if got := (Origin{}).Serialize(); got != "null" {
		t.Errorf("zero Origin serializes as %q, want null", got)
	}
}

func TestOriginJSON(t *testing.T) {
	var v struct {
		Origin Origin `json:"origin"`
	}
	if err := json.Unmarshal([]byte(`{"origin": "https://foo.example:443"}`), &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"origin":"https://foo.example"}`; got != want {
		t.Errorf("round trip = %s, want %s", got, want)
	}
	if err := json.Unmarshal([]byte(`{"origin": "https://foo.example/"}`), &v); err == nil {
		t.Errorf("a trailing slash was accepted")
	}
}

func TestSameOriginAllocs(t *testing.T) {
	a, _ := ParseOrigin("https://a.example")
	b, _ := ParseOrigin("https://b.example:8443")
	if n := testing.AllocsPerRun(100, func() { _ = SameOrigin(a, b) }); n != 0 {
		t.Errorf("SameOrigin allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = a.Serialize() }); n != 1 {
		t.Errorf("Serialize without a port allocates %v times, want 1", n)
	}
}

func FuzzParseOrigin(f *testing.F) {
	for _, tc := range parseOriginTests {
		f.Add(tc.in)
	}
	f.Add("https://foo.example/")
	f.Add("https://u@foo.example")
	f.Fuzz(func(t *testing.T, s string) {
		o, err := ParseOrigin(s)
		if err != nil {
			var oe *OriginError
			if !errors.As(err, &oe) || oe.Input != s || oe.Reason == "" {
				t.Fatalf("ParseOrigin(%q) error %#v is not a complete *OriginError", s, err)
			}
			return
		}
		if o.IsOpaque() {
			if s != "null" {
				t.Fatalf("ParseOrigin(%q) is opaque", s)
			}
			return
		}
		// A tuple origin survives its own serialization.
		p, err := ParseOrigin(o.Serialize())
		if err != nil || p != o {
			t.Fatalf("ParseOrigin(%q) = %q, which parses back as %v, %v", s, o.Serialize(), p, err)
		}
		// And it is the origin of the URL it names.
		u, err := ParseURL(o.Serialize())
		if err != nil || u.Origin() != o || u.Path() != "/" {
			t.Fatalf("%q is not the origin of its own URL %v: %v", o.Serialize(), u, err)
		}
	})
}

func BenchmarkOrigin(b *testing.B) {
	u, _ := ParseURL("https://www.a.example:8443/p")
	v, _ := ParseURL("https://www.a.example:8443/q")
	b.ReportAllocs()
	for b.Loop() {
		if !SameOrigin(u.Origin(), v.Origin()) {
			b.Fatal("not same origin")
		}
	}
}
