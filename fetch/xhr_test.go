package fetch

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// xhrCall is one XMLHttpRequest set up by script: open, setRequestHeader
// calls, withCredentials, upload listeners, and send's body.
type xhrCall struct {
	method, url     string
	headers         [][2]string
	withCredentials bool
	upload          bool
	body            BodyKind
}

// build makes the request send() would fetch, for a page of c.
func (x xhrCall) build(c *Client) (*Request, *ScriptError) {
	xhr := NewXHR(c)
	xhr.WithCredentials, xhr.UploadListeners = x.withCredentials, x.upload
	if err := xhr.Open(x.method, x.url); err != nil {
		return nil, err
	}
	for _, h := range x.headers {
		if err := xhr.SetRequestHeader(h[0], h[1]); err != nil {
			return nil, err
		}
	}
	return xhr.Request(x.body)
}

// TestXHRRequest checks the request XMLHttpRequest's open(),
// setRequestHeader() and send() build (group AA, items tagged [XHR]).
func TestXHRRequest(t *testing.T) {
	const b = "https://b.example/x"
	xhr := func(method string, header ...string) requestView {
		v := cors(method, header...)
		return v
	}
	with := func(v requestView, f func(*requestView)) requestView { f(&v); return v }
	tests := []struct {
		name string
		spec string
		call xhrCall
		want requestView
	}{
		{"defaults", "#224 [XHR] send(): mode cors, unsafe-request flag, same-origin credentials",
			xhrCall{method: "GET", url: b}, xhr("GET")},
		{"method normalized", "#227 #15", xhrCall{method: "post", url: b}, xhr("POST")},
		{"custom method kept", "#15", xhrCall{method: "patch", url: b}, xhr("patch")},
		{"withCredentials", "#225 [XHR]: include", xhrCall{method: "GET", url: b, withCredentials: true},
			with(xhr("GET"), func(v *requestView) { v.Credentials = CredentialsInclude })},
		{"upload listeners", "#226 #48 [XHR]: the use-CORS-preflight flag", xhrCall{method: "POST", url: b, upload: true, body: BodyText},
			with(xhr("POST", "Content-Type: text/plain;charset=UTF-8"), func(v *requestView) { v.UseCORSPreflight, v.Body = true, "corsim" })},
		{"upload listeners without a body", "#226 B14: the flag does not depend on the body", xhrCall{method: "GET", url: b, upload: true},
			with(xhr("GET"), func(v *requestView) { v.UseCORSPreflight = true })},
		{"repeated header combined", "#4 #228 concept-header-list-combine",
			xhrCall{method: "GET", url: b, headers: [][2]string{{"X-A", "1"}, {"x-a", "2"}}}, xhr("GET", "X-A: 1, 2")},
		{"forbidden header ignored", "#228 #35", xhrCall{method: "GET", url: b, headers: [][2]string{{"Cookie", "a"}, {"Sec-X", "1"}, {"X-A", "1"}}},
			xhr("GET", "X-A: 1")},
		{"value normalized", "#7 #228", xhrCall{method: "GET", url: b, headers: [][2]string{{"X-A", " 1 "}}}, xhr("GET", "X-A: 1")},
		{"GET drops the body", "#229 [XHR] send() step 3", xhrCall{method: "GET", url: b, body: BodyText}, xhr("GET")},
		{"HEAD drops the body", "#229 [XHR] send() step 3", xhrCall{method: "HEAD", url: b, body: BodyFormData}, xhr("HEAD")},
		{"string body", "#229 [XHR]: the extracted type", xhrCall{method: "POST", url: b, body: BodyText},
			with(xhr("POST", "Content-Type: text/plain;charset=UTF-8"), func(v *requestView) { v.Body = "corsim" })},
		{"string body, author charset rewritten", "#229 [XHR] send(): a string body's charset becomes UTF-8",
			xhrCall{method: "POST", url: b, body: BodyText, headers: [][2]string{{"Content-Type", "text/plain; charset=ISO-8859-1"}}},
			with(xhr("POST", "Content-Type: text/plain;charset=UTF-8"), func(v *requestView) { v.Body = "corsim" })},
		{"string body, author type without charset", "#229 [XHR] send(): no charset, no change",
			xhrCall{method: "POST", url: b, body: BodyText, headers: [][2]string{{"Content-Type", "application/json"}}},
			with(xhr("POST", "Content-Type: application/json"), func(v *requestView) { v.Body = "corsim" })},
		{"string body, author charset utf-8", "#229 [XHR] send(): utf-8 in any case stays as written",
			xhrCall{method: "POST", url: b, body: BodyText, headers: [][2]string{{"Content-Type", "text/plain; charset=utf-8"}}},
			with(xhr("POST", "Content-Type: text/plain; charset=utf-8"), func(v *requestView) { v.Body = "corsim" })},
		{"URLSearchParams body, author charset kept", "#229 [XHR] send(): only a string or Document is rewritten",
			xhrCall{method: "POST", url: b, body: BodyURLSearchParams, headers: [][2]string{{"Content-Type", "application/x-www-form-urlencoded; charset=ISO-8859-1"}}},
			with(xhr("POST", "Content-Type: application/x-www-form-urlencoded; charset=ISO-8859-1"), func(v *requestView) { v.Body = "a=corsim" })},
		{"Blob body", "#204 concept-bodyinit-extract: no type", xhrCall{method: "PUT", url: b, body: BodyBlob},
			with(xhr("PUT"), func(v *requestView) { v.Body = "corsim" })},
		{"ReadableStream body", "#229 Web IDL: a stream converts to the string \"[object ReadableStream]\"",
			xhrCall{method: "POST", url: b, body: BodyStream},
			with(xhr("POST", "Content-Type: text/plain;charset=UTF-8"), func(v *requestView) { v.Body = "[object ReadableStream]" })},
		{"URL with credentials", "#227 [XHR] open(): allowed, unlike fetch()", xhrCall{method: "GET", url: "https://u:p@b.example/x"}, xhr("GET")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, serr := tc.call.build(topPage(t, pageA))
			if serr != nil {
				t.Fatalf("%s: %v", tc.spec, serr)
			}
			if diff := cmp.Diff(tc.want, viewRequest(req)); diff != "" {
				t.Errorf("%s: request mismatch (-want +got):\n%s", tc.spec, diff)
			}
			if req.API != APIXHR || req.CurrentURL().String() != tc.call.url {
				t.Errorf("%s: API %s, URL %s", tc.spec, req.API, req.CurrentURL())
			}
		})
	}
}

