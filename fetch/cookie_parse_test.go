package fetch

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// tNow is the simulated clock's start for the cookie tests.
var tNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// cookieDateTests run the cookie date parser ("parse a date" in the layered
// cookie draft, RFC 6265bis §5.1.1) on the three HTTP date formats of
// RFC 9110 §5.6.7 and on inputs that exercise each step of the algorithm.
var cookieDateTests = []struct {
	name, in string
	want     time.Time // zero for failure
}{
	{"IMF-fixdate", "Wed, 21 Oct 2015 07:28:00 GMT", time.Date(2015, 10, 21, 7, 28, 0, 0, time.UTC)},
	{"RFC 850 with a two-digit year (step 3: 94 → 1994)", "Sunday, 06-Nov-94 08:49:37 GMT", time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)},
	{"asctime", "Sun Nov  6 08:49:37 1994", time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)},
	{"step 4: 69 → 2069", "01 Jan 69 00:00:00", time.Date(2069, 1, 1, 0, 0, 0, 0, time.UTC)},
	{"step 3: 70 → 1970, one-digit fields", "1 jan 70 0:0:0", time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)},
	{"any order, trailing junk in tokens", "2020 10:00:00x 1st JANUARY", time.Date(2020, 1, 1, 10, 0, 0, 0, time.UTC)},
	{"dashes are delimiters", "Jan-01-2020-10:00:00", time.Date(2020, 1, 1, 10, 0, 0, 0, time.UTC)},
	{"time with a fourth field", "1 Jan 2020 10:00:00:99", time.Date(2020, 1, 1, 10, 0, 0, 0, time.UTC)},
	{"zone ignored", "1 Jan 2020 10:00:00 GMT+0100", time.Date(2020, 1, 1, 10, 0, 0, 0, time.UTC)},
	{"leap day", "29 Feb 2024 12:00:00", time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC)},
	{"earliest year", "1 Jan 1601 00:00:00", time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC)},
	{"step 5: no time", "1 Jan 2020", time.Time{}},
	{"step 5: no month", "2020-01-01T10:00:00Z", time.Time{}},
	{"step 5: three-digit day is a year, then no day", "100 Jan 2020 10:00:00", time.Time{}},
	{"step 5: year before 1601", "1 Jan 1600 00:00:00", time.Time{}},
	{"step 5: hour 24", "1 Jan 2020 24:00:00", time.Time{}},
	{"step 5: second 60", "1 Jan 2020 23:59:60", time.Time{}},
	{"step 5: day 0", "0 Jan 2020 10:00:00", time.Time{}},
	{"step 6: no 31 April", "31 Apr 2020 00:00:00", time.Time{}},
	{"step 6: no 29 February 2023", "29 Feb 2023 00:00:00", time.Time{}},
	{"three-digit time field", "1 Jan 2020 100:00:00", time.Time{}},
	{"empty", "", time.Time{}},
}

func TestParseCookieDate(t *testing.T) {
	for _, tc := range cookieDateTests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseCookieDate(tc.in)
			if ok != !tc.want.IsZero() || !got.Equal(tc.want) {
				t.Errorf("parseCookieDate(%q) = %v, %v; want %v", tc.in, got, ok, tc.want)
			}
		})
	}
}

