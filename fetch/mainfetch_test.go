package fetch

import (
	"context"
	"testing"
	"time"

	"github.com/corsim/corsim/safelist"
	"github.com/google/go-cmp/cmp"
)

// Page A is https://a.example, B https://b.example, C https://c.example,
// as in SPEC-CHECKLIST.md. An expected network error's Step is the step of
// the algorithm (Anchor) that returns the failure.

// mainFetchTests drive main fetch's choice of branch (step 12), its early
// blocks (step 7) and its final filtering (steps 14-22).
var mainFetchTests = []fetchCase{
	{
		name: "same origin is basic and never preflighted",
		spec: "#94 #95 concept-main-fetch: same origin + basic tainting → scheme fetch, even for PUT with a custom header",
		url:  "https://a.example/api",
		init: RequestInit{Method: "PUT", Headers: [][2]string{{"X-A", "1"}}, Body: BodyText},
		routes: routes{
			"PUT https://a.example/api": reply(200, "X-A", "1", "Set-Cookie", "s=1"),
		},
		wantSent: []wantWire{
			// #73: a PUT carries Origin even when not CORS-tainted.
			wire("PUT", "https://a.example/api", "Origin", "https://a.example", "X-A", "1", "Content-Type", "text/plain;charset=UTF-8"),
		},
		// #61: a basic filtered response shows all but Set-Cookie.
		want: &wantView{Type: TypeBasic, Status: 200, URL: "https://a.example/api", Headers: []string{"x-a"}},
	},
	{
		name: "same origin stream body",
		spec: "#95 concept-main-fetch: the use-CORS-preflight flag does not preflight a same-origin request",
		url:  "https://a.example/up",
		init: RequestInit{Method: "POST", Body: BodyStream, Duplex: "half"},
		routes: routes{
			"POST https://a.example/up": reply(200),
		},
		wantSent: []wantWire{wire("POST", "https://a.example/up", "Origin", "https://a.example")},
		want:     &wantView{Type: TypeBasic, Status: 200, URL: "https://a.example/up"},
	},
	{
		name:     "data URL in cors mode",
		spec:     "#94 #112 #105 concept-main-fetch: a data: URL is basic in any mode; its URL list comes from the request",
		url:      "data:text/plain,hi",
		wantSent: nil,
		want:     &wantView{Type: TypeBasic, Status: 200, URL: "data:text/plain,hi", Headers: []string{"content-type"}},
	},
	{
		name: "data URL in same-origin mode",
		spec: "#94 concept-main-fetch: the data: branch comes before the same-origin-mode check",
		url:  "data:,x",
		init: RequestInit{Mode: ModeSameOrigin},
		want: &wantView{Type: TypeBasic, Status: 200, URL: "data:,x"},
	},
	{
		name: "data URL in no-cors mode",
		spec: "#94 concept-main-fetch: the data: branch comes before the no-cors branch, so the response is basic, not opaque",
		url:  "data:,x",
		init: RequestInit{Mode: ModeNoCORS},
		want: &wantView{Type: TypeBasic, Status: 200, URL: "data:,x"},
	},
	{
		name:    "same-origin mode, cross-origin URL",
		spec:    "#96 concept-main-fetch step 12: mode same-origin and a cross-origin URL → network error, nothing sent",
		url:     "https://b.example/",
		init:    RequestInit{Mode: ModeSameOrigin},
		wantErr: &wantErr{SameOriginModeCrossOrigin, "concept-main-fetch", "12"},
	},
	{
		name: "same-origin mode, same-origin URL",
		spec: "#94 #96 concept-main-fetch: mode same-origin is fine for a same-origin URL",
		url:  "https://a.example/x",
		init: RequestInit{Mode: ModeSameOrigin},
		routes: routes{
			"GET https://a.example/x": reply(200),
		},
		wantSent: []wantWire{wire("GET", "https://a.example/x")},
		want:     &wantView{Type: TypeBasic, Status: 200, URL: "https://a.example/x"},
	},
	{
		name:    "no-cors with redirect manual",
		spec:    "#97 concept-main-fetch step 12: no-cors needs redirect mode follow; nothing is sent",
		url:     "https://b.example/",
		init:    RequestInit{Mode: ModeNoCORS, Redirect: RedirectManual},
		wantErr: &wantErr{NoCORSRedirectMode, "concept-main-fetch", "12"},
	},
	{
		name:    "no-cors with redirect error",
		spec:    "#97 concept-main-fetch step 12: no-cors needs redirect mode follow; nothing is sent",
		url:     "https://b.example/",
		init:    RequestInit{Mode: ModeNoCORS, Redirect: RedirectError},
		wantErr: &wantErr{NoCORSRedirectMode, "concept-main-fetch", "12"},
	},
	{
		name: "no-cors POST is opaque and not preflighted",
		spec: "#97 #63 #73 concept-main-fetch: no-cors → opaque tainting, no preflight; a POST carries Origin",
		url:  "https://b.example/form",
		init: RequestInit{Mode: ModeNoCORS, Method: "POST", Body: BodyText},
		routes: routes{
			"POST https://b.example/form": reply(200, "X-A", "1", "Content-Type", "text/html"),
		},
		wantSent: []wantWire{
			wire("POST", "https://b.example/form", "Origin", "https://a.example", "Content-Type", "text/plain;charset=UTF-8"),
		},
		want: &wantView{Type: TypeOpaque, Status: 0, URL: "", Headers: []string{}},
	},
	{
		name: "no-cors GET carries no Origin",
		spec: "#73 append-a-request-origin-header: not cors-tainted and GET → no Origin",
		url:  "https://b.example/img",
		init: RequestInit{Mode: ModeNoCORS},
		routes: routes{
			"GET https://b.example/img": reply(200),
		},
		wantSent: []wantWire{wire("GET", "https://b.example/img")},
		want:     &wantView{Type: TypeOpaque, Status: 0, URL: "", Headers: []string{}},
	},
	{
		name:    "cors mode, about:blank",
		spec:    "#98 #110 concept-main-fetch step 12: cors mode and a non-HTTP(S) scheme → network error",
		url:     "about:blank",
		wantErr: &wantErr{CORSRequestNotHttp, "concept-main-fetch", "12"},
	},
	{
		name:    "cors mode, blob URL of another origin",
		spec:    "#98 concept-main-fetch step 12",
		url:     "blob:https://b.example/6f3b0a4e-3c1e-4b8e-9a51-0d1c2b3a4f5e",
		wantErr: &wantErr{CORSRequestNotHttp, "concept-main-fetch", "12"},
	},
	{
		name:    "cors mode, file URL",
		spec:    "#98 concept-main-fetch step 12",
		url:     "file:///etc/hosts",
		wantErr: &wantErr{CORSRequestNotHttp, "concept-main-fetch", "12"},
	},
	{
		name: "no-cors about:blank",
		spec: "#110 concept-scheme-fetch: about:blank is answered locally; no-cors makes it opaque",
		url:  "about:blank",
		init: RequestInit{Mode: ModeNoCORS},
		want: &wantView{Type: TypeOpaque, Status: 0, URL: "", Headers: []string{}},
	},
	{
		name:    "no-cors about:config",
		spec:    "#110 concept-scheme-fetch step 3, whose about arm tests for about:blank (step 4 then returns the network error)",
		url:     "about:config",
		init:    RequestInit{Mode: ModeNoCORS},
		wantErr: &wantErr{UnsupportedScheme, "concept-scheme-fetch", "3"},
	},
	{
		name:    "no-cors blob URL",
		spec:    "#111 concept-scheme-fetch: a blob URL with no entry (corsim keeps none) is a network error",
		url:     "blob:https://a.example/6f3b0a4e-3c1e-4b8e-9a51-0d1c2b3a4f5e",
		init:    RequestInit{Mode: ModeNoCORS},
		wantErr: &wantErr{UnsupportedScheme, "concept-scheme-fetch", "3.2"},
	},
	{
		name:    "no-cors file URL",
		spec:    "#113 concept-scheme-fetch step 3, file arm: left to the user agent; when in doubt, a network error",
		url:     "file:///etc/hosts",
		init:    RequestInit{Mode: ModeNoCORS},
		wantErr: &wantErr{UnsupportedScheme, "concept-scheme-fetch", "3"},
	},
	{
		name: "PUT is preflighted",
		spec: "#99 concept-main-fetch: a non-safelisted method takes the preflight branch",
		url:  "https://b.example/r",
		init: RequestInit{Method: "PUT"},
		routes: routes{
			"OPTIONS https://b.example/r": reply(204, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "PUT"),
			"PUT https://b.example/r":     reply(200, "Access-Control-Allow-Origin", "*"),
		},
		wantSent: []wantWire{
			wire("OPTIONS", "https://b.example/r", "Origin", "https://a.example", "Access-Control-Request-Method", "PUT"),
			wire("PUT", "https://b.example/r", "Origin", "https://a.example"),
		},
		want: &wantView{Type: TypeCORS, Status: 200, URL: "https://b.example/r"},
	},
	{
		name: "stream body is preflighted cross-origin",
		spec: "#48 #99 #217 concept-main-fetch: the use-CORS-preflight flag alone takes the preflight branch",
		url:  "https://b.example/up",
		init: RequestInit{Method: "POST", Body: BodyStream, Duplex: "half"},
		routes: routes{
			"OPTIONS https://b.example/up": reply(204, "Access-Control-Allow-Origin", "*"),
			"POST https://b.example/up":    reply(200, "Access-Control-Allow-Origin", "*"),
		},
		wantSent: []wantWire{
			wire("OPTIONS", "https://b.example/up", "Origin", "https://a.example", "Access-Control-Request-Method", "POST"),
			wire("POST", "https://b.example/up", "Origin", "https://a.example", "Content-Length", noHeader),
		},
		want: &wantView{Type: TypeCORS, Status: 200, URL: "https://b.example/up"},
	},
	{
		name: "no unsafe-request flag, no preflight",
		spec: "#49 unsafe-request-flag: without it, methods and headers never preflight (not reachable from script)",
		url:  "https://b.example/r",
		init: RequestInit{Method: "PUT", Headers: [][2]string{{"X-A", "1"}}},
		prepare: func(r *Request) {
			r.UnsafeRequest = false
		},
		routes: routes{
			"PUT https://b.example/r": reply(200, "Access-Control-Allow-Origin", "*"),
		},
		wantSent: []wantWire{wire("PUT", "https://b.example/r", "Origin", "https://a.example", "X-A", "1")},
		want:     &wantView{Type: TypeCORS, Status: 200, URL: "https://b.example/r"},
	},
	{
		name: "simple GET is not preflighted",
		spec: "#101 concept-main-fetch: the otherwise branch: cors tainting, no preflight",
		url:  "https://b.example/data",
		routes: routes{
			"GET https://b.example/data": reply(200, "Access-Control-Allow-Origin", "*"),
		},
		wantSent: []wantWire{wire("GET", "https://b.example/data", "Origin", "https://a.example")},
		want:     &wantView{Type: TypeCORS, Status: 200, URL: "https://b.example/data"},
	},
	{
		name: "simple POST text/plain is not preflighted",
		spec: "#101 concept-main-fetch: POST with a safelisted Content-Type → no preflight",
		url:  "https://b.example/data",
		init: RequestInit{Method: "POST", Body: BodyText},
		routes: routes{
			"POST https://b.example/data": reply(201, "Access-Control-Allow-Origin", "*"),
		},
		wantSent: []wantWire{
			wire("POST", "https://b.example/data", "Origin", "https://a.example", "Content-Type", "text/plain;charset=UTF-8"),
		},
		want: &wantView{Type: TypeCORS, Status: 201, URL: "https://b.example/data"},
	},
	{
		name: "cors chain back to the page's origin stays cors",
		spec: "#50 #75 #139 concept-main-fetch: tainting never returns to basic; the hop to A carries Origin: null",
		url:  "https://b.example/1",
		routes: routes{
			"GET https://b.example/1": reply(302, "Access-Control-Allow-Origin", "*", "Location", "https://a.example/2"),
			"GET https://a.example/2": reply(200, "Access-Control-Allow-Origin", "*", "X-A", "1"),
		},
		wantSent: []wantWire{
			wire("GET", "https://b.example/1", "Origin", "https://a.example"),
			wire("GET", "https://a.example/2", "Origin", "null"),
		},
		want: &wantView{Type: TypeCORS, Status: 200, URL: "https://a.example/2", Redirected: true, Headers: []string{}},
	},
	{
		name: "cors chain back to the page's origin needs CORS headers there",
		spec: "#139 concept-main-fetch: the page's own server must answer the tainted request with ACAO",
		url:  "https://b.example/1",
		routes: routes{
			"GET https://b.example/1": reply(302, "Access-Control-Allow-Origin", "*", "Location", "https://a.example/2"),
			"GET https://a.example/2": reply(200),
		},
		wantSent: []wantWire{
			wire("GET", "https://b.example/1", "Origin", "https://a.example"),
			wire("GET", "https://a.example/2", "Origin", "null"),
		},
		wantErr: &wantErr{CORSMissingAllowOrigin, "concept-cors-check", "2"},
	},
	{
		name: "cors chain back to the page's origin preflights the page's origin",
		spec: "#139 #77 concept-main-fetch: OPTIONS A/2 with Origin: null",
		url:  "https://b.example/1",
		init: RequestInit{Headers: [][2]string{{"X-A", "1"}}},
		routes: routes{
			"OPTIONS https://b.example/1": reply(204, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Headers", "x-a"),
			"GET https://b.example/1":     reply(307, "Access-Control-Allow-Origin", "*", "Location", "https://a.example/2"),
			"OPTIONS https://a.example/2": reply(204, "Access-Control-Allow-Origin", "null", "Access-Control-Allow-Headers", "x-a"),
			"GET https://a.example/2":     reply(200, "Access-Control-Allow-Origin", "null"),
		},
		wantSent: []wantWire{
			wire("OPTIONS", "https://b.example/1", "Origin", "https://a.example", "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-a", "X-A", noHeader),
			wire("GET", "https://b.example/1", "Origin", "https://a.example", "X-A", "1"),
			wire("OPTIONS", "https://a.example/2", "Origin", "null", "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-a", "X-A", noHeader),
			wire("GET", "https://a.example/2", "Origin", "null", "X-A", "1"),
		},
		want: &wantView{Type: TypeCORS, Status: 200, URL: "https://a.example/2", Redirected: true},
	},
	{
		name: "same origin first, then a redirect to another origin",
		spec: "#102 concept-main-fetch: the branch is chosen again for the new URL; the preflight comes after the redirect",
		url:  "https://a.example/1",
		init: RequestInit{Headers: [][2]string{{"X-A", "1"}}},
		routes: routes{
			"GET https://a.example/1":     reply(302, "Location", "https://b.example/1"),
			"OPTIONS https://b.example/1": reply(204, "Access-Control-Allow-Origin", "https://a.example", "Access-Control-Allow-Headers", "X-A"),
			"GET https://b.example/1":     reply(200, "Access-Control-Allow-Origin", "https://a.example"),
		},
		wantSent: []wantWire{
			wire("GET", "https://a.example/1", "X-A", "1"),
			// #54: [A/1, B/1] seen from A is not tainted: Origin is A's.
			wire("OPTIONS", "https://b.example/1", "Origin", "https://a.example", "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-a"),
			wire("GET", "https://b.example/1", "Origin", "https://a.example", "X-A", "1"),
		},
		want: &wantView{Type: TypeCORS, Status: 200, URL: "https://b.example/1", Redirected: true},
	},
	{
		name: "no-cors redirect back to the page's origin stays opaque",
		spec: "#104 concept-main-fetch: the final filter follows the final tainting, opaque",
		url:  "https://b.example/1",
		init: RequestInit{Mode: ModeNoCORS},
		routes: routes{
			"GET https://b.example/1": reply(302, "Location", "https://a.example/2"),
			"GET https://a.example/2": reply(200, "X-A", "1"),
		},
		wantSent: []wantWire{wire("GET", "https://b.example/1"), wire("GET", "https://a.example/2")},
		want:     &wantView{Type: TypeOpaque, Status: 0, URL: "", Headers: []string{}},
	},
	{
		name:   "opaque-origin page fetching its own server",
		spec:   "#53 #188 concept-request-origin: an opaque origin is same origin with no URL; Origin: null; ACAO null passes",
		client: func(t testing.TB) *Client { return topPage(t, "null") },
		url:    "https://a.example/x",
		routes: routes{
			"GET https://a.example/x": reply(200, "Access-Control-Allow-Origin", "null"),
		},
		wantSent: []wantWire{wire("GET", "https://a.example/x", "Origin", "null")},
		want:     &wantView{Type: TypeCORS, Status: 200, URL: "https://a.example/x"},
	},
	{
		name:   "opaque-origin page, ACAO of the host's origin",
		spec:   "#53 #185 concept-cors-check step 4: `null` is what must be echoed",
		client: func(t testing.TB) *Client { return topPage(t, "null") },
		url:    "https://a.example/x",
		routes: routes{
			"GET https://a.example/x": reply(200, "Access-Control-Allow-Origin", "https://a.example"),
		},
		wantSent: []wantWire{wire("GET", "https://a.example/x", "Origin", "null")},
		wantErr:  &wantErr{CORSAllowOriginNotMatchingOrigin, "concept-cors-check", "4"},
	},
	{
		name: "the request's origin is the client's",
		spec: "#91 #55 populate-request-from-client: a non-default port is part of the serialized origin",
		page: "http://a.example:8080",
		url:  "http://b.example/x",
		routes: routes{
			"GET http://b.example/x": reply(200, "Access-Control-Allow-Origin", "http://a.example:8080"),
		},
		wantSent: []wantWire{wire("GET", "http://b.example/x", "Origin", "http://a.example:8080")},
		want:     &wantView{Type: TypeCORS, Status: 200, URL: "http://b.example/x"},
	},
	{
		name:    "bad port",
		spec:    "#92 block-bad-port, concept-main-fetch step 7: nothing sent",
		url:     "https://b.example:25/",
		wantErr: &wantErr{BadPort, "concept-main-fetch", "7"},
	},
	{
		name:    "bad port, same origin",
		spec:    "#92 concept-main-fetch step 7 runs before the branches",
		page:    "http://a.example:6000",
		url:     "http://a.example:6000/x",
		wantErr: &wantErr{BadPort, "concept-main-fetch", "7"},
	},
	{
		name: "port 8443 is not bad",
		spec: "#92 bad-port: only the listed ports",
		url:  "https://b.example:8443/",
		routes: routes{
			"GET https://b.example:8443/": reply(200, "Access-Control-Allow-Origin", "*"),
		},
		wantSent: []wantWire{wire("GET", "https://b.example:8443/", "Origin", "https://a.example")},
		want:     &wantView{Type: TypeCORS, Status: 200, URL: "https://b.example:8443/"},
	},
	{
		name:    "mixed content",
		spec:    "#92 concept-main-fetch step 7: a secure page's request to an http URL is blocked",
		url:     "http://b.example/x",
		wantErr: &wantErr{MixedContent, "concept-main-fetch", "7"},
	},
	{
		name:    "mixed content, no-cors",
		spec:    "#92 concept-main-fetch step 7: fetch() is blockable mixed content in every mode",
		url:     "http://b.example/x",
		init:    RequestInit{Mode: ModeNoCORS},
		wantErr: &wantErr{MixedContent, "concept-main-fetch", "7"},
	},
	{
		name:    "mixed content, a domain that only starts like a loopback address",
		spec:    "#92 concept-main-fetch step 7: 127.0.0.1.example is a domain, not a loopback address",
		url:     "http://127.0.0.1.example/x",
		wantErr: &wantErr{MixedContent, "concept-main-fetch", "7"},
	},
	{
		name: "http localhost is not mixed content",
		spec: "#92 concept-main-fetch step 7: localhost URLs are potentially trustworthy",
		url:  "http://localhost:8080/x",
		routes: routes{
			"GET http://localhost:8080/x": reply(200, "Access-Control-Allow-Origin", "*"),
		},
		wantSent: []wantWire{wire("GET", "http://localhost:8080/x", "Origin", "https://a.example")},
		want:     &wantView{Type: TypeCORS, Status: 200, URL: "http://localhost:8080/x"},
	},
	{
		name: "http loopback address is not mixed content",
		spec: "#92 concept-main-fetch step 7: 127.0.0.0/8 is potentially trustworthy",
		url:  "http://127.0.0.1/x",
		routes: routes{
			"GET http://127.0.0.1/x": reply(200, "Access-Control-Allow-Origin", "*"),
		},
		wantSent: []wantWire{wire("GET", "http://127.0.0.1/x", "Origin", "https://a.example")},
		want:     &wantView{Type: TypeCORS, Status: 200, URL: "http://127.0.0.1/x"},
	},
	{
		name: "http page fetching http is not mixed content",
		spec: "#92 concept-main-fetch step 7: only secure pages block mixed content",
		page: "http://a.example",
		url:  "http://b.example/x",
		routes: routes{
			"GET http://b.example/x": reply(200, "Access-Control-Allow-Origin", "*"),
		},
		wantSent: []wantWire{wire("GET", "http://b.example/x", "Origin", "http://a.example")},
		want:     &wantView{Type: TypeCORS, Status: 200, URL: "http://b.example/x"},
	},
	{
		name: "mixed content after a redirect",
		spec: "#92 #137 concept-main-fetch step 7 runs again for the redirect's URL",
		url:  "https://b.example/1",
		routes: routes{
			"GET https://b.example/1": reply(302, "Access-Control-Allow-Origin", "*", "Location", "http://b.example/2"),
		},
		wantSent: []wantWire{wire("GET", "https://b.example/1", "Origin", "https://a.example")},
		wantErr:  &wantErr{MixedContent, "concept-main-fetch", "7"},
	},
	{
		name: "Accept is added when script set none",
		spec: "#89 concept-fetch step 12: `*/*` for the empty destination",
		url:  "https://b.example/x",
		routes: routes{
			"GET https://b.example/x": reply(200, "Access-Control-Allow-Origin", "*"),
		},
		wantSent: []wantWire{wire("GET", "https://b.example/x", "Origin", "https://a.example", "Accept", "*/*", "Accept-Language", "en-US,en;q=0.9")},
		want:     &wantView{Type: TypeCORS, Status: 200, URL: "https://b.example/x"},
	},
	{
		name: "script's Accept and Accept-Language are kept",
		spec: "#89 #90 concept-fetch steps 12-14: only added when the request has none",
		url:  "https://b.example/x",
		init: RequestInit{Headers: [][2]string{{"Accept", "application/json"}, {"Accept-Language", "de"}}},
		routes: routes{
			"GET https://b.example/x": reply(200, "Access-Control-Allow-Origin", "*"),
		},
		wantSent: []wantWire{wire("GET", "https://b.example/x", "Origin", "https://a.example", "Accept", "application/json", "Accept-Language", "de")},
		want:     &wantView{Type: TypeCORS, Status: 200, URL: "https://b.example/x"},
	},
}

func TestMainFetch(t *testing.T) {
	for _, tc := range mainFetchTests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t) })
	}
}