// TestXHRErrors checks the exceptions of open(), setRequestHeader() and
// send(): Web IDL's TypeError first, then the XHR Standard's own.
func TestXHRErrors(t *testing.T) {
	tests := []struct {
		name       string
		spec       string
		call       xhrCall
		wantReason Reason
		wantName   string
	}{
		{"method not a token", "#227 [XHR] open() step 2", xhrCall{method: "GET POST", url: "https://b.example/"}, InvalidMethod, "SyntaxError"},
		{"empty method", "#227 [XHR] open() step 2", xhrCall{method: "", url: "https://b.example/"}, InvalidMethod, "SyntaxError"},
		{"forbidden method", "#227 [XHR] open() step 3", xhrCall{method: "TRACK", url: "https://b.example/"}, ForbiddenMethod, "SecurityError"},
		{"forbidden method lowercase", "#227 #14", xhrCall{method: "connect", url: "https://b.example/"}, ForbiddenMethod, "SecurityError"},
		{"method above U+00FF", "Web IDL ByteString: a TypeError", xhrCall{method: "G\u0100T", url: "https://b.example/"}, InvalidMethod, "TypeError"},
		{"unparsable URL", "[XHR] open() step 6", xhrCall{method: "GET", url: "https://"}, InvalidURL, "SyntaxError"},
		{"method before URL", "[XHR] open(): step 2 before step 6", xhrCall{method: "GET POST", url: "https://"}, InvalidMethod, "SyntaxError"},
		{"invalid header name", "#228 [XHR] setRequestHeader() step 4", xhrCall{method: "GET", url: "https://b.example/", headers: [][2]string{{"X A", "1"}}}, InvalidHeaderName, "SyntaxError"},
		{"invalid header value", "#228 [XHR] setRequestHeader() step 4", xhrCall{method: "GET", url: "https://b.example/", headers: [][2]string{{"X-A", "a\rb"}}}, InvalidHeaderValue, "SyntaxError"},
		{"invalid forbidden header", "#228: validity before the forbidden check", xhrCall{method: "GET", url: "https://b.example/", headers: [][2]string{{"Cookie", "a\nb"}}}, InvalidHeaderValue, "SyntaxError"},
		{"header value above U+00FF", "Web IDL ByteString: a TypeError", xhrCall{method: "GET", url: "https://b.example/", headers: [][2]string{{"X-A", "\u2603"}}}, InvalidHeaderValue, "TypeError"},
		{"header name above U+00FF", "Web IDL ByteString: a TypeError", xhrCall{method: "GET", url: "https://b.example/", headers: [][2]string{{"X-\u0100", "1"}}}, InvalidHeaderName, "TypeError"},
		{"unknown body kind", "Web IDL: send()'s argument", xhrCall{method: "POST", url: "https://b.example/", body: "json"}, InvalidEnumValue, "TypeError"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, serr := tc.call.build(topPage(t, pageA))
			if serr == nil {
				t.Fatalf("%s: no exception, want %s %s", tc.spec, tc.wantName, tc.wantReason)
			}
			got := [3]string{string(serr.Reason), serr.Name, string(serr.API)}
			if diff := cmp.Diff([3]string{string(tc.wantReason), tc.wantName, string(APIXHR)}, got); diff != "" {
				t.Errorf("%s: exception mismatch (-want +got):\n%s", tc.spec, diff)
			}
		})
	}
	t.Run("state", func(t *testing.T) {
		x := NewXHR(topPage(t, pageA))
		if err := x.SetRequestHeader("X-A", "1"); err == nil || err.Name != "InvalidStateError" {
			t.Errorf("[XHR] setRequestHeader() before open(): %v, want InvalidStateError", err)
		}
		if err := x.SetRequestHeader("X-A", "\u2603"); err == nil || err.Name != "TypeError" {
			t.Errorf("Web IDL: setRequestHeader() before open() with a non-ByteString: %v, want TypeError first", err)
		}
		if _, err := x.Request(NoBody); err == nil || err.Name != "InvalidStateError" {
			t.Errorf("[XHR] send() before open(): %v, want InvalidStateError", err)
		}
	})
	t.Run("open again", func(t *testing.T) {
		x := NewXHR(topPage(t, pageA))
		x.WithCredentials = true
		if err := x.Open("GET", "https://b.example/1"); err != nil {
			t.Fatal(err)
		}
		if err := x.SetRequestHeader("X-A", "1"); err != nil {
			t.Fatal(err)
		}
		if err := x.Open("PUT", "https://b.example/2"); err != nil {
			t.Fatal(err)
		}
		req, err := x.Request(NoBody)
		if err != nil {
			t.Fatal(err)
		}
		want := cors("PUT")
		want.Credentials = CredentialsInclude
		if diff := cmp.Diff(want, viewRequest(req)); diff != "" {
			t.Errorf("[XHR] open() step 10: author request headers emptied, withCredentials kept (-want +got):\n%s", diff)
		}
	})
}

