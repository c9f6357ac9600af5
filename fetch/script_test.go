package fetch

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/corsim/corsim/safelist"
	"github.com/google/go-cmp/cmp"
)

// requestView is what a test checks of the request NewRequest builds.
type requestView struct {
	Method           string
	Mode             Mode
	Credentials      CredentialsMode
	Redirect         RedirectMode
	UnsafeRequest    bool
	UseCORSPreflight bool
	Keepalive        bool
	Header           []string // "Name: value" lines in order
	Body             string   // the body's bytes; "(stream)"; "" for none
}

func viewRequest(r *Request) requestView {
	v := requestView{Method: r.Method, Mode: r.Mode, Credentials: r.Credentials, Redirect: r.Redirect,
		UnsafeRequest: r.UnsafeRequest, UseCORSPreflight: r.UseCORSPreflight, Keepalive: r.Keepalive, Header: headerLines(r.Header)}
	switch {
	case r.Body == nil:
	case r.Body.Stream:
		v.Body = "(stream)"
	default:
		v.Body = string(r.Body.Source)
	}
	return v
}

// cors is the request fetch(url) makes with an empty init (#208).
func cors(method string, header ...string) requestView {
	if header == nil {
		header = []string{}
	}
	return requestView{Method: method, Mode: ModeCORS, Credentials: CredentialsSameOrigin, Redirect: RedirectFollow, UnsafeRequest: true, Header: header}
}