// exposeTests check main fetch step 14.1: which response headers a CORS
// filtered response shows, given Access-Control-Expose-Headers.
func TestMainFetchExposeHeaders(t *testing.T) {
	tests := []struct {
		name    string
		spec    string
		include bool
		aceh    []string // Access-Control-Expose-Headers lines
		want    []string
	}{
		{"absent", "#65 #41 #68 concept-response-cors-exposed-header-name-list: only the safelisted names",
			false, nil, []string{"content-type"}},
		{"listed", "#62 #103 concept-main-fetch step 14.1.3",
			false, []string{"X-A"}, []string{"content-type", "x-a"}},
		{"listed lowercase, matched case-insensitively", "#62 #41 cors-safelisted-response-header-name",
			false, []string{"x-b, x-a"}, []string{"content-type", "x-a", "x-b"}},
		{"two lines", "#103 #12 extract-header-list-values: every line's items",
			false, []string{"x-a", "x-b"}, []string{"content-type", "x-a", "x-b"}},
		{"wildcard without credentials", "#103 concept-main-fetch step 14.1.2: every header but Set-Cookie",
			false, []string{"*"}, []string{"access-control-allow-origin", "access-control-expose-headers", "content-type", "date", "x-a", "x-b"}},
		{"wildcard with credentials", "#103 #82 concept-main-fetch step 14.1.3: `*` is only a header named `*`",
			true, []string{"*"}, []string{"content-type"}},
		{"wildcard and a name with credentials", "#103 concept-main-fetch step 14.1.3",
			true, []string{"X-A, *"}, []string{"content-type", "x-a"}},
		{"Set-Cookie listed", "#39 #61 forbidden-response-header-name: never exposed",
			false, []string{"Set-Cookie, X-A"}, []string{"content-type", "x-a"}},
		{"ACAO listed", "#68 concept-filtered-response-cors: CORS headers show when listed",
			false, []string{"Access-Control-Allow-Origin"}, []string{"access-control-allow-origin", "content-type"}},
		{"unparsable", "#103 quirk Q1: an unparsable list exposes nothing extra",
			false, []string{"x a"}, []string{"content-type"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			init := RequestInit{}
			acao := []string{"Access-Control-Allow-Origin", "*"}
			if tc.include {
				init.Credentials = CredentialsInclude
				acao = []string{"Access-Control-Allow-Origin", "https://a.example", "Access-Control-Allow-Credentials", "true"}
			}
			nv := append(acao, "Content-Type", "text/plain", "X-A", "1", "X-B", "2", "Set-Cookie", "s=1; Secure; SameSite=None", "Date", "Tue, 01 Jul 2026 12:00:00 GMT")
			for _, v := range tc.aceh {
				nv = append(nv, "Access-Control-Expose-Headers", v)
			}
			want := tc.want
			fetchCase{
				spec:   tc.spec,
				url:    "https://b.example/x",
				init:   init,
				routes: routes{"GET https://b.example/x": reply(200, nv...)},
				wantSent: []wantWire{
					wire("GET", "https://b.example/x", "Origin", "https://a.example"),
				},
				want: &wantView{Type: TypeCORS, Status: 200, URL: "https://b.example/x", Headers: want},
			}.run(t)
		})
	}
}