// TestXHRFetch runs XMLHttpRequests through Agent.Fetch.
func TestXHRFetch(t *testing.T) {
	tests := []struct {
		name     string
		spec     string
		call     xhrCall
		routes   routes
		wantSent []wantWire
		want     *wantView
		wantErr  *wantErr
	}{
		{
			name:     "same origin with a custom header",
			spec:     "#224 #94: a same-origin XHR is basic, never preflighted",
			call:     xhrCall{method: "GET", url: pageA + "/x", headers: [][2]string{{"X-A", "1"}}},
			routes:   routes{"GET " + pageA + "/x": reply(200, "X-A", "1")},
			wantSent: []wantWire{wire("GET", pageA+"/x", "X-A", "1")},
			want:     &wantView{Type: TypeBasic, Status: 200, URL: pageA + "/x", Headers: []string{"x-a"}},
		},
		{
			name: "upload listeners preflight a simple POST",
			spec: "#226 [XHR]: OPTIONS with ACRM POST and no ACRH, then the POST",
			call: xhrCall{method: "POST", url: urlB, upload: true, body: BodyText},
			routes: routes{
				"OPTIONS " + urlB: preflightOK(),
				"POST " + urlB:    acaoStar(200),
			},
			wantSent: []wantWire{optionsB("POST", noHeader), wire("POST", urlB, "Origin", pageA, "Content-Type", "text/plain;charset=UTF-8")},
			want:     &wantView{Type: TypeCORS, Status: 200, URL: urlB},
		},
		{
			name:     "upload listeners, same origin",
			spec:     "#95 #226: branch 1 wins over the flag",
			call:     xhrCall{method: "POST", url: pageA + "/up", upload: true, body: BodyText},
			routes:   routes{"POST " + pageA + "/up": reply(200)},
			wantSent: []wantWire{wire("POST", pageA+"/up", "Origin", pageA, "Content-Type", "text/plain;charset=UTF-8")},
			want:     &wantView{Type: TypeBasic, Status: 200, URL: pageA + "/up"},
		},
		{
			name: "combined Content-Type is unsafe",
			spec: "#228 #22: `text/plain, text/plain` does not parse as a MIME type",
			call: xhrCall{method: "POST", url: urlB, body: BodyText, headers: [][2]string{{"Content-Type", "text/plain"}, {"Content-Type", "text/plain"}}},
			routes: routes{
				"OPTIONS " + urlB: preflightOK("Access-Control-Allow-Headers", "content-type"),
				"POST " + urlB:    acaoStar(200),
			},
			wantSent: []wantWire{optionsB("POST", "content-type"), wire("POST", urlB, "Origin", pageA, "Content-Type", "text/plain, text/plain")},
			want:     &wantView{Type: TypeCORS, Status: 200, URL: urlB},
		},
		{
			name: "combined Accept over 128 bytes",
			spec: "#29 #17: combine makes one 202-byte value",
			call: xhrCall{method: "GET", url: urlB, headers: [][2]string{{"Accept", repeatByte('a', 100)}, {"Accept", repeatByte('a', 100)}}},
			routes: routes{
				"OPTIONS " + urlB: preflightOK("Access-Control-Allow-Headers", "accept"),
				"GET " + urlB:     acaoStar(200),
			},
			wantSent: []wantWire{optionsB("GET", "accept"), wire("GET", urlB, "Origin", pageA)},
			want:     &wantView{Type: TypeCORS, Status: 200, URL: urlB},
		},
		{
			name:     "withCredentials needs the exact origin",
			spec:     "#225 #189: ACAO * fails with credentials",
			call:     xhrCall{method: "GET", url: urlB, withCredentials: true},
			routes:   routes{"GET " + urlB: acaoStar(200, "Access-Control-Allow-Credentials", "true")},
			wantSent: []wantWire{wire("GET", urlB, "Origin", pageA)},
			wantErr:  &wantErr{CORSNotSupportingCredentials, "concept-cors-check", "4"},
		},
		{
			name:     "withCredentials, exact origin and ACAC",
			spec:     "#225 #187",
			call:     xhrCall{method: "GET", url: urlB, withCredentials: true},
			routes:   routes{"GET " + urlB: reply(200, "Access-Control-Allow-Origin", pageA, "Access-Control-Allow-Credentials", "true")},
			wantSent: []wantWire{wire("GET", urlB, "Origin", pageA)},
			want:     &wantView{Type: TypeCORS, Status: 200, URL: urlB},
		},
		{
			name:     "a CORS failure",
			spec:     "#230 [XHR]: a network error",
			call:     xhrCall{method: "GET", url: urlB},
			routes:   routes{"GET " + urlB: reply(200)},
			wantSent: []wantWire{wire("GET", urlB, "Origin", pageA)},
			wantErr:  &wantErr{CORSMissingAllowOrigin, "concept-cors-check", "2"},
		},
		{
			name: "responseURL drops the fragment",
			spec: "#232 [XHR] responseURL",
			call: xhrCall{method: "GET", url: urlB + "#f"},
			routes: routes{
				"GET " + urlB:             acaoStar(302, "Location", "https://b.example/2"),
				"GET https://b.example/2": acaoStar(200),
			},
			wantSent: []wantWire{wire("GET", urlB, "Origin", pageA), wire("GET", "https://b.example/2", "Origin", pageA)},
			want:     &wantView{Type: TypeCORS, Status: 200, URL: "https://b.example/2", Redirected: true},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := newNet(tc.routes)
			ag, _ := newTestAgent(t, &Spec, n)
			req, serr := tc.call.build(topPage(t, pageA))
			if serr != nil {
				t.Fatal(serr)
			}
			res := ag.Fetch(context.Background(), req)
			checkSent(t, tc.spec, n.requests(), tc.wantSent)
			if diff := cmp.Diff(tc.wantErr, errOf(res.Err)); diff != "" {
				t.Errorf("%s: network error mismatch (-want +got):\n%s", tc.spec, diff)
			}
			if res.Err != nil && res.Err.API != APIXHR {
				t.Errorf("%s: the error's API is %q, want xhr", tc.spec, res.Err.API)
			}
			if tc.want != nil {
				if res.Response == nil {
					t.Fatalf("%s: no response", tc.spec)
				}
				if diff := cmp.Diff(tc.want, viewOf(res.Response, tc.want.Headers != nil)); diff != "" {
					t.Errorf("%s: response mismatch (-want +got):\n%s", tc.spec, diff)
				}
			}
		})
	}
}

