package fetch

import (
	"context"
	"testing"

	"github.com/corsim/corsim/safelist"
	"github.com/google/go-cmp/cmp"
)

// TestAppendOriginHeader checks [append a request `Origin` header] (#70-#75)
// on requests built by hand: every mode, tainting, method and referrer
// policy combination the algorithm tells apart.
func TestAppendOriginHeader(t *testing.T) {
	const a, b = "https://a.example", "https://b.example"
	tests := []struct {
		name     string
		spec     string
		origin   string   // the request's origin; "null" for an opaque one
		urls     []string // the URL list
		tainting Tainting
		mode     Mode
		method   string
		policy   string
		want     string // noHeader: no Origin header
	}{
		{"cors tainting GET", "#72 step 3", a, []string{b + "/"}, TaintingCORS, ModeCORS, "GET", "strict-origin-when-cross-origin", a},
		{"cors tainting ignores no-referrer", "#72 step 3: the referrer policy has no effect", a, []string{b + "/"}, TaintingCORS, ModeCORS, "GET", "no-referrer", a},
		{"cors tainting after a cross-site redirect", "#75 serializing-a-request-origin step 2", a, []string{b + "/1", "https://c.example/1"}, TaintingCORS, ModeCORS, "GET", "", "null"},
		{"cors tainting back at the page's origin", "#75 #54: [B, A] from A is cross-site", a, []string{b + "/1", a + "/2"}, TaintingCORS, ModeCORS, "GET", "", "null"},
		{"cors tainting, same-origin hops", "#54: [B/1, B/2] stays same-origin", a, []string{b + "/1", b + "/2"}, TaintingCORS, ModeCORS, "GET", "", a},
		{"cors tainting, opaque origin", "#53 #70", "null", []string{b + "/"}, TaintingCORS, ModeCORS, "GET", "", "null"},
		{"basic GET", "#73 step 4: GET sends none", a, []string{a + "/"}, TaintingBasic, ModeCORS, "GET", "", noHeader},
		{"basic HEAD", "#73 step 4: HEAD sends none", a, []string{a + "/"}, TaintingBasic, ModeCORS, "HEAD", "", noHeader},
		{"basic POST", "#73 step 4.2", a, []string{a + "/"}, TaintingBasic, ModeCORS, "POST", "strict-origin-when-cross-origin", a},
		{"basic DELETE", "#73 step 4.2", a, []string{a + "/"}, TaintingBasic, ModeCORS, "DELETE", "", a},
		{"basic custom method", "#73 step 4.2: any method but GET and HEAD", a, []string{a + "/"}, TaintingBasic, ModeCORS, "patch", "", a},
		{"opaque GET", "#73 step 4", a, []string{b + "/"}, TaintingOpaque, ModeNoCORS, "GET", "", noHeader},
		{"opaque POST", "#73 step 4.2", a, []string{b + "/"}, TaintingOpaque, ModeNoCORS, "POST", "strict-origin-when-cross-origin", a},
		{"cors mode POST with no-referrer", "#74 step 4.1: only outside cors mode", a, []string{a + "/"}, TaintingBasic, ModeCORS, "POST", "no-referrer", a},
		{"same-origin mode POST with no-referrer", "#74 step 4.1 no-referrer", a, []string{a + "/"}, TaintingBasic, ModeSameOrigin, "POST", "no-referrer", "null"},
		{"no-cors POST with no-referrer", "#74 step 4.1 no-referrer", a, []string{b + "/"}, TaintingOpaque, ModeNoCORS, "POST", "no-referrer", "null"},
		{"no-cors POST, same-origin policy, cross-origin", "#74 step 4.1 same-origin", a, []string{b + "/"}, TaintingOpaque, ModeNoCORS, "POST", "same-origin", "null"},
		{"no-cors POST, same-origin policy, same origin", "#74 step 4.1 same-origin", a, []string{a + "/"}, TaintingBasic, ModeNoCORS, "POST", "same-origin", a},
		{"strict-origin, https to http", "#74 step 4.1: a downgrade", a, []string{"http://localhost/"}, TaintingOpaque, ModeNoCORS, "POST", "strict-origin", "null"},
		{"strict-origin-when-cross-origin, https to http", "#74 step 4.1: a downgrade", a, []string{"http://localhost/"}, TaintingOpaque, ModeNoCORS, "POST", "strict-origin-when-cross-origin", "null"},
		{"no-referrer-when-downgrade, https to http", "#74 step 4.1: a downgrade", a, []string{"http://localhost/"}, TaintingOpaque, ModeNoCORS, "POST", "no-referrer-when-downgrade", "null"},
		{"strict-origin, https to https", "#74 step 4.1: no downgrade", a, []string{b + "/"}, TaintingOpaque, ModeNoCORS, "POST", "strict-origin", a},
		{"strict-origin, http to http", "#74 step 4.1: only an https origin can downgrade", "http://a.example", []string{"http://b.example/"}, TaintingOpaque, ModeNoCORS, "POST", "strict-origin", "http://a.example"},
		{"origin-when-cross-origin, https to http", "#74 step 4.1: other policies change nothing", a, []string{"http://localhost/"}, TaintingOpaque, ModeNoCORS, "POST", "origin-when-cross-origin", a},
		{"unsafe-url, https to http", "#74 step 4.1: other policies change nothing", a, []string{"http://localhost/"}, TaintingOpaque, ModeNoCORS, "POST", "unsafe-url", a},
		{"origin, cross-origin", "#74 step 4.1: other policies change nothing", a, []string{b + "/"}, TaintingOpaque, ModeNoCORS, "POST", "origin", a},
		{"opaque origin, strict-origin", "#74 step 4.1: an opaque origin is not a tuple origin", "null", []string{"http://localhost/"}, TaintingOpaque, ModeNoCORS, "POST", "strict-origin", "null"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := NewOpaqueOrigin()
			if tc.origin != "null" {
				o = mustOrigin(t, tc.origin)
			}
			req := &Request{Method: tc.method, Origin: o, Mode: tc.mode, ResponseTainting: tc.tainting, ReferrerPolicy: tc.policy,
				Client: NewClient(o, o)}
			for _, u := range tc.urls {
				req.URLList = append(req.URLList, mustURL(t, u))
			}
			a, _ := newTestAgent(t, &Spec, newNet(nil))
			appendOriginHeader(&fetchParams{agent: a, request: req, result: &Result{}}, req)
			got, ok := req.Header.Get("Origin")
			if !ok {
				got = noHeader
			}
			if got != tc.want {
				t.Errorf("%s append-a-request-origin-header: Origin = %q, want %q", tc.spec, got, tc.want)
			}
			if n := len(req.Header.Values("Origin")); n > 1 {
				t.Errorf("%s: %d Origin headers", tc.spec, n)
			}
		})
	}
}