// TestMainFetchClearsCacheOnError checks main fetch step 12's preflight
// branch: a network error clears the request's cache entries (#100, #179).
func TestMainFetchClearsCacheOnError(t *testing.T) {
	const u = "https://b.example/r"
	for _, fail := range []bool{false, true} {
		name := "actual request ok"
		if fail {
			name = "actual request fails its CORS check"
		}
		t.Run(name, func(t *testing.T) {
			n := newNet(routes{
				"OPTIONS " + u: reply(204, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "PUT", "Access-Control-Max-Age", "600"),
				"PUT " + u:     reply(200, "Access-Control-Allow-Origin", "*"),
			})
			a, _ := newTestAgent(t, &Spec, n)
			put := fetchCase{spec: "#100 concept-main-fetch step 12.3", url: u, init: RequestInit{Method: "PUT"}}

			put.wantSent = []wantWire{
				wire("OPTIONS", u, "Origin", "https://a.example", "Access-Control-Request-Method", "PUT"),
				wire("PUT", u, "Origin", "https://a.example"),
			}
			put.want = &wantView{Type: TypeCORS, Status: 200, URL: u}
			put.runOn(t, a, n)

			// The second PUT is served by the cache (#116).
			put.wantSent = []wantWire{wire("PUT", u, "Origin", "https://a.example")}
			if fail {
				n.routes["PUT "+u] = reply(200)
				put.want, put.wantErr = nil, &wantErr{CORSMissingAllowOrigin, "concept-cors-check", "2"}
			}
			put.runOn(t, a, n)

			// The third PUT needs a preflight again only if the error
			// cleared the cache.
			n.routes["PUT "+u] = reply(200, "Access-Control-Allow-Origin", "*")
			put.want, put.wantErr = &wantView{Type: TypeCORS, Status: 200, URL: u}, nil
			put.wantSent = []wantWire{wire("PUT", u, "Origin", "https://a.example")}
			if fail {
				put.wantSent = []wantWire{
					wire("OPTIONS", u, "Origin", "https://a.example", "Access-Control-Request-Method", "PUT"),
					wire("PUT", u, "Origin", "https://a.example"),
				}
			}
			put.runOn(t, a, n)
		})
	}
}