// TestXHRURLCredentialsNotSent checks that the userinfo open() accepts never
// reaches the wire: the request target of an http(s) URI carries none (RFC
// 9110 §4.2.4), and the Authorization a 401 would call for is not modelled.
func TestXHRURLCredentialsNotSent(t *testing.T) {
	for _, tc := range []struct{ url, route string }{
		{"https://u:p@a.example/x", "https://a.example/x"},
		{"https://u@b.example/x?q#f", "https://b.example/x?q"},
	} {
		n := newNet(routes{"GET " + tc.route: acaoStar(200)})
		ag, _ := newTestAgent(t, &Spec, n)
		x := NewXHR(topPage(t, pageA))
		if err := x.Open("GET", tc.url); err != nil {
			t.Fatal(err)
		}
		req, err := x.Request(NoBody)
		if err != nil {
			t.Fatal(err)
		}
		res := ag.Fetch(context.Background(), req)
		if res.Err != nil {
			t.Fatalf("open(GET, %q): %v", tc.url, res.Err)
		}
		checkSent(t, "#227 [XHR] open() keeps the URL's credentials; RFC 9110 §4.2.4 keeps them off the wire: "+tc.url,
			n.requests(), []wantWire{wire("GET", tc.route, "Origin", originHeaderFor(tc.route), "Authorization", noHeader)})
	}
}

// originHeaderFor is the Origin a page of pageA sends to url: none to its
// own origin with GET, its origin otherwise.
func originHeaderFor(url string) string {
	if strings.HasPrefix(url, pageA+"/") {
		return noHeader
	}
	return pageA
}