// httpNetworkOrCacheTests check what HTTP-network-or-cache fetch adds to each
// hop's copy of the request (#140-#152) and what HTTP-network fetch does
// with the answer.
var httpNetworkOrCacheTests = []fetchCase{
	{
		name: "referrer policy does not hide Origin in cors mode",
		spec: "#72 append-a-request-origin-header step 3",
		url:  "https://b.example/x",
		prepare: func(r *Request) {
			r.ReferrerPolicy = "no-referrer"
		},
		routes:   routes{"GET https://b.example/x": reply(200, "Access-Control-Allow-Origin", "*")},
		wantSent: []wantWire{wire("GET", "https://b.example/x", "Origin", "https://a.example")},
		want:     &wantView{Type: TypeCORS, Status: 200, URL: "https://b.example/x"},
	},
	{
		name: "referrer policy no-referrer in same-origin mode",
		spec: "#74 append-a-request-origin-header step 4.1",
		url:  "https://a.example/x",
		init: RequestInit{Mode: ModeSameOrigin, Method: "POST"},
		prepare: func(r *Request) {
			r.ReferrerPolicy = "no-referrer"
		},
		routes:   routes{"POST https://a.example/x": reply(200)},
		wantSent: []wantWire{wire("POST", "https://a.example/x", "Origin", "null", "Content-Length", "0")},
		want:     &wantView{Type: TypeBasic, Status: 200, URL: "https://a.example/x"},
	},
	{
		name:     "Content-Length 0 for a bodiless POST",
		spec:     "#143 concept-http-network-or-cache-fetch step 8.7",
		url:      "https://a.example/x",
		init:     RequestInit{Method: "POST"},
		routes:   routes{"POST https://a.example/x": reply(200)},
		wantSent: []wantWire{wire("POST", "https://a.example/x", "Origin", "https://a.example", "Content-Length", "0")},
		want:     &wantView{Type: TypeBasic, Status: 200, URL: "https://a.example/x"},
	},
	{
		name:     "Content-Length 0 for a bodiless PUT",
		spec:     "#143 concept-http-network-or-cache-fetch step 8.7",
		url:      "https://a.example/x",
		init:     RequestInit{Method: "PUT"},
		routes:   routes{"PUT https://a.example/x": reply(200)},
		wantSent: []wantWire{wire("PUT", "https://a.example/x", "Origin", "https://a.example", "Content-Length", "0")},
		want:     &wantView{Type: TypeBasic, Status: 200, URL: "https://a.example/x"},
	},
	{
		name:     "no Content-Length for a bodiless DELETE",
		spec:     "#143 concept-http-network-or-cache-fetch steps 8.5-8.9",
		url:      "https://a.example/x",
		init:     RequestInit{Method: "DELETE"},
		routes:   routes{"DELETE https://a.example/x": reply(200)},
		wantSent: []wantWire{wire("DELETE", "https://a.example/x", "Origin", "https://a.example", "Content-Length", noHeader)},
		want:     &wantView{Type: TypeBasic, Status: 200, URL: "https://a.example/x"},
	},
	{
		name:     "no Content-Length for a GET",
		spec:     "#143 concept-http-network-or-cache-fetch steps 8.5-8.9",
		url:      "https://a.example/x",
		routes:   routes{"GET https://a.example/x": reply(200)},
		wantSent: []wantWire{wire("GET", "https://a.example/x", "Content-Length", noHeader)},
		want:     &wantView{Type: TypeBasic, Status: 200, URL: "https://a.example/x"},
	},
	{
		name:   "Content-Length of a body",
		spec:   "#143 concept-http-network-or-cache-fetch step 8.8",
		url:    "https://a.example/x",
		init:   RequestInit{Method: "POST", Body: BodyURLSearchParams},
		routes: routes{"POST https://a.example/x": reply(200)},
		wantSent: []wantWire{wire("POST", "https://a.example/x", "Origin", "https://a.example",
			"Content-Length", "8", "Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")},
		want: &wantView{Type: TypeBasic, Status: 200, URL: "https://a.example/x"},
	},
	{
		name:   "Fetch metadata, cross-site",
		spec:   "#145 concept-http-network-or-cache-fetch step 8.13 (Fetch Metadata)",
		url:    "https://b.example/x",
		routes: routes{"GET https://b.example/x": reply(200, "Access-Control-Allow-Origin", "*")},
		wantSent: []wantWire{wire("GET", "https://b.example/x", "Origin", "https://a.example",
			"Sec-Fetch-Dest", "empty", "Sec-Fetch-Mode", "cors", "Sec-Fetch-Site", "cross-site", "User-Agent", "corsim")},
		want: &wantView{Type: TypeCORS, Status: 200, URL: "https://b.example/x"},
	},
	{
		name:   "Fetch metadata, same-site",
		spec:   "#145 concept-http-network-or-cache-fetch step 8.13 (Fetch Metadata)",
		url:    "https://api.a.example/x",
		routes: routes{"GET https://api.a.example/x": reply(200, "Access-Control-Allow-Origin", "*")},
		wantSent: []wantWire{wire("GET", "https://api.a.example/x", "Origin", "https://a.example",
			"Sec-Fetch-Dest", "empty", "Sec-Fetch-Mode", "cors", "Sec-Fetch-Site", "same-site")},
		want: &wantView{Type: TypeCORS, Status: 200, URL: "https://api.a.example/x"},
	},
	{
		name:   "Fetch metadata, same-origin, no-cors",
		spec:   "#145 concept-http-network-or-cache-fetch step 8.13 (Fetch Metadata)",
		url:    "https://a.example/x",
		init:   RequestInit{Mode: ModeNoCORS},
		routes: routes{"GET https://a.example/x": reply(200)},
		wantSent: []wantWire{wire("GET", "https://a.example/x",
			"Sec-Fetch-Dest", "empty", "Sec-Fetch-Mode", "no-cors", "Sec-Fetch-Site", "same-origin")},
		want: &wantView{Type: TypeBasic, Status: 200, URL: "https://a.example/x"},
	},
	{
		name: "Fetch metadata, a redirect through another site",
		spec: "#145 Fetch Metadata: Sec-Fetch-Site looks at every URL of the URL list",
		url:  "https://a.example/1",
		routes: routes{
			"GET https://a.example/1": reply(302, "Location", "https://b.example/2"),
			"GET https://b.example/2": reply(302, "Access-Control-Allow-Origin", "*", "Location", "https://a.example/3"),
			"GET https://a.example/3": reply(200, "Access-Control-Allow-Origin", "*"),
		},
		wantSent: []wantWire{
			wire("GET", "https://a.example/1", "Sec-Fetch-Site", "same-origin"),
			wire("GET", "https://b.example/2", "Origin", "https://a.example", "Sec-Fetch-Site", "cross-site"),
			wire("GET", "https://a.example/3", "Origin", "null", "Sec-Fetch-Site", "cross-site"),
		},
		want: &wantView{Type: TypeCORS, Status: 200, URL: "https://a.example/3", Redirected: true},
	},
	{
		name:   "no Fetch metadata for an http URL",
		spec:   "#145 Fetch Metadata: only potentially trustworthy URLs",
		page:   "http://a.example",
		url:    "http://b.example/x",
		routes: routes{"GET http://b.example/x": reply(200, "Access-Control-Allow-Origin", "*")},
		wantSent: []wantWire{wire("GET", "http://b.example/x", "Origin", "http://a.example",
			"Sec-Fetch-Dest", noHeader, "Sec-Fetch-Mode", noHeader, "Sec-Fetch-Site", noHeader, "User-Agent", "corsim")},
		want: &wantView{Type: TypeCORS, Status: 200, URL: "http://b.example/x"},
	},
	{
		name:     "script's User-Agent is not doubled",
		spec:     "#145 concept-http-network-or-cache-fetch step 8.15: only when absent",
		url:      "https://a.example/x",
		init:     RequestInit{Headers: [][2]string{{"User-Agent", "script"}}},
		routes:   routes{"GET https://a.example/x": reply(200)},
		wantSent: []wantWire{wire("GET", "https://a.example/x", "User-Agent", "script")},
		want:     &wantView{Type: TypeBasic, Status: 200, URL: "https://a.example/x"},
	},
	{
		name:     "Range gets Accept-Encoding identity",
		spec:     "#147 #25 concept-http-network-or-cache-fetch step 8.19; `bytes=0-` is safelisted, so no preflight",
		url:      "https://b.example/v",
		init:     RequestInit{Headers: [][2]string{{"Range", "bytes=0-"}}},
		routes:   routes{"GET https://b.example/v": reply(206, "Access-Control-Allow-Origin", "*")},
		wantSent: []wantWire{wire("GET", "https://b.example/v", "Origin", "https://a.example", "Range", "bytes=0-", "Accept-Encoding", "identity")},
		want:     &wantView{Type: TypeCORS, Status: 206, URL: "https://b.example/v"},
	},
	{
		name:     "no Accept-Encoding without Range",
		spec:     "#147 concept-http-network-or-cache-fetch step 8.19",
		url:      "https://a.example/x",
		routes:   routes{"GET https://a.example/x": reply(200)},
		wantSent: []wantWire{wire("GET", "https://a.example/x", "Accept-Encoding", noHeader)},
		want:     &wantView{Type: TypeBasic, Status: 200, URL: "https://a.example/x"},
	},
	{
		name: "a CORS 401 goes to the CORS check",
		spec: "#151 concept-http-network-or-cache-fetch step 15: no prompt for cors tainting",
		url:  "https://b.example/private",
		init: RequestInit{Credentials: CredentialsInclude},
		routes: routes{"GET https://b.example/private": reply(401, "WWW-Authenticate", `Basic realm="b"`,
			"Access-Control-Allow-Origin", "https://a.example", "Access-Control-Allow-Credentials", "true")},
		wantSent: []wantWire{wire("GET", "https://b.example/private", "Origin", "https://a.example")},
		want:     &wantView{Type: TypeCORS, Status: 401, URL: "https://b.example/private"},
	},
	{
		name:     "a CORS 401 without CORS headers",
		spec:     "#151 #119 concept-http-fetch step 4.4",
		url:      "https://b.example/private",
		init:     RequestInit{Credentials: CredentialsInclude},
		routes:   routes{"GET https://b.example/private": reply(401, "WWW-Authenticate", `Basic realm="b"`)},
		wantSent: []wantWire{wire("GET", "https://b.example/private", "Origin", "https://a.example")},
		wantErr:  &wantErr{CORSMissingAllowOrigin, "concept-cors-check", "2"},
	},
}