// TestMainFetchClearsCacheOnRedirectError checks that a network error in a
// later hop clears the entries of the request's current URL at that moment
// (#100: "the request's current URL at that moment"), not the first URL's.
func TestMainFetchClearsCacheOnRedirectError(t *testing.T) {
	const u1, u2 = "https://b.example/1", "https://b.example/2"
	n := newNet(routes{
		"OPTIONS " + u1: reply(204, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "PUT", "Access-Control-Max-Age", "600"),
		"PUT " + u1:     reply(200, "Access-Control-Allow-Origin", "*"),
		"OPTIONS " + u2: reply(204, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "PUT", "Access-Control-Max-Age", "600"),
		"PUT " + u2:     reply(200, "Access-Control-Allow-Origin", "*"),
	})
	a, _ := newTestAgent(t, &Spec, n)
	ok := &wantView{Type: TypeCORS, Status: 200}
	for _, u := range []string{u1, u2} { // fill the cache for both URLs
		ok.URL = u
		fetchCase{spec: "#169", url: u, init: RequestInit{Method: "PUT"}, want: ok, wantSent: []wantWire{
			wire("OPTIONS", u, "Origin", "https://a.example", "Access-Control-Request-Method", "PUT"),
			wire("PUT", u, "Origin", "https://a.example"),
		}}.runOn(t, a, n)
	}
	// PUT u1 → 307 → u2, whose answer fails the CORS check.
	n.routes["PUT "+u1] = reply(307, "Access-Control-Allow-Origin", "*", "Location", u2)
	n.routes["PUT "+u2] = reply(200)
	fetchCase{spec: "#100 concept-main-fetch step 12.3", url: u1, init: RequestInit{Method: "PUT"},
		wantSent: []wantWire{wire("PUT", u1, "Origin", "https://a.example"), wire("PUT", u2, "Origin", "https://a.example")},
		wantErr:  &wantErr{CORSMissingAllowOrigin, "concept-cors-check", "2"},
	}.runOn(t, a, n)

	key := func(u string) bool {
		return len(a.Cache.Entries(fetchParamsFor(t, a, u).cacheKey())) > 0
	}
	if !key(u1) {
		t.Errorf("#100: entries for %s were cleared; only the current URL's should be", u1)
	}
	if key(u2) {
		t.Errorf("#100: entries for %s (the current URL when the error happened) were kept", u2)
	}
}