// TestNewRequest checks the Request constructor (group Y), the Headers
// guards it fills the header list through (group W) and body extraction
// (group X).
func TestNewRequest(t *testing.T) {
	const b = "https://b.example/x"
	noCORS := func(method string, header ...string) requestView {
		v := cors(method, header...)
		v.Mode = ModeNoCORS
		return v
	}
	with := func(v requestView, f func(*requestView)) requestView { f(&v); return v }
	h := func(nv ...string) [][2]string {
		var l [][2]string
		for i := 0; i+1 < len(nv); i += 2 {
			l = append(l, [2]string{nv[i], nv[i+1]})
		}
		return l
	}
	tests := []struct {
		name string
		spec string
		init RequestInit
		want requestView
	}{
		{"defaults", "#208 #46 #47 #49 dom-request steps 5.5, 12: cors, same-origin, follow, unsafe-request flag",
			RequestInit{}, cors("GET")},
		{"method normalized", "#213 #15 dom-request step 25.3", RequestInit{Method: "delete"}, cors("DELETE")},
		{"method Get normalized", "#15 concept-method-normalize: case-insensitive match", RequestInit{Method: "Get"}, cors("GET")},
		{"method patch kept", "#15 concept-method-normalize: only the six", RequestInit{Method: "patch"}, cors("patch")},
		{"custom method", "#16 concept-method: any token", RequestInit{Method: "CHICKEN"}, cors("CHICKEN")},
		{"mode no-cors", "#214 dom-request step 32", RequestInit{Mode: ModeNoCORS}, noCORS("GET")},
		{"mode no-cors, post normalized", "#214 #15: the method is checked after normalization", RequestInit{Mode: ModeNoCORS, Method: "post"}, noCORS("POST")},
		{"mode same-origin", "#46 dom-request step 18", RequestInit{Mode: ModeSameOrigin},
			with(cors("GET"), func(v *requestView) { v.Mode = ModeSameOrigin })},
		{"credentials include, redirect manual, keepalive", "#47 dom-request steps 19, 22, 24",
			RequestInit{Credentials: CredentialsInclude, Redirect: RedirectManual, Keepalive: true},
			with(cors("GET"), func(v *requestView) {
				v.Credentials, v.Redirect, v.Keepalive = CredentialsInclude, RedirectManual, true
			})},
		{"forbidden headers ignored", "#215 #196 #35 #36 #37 headers-validate: a forbidden request-header is dropped silently",
			RequestInit{Headers: h("Cookie", "x", "X-A", "1", "Origin", "https://evil.example", "sec-ch-ua", "x", "Proxy-Foo", "1",
				"Access-Control-Request-Method", "PUT", "X-HTTP-Method-Override", "GET, connect", "X-Method-Override", "PUT", "DNT", "1", "Keep-Alive", "1")},
			cors("GET", "X-A: 1", "X-Method-Override: PUT")},
		{"not forbidden", "#38: User-Agent, Authorization, Cache-Control, Pragma, If-None-Match, X-Requested-With are kept",
			RequestInit{Headers: h("User-Agent", "u", "Authorization", "a", "Cache-Control", "no-cache", "Pragma", "no-cache", "If-None-Match", `"e"`, "X-Requested-With", "XMLHttpRequest")},
			cors("GET", "User-Agent: u", "Authorization: a", "Cache-Control: no-cache", "Pragma: no-cache", `If-None-Match: "e"`, "X-Requested-With: XMLHttpRequest")},
		{"duplicates kept as entries", "#3 concept-header-list-append: fetch() appends, reusing the first entry's casing",
			RequestInit{Headers: h("X-A", "1", "x-a", "2")}, cors("GET", "X-A: 1", "X-A: 2")},
		{"value normalized", "#7 concept-header-value-normalize: leading and trailing HTTP whitespace go",
			RequestInit{Headers: h("X-A", "  v w \t\r\n")}, cors("GET", "X-A: v w")},
		{"Latin-1 value is a byte each", "#27 ByteString: U+00E9 becomes the byte 0xE9",
			RequestInit{Headers: h("X-A", "caf\u00e9")}, cors("GET", "X-A: caf\xe9")},
		{"no-cors keeps only no-CORS-safelisted headers", "#214 #33 #34 #198 concept-headers-append step 3",
			RequestInit{Mode: ModeNoCORS, Headers: h("X-A", "1", "Accept", "text/html", "Content-Type", "application/json",
				"Content-Language", "en", "Range", "bytes=0-", "Accept-Language", "de_DE")},
			noCORS("GET", "Accept: text/html", "Content-Language: en")},
		{"no-cors judges the combined value", "#197 concept-headers-append step 3: `text/plain, text/plain` fails",
			RequestInit{Mode: ModeNoCORS, Headers: h("Content-Type", "text/plain", "Content-Type", "text/plain")},
			noCORS("GET", "Content-Type: text/plain")},
		{"no-cors appends a value that combines safely", "#197 concept-headers-append step 3",
			RequestInit{Mode: ModeNoCORS, Headers: h("Accept", "text/html", "Accept", "*/*")},
			noCORS("GET", "Accept: text/html", "Accept: */*")},
		{"no-cors, a combined value too long", "#197 #17: the combined value must stay within 128 bytes",
			RequestInit{Mode: ModeNoCORS, Headers: h("Accept", repeatByte('a', 100), "Accept", repeatByte('b', 30))},
			noCORS("GET", "Accept: "+repeatByte('a', 100))},
		{"string body", "#204 concept-bodyinit-extract: text/plain;charset=UTF-8",
			RequestInit{Method: "POST", Body: BodyText},
			with(cors("POST", "Content-Type: text/plain;charset=UTF-8"), func(v *requestView) { v.Body = "corsim" })},
		{"URLSearchParams body", "#204 concept-bodyinit-extract",
			RequestInit{Method: "POST", Body: BodyURLSearchParams},
			with(cors("POST", "Content-Type: application/x-www-form-urlencoded;charset=UTF-8"), func(v *requestView) { v.Body = "a=corsim" })},
		{"FormData body", "#204 concept-bodyinit-extract: multipart/form-data with a boundary",
			RequestInit{Method: "POST", Body: BodyFormData},
			with(cors("POST", "Content-Type: multipart/form-data; boundary="+formBoundary), func(v *requestView) {
				v.Body = "--" + formBoundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ncorsim\r\n--" + formBoundary + "--\r\n"
			})},
		{"Blob without a type", "#204 concept-bodyinit-extract: no Content-Type",
			RequestInit{Method: "POST", Body: BodyBlob},
			with(cors("POST"), func(v *requestView) { v.Body = "corsim" })},
		{"stream body", "#204 #217 #48 dom-request step 39.3: no Content-Type, the use-CORS-preflight flag",
			RequestInit{Method: "POST", Body: BodyStream, Duplex: "half"},
			with(cors("POST"), func(v *requestView) { v.Body, v.UseCORSPreflight = "(stream)", true })},
		{"stream body, same-origin mode", "#217 dom-request step 39.2",
			RequestInit{Method: "PUT", Body: BodyStream, Duplex: "half", Mode: ModeSameOrigin},
			with(cors("PUT"), func(v *requestView) { v.Body, v.UseCORSPreflight, v.Mode = "(stream)", true, ModeSameOrigin })},
		{"script's Content-Type wins", "#205 dom-request step 37.4: only when there is none",
			RequestInit{Method: "POST", Body: BodyText, Headers: h("content-type", "application/json")},
			with(cors("POST", "content-type: application/json"), func(v *requestView) { v.Body = "corsim" })},
		{"no-cors, implicit Content-Type through the guard", "#205 dom-request step 37.4: appended to this's headers, guard included",
			RequestInit{Method: "POST", Body: BodyURLSearchParams, Mode: ModeNoCORS},
			with(noCORS("POST", "Content-Type: application/x-www-form-urlencoded;charset=UTF-8"), func(v *requestView) { v.Body = "a=corsim" })},
		{"no-cors, script's unsafe Content-Type dropped, implicit one added", "#205 #34",
			RequestInit{Method: "POST", Body: BodyText, Mode: ModeNoCORS, Headers: h("Content-Type", "application/json")},
			with(noCORS("POST", "Content-Type: text/plain;charset=UTF-8"), func(v *requestView) { v.Body = "corsim" })},
		{"keepalive with a byte body", "#206: only a stream is refused",
			RequestInit{Method: "POST", Body: BodyText, Keepalive: true},
			with(cors("POST", "Content-Type: text/plain;charset=UTF-8"), func(v *requestView) { v.Body, v.Keepalive = "corsim", true })},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, serr := NewRequest(topPage(t, pageA), &Spec, b, tc.init)
			if serr != nil {
				t.Fatalf("%s: NewRequest: %v", tc.spec, serr)
			}
			if diff := cmp.Diff(tc.want, viewRequest(req)); diff != "" {
				t.Errorf("%s: request mismatch (-want +got):\n%s", tc.spec, diff)
			}
			if req.CurrentURL().String() != b || !SameOrigin(req.Origin, mustOrigin(t, pageA)) || req.API != APIFetch {
				t.Errorf("%s: URL %s, origin %s, API %s", tc.spec, req.CurrentURL(), req.Origin, req.API)
			}
		})
	}
}