func TestHTTPNetworkOrCacheFetch(t *testing.T) {
	for _, tc := range httpNetworkOrCacheTests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t) })
	}
}

// TestCredentialsCookies checks includeCredentials (#141, #47) through the
// Cookie header each hop carries (#148), and that preflights never carry
// one (#156).
func TestCredentialsCookies(t *testing.T) {
	const a, b = "https://a.example", "https://b.example"
	okA := reply(200)
	okB := reply(200, "Access-Control-Allow-Origin", a, "Access-Control-Allow-Credentials", "true")
	tests := []fetchCase{
		{
			name:     "same origin, default credentials",
			spec:     "#141 #47: same-origin credentials and basic tainting include credentials",
			url:      a + "/x",
			routes:   routes{"GET " + a + "/x": okA},
			wantSent: []wantWire{wire("GET", a+"/x", "Cookie", "sa=1")},
			want:     &wantView{Type: TypeBasic, Status: 200, URL: a + "/x"},
		},
		{
			name:     "same origin, omit",
			spec:     "#141 #47: omit never includes credentials",
			url:      a + "/x",
			init:     RequestInit{Credentials: CredentialsOmit},
			routes:   routes{"GET " + a + "/x": okA},
			wantSent: []wantWire{wire("GET", a+"/x")},
			want:     &wantView{Type: TypeBasic, Status: 200, URL: a + "/x"},
		},
		{
			name:     "cross origin, default credentials",
			spec:     "#141 #47: same-origin credentials with cors tainting include none",
			url:      b + "/x",
			routes:   routes{"GET " + b + "/x": reply(200, "Access-Control-Allow-Origin", "*")},
			wantSent: []wantWire{wire("GET", b+"/x", "Origin", a)},
			want:     &wantView{Type: TypeCORS, Status: 200, URL: b + "/x"},
		},
		{
			name:     "cross origin, include",
			spec:     "#141 #47 #148: include sends the cookies",
			url:      b + "/x",
			init:     RequestInit{Credentials: CredentialsInclude},
			routes:   routes{"GET " + b + "/x": okB},
			wantSent: []wantWire{wire("GET", b+"/x", "Origin", a, "Cookie", "sb=1")},
			want:     &wantView{Type: TypeCORS, Status: 200, URL: b + "/x"},
		},
		{
			name: "include, preflighted",
			spec: "#156 #148: the preflight carries no Cookie, the actual request does",
			url:  b + "/x",
			init: RequestInit{Method: "PUT", Credentials: CredentialsInclude},
			routes: routes{
				"OPTIONS " + b + "/x": reply(204, "Access-Control-Allow-Origin", a, "Access-Control-Allow-Credentials", "true", "Access-Control-Allow-Methods", "PUT"),
				"PUT " + b + "/x":     okB,
			},
			wantSent: []wantWire{
				wire("OPTIONS", b+"/x", "Origin", a, "Access-Control-Request-Method", "PUT"),
				wire("PUT", b+"/x", "Origin", a, "Cookie", "sb=1"),
			},
			want: &wantView{Type: TypeCORS, Status: 200, URL: b + "/x"},
		},
		{
			name:     "no-cors, default credentials",
			spec:     "#141: opaque tainting is not basic, so same-origin credentials include none",
			url:      b + "/x",
			init:     RequestInit{Mode: ModeNoCORS},
			routes:   routes{"GET " + b + "/x": reply(200)},
			wantSent: []wantWire{wire("GET", b+"/x")},
			want:     &wantView{Type: TypeOpaque, URL: "", Headers: []string{}},
		},
		{
			name:     "no-cors, include",
			spec:     "#141: include sends cookies in every mode",
			url:      b + "/x",
			init:     RequestInit{Mode: ModeNoCORS, Credentials: CredentialsInclude},
			routes:   routes{"GET " + b + "/x": reply(200)},
			wantSent: []wantWire{wire("GET", b+"/x", "Cookie", "sb=1")},
			want:     &wantView{Type: TypeOpaque, URL: "", Headers: []string{}},
		},
		{
			name: "back at the page's origin after a cross-origin hop",
			spec: "#141: the tainting stays cors, so the last hop to A carries no cookie",
			url:  a + "/1",
			routes: routes{
				"GET " + a + "/1": reply(302, "Location", b+"/2"),
				"GET " + b + "/2": reply(302, "Access-Control-Allow-Origin", "*", "Location", a+"/3"),
				"GET " + a + "/3": reply(200, "Access-Control-Allow-Origin", "*"),
			},
			wantSent: []wantWire{
				wire("GET", a+"/1", "Cookie", "sa=1"),
				wire("GET", b+"/2", "Origin", a),
				wire("GET", a+"/3", "Origin", "null"),
			},
			want: &wantView{Type: TypeCORS, Status: 200, URL: a + "/3", Redirected: true},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := newNet(tc.routes)
			ag, _ := newTestAgent(t, &Spec, n)
			storeCookie(t, ag, a+"/", "sa=1; Secure; SameSite=None")
			storeCookie(t, ag, b+"/", "sb=1; Secure; SameSite=None")
			tc.runOn(t, ag, n)
		})
	}
}