// fetchParamsFor returns fetch params for a fetch() of url by page A, for
// calling the algorithms' pieces directly.
func fetchParamsFor(t testing.TB, a *Agent, url string) *fetchParams {
	t.Helper()
	req, serr := NewRequest(topPage(t, "https://a.example"), a.Profile, url, RequestInit{})
	if serr != nil {
		t.Fatal(serr)
	}
	req.Origin = req.Client.Origin
	return &fetchParams{agent: a, ctx: context.Background(), request: req, result: &Result{}}
}

// TestMainFetchNullBody checks main fetch step 22 (#108, #44): HEAD and
// null body statuses leave script a null body.
func TestMainFetchNullBody(t *testing.T) {
	tests := []struct {
		name, spec, method string
		status             int
		wantBody           bool
	}{
		{"GET 200", "#108 control", "GET", 200, true},
		{"HEAD", "#108 concept-main-fetch step 22", "HEAD", 200, false},
		{"204", "#44 null-body-status", "GET", 204, false},
		{"205", "#44 null-body-status", "GET", 205, false},
		{"304", "#44 null-body-status", "GET", 304, false},
		{"POST 200", "#108 control", "POST", 200, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := newNet(routes{tc.method + " https://a.example/x": reply(tc.status)})
			a, _ := newTestAgent(t, &Spec, n)
			req, serr := NewRequest(topPage(t, "https://a.example"), a.Profile, "https://a.example/x", RequestInit{Method: tc.method})
			if serr != nil {
				t.Fatal(serr)
			}
			res := a.Fetch(context.Background(), req)
			if res.Err != nil {
				t.Fatalf("%s: %v", tc.spec, res.Err)
			}
			if got := res.Response.View().Body != nil; got != tc.wantBody {
				t.Errorf("%s: body present = %v, want %v", tc.spec, got, tc.wantBody)
			}
			if got := res.Response.internal().Body != nil; got != tc.wantBody {
				t.Errorf("%s: internal body present = %v, want %v", tc.spec, got, tc.wantBody)
			}
		})
	}
}

