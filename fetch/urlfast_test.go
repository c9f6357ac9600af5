package fetch

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	wurl "github.com/nlnwa/whatwg-url/url"
)

// canonicalTests are inputs to parseCanonicalHTTP, and whether it takes
// them (the others go to the full parser, because the URL Standard's parser
// would change them or the fast path cannot tell it would not). Every
// accepted input must parse to what the full parser gives; the unit table
// and the seed corpus of FuzzParseCanonical.
var canonicalTests = []struct {
	in     string
	accept bool
}{
	{"https://a.example/", true},
	{"http://a.example/x/y?z=1&w=%2F#frag", true},
	{"https://api.example/items/7", true},
	{"https://a.example", true},       // the empty path is serialized as "/"
	{"https://a.example?q", true},     // likewise before a query
	{"https://a.example#f", true},     // and before a fragment
	{"https://a.example:8443/", true}, // a port other than the default
	{"http://a.example:0/", true},     // port 0 is a port
	{"https://b-1.a-2.example/p", true},
	{"https://localhost/", true},
	{"https://a.example/a:b@c;d=e,f!$&'()*+~_.-/", true},
	{"https://a.example/?a=b?c/d%zz", true}, // a query keeps "%" and "?" as they are
	{"https://a.example/#a/b?c%", true},
	{"https://a.example/...", true}, // three dots are no dot segment

	{"HTTPS://a.example/", false},       // the scheme is lowercased
	{"https://A.example/", false},       // the host is lowercased
	{"https://a.example:443/", false},   // the default port is dropped
	{"http://a.example:80/", false},     // likewise
	{"https://a.example:0443/", false},  // leading zeros are dropped
	{"https://a.example:65536/", false}, // out of range: failure
	{"https://a.example:/", false},      // an empty port is dropped
	{"https://u:p@a.example/", false},   // userinfo
	{"http://127.0.0.1:8080/x", true},   // an IPv4 address as the serializer writes it
	{"https://10.0.255.0/", true},
	{"https://127.0.0.01/", false},  // a leading zero is octal
	{"https://127.0.0.256/", false}, // out of range: failure
	{"https://127.1/", false},       // two parts
	{"https://1.2.3.4.5/", false},   // five parts: failure
	{"https://1.2.3.4./", false},    // a trailing dot
	{"https://0x7f.1/", false},      // an IPv4 address in hex
	{"https://a.1/", false},         // the last label is a number: IPv4, failure
	{"https://-19/", false},         // the URL library reads it as an IPv4 number
	{"https://a-/", true},           // hyphens are not checked (CheckHyphens is false)
	{"https://[::1]/", false},       // an IPv6 address
	{"https://xn--bcher-kva.example/", false},
	{"https://bücher.example/", false}, // IDNA
	{"https://a..example/", false},     // an empty label
	{"https://a.example./", false},     // a trailing dot
	{"https://a.example/./x", false},   // dot segments are removed
	{"https://a.example/x/..", false},
	{"https://a.example/%2e/x", false}, // "%2e" is a dot segment
	{"https://a.example/a%20b", false}, // percent-encoding in the path
	{"https://a.example/a b", false},   // a space is percent-encoded
	{"https://a.example/a\\b", false},  // a backslash is a slash
	{"https://a.example/a|b", false},
	{"https://a.example/a^b", false},
	{"https://a.example/é", false},
	{"https://a.example/?'", false}, // "'" is percent-encoded in a special query
	{"https://a.example/#a#b", false},
	{" https://a.example/", false}, // leading space is stripped
	{"https://a.example/\t", false},
	{"https:/a.example/", false},
	{"https:a.example/", false},
	{"ftp://a.example/", false},
	{"data:,x", false},
	{"", false},
}

// parseFull is the URL library's parse of s, with base when base is not "".
func parseFull(t *testing.T, s, base string) (*URL, bool) {
	t.Helper()
	var u *wurl.Url
	var err error
	if base == "" {
		u, err = wurl.Parse(s)
	} else {
		u, err = wurl.ParseRef(base, s)
	}
	if err != nil {
		return nil, false
	}
	return newURL(u), true
}

// checkCanonical checks that, if the fast path takes s, the full parser
// gives the same URL, with and without a base URL.
func checkCanonical(t *testing.T, s string) bool {
	t.Helper()
	fast, ok := parseCanonicalHTTP(s)
	if !ok {
		return false
	}
	for _, base := range []string{"", "https://base.example/dir/page?q#f", "http://other.example:8080/"} {
		full, fullOK := parseFull(t, s, base)
		if !fullOK {
			t.Fatalf("parseCanonicalHTTP(%q) took a URL the full parser rejects (base %q)", s, base)
		}
		if diff := cmp.Diff(full, fast, cmp.AllowUnexported(URL{})); diff != "" {
			t.Fatalf("parseCanonicalHTTP(%q) disagrees with the full parser (base %q) (-full +fast):\n%s", s, base, diff)
		}
	}
	return true
}

func TestParseCanonicalHTTP(t *testing.T) {
	for _, tc := range canonicalTests {
		if got := checkCanonical(t, tc.in); got != tc.accept {
			t.Errorf("parseCanonicalHTTP(%q) took it: %v, want %v", tc.in, got, tc.accept)
		}
	}
	// The fast path leaves what is past the path-work bound to the full
	// parser, which explains the failure.
	long := "https://a.example/" + strings.Repeat("/", 1<<13)
	if _, ok := parseCanonicalHTTP(long); ok {
		t.Errorf("parseCanonicalHTTP took a path past maxPathWork")
	}
}

// FuzzParseCanonical checks that every URL the fast path takes is the one
// the full parser makes of it, with or without a base URL.
func FuzzParseCanonical(f *testing.F) {
	for _, tc := range canonicalTests {
		f.Add(tc.in)
	}
	for _, tc := range urlTests {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkCanonical(t, s)
	})
}

// TestParseURLAllocs guards the fast path: a canonical URL costs the URL
// value alone.
func TestParseURLAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	if n := testing.AllocsPerRun(100, func() {
		if _, err := ParseURL("https://api.example/items/7?x=1"); err != nil {
			t.Fatal(err)
		}
	}); n > 1 {
		t.Errorf("ParseURL of a canonical URL allocates %v times, want 1", n)
	}
}

// BenchmarkParseCanonical parses the accepted rows of canonicalTests with
// ParseURL (the fast path) and with the URL library (parser=full).
func BenchmarkParseCanonical(b *testing.B) {
	var inputs []string
	for _, tc := range canonicalTests {
		if tc.accept {
			inputs = append(inputs, tc.in)
		}
	}
	for _, p := range []struct {
		name  string
		parse func(string) (*URL, error)
	}{{"parser=fast", ParseURL}, {"parser=full", parseURLFull}} {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range inputs {
					if _, err := p.parse(s); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