// TestNewRequestErrors checks the exceptions of the Request constructor
// (#207-#217, #219) and that the first failing step names the reason.
func TestNewRequestErrors(t *testing.T) {
	tests := []struct {
		name string
		spec string
		url  string
		init RequestInit
		want Reason
	}{
		{"unparsable URL", "#207 dom-request step 5.2", "https://", RequestInit{}, InvalidURL},
		{"URL with credentials", "#207 dom-request step 5.3", "https://u:p@b.example/", RequestInit{}, URLCredentials},
		{"URL with a username", "#207 dom-request step 5.3", "https://u@b.example/", RequestInit{}, URLCredentials},
		{"credentials before the mode", "#207 #211: step 5 before step 17", "https://u:p@b.example/", RequestInit{Mode: ModeNavigate}, URLCredentials},
		{"mode navigate", "#211 #58 dom-request step 17", "https://b.example/", RequestInit{Mode: ModeNavigate}, NavigateMode},
		{"method not a token", "#16 #213 dom-request step 25.2", "https://b.example/", RequestInit{Method: "GET POST"}, InvalidMethod},
		{"empty method", "#16 #213 dom-request step 25.2", "https://b.example/", RequestInit{EmptyMethod: true}, InvalidMethod},
		{"method above U+00FF", "#213 ByteString conversion", "https://b.example/", RequestInit{Method: "G\u0100T"}, InvalidMethod},
		{"method TRACE", "#14 #213 dom-request step 25.2", "https://b.example/", RequestInit{Method: "TRACE"}, ForbiddenMethod},
		{"method trace", "#14: forbidden methods match case-insensitively", "https://b.example/", RequestInit{Method: "trace"}, ForbiddenMethod},
		{"method connect", "#14", "https://b.example/", RequestInit{Method: "connect"}, ForbiddenMethod},
		{"method Track", "#14", "https://b.example/", RequestInit{Method: "Track"}, ForbiddenMethod},
		{"no-cors PUT", "#214 dom-request step 32.1", "https://b.example/", RequestInit{Mode: ModeNoCORS, Method: "PUT"}, NoCORSMethod},
		{"no-cors patch", "#214 dom-request step 32.1", "https://b.example/", RequestInit{Mode: ModeNoCORS, Method: "patch"}, NoCORSMethod},
		{"header name not a token", "#6 #196 headers-validate step 1", "https://b.example/", RequestInit{Headers: [][2]string{{"X A", "1"}}}, InvalidHeaderName},
		{"empty header name", "#6 #196", "https://b.example/", RequestInit{Headers: [][2]string{{"", "1"}}}, InvalidHeaderName},
		{"header value with LF", "#6 #196 headers-validate step 1", "https://b.example/", RequestInit{Headers: [][2]string{{"X-A", "a\nb"}}}, InvalidHeaderValue},
		{"header value with NUL", "#6 #196", "https://b.example/", RequestInit{Headers: [][2]string{{"X-A", "a\x00b"}}}, InvalidHeaderValue},
		{"header value above U+00FF", "#196 ByteString conversion", "https://b.example/", RequestInit{Headers: [][2]string{{"X-A", "\u2603"}}}, InvalidHeaderValue},
		{"header value above U+00FF, invalid name", "#196 Web IDL converts both arguments before append validates them",
			"https://b.example/", RequestInit{Headers: [][2]string{{"X A", "\u2603"}}}, InvalidHeaderValue},
		{"invalid header in no-cors", "#196 headers-validate step 1 throws under every guard", "https://b.example/",
			RequestInit{Mode: ModeNoCORS, Headers: [][2]string{{"X A", "1"}}}, InvalidHeaderName},
		{"invalid forbidden header", "#196 headers-validate: validity before the guard", "https://b.example/",
			RequestInit{Headers: [][2]string{{"Cookie", "a\rb"}}}, InvalidHeaderValue},
		{"GET with a body", "#216 dom-request step 35", "https://b.example/", RequestInit{Body: BodyText}, BodyWithGetOrHead},
		{"HEAD with a body", "#216 dom-request step 35", "https://b.example/", RequestInit{Method: "HEAD", Body: BodyBlob}, BodyWithGetOrHead},
		{"stream without duplex", "#217 dom-request step 39.1", "https://b.example/", RequestInit{Method: "POST", Body: BodyStream}, StreamWithoutDuplex},
		{"stream in no-cors", "#217 dom-request step 39.2", "https://b.example/", RequestInit{Method: "POST", Body: BodyStream, Duplex: "half", Mode: ModeNoCORS}, StreamNoCORS},
		{"stream in no-cors without duplex", "#217: step 39.1 before 39.2", "https://b.example/", RequestInit{Method: "POST", Body: BodyStream, Mode: ModeNoCORS}, StreamWithoutDuplex},
		{"keepalive stream", "#206 concept-bodyinit-extract: keepalive and a stream", "https://b.example/", RequestInit{Method: "POST", Body: BodyStream, Duplex: "half", Keepalive: true}, KeepaliveStream},
		{"keepalive stream without duplex", "#206 #217: extraction (step 37) before step 39", "https://b.example/", RequestInit{Method: "POST", Body: BodyStream, Keepalive: true}, KeepaliveStream},
		{"IDL conversion before the URL", "Web IDL: RequestInit is converted before step 5", "https://u:p@b.example/",
			RequestInit{Headers: [][2]string{{"X-A", "\u2603"}}}, InvalidHeaderValue},
		{"IDL conversion in member order", "Web IDL: headers before method before mode", "https://b.example/",
			RequestInit{Mode: "bogus", Method: "G\u0100T", Headers: [][2]string{{"X-\u0100", "1"}}}, InvalidHeaderName},
		{"enum before the URL", "Web IDL: RequestInit is converted before step 5", "https://", RequestInit{Redirect: "never"}, InvalidEnumValue},
		{"unknown mode", "Web IDL enumeration RequestMode", "https://b.example/", RequestInit{Mode: "websocket"}, InvalidEnumValue},
		{"unknown credentials", "Web IDL enumeration RequestCredentials", "https://b.example/", RequestInit{Credentials: "Include"}, InvalidEnumValue},
		{"unknown redirect", "Web IDL enumeration RequestRedirect", "https://b.example/", RequestInit{Redirect: "none"}, InvalidEnumValue},
		{"unknown duplex", "Web IDL enumeration RequestDuplex", "https://b.example/", RequestInit{Method: "POST", Body: BodyText, Duplex: "full"}, InvalidEnumValue},
		{"unknown body kind", "BodyInit: corsim's body kinds", "https://b.example/", RequestInit{Method: "POST", Body: "json"}, InvalidEnumValue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, serr := NewRequest(topPage(t, pageA), &Spec, tc.url, tc.init)
			if serr == nil {
				t.Fatalf("%s: NewRequest = %+v, want a TypeError %s", tc.spec, viewRequest(req), tc.want)
			}
			got := struct {
				Reason Reason
				Name   string
				API    API
			}{serr.Reason, serr.Name, serr.API}
			want := got
			want.Reason, want.Name, want.API = tc.want, "TypeError", APIFetch
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: exception mismatch (-want +got):\n%s", tc.spec, diff)
			}
			if serr.Msg == "" || !strings.Contains(serr.Error(), string(tc.want)) {
				t.Errorf("%s: Error() = %q, which does not say what was wrong", tc.spec, serr.Error())
			}
		})
	}
	t.Run("no client", func(t *testing.T) {
		if _, serr := NewRequest(nil, &Spec, "https://b.example/", RequestInit{}); serr == nil {
			t.Errorf("NewRequest(nil client) did not fail")
		}
	})
}