// parseCookieTests run ParseCookie ("parse a cookie") for a response from
// https://www.a.example/dir/page at tNow.
var parseCookieTests = []struct {
	name, header string
	want         Cookie
	reason       CookieReason // "" when parsing succeeds
}{
	{"plain", "a=1", Cookie{Name: "a", Value: "1", Path: "/dir"}, ""},
	{"spaces and tabs trimmed", " a \t= 1 ;Path=/", Cookie{Name: "a", Value: "1", Path: "/", hasPath: true}, ""},
	{"quotes kept", `a="x y"`, Cookie{Name: "a", Value: `"x y"`, Path: "/dir"}, ""},
	{"nameless", "abc", Cookie{Value: "abc", Path: "/dir"}, ""},
	{"empty name with =", "=abc", Cookie{Value: "abc", Path: "/dir"}, ""},
	{"empty value", "a=", Cookie{Name: "a", Path: "/dir"}, ""},
	{"value with =", "a=b=c", Cookie{Name: "a", Value: "b=c", Path: "/dir"}, ""},
	{"attributes case-insensitive", "a=1; SECURE; httponly; samesite=STRICT; PATH=/x",
		Cookie{Name: "a", Value: "1", Path: "/x", hasPath: true, Secure: true, HTTPOnly: true, SameSite: SameSiteStrict}, ""},
	{"Max-Age", "a=1; Max-Age=60", Cookie{Name: "a", Value: "1", Path: "/dir", Expires: tNow.Add(time.Minute)}, ""},
	{"Max-Age zero is the epoch", "a=1; Max-Age=0", Cookie{Name: "a", Value: "1", Path: "/dir", Expires: time.Unix(0, 0).UTC()}, ""},
	{"Max-Age negative", "a=1; Max-Age=-5", Cookie{Name: "a", Value: "1", Path: "/dir", Expires: time.Unix(0, 0).UTC()}, ""},
	{"Max-Age capped at 400 days", "a=1; Max-Age=999999999999999999999999", Cookie{Name: "a", Value: "1", Path: "/dir", Expires: tNow.Add(400 * 24 * time.Hour)}, ""},
	{"Max-Age not a number ignored", "a=1; Max-Age=1e3; Max-Age=+5; Max-Age=-; Max-Age=", Cookie{Name: "a", Value: "1", Path: "/dir"}, ""},
	{"Expires", "a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT", Cookie{Name: "a", Value: "1", Path: "/dir", Expires: time.Date(2015, 10, 21, 7, 28, 0, 0, time.UTC)}, ""},
	{"Expires capped at 400 days", "a=1; Expires=1 Jan 2099 00:00:00", Cookie{Name: "a", Value: "1", Path: "/dir", Expires: tNow.Add(400 * 24 * time.Hour)}, ""},
	{"bad Expires ignored", "a=1; Expires=tomorrow", Cookie{Name: "a", Value: "1", Path: "/dir"}, ""},
	// RFC 6265bis §5.6 step 6: Max-Age wins whatever the order.
	{"Max-Age before Expires wins", "a=1; Max-Age=60; Expires=Wed, 21 Oct 2015 07:28:00 GMT", Cookie{Name: "a", Value: "1", Path: "/dir", Expires: tNow.Add(time.Minute)}, ""},
	{"Max-Age after Expires wins", "a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=60", Cookie{Name: "a", Value: "1", Path: "/dir", Expires: tNow.Add(time.Minute)}, ""},
	{"Domain leading dot dropped", "a=1; Domain=.A.Example", Cookie{Name: "a", Value: "1", Host: "a.example", Path: "/dir"}, ""},
	{"Domain IPv4 canonicalised", "a=1; Domain=0x7f.1", Cookie{Name: "a", Value: "1", Host: "127.0.0.1", Path: "/dir"}, ""},
	{"empty Domain ignored", "a=1; Domain=", Cookie{Name: "a", Value: "1", Path: "/dir"}, ""},
	{"Domain too long ignored", "a=1; Domain=" + strings.Repeat("x", 1025), Cookie{Name: "a", Value: "1", Path: "/dir"}, ""},
	{"Path not starting with / is the default", "a=1; Path=/x; Path=x", Cookie{Name: "a", Value: "1", Path: "/dir"}, ""},
	{"last SameSite wins", "a=1; SameSite=Strict; SameSite=Lax", Cookie{Name: "a", Value: "1", Path: "/dir", SameSite: SameSiteLax}, ""},
	{"unknown SameSite is unset", "a=1; SameSite=Strict; SameSite=Bogus", Cookie{Name: "a", Value: "1", Path: "/dir"}, ""},
	{"unknown attribute ignored", "a=1; Partitioned; Priority=High", Cookie{Name: "a", Value: "1", Path: "/dir"}, ""},
	{"4096 bytes", "a=" + strings.Repeat("v", 4095), Cookie{Name: "a", Value: strings.Repeat("v", 4095), Path: "/dir"}, ""},

	{"control character", "a=1\x01", Cookie{}, CookieControlCharacter},
	{"DEL", "a=\x7f", Cookie{}, CookieControlCharacter},
	{"empty", " = ; Path=/", Cookie{}, CookieEmpty},
	{"4097 bytes", "a=" + strings.Repeat("v", 4096), Cookie{}, CookieTooLarge},
	{"non-ASCII Domain", "a=1; Domain=bücher.example", Cookie{}, CookieInvalidDomain},
	{"Domain with a port", "a=1; Domain=a.example:443", Cookie{}, CookieInvalidDomain},
	{"Domain with a path", "a=1; Domain=a.example/x", Cookie{}, CookieInvalidDomain},
	{"Domain not a host", "a=1; Domain=a..%", Cookie{}, CookieInvalidDomain},
}