// TestSetCookieStorage checks HTTP-network fetch step 17 (#155): Set-Cookie
// is stored when credentials are included, as soon as the response arrives,
// whatever the CORS check then says; and never from a preflight (#171).
func TestSetCookieStorage(t *testing.T) {
	const a, b = "https://a.example", "https://b.example"
	setCookie := "s=1; Secure; SameSite=None"
	tests := []struct {
		fetchCase
		wantStored bool
	}{
		{fetchCase{
			name:     "include, CORS check fails",
			spec:     "#155 concept-http-network-fetch step 17: stored although the fetch is a network error",
			url:      b + "/x",
			init:     RequestInit{Credentials: CredentialsInclude},
			routes:   routes{"GET " + b + "/x": reply(200, "Access-Control-Allow-Origin", a, "Set-Cookie", setCookie)},
			wantSent: []wantWire{wire("GET", b+"/x", "Origin", a)},
			wantErr:  &wantErr{CORSMissingAllowCredentials, "concept-cors-check", "7"},
		}, true},
		{fetchCase{
			name:     "include, no ACAO at all",
			spec:     "#155 concept-http-network-fetch step 17",
			url:      b + "/x",
			init:     RequestInit{Credentials: CredentialsInclude},
			routes:   routes{"GET " + b + "/x": reply(200, "Set-Cookie", setCookie)},
			wantSent: []wantWire{wire("GET", b+"/x", "Origin", a)},
			wantErr:  &wantErr{CORSMissingAllowOrigin, "concept-cors-check", "2"},
		}, true},
		{fetchCase{
			name:     "default credentials, cross origin",
			spec:     "#155: same-origin credentials on a cross-origin request ignore Set-Cookie",
			url:      b + "/x",
			routes:   routes{"GET " + b + "/x": reply(200, "Access-Control-Allow-Origin", "*", "Set-Cookie", setCookie)},
			wantSent: []wantWire{wire("GET", b+"/x", "Origin", a)},
			want:     &wantView{Type: TypeCORS, Status: 200, URL: b + "/x"},
		}, false},
		{fetchCase{
			name:     "omit, same origin",
			spec:     "#155: omit ignores Set-Cookie",
			url:      b + "/x",
			page:     b,
			init:     RequestInit{Credentials: CredentialsOmit},
			routes:   routes{"GET " + b + "/x": reply(200, "Set-Cookie", setCookie)},
			wantSent: []wantWire{wire("GET", b+"/x")},
			want:     &wantView{Type: TypeBasic, Status: 200, URL: b + "/x"},
		}, false},
		{fetchCase{
			name:     "same origin",
			spec:     "#155: same-origin credentials and basic tainting store it",
			url:      b + "/x",
			page:     b,
			routes:   routes{"GET " + b + "/x": reply(200, "Set-Cookie", setCookie)},
			wantSent: []wantWire{wire("GET", b+"/x")},
			want:     &wantView{Type: TypeBasic, Status: 200, URL: b + "/x"},
		}, true},
		{fetchCase{
			name: "include, Set-Cookie on the preflight only",
			spec: "#171 #156: the preflight includes no credentials, so its Set-Cookie is ignored",
			url:  b + "/x",
			init: RequestInit{Method: "PUT", Credentials: CredentialsInclude},
			routes: routes{
				"OPTIONS " + b + "/x": reply(204, "Access-Control-Allow-Origin", a, "Access-Control-Allow-Credentials", "true",
					"Access-Control-Allow-Methods", "PUT", "Set-Cookie", setCookie),
				"PUT " + b + "/x": reply(200, "Access-Control-Allow-Origin", a, "Access-Control-Allow-Credentials", "true"),
			},
			wantSent: []wantWire{
				wire("OPTIONS", b+"/x", "Origin", a, "Access-Control-Request-Method", "PUT"),
				wire("PUT", b+"/x", "Origin", a),
			},
			want: &wantView{Type: TypeCORS, Status: 200, URL: b + "/x"},
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := newNet(tc.routes)
			ag, _ := newTestAgent(t, &Spec, n)
			tc.runOn(t, ag, n)
			stored := len(ag.Jar.All()) > 0
			if stored != tc.wantStored {
				t.Errorf("%s: cookie stored = %v, want %v", tc.spec, stored, tc.wantStored)
			}
		})
	}
}