// TestNewRequestStreamUploads checks the StreamUploads knob against the spec.
func TestNewRequestStreamUploads(t *testing.T) {
	stream := RequestInit{Method: "POST", Body: BodyStream, Duplex: "half"}
	t.Run("as text", func(t *testing.T) {
		p := Spec
		p.Request.StreamUploads = StreamUploadsAsText
		req, serr := NewRequest(topPage(t, pageA), &p, "https://b.example/", stream)
		if serr != nil {
			t.Fatal(serr)
		}
		want := cors("POST", "Content-Type: text/plain;charset=UTF-8")
		want.Body = "[object ReadableStream]"
		if diff := cmp.Diff(want, viewRequest(req)); diff != "" {
			t.Errorf("Deviation(Firefox) mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("rejected", func(t *testing.T) {
		p := Spec
		p.Request.StreamUploads = StreamUploadsRejected
		_, serr := NewRequest(topPage(t, pageA), &p, "https://b.example/", stream)
		if serr == nil || serr.Reason != NotSupported || serr.Name != "NotSupportedError" {
			t.Errorf("Deviation(WebKit): got %v, want a NotSupportedError", serr)
		}
	})
}

// TestAppendHeader checks the Headers object's append under the request and
// request-no-cors guards (#196, #197, #32), on header lists built by hand.
func TestAppendHeader(t *testing.T) {
	tests := []struct {
		spec        string
		g           guard
		before      []string // name, value pairs already in the list
		name, value string
		want        []string
	}{
		{"#196 request guard, allowed", guardRequest, nil, "X-A", "1", []string{"X-A: 1"}},
		{"#196 #35 request guard, forbidden", guardRequest, nil, "Host", "x", []string{}},
		{"#3 append adds an entry with the first entry's casing", guardRequest, []string{"X-A", "1"}, "x-a", "2", []string{"X-A: 1", "X-A: 2"}},
		{"#197 no-cors, safelisted", guardRequestNoCORS, nil, "Content-Type", "text/plain;charset=UTF-8", []string{"Content-Type: text/plain;charset=UTF-8"}},
		{"#197 no-cors, not safelisted", guardRequestNoCORS, nil, "X-A", "1", []string{}},
		{"#197 no-cors, combined value unsafe", guardRequestNoCORS, []string{"Content-Type", "text/plain"}, "content-type", "text/html", []string{"Content-Type: text/plain"}},
		{"#32 #197 step 5: a privileged Range goes when script appends", guardRequestNoCORS, []string{"Range", "bytes=0-"}, "Accept", "*/*", []string{"Accept: */*"}},
		{"#32: an ignored append removes nothing", guardRequestNoCORS, []string{"Range", "bytes=0-"}, "X-A", "1", []string{"Range: bytes=0-"}},
		{"#33 no-cors, Range is not no-CORS-safelisted", guardRequestNoCORS, nil, "Range", "bytes=0-", []string{}},
	}
	for _, tc := range tests {
		var l safelist.HeaderList
		for i := 0; i+1 < len(tc.before); i += 2 {
			l.Append(tc.before[i], tc.before[i+1])
		}
		if err := appendHeader(&l, &Spec.Request, tc.g, tc.name, tc.value); err != nil {
			t.Errorf("%s: appendHeader(%q, %q): %v", tc.spec, tc.name, tc.value, err)
			continue
		}
		if diff := cmp.Diff(tc.want, headerLines(l)); diff != "" {
			t.Errorf("%s concept-headers-append: mismatch (-want +got):\n%s", tc.spec, diff)
		}
	}
}

// TestByteString checks Web IDL's ByteString conversion of a JavaScript
// string held as UTF-8.
func TestByteString(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"", "", true},
		{"abc", "abc", true},
		{"caf\u00e9", "caf\xe9", true},
		{"\u0080\u00ff", "\x80\xff", true},
		{"\u0100", "", false},
		{"a\u2603", "", false},
		{"\U0001F600", "", false},
		{"\xff", "", false}, // not UTF-8: no JavaScript string is held so
	}
	for _, tc := range tests {
		got, ok := byteString(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("byteString(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// FuzzByteString checks byteString against a second formulation: a string
// of code points each at most U+00FF, one byte per code point.
func FuzzByteString(f *testing.F) {
	for _, s := range []string{"", "abc", "caf\u00e9", "\u0100", "\xff", "a\u2603b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := byteString(s)
		var want []byte
		wantOK := utf8.ValidString(s)
		for _, r := range s {
			if r > 0xFF {
				wantOK = false
				break
			}
			want = append(want, byte(r))
		}
		if ok != wantOK || ok && got != string(want) {
			t.Fatalf("byteString(%q) = %q, %v; want %q, %v", s, got, ok, want, wantOK)
		}
	})
}

// FuzzHeaderGuard adds one fuzzed header to a same-origin fetch() and checks
// that a forbidden request-header never reaches the wire (#35, #196): every
// wire header is either one the user agent adds anyway (it is on the wire of
// the same fetch without the script's header, or answers a Range header) or
// the script's header, which must then be valid, not forbidden, and in
// no-cors mode no-CORS-safelisted.
func FuzzHeaderGuard(f *testing.F) {
	for _, s := range [][3]string{
		{"X-A", "1", "cors"}, {"Cookie", "a=b", "cors"}, {"Origin", "https://evil.example", "cors"},
		{"Sec-Fetch-Site", "none", "cors"}, {"X-HTTP-Method-Override", "TRACE", "cors"}, {"Accept", "text/html", "no-cors"},
		{"Content-Type", "application/json", "no-cors"}, {"Range", "bytes=0-", "no-cors"}, {"Host", "evil.example", "cors"},
		{"proxy-authorization", "x", "cors"}, {"User-Agent", "bot", "cors"}, {"Accept-Encoding", "br", "cors"},
	} {
		f.Add(s[0], s[1], s[2] == "no-cors")
	}
	wireOf := func(t *testing.T, init RequestInit) (safelist.HeaderList, bool) {
		n := newNet(routes{"GET https://a.example/x": reply(200)})
		ag, _ := newTestAgent(t, &Spec, n)
		req, serr := NewRequest(topPage(t, pageA), ag.Profile, "https://a.example/x", init)
		if serr != nil {
			return nil, false
		}
		if res := ag.Fetch(context.Background(), req); res.Err != nil {
			t.Fatalf("fetch: %v", res.Err)
		}
		return n.requests()[0].Header, true
	}
	f.Fuzz(func(t *testing.T, name, value string, noCORS bool) {
		init := RequestInit{}
		if noCORS {
			init.Mode = ModeNoCORS
		}
		base, _ := wireOf(t, init)
		init.Headers = [][2]string{{name, value}}
		got, ok := wireOf(t, init)
		if !ok {
			return // a TypeError: nothing is sent (#219)
		}
		n, _ := byteString(name)
		v, _ := byteString(value)
		v = safelist.NormalizeHeaderValue(v)
		for _, h := range got {
			if containsHeader(base, h) {
				continue
			}
			if h == (safelist.Header{Name: "Accept-Encoding", Value: "identity"}) && got.Contains("Range") {
				continue // #147: the user agent's answer to a Range header
			}
			if !equalFoldASCII(h.Name, n) || h.Value != v {
				t.Fatalf("header %q: %q on the wire comes from neither the user agent nor the script", name, h)
			}
			if safelist.ForbiddenRequestHeader(n, v) {
				t.Fatalf("forbidden header %q: %q reached the wire", n, v)
			}
			if noCORS && !safelist.NoCORSSafelistedRequestHeader(n, v) {
				t.Fatalf("no-cors: %q: %q reached the wire", n, v)
			}
		}
	})
}

func containsHeader(l safelist.HeaderList, h safelist.Header) bool {
	for _, x := range l {
		if x == h {
			return true
		}
	}
	return false
}

// TestScriptURLBase checks that fetch() and XMLHttpRequest's open() parse
// their URL with the page's base URL, which corsim takes to be the root of
// the page's origin: dom-request step 5.1 and [XHR] open() step 5 parse
// with the API base URL, and the URL parser resolves against it (URL
// Standard, basic URL parser: "https:r" with a base of the same special
// scheme is relative, "//host" keeps the scheme). A page of an opaque origin
// has no base corsim knows: a relative URL fails as unparsable (#207), an
// absolute one works.
func TestScriptURLBase(t *testing.T) {
	const page = "https://a.example:8443"
	tests := []struct {
		name    string
		page    string // "null" for an opaque origin
		url     string
		want    string // "" when parsing fails with InvalidURL
		wantErr string // the exception XHR throws then (fetch: TypeError)
	}{
		{name: "path-absolute", page: page, url: "/api/items?x=1#f", want: "https://a.example:8443/api/items?x=1#f"},
		{name: "path-relative", page: page, url: "items", want: "https://a.example:8443/items"},
		{name: "dot segments", page: page, url: "../a/./b", want: "https://a.example:8443/a/b"},
		{name: "query only", page: page, url: "?q", want: "https://a.example:8443/?q"},
		{name: "scheme-relative", page: page, url: "//b.example/r", want: "https://b.example/r"},
		{name: "same special scheme without slashes", page: page, url: "https:r", want: "https://a.example:8443/r"},
		{name: "another scheme without slashes", page: page, url: "http:r", want: "http://r/"},
		{name: "absolute", page: page, url: "https://b.example/r", want: "https://b.example/r"},
		{name: "empty: the base itself", page: page, url: "", want: "https://a.example:8443/"},
		{name: "still unparsable", page: page, url: "https://b.example:99999/", wantErr: "SyntaxError"},
		{name: "opaque origin, relative", page: "null", url: "/api", wantErr: "SyntaxError"},
		{name: "opaque origin, absolute", page: "null", url: "https://b.example/r", want: "https://b.example/r"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			client := topPage(t, tc.page)
			req, serr := NewRequest(client, &Spec, tc.url, RequestInit{})
			x := NewXHR(client)
			xerr := x.Open("GET", tc.url)
			if tc.want == "" {
				if serr == nil || serr.Reason != InvalidURL || serr.Name != "TypeError" {
					t.Errorf("fetch(%q) from %s: %v, want a TypeError (InvalidURL)", tc.url, tc.page, serr)
				}
				if xerr == nil || xerr.Reason != InvalidURL || xerr.Name != tc.wantErr {
					t.Errorf("open(GET, %q) from %s: %v, want a %s (InvalidURL)", tc.url, tc.page, xerr, tc.wantErr)
				}
				return
			}
			if serr != nil {
				t.Fatalf("fetch(%q) from %s: %v", tc.url, tc.page, serr)
			}
			if got := req.CurrentURL().String(); got != tc.want {
				t.Errorf("fetch(%q) from %s: URL %s, want %s", tc.url, tc.page, got, tc.want)
			}
			if xerr != nil {
				t.Fatalf("open(GET, %q) from %s: %v", tc.url, tc.page, xerr)
			}
			xreq, xerr := x.Request(NoBody)
			if xerr != nil {
				t.Fatal(xerr)
			}
			if got := xreq.CurrentURL().String(); got != tc.want {
				t.Errorf("open(GET, %q) from %s: URL %s, want %s", tc.url, tc.page, got, tc.want)
			}
		})
	}
}

// TestBodyBytes checks that the content script gives a body reaches the
// wire as it is, with its length (#26 http-network-or-cache-fetch steps
// 8.5-8.9: Content-Length is the body's length), and is sent again on a 307
// (#135 concept-http-redirect-fetch step 14: a body with a source is
// re-extracted); that without content the placeholder is sent; and that
// content for a body kind that cannot carry it is refused (corsim's own
// input error).
func TestBodyBytes(t *testing.T) {
	const a = "https://a.example/up"
	tests := []struct {
		name     string
		kind     BodyKind
		content  []byte
		wantBody string
		wantType string // Content-Type on the wire
	}{
		{"text", BodyText, []byte("h\u00e9llo"), "h\u00e9llo", "text/plain;charset=UTF-8"},
		{"empty text", BodyText, []byte{}, "", "text/plain;charset=UTF-8"},
		{"blob", BodyBlob, []byte{0, 1, 0xff}, "\x00\x01\xff", noHeader},
		{"urlsearchparams", BodyURLSearchParams, []byte("a=1&b=2"), "a=1&b=2", "application/x-www-form-urlencoded;charset=UTF-8"},
		{"text placeholder", BodyText, nil, "corsim", "text/plain;charset=UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			check := func(api string, req *Request) {
				n := newNet(routes{"POST " + a: reply(307, "Location", "/up2"), "POST https://a.example/up2": reply(200)})
				ag, _ := newTestAgent(t, &Spec, n)
				if res := ag.Fetch(context.Background(), req); res.Err != nil {
					t.Fatalf("%s: %v", api, res.Err)
				}
				sent := n.requests()
				if len(sent) != 2 {
					t.Fatalf("%s: %d requests sent, want 2", api, len(sent))
				}
				for _, r := range sent {
					ct, ok := r.Header.Get("Content-Type")
					if !ok {
						ct = noHeader
					}
					cl, _ := r.Header.Get("Content-Length")
					got := [3]string{string(r.Body), ct, cl}
					want := [3]string{tc.wantBody, tc.wantType, strconv.Itoa(len(tc.wantBody))}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("%s: %s %s: body, Content-Type, Content-Length mismatch (-want +got):\n%s", api, r.Method, r.URL, diff)
					}
				}
			}
			req, serr := NewRequest(topPage(t, pageA), &Spec, a, RequestInit{Method: "POST", Body: tc.kind, BodyBytes: tc.content})
			if serr != nil {
				t.Fatal(serr)
			}
			check("fetch", req)
			x := NewXHR(topPage(t, pageA))
			x.BodyBytes = tc.content
			if err := x.Open("POST", a); err != nil {
				t.Fatal(err)
			}
			xreq, xerr := x.Request(tc.kind)
			if xerr != nil {
				t.Fatal(xerr)
			}
			check("xhr", xreq)
		})
	}
	for _, kind := range []BodyKind{NoBody, BodyFormData, BodyStream} {
		_, serr := NewRequest(topPage(t, pageA), &Spec, a, RequestInit{Method: "POST", Body: kind, BodyBytes: []byte("x"), Duplex: "half"})
		if serr == nil || serr.Reason != InvalidEnumValue || serr.Member != "body" {
			t.Errorf("fetch with BodyBytes and body kind %q: %v, want InvalidEnumValue about the body", kind, serr)
		}
		x := NewXHR(topPage(t, pageA))
		x.BodyBytes = []byte("x")
		if err := x.Open("POST", a); err != nil {
			t.Fatal(err)
		}
		if _, xerr := x.Request(kind); xerr == nil || xerr.Reason != InvalidEnumValue || xerr.Member != "body" {
			t.Errorf("XHR send with BodyBytes and body kind %q: %v, want InvalidEnumValue about the body", kind, xerr)
		}
	}
}