func TestParseCookie(t *testing.T) {
	u, err := ParseURL("https://www.a.example/dir/page")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range parseCookieTests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseCookie(tc.header, u, tNow)
			if tc.reason != "" {
				var ce *CookieError
				if !errors.As(err, &ce) || ce.Reason != tc.reason || ce.Header != tc.header {
					t.Fatalf("ParseCookie(%q) = %v, want a CookieError %q", tc.header, err, tc.reason)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseCookie(%q) error: %v", tc.header, err)
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(Cookie{}), cmpopts.EquateComparable(Site{})); diff != "" {
				t.Errorf("ParseCookie(%q) mismatch (-want +got):\n%s", tc.header, diff)
			}
		})
	}
}

func TestCookieErrorText(t *testing.T) {
	u, _ := ParseURL("https://www.a.example/")
	_, err := ParseCookie("a=1; Domain=a.example:1", u, tNow)
	const want = `fetch: cookie ignored: Set-Cookie "a=1; Domain=a.example:1": its Domain attribute is not a valid host`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant %s", err, want)
	}
}

func TestCookieDefaultPath(t *testing.T) {
	// Layered cookies "cookie default path" (RFC 6265bis §5.1.4).
	tests := map[string]string{
		"/":        "/",
		"/a":       "/",
		"/a/":      "/a",
		"/a/b":     "/a",
		"/a/b/":    "/a/b",
		"/a//b":    "/a/",
		"opaque,x": "/",
	}
	for in, want := range tests {
		if got := cookieDefaultPath(in); got != want {
			t.Errorf("cookieDefaultPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseCookieDate(f *testing.F) {
	for _, tc := range cookieDateTests {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseCookieDate(s)
		if !ok {
			return
		}
		if d.Year() < 1601 || d.Year() > 9999 || d.Location() != time.UTC {
			t.Fatalf("parseCookieDate(%q) = %v, outside the grammar's range", s, d)
		}
		// The IMF-fixdate form of the result parses back to it.
		back, ok := parseCookieDate(d.Format(time.RFC1123))
		if !ok || !back.Equal(d) {
			t.Fatalf("parseCookieDate(%q) = %v, but its RFC 1123 form %q gives %v, %v", s, d, d.Format(time.RFC1123), back, ok)
		}
	})
}

func FuzzParseCookie(f *testing.F) {
	for _, tc := range parseCookieTests {
		f.Add(tc.header)
	}
	for _, tc := range cookieDateTests {
		f.Add("a=1; Expires=" + tc.in)
	}
	u, _ := ParseURL("https://www.a.example/dir/page")
	other, _ := ParseURL("https://other.example/dir/page")
	f.Fuzz(func(t *testing.T, header string) {
		c, err := ParseCookie(header, u, tNow)
		if err != nil {
			var ce *CookieError
			if !errors.As(err, &ce) || ce.Reason == "" || ce.Header != header {
				t.Fatalf("ParseCookie(%q) error %#v is not a complete *CookieError", header, err)
			}
			return
		}
		n := len(c.Name) + len(c.Value)
		if n == 0 || n > maxCookieBytes || c.Name != trimWSP(c.Name) || c.Value != trimWSP(c.Value) ||
			strings.ContainsAny(c.Name, ";=") || strings.Contains(c.Value, ";") || !strings.HasPrefix(c.Path, "/") {
			t.Fatalf("ParseCookie(%q) = %+v breaks an invariant", header, c)
		}
		// The name and value survive being written back as a header.
		back, err := ParseCookie(c.Name+"="+c.Value, u, tNow)
		if err != nil || back.Name != c.Name || back.Value != c.Value {
			t.Fatalf("ParseCookie(%q) = %q=%q, which re-parses as %+v, %v", header, c.Name, c.Value, back, err)
		}
		// A stored cookie is never sent to another site.
		jar := NewJar(JarOptions{Now: func() time.Time { return tNow }})
		stored, err := jar.ParseAndStore(FirstPartyContext(u), header)
		if err != nil {
			return
		}
		if !domainMatch(u.Host(), stored.Host) {
			t.Fatalf("stored cookie's host %q does not domain-match %q", stored.Host, u.Host())
		}
		if got := jar.Retrieve(FirstPartyContext(other)); len(got) != 0 {
			t.Fatalf("cookie %q from %v sent to %v", header, u, other)
		}
		if got := jar.Retrieve(CookieContext{URL: u}); len(got) != 0 && got[0].SameSite == SameSiteStrict {
			t.Fatalf("a Strict cookie was sent in a context with no site for cookies")
		}
	})
}

func BenchmarkParseCookie(b *testing.B) {
	u, _ := ParseURL("https://www.a.example/dir/page")
	const h = "session=abc123; Path=/; Domain=a.example; Secure; HttpOnly; SameSite=Lax; Max-Age=3600"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseCookie(h, u, tNow); err != nil {
			b.Fatal(err)
		}
	}
}