// TestRequestIncludesCredentials checks HTTP-network-or-cache fetch step 14
// (#69): the response records whether credentials were included.
func TestRequestIncludesCredentials(t *testing.T) {
	tests := []struct {
		name string
		url  string
		init RequestInit
		want bool
	}{
		{"same origin", "https://a.example/x", RequestInit{}, true},
		{"cross origin, default credentials", "https://b.example/x", RequestInit{}, false},
		{"cross origin, include", "https://b.example/x", RequestInit{Credentials: CredentialsInclude}, true},
		{"no-cors, default credentials", "https://b.example/x", RequestInit{Mode: ModeNoCORS}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := newNet(routes{"GET " + tc.url: reply(200, "Access-Control-Allow-Origin", "https://a.example", "Access-Control-Allow-Credentials", "true")})
			ag, _ := newTestAgent(t, &Spec, n)
			req, serr := NewRequest(topPage(t, "https://a.example"), ag.Profile, tc.url, tc.init)
			if serr != nil {
				t.Fatal(serr)
			}
			res := ag.Fetch(context.Background(), req)
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			if got := res.Response.internal().RequestIncludesCredentials; got != tc.want {
				t.Errorf("#69 response-request-includes-credentials = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestStoredRequestKeepsNoHopHeaders checks #140: the headers added per hop
// go on a copy, never on the request itself.
func TestStoredRequestKeepsNoHopHeaders(t *testing.T) {
	n := newNet(routes{
		"GET https://b.example/1": reply(302, "Access-Control-Allow-Origin", "https://a.example", "Access-Control-Allow-Credentials", "true", "Location", "https://b.example/2"),
		"GET https://b.example/2": reply(200, "Access-Control-Allow-Origin", "https://a.example", "Access-Control-Allow-Credentials", "true"),
	})
	ag, _ := newTestAgent(t, &Spec, n)
	req, serr := NewRequest(topPage(t, "https://a.example"), ag.Profile, "https://b.example/1",
		RequestInit{Credentials: CredentialsInclude, Headers: [][2]string{{"Accept", "text/plain"}}})
	if serr != nil {
		t.Fatal(serr)
	}
	storeCookie(t, ag, "https://b.example/", "s=1; Secure; SameSite=None")
	ag.Fetch(context.Background(), req)
	// What script set, plus what fetch appends before main fetch (#89, #90).
	want := []string{"Accept: text/plain", "Accept-Language: en-US,en;q=0.9"}
	checkHeaderList(t, "#140 concept-http-network-or-cache-fetch step 8.2.1", want, req.Header)
	sent := n.requests()
	if len(sent) != 2 {
		t.Fatalf("%d requests sent, want 2", len(sent))
	}
	for i, r := range sent {
		// Each hop's UA headers are computed afresh, once.
		for _, name := range []string{"Origin", "Cookie", "User-Agent", "Sec-Fetch-Site"} {
			if got := len(r.Header.Values(name)); got != 1 {
				t.Errorf("#140 #71 hop %d: %d %s headers, want 1", i, got, name)
			}
		}
	}
}

// TestHTTPNetworkOrCacheFetchRetries421 checks step 17 (#152): a 421 is
// retried once on a new connection, unless the body cannot be sent again;
// the retry is a new HTTP-network-or-cache fetch, so it carries the cookies
// the 421 response set.
func TestHTTPNetworkOrCacheFetchRetries421(t *testing.T) {
	const a = "https://a.example"
	t.Run("retried once", func(t *testing.T) {
		n := &cannedNet{serve: func(req *WireRequest, i int) (*WireResponse, error) {
			if i == 0 {
				return reply(421, "Set-Cookie", "s=1; Secure"), nil
			}
			return reply(421), nil
		}}
		ag, _ := newTestAgent(t, &Spec, n)
		fetchCase{spec: "#152 concept-http-network-or-cache-fetch step 17: retried once; the second 421 stands",
			url: a + "/x",
			wantSent: []wantWire{
				wire("GET", a+"/x"),
				wire("GET", a+"/x", "Cookie", "s=1"),
			},
			want: &wantView{Type: TypeBasic, Status: 421, URL: a + "/x"},
		}.runOn(t, ag, n)
	})
	t.Run("stream body not retried", func(t *testing.T) {
		n := &cannedNet{serve: func(req *WireRequest, i int) (*WireResponse, error) {
			return reply(421), nil
		}}
		ag, _ := newTestAgent(t, &Spec, n)
		fetchCase{spec: "#152 concept-http-network-or-cache-fetch step 17: a body without source is not sent again",
			url:      a + "/x",
			init:     RequestInit{Method: "POST", Body: BodyStream, Duplex: "half"},
			wantSent: []wantWire{wire("POST", a+"/x", "Origin", a)},
			want:     &wantView{Type: TypeBasic, Status: 421, URL: a + "/x"},
		}.runOn(t, ag, n)
	})
	t.Run("byte body retried", func(t *testing.T) {
		n := &cannedNet{serve: func(req *WireRequest, i int) (*WireResponse, error) {
			if i == 0 {
				return reply(421), nil
			}
			return reply(200), nil
		}}
		ag, _ := newTestAgent(t, &Spec, n)
		fetchCase{spec: "#152 concept-http-network-or-cache-fetch step 17",
			url:  a + "/x",
			init: RequestInit{Method: "POST", Body: BodyText},
			wantSent: []wantWire{
				wire("POST", a+"/x", "Origin", a, "Content-Type", "text/plain;charset=UTF-8", "Content-Length", "6"),
				wire("POST", a+"/x", "Origin", a, "Content-Type", "text/plain;charset=UTF-8", "Content-Length", "6"),
			},
			want: &wantView{Type: TypeBasic, Status: 200, URL: a + "/x"},
		}.runOn(t, ag, n)
	})
}

// h1Net is a cannedNet that says, before sending, that every connection is
// HTTP/1.1.
type h1Net struct{ *cannedNet }

func (h1Net) Protocol(*URL) string { return "HTTP/1.1" }

// TestStreamBodyOverHTTP1 checks HTTP-network fetch step 8.3 (#154): a
// stream body cannot go over HTTP/1.x, after a successful preflight.
func TestStreamBodyOverHTTP1(t *testing.T) {
	const b = "https://b.example/up"
	rs := routes{
		"OPTIONS " + b: reply(204, "Access-Control-Allow-Origin", "*"),
		"POST " + b:    reply(200, "Access-Control-Allow-Origin", "*"),
	}
	preflight := wire("OPTIONS", b, "Origin", "https://a.example", "Access-Control-Request-Method", "POST")
	stream := RequestInit{Method: "POST", Body: BodyStream, Duplex: "half"}

	t.Run("known before sending", func(t *testing.T) {
		cn := newNet(rs)
		ag, _ := newTestAgent(t, &Spec, h1Net{cn})
		fetchCase{spec: "#154 concept-http-network-fetch step 8.3", url: b, init: stream,
			wantSent: []wantWire{preflight},
			wantErr:  &wantErr{StreamBodyHTTP1, "concept-http-network-fetch", "8.3"},
		}.runOn(t, ag, cn)
	})
	t.Run("learnt from the response", func(t *testing.T) {
		h1 := *rs["POST "+b]
		h1.Protocol = "HTTP/1.1"
		cn := newNet(routes{"OPTIONS " + b: rs["OPTIONS "+b], "POST " + b: &h1})
		ag, _ := newTestAgent(t, &Spec, cn)
		fetchCase{spec: "#154 concept-http-network-fetch step 8.3", url: b, init: stream,
			wantSent: []wantWire{preflight, wire("POST", b, "Origin", "https://a.example")},
			wantErr:  &wantErr{StreamBodyHTTP1, "concept-http-network-fetch", "8.3"},
		}.runOn(t, ag, cn)
	})
	t.Run("byte body over HTTP/1.1", func(t *testing.T) {
		cn := newNet(rs)
		ag, _ := newTestAgent(t, &Spec, h1Net{cn})
		fetchCase{spec: "#154 control: only a body without source is refused", url: b,
			init:     RequestInit{Method: "POST", Body: BodyText},
			wantSent: []wantWire{wire("POST", b, "Origin", "https://a.example", "Content-Type", "text/plain;charset=UTF-8")},
			want:     &wantView{Type: TypeCORS, Status: 200, URL: b},
		}.runOn(t, ag, cn)
	})
}

// TestTransportFailure checks that a request that gets no HTTP response is a
// network error naming the transport error.
func TestTransportFailure(t *testing.T) {
	fetchCase{spec: "HTTP-network fetch: no response → network error", url: "https://b.example/x",
		wantSent: []wantWire{wire("GET", "https://b.example/x", "Origin", "https://a.example")},
		wantErr:  &wantErr{CORSDidNotSucceed, "concept-http-network-fetch", "8.5"},
	}.run(t)
}

// TestMalformedResponseHeader checks that a response HTTP forbids a client
// to accept is a network error (HTTP-network fetch step 8.5 follows HTTP):
// over HTTP/2 a field value may not start or end with a space or tab, nor
// hold NUL, CR or LF (RFC 9113 §8.2.1, §8.1.1); over HTTP/1.1 the spaces
// around a field value are not part of it (RFC 9112 §5) and are dropped
// (vector engine-misc/acao-padded-with-spaces-over-http2).
func TestMalformedResponseHeader(t *testing.T) {
	const b = "https://b.example/x"
	tests := []struct {
		name, protocol, acao string
		wantErr              *wantErr
	}{
		{"padded over HTTP/2", "h2", " https://a.example ", &wantErr{CORSDidNotSucceed, "concept-http-network-fetch", "8.5"}},
		{"tab over HTTP/2", "", "https://a.example\t", &wantErr{CORSDidNotSucceed, "concept-http-network-fetch", "8.5"}},
		{"padded over HTTP/1.1", "HTTP/1.1", " https://a.example ", nil},
		{"inner space over HTTP/2", "h2", "https://a.example x", &wantErr{CORSAllowOriginNotMatchingOrigin, "concept-cors-check", "4"}},
		{"clean over HTTP/2", "h2", "https://a.example", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := reply(200, "Access-Control-Allow-Origin", tc.acao)
			r.Protocol = tc.protocol
			c := fetchCase{spec: "HTTP-network fetch step 8.5", url: b, routes: routes{"GET " + b: r},
				wantSent: []wantWire{wire("GET", b, "Origin", "https://a.example")}, wantErr: tc.wantErr}
			if tc.wantErr == nil {
				c.want = &wantView{Type: TypeCORS, Status: 200, URL: b}
			}
			c.run(t)
		})
	}
}

// TestWireExchangesRecorded checks that Result.Exchanges lists exactly what
// reached the network, preflights marked.
func TestWireExchangesRecorded(t *testing.T) {
	const b = "https://b.example/r"
	n := newNet(routes{
		"OPTIONS " + b: reply(204, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "PUT"),
		"PUT " + b:     reply(200, "Access-Control-Allow-Origin", "*"),
	})
	ag, _ := newTestAgent(t, &Spec, n)
	req, _ := NewRequest(topPage(t, "https://a.example"), ag.Profile, b, RequestInit{Method: "PUT"})
	res := ag.Fetch(context.Background(), req)
	sent := n.requests()
	type ex struct {
		Method    string
		Preflight bool
		Header    []string
		Status    int
	}
	var want, got []ex
	for i, r := range sent {
		want = append(want, ex{r.Method, i == 0, headerLines(r.Header), []int{204, 200}[i]})
	}
	for _, e := range res.Exchanges {
		got = append(got, ex{e.Request.Method, e.Request.Preflight, headerLines(e.Request.Header), e.Response.Status})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("exchanges mismatch (-network saw +result says):\n%s", diff)
	}
}

// headerValuesOf returns the values of name on r, for checks of repeated
// headers.
func headerValuesOf(r *WireRequest, name string) []string {
	return safelist.HeaderList(r.Header).Values(name)
}

// TestSameSiteCookies checks which cookies a hop carries given the
// [same-site mode] (#148, checklist "beyond" item 5) and the third-party
// cookie knob (D8).
//
// [same-site mode]: https://fetch.spec.whatwg.org/#determine-the-same-site-mode
func TestSameSiteCookies(t *testing.T) {
	const a, b, c = "https://a.example", "https://b.example", "https://c.example"
	credOK := func(status int, origin string, nv ...string) *WireResponse {
		return reply(status, append([]string{"Access-Control-Allow-Origin", origin, "Access-Control-Allow-Credentials", "true"}, nv...)...)
	}
	include := RequestInit{Credentials: CredentialsInclude}
	chromium := Spec
	chromium.Cookies = Chromium.Cookies
	tests := []fetchCase{
		{
			name:     "first party",
			spec:     "determine-the-same-site-mode step 6: strict-or-less",
			page:     b,
			url:      b + "/x",
			routes:   routes{"GET " + b + "/x": reply(200)},
			wantSent: []wantWire{wire("GET", b+"/x", "Cookie", "strict=1; lax=1; none=1")},
			want:     &wantView{Type: TypeBasic, Status: 200, URL: b + "/x"},
		},
		{
			name:     "a cross-site page's request",
			spec:     "#148: a cross-site subresource request sends SameSite=None cookies only",
			url:      b + "/x",
			init:     include,
			routes:   routes{"GET " + b + "/x": credOK(200, a)},
			wantSent: []wantWire{wire("GET", b+"/x", "Origin", a, "Cookie", "none=1")},
			want:     &wantView{Type: TypeCORS, Status: 200, URL: b + "/x"},
		},
		{
			name:     "a page with a cross-site ancestor",
			spec:     "determine-the-same-site-mode step 4: has cross-site ancestor → unset-or-less",
			client:   func(t testing.TB) *Client { return framePage(t, b, "https://x.example") },
			url:      b + "/x",
			routes:   routes{"GET " + b + "/x": reply(200)},
			wantSent: []wantWire{wire("GET", b+"/x", "Cookie", "none=1")},
			want:     &wantView{Type: TypeBasic, Status: 200, URL: b + "/x"},
		},
		{
			name:     "a page under a same-site top-level page",
			spec:     "determine-the-same-site-mode: no cross-site ancestor",
			client:   func(t testing.TB) *Client { return framePage(t, b, "https://www.b.example") },
			url:      b + "/x",
			routes:   routes{"GET " + b + "/x": reply(200)},
			wantSent: []wantWire{wire("GET", b+"/x", "Cookie", "strict=1; lax=1; none=1")},
			want:     &wantView{Type: TypeBasic, Status: 200, URL: b + "/x"},
		},
		{
			name: "back on the page's site after a cross-site redirect",
			spec: "determine-the-same-site-mode step 5: redirect-taint cross-site → unset-or-less",
			page: b,
			url:  b + "/1",
			init: include,
			routes: routes{
				"GET " + b + "/1": reply(302, "Location", c+"/2"),
				"GET " + c + "/2": credOK(302, b, "Location", b+"/3"),
				"GET " + b + "/3": credOK(200, "null"),
			},
			wantSent: []wantWire{
				wire("GET", b+"/1", "Cookie", "strict=1; lax=1; none=1"),
				wire("GET", c+"/2", "Origin", b),
				wire("GET", b+"/3", "Origin", "null", "Cookie", "none=1"),
			},
			want: &wantView{Type: TypeCORS, Status: 200, URL: b + "/3", Redirected: true},
		},
		{
			name:     "third-party cookies blocked",
			spec:     "D8 append-a-request-cookie-header step 1: the user agent disables cookies for the request",
			url:      b + "/x",
			init:     include,
			profile:  &chromium,
			routes:   routes{"GET " + b + "/x": credOK(200, a)},
			wantSent: []wantWire{wire("GET", b+"/x", "Origin", a)},
			want:     &wantView{Type: TypeCORS, Status: 200, URL: b + "/x"},
		},
		{
			name:     "third-party blocking spares first parties",
			spec:     "D8",
			page:     b,
			url:      b + "/x",
			profile:  &chromium,
			routes:   routes{"GET " + b + "/x": reply(200)},
			wantSent: []wantWire{wire("GET", b+"/x", "Cookie", "strict=1; lax=1; none=1")},
			want:     &wantView{Type: TypeBasic, Status: 200, URL: b + "/x"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.profile
			if p == nil {
				p = &Spec
			}
			n := newNet(tc.routes)
			ag, _ := newTestAgent(t, p, n)
			for _, sc := range []string{"strict=1; Secure; SameSite=Strict", "lax=1; Secure; SameSite=Lax", "none=1; Secure; SameSite=None"} {
				storeCookie(t, ag, b+"/", sc)
			}
			tc.runOn(t, ag, n)
		})
	}
	t.Run("third-party Set-Cookie", func(t *testing.T) {
		for _, p := range []*Profile{&Spec, &chromium} {
			n := newNet(routes{"GET " + b + "/x": credOK(200, a, "Set-Cookie", "s=1; Secure; SameSite=None")})
			ag, _ := newTestAgent(t, p, n)
			fetchCase{spec: "D8 parse-and-store-response-set-cookie-headers step 1", url: b + "/x", init: include,
				wantSent: []wantWire{wire("GET", b+"/x", "Origin", a)},
				want:     &wantView{Type: TypeCORS, Status: 200, URL: b + "/x"}}.runOn(t, ag, n)
			if stored, want := len(ag.Jar.All()) > 0, !p.Cookies.BlockThirdParty; stored != want {
				t.Errorf("BlockThirdParty %v: cookie stored = %v, want %v", p.Cookies.BlockThirdParty, stored, want)
			}
		}
	})
}