// TestFinishMainFetchRangeSafeguard checks main fetch step 21 (#107): an
// opaque 206/416 answering a range request reaches a request without Range
// only as a network error. fetch() cannot make such a request (the no-cors
// guard drops Range), so the step is driven directly.
func TestFinishMainFetchRangeSafeguard(t *testing.T) {
	tests := []struct {
		name           string
		status         int
		rangeRequested bool
		requestRange   bool
		wantErr        bool
	}{
		{"206 range-requested, no Range", 206, true, false, true},
		{"416 range-requested, no Range", 416, true, false, true},
		{"206 range-requested, request has Range", 206, true, true, false},
		{"206 not range-requested", 206, false, false, false},
		{"200 range-requested", 200, true, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, _ := newTestAgent(t, &Spec, newNet(nil))
			fp := fetchParamsFor(t, a, "https://b.example/v")
			fp.request.Mode, fp.request.ResponseTainting = ModeNoCORS, TaintingOpaque
			if tc.requestRange {
				fp.request.Header.Append("Range", "bytes=0-")
			}
			resp := &Response{Status: tc.status, RangeRequested: tc.rangeRequested,
				URLList: []*URL{mustURL(t, "https://b.example/v")}}
			got, nerr := finishMainFetch(fp, resp)
			if tc.wantErr {
				if diff := cmp.Diff(&wantErr{OpaqueRangeResponse, "concept-main-fetch", "21"}, errOf(nerr)); diff != "" {
					t.Errorf("#107 error mismatch (-want +got):\n%s", diff)
				}
				return
			}
			if nerr != nil || got.Type != TypeOpaque {
				t.Errorf("#107: got %v, %v; want an opaque response", got, nerr)
			}
		})
	}
}

