package safelist

import (
	"strings"
	"testing"
)

// forbiddenNames is #35's list, as the spec spells it.
var forbiddenNames = []string{
	"Accept-Charset", "Accept-Encoding", "Access-Control-Request-Headers", "Access-Control-Request-Method",
	"Connection", "Content-Length", "Cookie", "Cookie2", "Date", "DNT", "Expect", "Host", "Keep-Alive",
	"Origin", "Referer", "Set-Cookie", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Via",
}

var forbiddenRequestHeaderTests = []struct {
	name   string
	header string
	value  string
	want   bool
}{
	// #36: reserved prefixes.
	{"#36 Sec-Foo", "Sec-Foo", "1", true},
	{"#36 Proxy-Authorization", "Proxy-Authorization", "x", true},
	{"#36 SEC- uppercase", "SEC-FETCH-MODE", "cors", true},
	{"#36 bare prefix", "sec-", "", true},
	{"#36 proxy- bare", "PROXY-", "", true},
	{"#36 Sec without hyphen", "Sec", "1", false},
	{"#36 Secret", "Secret", "1", false},
	{"#36 Proxy", "Proxy", "1", false},
	{"#36 X-Sec-Foo", "X-Sec-Foo", "1", false},
	// #37: method-override headers are forbidden only with a forbidden method.
	{"#37 X-HTTP-Method-Override: PUT", "X-HTTP-Method-Override", "PUT", false},
	{"#37 get, Trace", "X-HTTP-Method-Override", "get, Trace", true},
	{"#37 X-HTTP-Method: connect", "X-HTTP-Method", "connect", true},
	{"#37 X-Method-Override: TRACK", "x-method-override", "TRACK", true},
	{"#37 surrounding tabs and spaces are trimmed", "X-HTTP-Method", " \tTRACE\t ", true},
	{"#37 quoted method is not a method", "X-HTTP-Method", `"TRACE"`, false},
	{"#37 comma inside quotes does not split", "X-HTTP-Method", `"a,TRACE"`, false},
	{"#37 after a quoted piece", "X-HTTP-Method", `"a,b", TRACE`, true},
	{"#37 empty piece then forbidden", "X-HTTP-Method", ",,TRACE", true},
	{"#37 empty value", "X-HTTP-Method", "", false},
	{"#37 TRACES is not TRACE", "X-HTTP-Method", "TRACES", false},
	{"#37 KELVIN SIGN is not K", "X-HTTP-Method", "TRAC\u212a", false},
	{"#37 other header with a forbidden method", "X-Method", "TRACE", false},
	{"#37 space-separated is one piece", "X-HTTP-Method", "PUT TRACE", false},
	// #38: settable headers.
	{"#38 User-Agent", "User-Agent", "x", false},
	{"#38 Authorization", "Authorization", "Bearer x", false},
	{"#38 Cache-Control", "Cache-Control", "no-cache", false},
	{"#38 Pragma", "Pragma", "no-cache", false},
	{"#38 If-None-Match", "If-None-Match", `"x"`, false},
	{"#38 If-Modified-Since", "If-Modified-Since", "x", false},
	{"#38 X-Requested-With", "X-Requested-With", "XMLHttpRequest", false},
	{"#35 near miss Cookie3", "Cookie3", "x", false},
	{"#35 near miss Hosts", "Hosts", "x", false},
	{"#35 near miss Origin2", "Origin2", "x", false},
	{"#35 Access-Control-Allow-Origin is a response header, settable", "Access-Control-Allow-Origin", "*", false},
}

func TestForbiddenRequestHeader(t *testing.T) {
	// #35 forbidden-request-header: every listed name, in three casings.
	for _, n := range forbiddenNames {
		for _, name := range []string{n, strings.ToLower(n), strings.ToUpper(n)} {
			if !ForbiddenRequestHeader(name, "x") {
				t.Errorf("#35 ForbiddenRequestHeader(%q) = false, want true", name)
			}
		}
	}
	for _, tc := range forbiddenRequestHeaderTests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ForbiddenRequestHeader(tc.header, tc.value); got != tc.want {
				t.Errorf("ForbiddenRequestHeader(%q, %q) = %v, want %v", tc.header, tc.value, got, tc.want)
			}
		})
	}
}

func TestForbiddenRequestHeaderAllocations(t *testing.T) {
	for _, tc := range forbiddenRequestHeaderTests {
		if n := testing.AllocsPerRun(50, func() { ForbiddenRequestHeader(tc.header, tc.value) }); n != 0 {
			t.Errorf("%s: allocates %v times, want 0", tc.name, n)
		}
	}
}

func TestForbiddenResponseHeaderName(t *testing.T) {
	// #39 forbidden-response-header-name.
	for name, want := range map[string]bool{
		"Set-Cookie": true, "set-cookie": true, "SET-COOKIE2": true,
		"Set-Cookie3": false, "Cookie": false, "X-Set-Cookie": false, "": false,
	} {
		if got := ForbiddenResponseHeaderName(name); got != want {
			t.Errorf("#39 ForbiddenResponseHeaderName(%q) = %v, want %v", name, got, want)
		}
	}
}

func BenchmarkForbiddenRequestHeader(b *testing.B) {
	for _, tc := range forbiddenRequestHeaderTests {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ForbiddenRequestHeader(tc.header, tc.value)
			}
		})
	}
}
