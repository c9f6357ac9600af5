package safelist

import (
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// lines splits a test input into header lines; "\n" separates them because
// a header value cannot contain LF. A nil slice means the header is absent.
func lines(s string) []string {
	return strings.Split(s, "\n")
}

var maxAgeTests = []struct {
	name   string
	values []string
	want   uint64
	wantE  Extraction
}{
	// #83 http-access-control-max-age, #167 cors-preflight-fetch-0, #11 extract-header-list-values.
	{"#11 absent", nil, 0, Absent},
	{"#83 600", []string{"600"}, 600, Parsed},
	{"#167 zero", []string{"0"}, 0, Parsed},
	{"#83 leading zeros are digits", []string{"007"}, 7, Parsed},
	{"#167 minus one", []string{"-1"}, 0, Failure},
	{"#167 fraction", []string{"1.5"}, 0, Failure},
	{"#167 letters", []string{"abc"}, 0, Failure},
	{"#167 list in one line", []string{"10, 20"}, 0, Failure},
	{"#11 two lines, even equal", []string{"10", "10"}, 0, Failure},
	{"#11 two lines, one empty", []string{"10", ""}, 0, Failure},
	{"#83 empty value", []string{""}, 0, Failure},
	{"#83 plus sign", []string{"+5"}, 0, Failure},
	{"#83 interior space", []string{"1 0"}, 0, Failure},
	{"#83 surrounding whitespace is not part of the value", []string{" 5\t"}, 5, Parsed},
	{"#83 unicode digit", []string{"\u0665"}, 0, Failure},
	{"#167 large value parses (the cap is the caller's)", []string{"99999999"}, 99999999, Parsed},
	{"#83 MaxUint64 exactly", []string{"18446744073709551615"}, math.MaxUint64, Parsed},
	{"#83 MaxUint64+1 saturates", []string{"18446744073709551616"}, math.MaxUint64, Parsed},
	{"#83 far beyond uint64 saturates", []string{strings.Repeat("9", 40)}, math.MaxUint64, Parsed},
	{"#83 overflow then a letter fails", []string{strings.Repeat("9", 40) + "x"}, 0, Failure},
}

func TestExtractMaxAge(t *testing.T) {
	for _, tc := range maxAgeTests {
		t.Run(tc.name, func(t *testing.T) {
			got, e := ExtractMaxAge(tc.values)
			if got != tc.want || e != tc.wantE {
				t.Errorf("ExtractMaxAge(%q) = %d, %v; want %d, %v", tc.values, got, e, tc.want, tc.wantE)
			}
		})
	}
}

// referenceMaxAge reads delta-seconds with math/big: the value, trimmed,
// must be one or more ASCII digits; the number saturates at MaxUint64.
func referenceMaxAge(values []string) (uint64, Extraction) {
	if len(values) == 0 {
		return 0, Absent
	}
	if len(values) > 1 {
		return 0, Failure
	}
	v := strings.Trim(values[0], " \t")
	if v == "" || strings.TrimLeft(v, "0123456789") != "" {
		return 0, Failure
	}
	n, _ := new(big.Int).SetString(v, 10)
	if !n.IsUint64() {
		return math.MaxUint64, Parsed
	}
	return n.Uint64(), Parsed
}

func FuzzExtractMaxAge(f *testing.F) {
	for _, tc := range maxAgeTests {
		if tc.values != nil {
			f.Add(strings.Join(tc.values, "\n"))
		}
	}
	f.Fuzz(func(t *testing.T, in string) {
		values := lines(in)
		got, e := ExtractMaxAge(values)
		want, wantE := referenceMaxAge(values)
		if got != want || e != wantE {
			t.Fatalf("ExtractMaxAge(%q) = %d, %v; reference says %d, %v", values, got, e, want, wantE)
		}
	})
}

var tokenListTests = []struct {
	name   string
	values []string
	want   []string
	wantE  Extraction
}{
	// #11 extract-header-list-values, #12 abnf / http-new-header-syntax.
	{"#11 absent", nil, nil, Absent},
	{"#12 one method", []string{"PUT"}, []string{"PUT"}, Parsed},
	{"#12 comma list with spaces", []string{"PUT, DELETE"}, []string{"PUT", "DELETE"}, Parsed},
	{"#12 empty elements tolerated", []string{",x-a,, x-b"}, []string{"x-a", "x-b"}, Parsed},
	{"#12 empty value is an empty list", []string{""}, []string{}, Parsed},
	{"#12 only commas is an empty list", []string{" , ,"}, []string{}, Parsed},
	{"#12 tabs around commas", []string{"a\t,\tb"}, []string{"a", "b"}, Parsed},
	{"#11 space-separated is a failure", []string{"PUT DELETE"}, nil, Failure},
	{"#162 GET POST fails the whole preflight", []string{"GET POST"}, nil, Failure},
	{"#11 several lines concatenate", []string{"x-a", "X-B, x-c"}, []string{"x-a", "X-B", "x-c"}, Parsed},
	{"#11 one bad line fails all", []string{"x-a", "x b"}, nil, Failure},
	{"#82 star is a token", []string{"*"}, []string{"*"}, Parsed},
	{"#82 star among names", []string{"X-A, *"}, []string{"X-A", "*"}, Parsed},
	{"#164 case is kept for byte-exact matching", []string{"put"}, []string{"put"}, Parsed},
	{"#12 separator inside an element", []string{"a/b"}, nil, Failure},
	{"#12 quoted string is not a token", []string{`"x-a"`}, nil, Failure},
	{"#12 byte above 0x7F", []string{"x-\xe9"}, nil, Failure},
	{"#12 semicolon", []string{"a;b"}, nil, Failure},
	{"#12 duplicates are kept", []string{"a, a"}, []string{"a", "a"}, Parsed},
}

func TestExtractTokenLists(t *testing.T) {
	for _, tc := range tokenListTests {
		t.Run(tc.name, func(t *testing.T) {
			got, e := ExtractMethods(tc.values)
			if e != tc.wantE {
				t.Errorf("ExtractMethods(%q) extraction = %v, want %v", tc.values, e, tc.wantE)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ExtractMethods(%q) mismatch (-want +got):\n%s", tc.values, diff)
			}
			got, e = ExtractHeaderNames(tc.values)
			if e != tc.wantE {
				t.Errorf("ExtractHeaderNames(%q) extraction = %v, want %v", tc.values, e, tc.wantE)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ExtractHeaderNames(%q) mismatch (-want +got):\n%s", tc.values, diff)
			}
		})
	}
}

// referenceTokenList is a second reading of `#token` for recipients:
// split every line on commas, trim OWS, drop empties, and require the
// rest to consist of tchar, listed literally from RFC 9110.
func referenceTokenList(values []string) ([]string, Extraction) {
	const tchar = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	if values == nil {
		return nil, Absent
	}
	out := []string{}
	for _, v := range values {
		for _, el := range strings.Split(v, ",") {
			el = strings.Trim(el, " \t")
			if el == "" {
				continue
			}
			for i := 0; i < len(el); i++ {
				if strings.IndexByte(tchar, el[i]) < 0 {
					return nil, Failure
				}
			}
			out = append(out, el)
		}
	}
	return out, Parsed
}

func FuzzExtractHeaderListValues(f *testing.F) {
	for _, tc := range tokenListTests {
		if tc.values != nil {
			f.Add(strings.Join(tc.values, "\n"))
		}
	}
	f.Fuzz(func(t *testing.T, in string) {
		values := lines(in)
		got, e := ExtractHeaderNames(values)
		want, wantE := referenceTokenList(values)
		if e != wantE {
			t.Fatalf("ExtractHeaderNames(%q) = %v, reference says %v", values, e, wantE)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("ExtractHeaderNames(%q) disagrees with the reference (-ref +got):\n%s", values, diff)
		}
		if e != Parsed {
			return
		}
		// Round trip: the list serialized the way a server would send it
		// parses back to itself, on one line or on one line per element.
		again, e := ExtractHeaderNames([]string{strings.Join(got, ", ")})
		if e != Parsed || !cmp.Equal(got, again) {
			t.Fatalf("re-extracting %q gave %q, %v", got, again, e)
		}
		if len(got) > 0 {
			again, e = ExtractHeaderNames(got)
			if e != Parsed || !cmp.Equal(got, again) {
				t.Fatalf("re-extracting %q line by line gave %q, %v", got, again, e)
			}
		}
	})
}

var allowOriginTests = []struct {
	name   string
	values []string
	want   string
	wantE  Extraction
}{
	// #80 http-access-control-allow-origin (origin-or-null / wildcard), #11.
	{"#11 absent", nil, "", Absent},
	{"#80 star", []string{"*"}, "*", Parsed},
	{"#80 null", []string{"null"}, "null", Parsed},
	{"#80 Null is case-sensitive", []string{"Null"}, "", Failure},
	{"#80 https origin", []string{"https://a.example"}, "https://a.example", Parsed},
	{"#80 with port", []string{"http://a.example:8080"}, "http://a.example:8080", Parsed},
	{"#80 port 5 digits above 65535 matches the ABNF", []string{"http://a.example:99999"}, "http://a.example:99999", Parsed},
	{"#80 port 6 digits", []string{"http://a.example:100000"}, "", Failure},
	{"#80 empty port", []string{"http://a.example:"}, "", Failure},
	{"#80 trailing slash", []string{"https://a.example/"}, "", Failure},
	{"#80 path", []string{"https://a.example/x"}, "", Failure},
	{"#80 uppercase host", []string{"https://A.example"}, "", Failure},
	{"#80 uppercase scheme", []string{"HTTPS://a.example"}, "", Failure},
	{"#80 two lines", []string{"*", "*"}, "", Failure},
	{"#80 two origins on one line", []string{"https://a.example, https://b.example"}, "", Failure},
	{"#80 ipv4", []string{"http://127.0.0.1:8000"}, "http://127.0.0.1:8000", Parsed},
	{"#80 ipv6 loopback", []string{"http://[::1]"}, "http://[::1]", Parsed},
	{"#80 ipv6 full", []string{"http://[1:2:3:4:5:6:7:8]:81"}, "http://[1:2:3:4:5:6:7:8]:81", Parsed},
	{"#80 ipv6 :: eliding one group is not serialized form", []string{"http://[1:2:3::5:6:7:8]"}, "", Failure},
	{"#80 ipv6 leading zero", []string{"http://[::01]"}, "", Failure},
	{"#80 ipv6 uppercase hex", []string{"http://[::A]"}, "", Failure},
	{"#80 ipv6 embedded ipv4", []string{"http://[::ffff:1.2.3.4]"}, "", Failure},
	{"#80 ipv6 unspecified", []string{"http://[::]"}, "http://[::]", Parsed},
	{"#80 ipv6 two ::", []string{"http://[1::2::3]"}, "", Failure},
	{"#80 ipv6 unclosed", []string{"http://[::1"}, "", Failure},
	{"#80 ipv6 junk after bracket", []string{"http://[::1]x"}, "", Failure},
	{"#80 label with hyphen", []string{"https://x-y.example"}, "https://x-y.example", Parsed},
	{"#80 label ending in hyphen", []string{"https://x-.example"}, "", Failure},
	{"#80 empty label", []string{"https://a..example"}, "", Failure},
	{"#80 scheme with plus", []string{"web+x://a"}, "web+x://a", Parsed},
	{"#80 scheme starting with a digit", []string{"1http://a"}, "", Failure},
	{"#80 no host", []string{"https://"}, "", Failure},
	{"#80 userinfo", []string{"https://u@a.example"}, "", Failure},
	{"#80 percent-encoded host", []string{"https://%61.example"}, "", Failure},
}

func TestExtractAllowOrigin(t *testing.T) {
	for _, tc := range allowOriginTests {
		t.Run(tc.name, func(t *testing.T) {
			got, e := ExtractAllowOrigin(tc.values)
			if got != tc.want || e != tc.wantE {
				t.Errorf("ExtractAllowOrigin(%q) = %q, %v; want %q, %v", tc.values, got, e, tc.want, tc.wantE)
			}
		})
	}
}

func TestExtractAllowCredentials(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   bool
		wantE  Extraction
	}{
		// #81 http-access-control-allow-credentials, #187 concept-cors-check.
		{"#81 absent", nil, false, Absent},
		{"#81 true", []string{"true"}, true, Parsed},
		{"#81 True is case-sensitive", []string{"True"}, false, Failure},
		{"#81 false is not in the ABNF", []string{"false"}, false, Failure},
		{"#187 two true lines", []string{"true", "true"}, false, Failure},
		{"#187 true, true on one line", []string{"true, true"}, false, Failure},
		{"#81 empty", []string{""}, false, Failure},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, e := ExtractAllowCredentials(tc.values)
			if got != tc.want || e != tc.wantE {
				t.Errorf("ExtractAllowCredentials(%q) = %v, %v; want %v, %v", tc.values, got, e, tc.want, tc.wantE)
			}
		})
	}
}

func TestExtractionString(t *testing.T) {
	for e, want := range map[Extraction]string{Absent: "absent", Failure: "failure", Parsed: "parsed", 9: "Extraction(9)"} {
		if got := e.String(); got != want {
			t.Errorf("Extraction(%d).String() = %q, want %q", uint8(e), got, want)
		}
	}
}

func TestExtractMaxAgeAllocations(t *testing.T) {
	values := []string{"7200"}
	if n := testing.AllocsPerRun(100, func() { ExtractMaxAge(values) }); n != 0 {
		t.Errorf("ExtractMaxAge allocates %v times, want 0", n)
	}
}

func BenchmarkExtractMaxAge(b *testing.B) {
	for _, tc := range maxAgeTests {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ExtractMaxAge(tc.values)
			}
		})
	}
}

func BenchmarkExtractHeaderNames(b *testing.B) {
	for _, tc := range tokenListTests {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ExtractHeaderNames(tc.values)
			}
		})
	}
}