// TestMixedContent checks the pieces of Mixed Content main fetch step 7
// consults (#92): a secure client, and a URL that is not potentially
// trustworthy.
func TestMixedContent(t *testing.T) {
	tests := []struct {
		page, url string
		want      bool
	}{
		{"https://a.example", "http://b.example/", true},
		{"https://a.example", "https://b.example/", false},
		{"https://a.example", "http://localhost/", false},
		{"https://a.example", "http://app.localhost/", false},
		{"https://a.example", "http://localhost./", false},
		{"https://a.example", "http://127.0.0.1/", false},
		{"https://a.example", "http://127.255.0.1:8080/", false},
		{"https://a.example", "http://[::1]/", false},
		{"https://a.example", "http://127.0.0.1.example/", true},
		{"https://a.example", "http://127.example/", true},
		{"https://a.example", "http://128.0.0.1/", true},
		{"https://a.example", "http://localhost.example/", true},
		{"https://a.example", "ws://b.example/", true},
		{"https://a.example", "data:,x", false},
		{"http://a.example", "http://b.example/", false},
		{"http://localhost", "http://b.example/", true},
		{"http://127.0.0.1:3000", "http://b.example/", true},
		{"http://127.0.0.1.example", "http://b.example/", false},
	}
	for _, tc := range tests {
		if got := mixedContent(topPage(t, tc.page), mustURL(t, tc.url)); got != tc.want {
			t.Errorf("#92 mixedContent(page %s, %s) = %v, want %v", tc.page, tc.url, got, tc.want)
		}
	}
	// A sandboxed (opaque) page inherits nothing from its own origin; its
	// top-level page decides.
	sandboxed := framePage(t, "null", "https://a.example")
	if !mixedContent(sandboxed, mustURL(t, "http://b.example/")) {
		t.Errorf("#92 mixedContent(opaque page under https top-level, http URL) = false, want true")
	}
}

// TestMainFetchConcurrent fetches through one agent from many goroutines
// (run with -race): the cache, the jar and the results must not be shared
// unsafely.
func TestMainFetchConcurrent(t *testing.T) {
	n := newNet(routes{
		"OPTIONS https://b.example/r": reply(204, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "PUT", "Access-Control-Max-Age", "60"),
		"PUT https://b.example/r":     reply(200, "Access-Control-Allow-Origin", "*", "Set-Cookie", "s=1"),
		"GET https://a.example/x":     reply(200, "Set-Cookie", "t=1"),
	})
	a, clock := newTestAgent(t, &Spec, n)
	done := make(chan error)
	for i := 0; i < 8; i++ {
		go func(i int) {
			url, init := "https://b.example/r", RequestInit{Method: "PUT"}
			if i%2 == 0 {
				url, init = "https://a.example/x", RequestInit{}
			}
			for j := 0; j < 20; j++ {
				req, serr := NewRequest(topPage(t, "https://a.example"), a.Profile, url, init)
				if serr != nil {
					done <- serr
					return
				}
				if res := a.Fetch(context.Background(), req); res.Err != nil {
					done <- res.Err
					return
				}
				if j%5 == 0 {
					clock.Advance(time.Second)
				}
			}
			done <- nil
		}(i)
	}
	for i := 0; i < 8; i++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	for _, r := range n.requests() {
		if r.Preflight != (r.Method == "OPTIONS") {
			t.Errorf("wire request %s %s: Preflight = %v", r.Method, r.URL, r.Preflight)
		}
	}
}

// checkHeaderList compares a whole header list, in order.
func checkHeaderList(t *testing.T, spec string, want []string, got safelist.HeaderList) {
	t.Helper()
	if diff := cmp.Diff(want, headerLines(got)); diff != "" {
		t.Errorf("%s: header list mismatch (-want +got):\n%s", spec, diff)
	}
}
