package fetch

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// acaoStar is the answer of a B that shares everything, redirects included.
func acaoStar(status int, nv ...string) *WireResponse {
	return reply(status, append([]string{"Access-Control-Allow-Origin", "*"}, nv...)...)
}

// redirectTests check HTTP-redirect fetch (group P), in its steps' order.
var redirectTests = []fetchCase{
	{
		name:     "no Location, cross origin",
		spec:     "#126 concept-http-redirect-fetch step 4: the 3xx is the response",
		url:      "https://b.example/r",
		routes:   routes{"GET https://b.example/r": acaoStar(302)},
		wantSent: []wantWire{wire("GET", "https://b.example/r", "Origin", "https://a.example")},
		want:     &wantView{Type: TypeCORS, Status: 302, URL: "https://b.example/r"},
	},
	{
		name:     "no Location, same origin",
		spec:     "#126 concept-http-redirect-fetch step 4",
		url:      "https://a.example/r",
		routes:   routes{"GET https://a.example/r": reply(307)},
		wantSent: []wantWire{wire("GET", "https://a.example/r")},
		want:     &wantView{Type: TypeBasic, Status: 307, URL: "https://a.example/r"},
	},
	{
		name:     "Location does not parse",
		spec:     "#127 concept-http-redirect-fetch step 5",
		url:      "https://b.example/r",
		routes:   routes{"GET https://b.example/r": acaoStar(302, "Location", "http://[bad")},
		wantSent: []wantWire{wire("GET", "https://b.example/r", "Origin", "https://a.example")},
		wantErr:  &wantErr{RedirectLocationInvalid, "concept-http-redirect-fetch", "5"},
	},
	{
		name:     "two different Location headers",
		spec:     "#66 #127 concept-response-location-url: Location is single-valued",
		url:      "https://a.example/r",
		routes:   routes{"GET https://a.example/r": reply(302, "Location", "/1", "Location", "/2")},
		wantSent: []wantWire{wire("GET", "https://a.example/r")},
		wantErr:  &wantErr{RedirectLocationInvalid, "concept-http-redirect-fetch", "5"},
	},
	{
		name:     "two identical Location headers",
		spec:     "#127 quirk Q5: extract header list values fails for several headers of a single-valued name",
		url:      "https://a.example/r",
		routes:   routes{"GET https://a.example/r": reply(302, "Location", "/1", "Location", "/1")},
		wantSent: []wantWire{wire("GET", "https://a.example/r")},
		wantErr:  &wantErr{RedirectLocationInvalid, "concept-http-redirect-fetch", "5"},
	},
	{
		name:     "Location is a data: URL",
		spec:     "#128 concept-http-redirect-fetch step 6",
		url:      "https://b.example/r",
		routes:   routes{"GET https://b.example/r": acaoStar(302, "Location", "data:text/plain,x")},
		wantSent: []wantWire{wire("GET", "https://b.example/r", "Origin", "https://a.example")},
		wantErr:  &wantErr{RedirectNotHTTP, "concept-http-redirect-fetch", "6"},
	},
	{
		name:     "Location is about:blank, no-cors",
		spec:     "#128 concept-http-redirect-fetch step 6, in every mode",
		url:      "https://b.example/r",
		init:     RequestInit{Mode: ModeNoCORS},
		routes:   routes{"GET https://b.example/r": reply(301, "Location", "about:blank")},
		wantSent: []wantWire{wire("GET", "https://b.example/r")},
		wantErr:  &wantErr{RedirectNotHTTP, "concept-http-redirect-fetch", "6"},
	},
	{
		name:     "Location with credentials, cors mode, cross origin",
		spec:     "#130 concept-http-redirect-fetch step 9",
		url:      "https://a.example/1",
		routes:   routes{"GET https://a.example/1": reply(302, "Location", "https://u:p@b.example/")},
		wantSent: []wantWire{wire("GET", "https://a.example/1")},
		wantErr:  &wantErr{CORSRedirectCredentials, "concept-http-redirect-fetch", "9"},
	},
	{
		name: "Location with credentials, same origin, basic tainting",
		spec: "#130 #131 concept-http-redirect-fetch steps 9-10: same origin and not cors-tainted; RFC 9110 §4.2.4: the request target has no userinfo",
		url:  "https://a.example/1",
		routes: routes{
			"GET https://a.example/1": reply(302, "Location", "https://u:p@a.example/2"),
			"GET https://a.example/2": reply(200),
		},
		wantSent: []wantWire{wire("GET", "https://a.example/1"), wire("GET", "https://a.example/2")},
		want:     &wantView{Type: TypeBasic, Status: 200, URL: "https://u:p@a.example/2", Redirected: true},
	},
	{
		name:     "Location with credentials to the page's origin, cors tainting",
		spec:     "#131 concept-http-redirect-fetch step 10",
		url:      "https://b.example/1",
		routes:   routes{"GET https://b.example/1": acaoStar(302, "Location", "https://u:p@a.example/")},
		wantSent: []wantWire{wire("GET", "https://b.example/1", "Origin", "https://a.example")},
		wantErr:  &wantErr{CORSRedirectCredentials, "concept-http-redirect-fetch", "10"},
	},
	{
		name:     "Location with only a username, cors tainting",
		spec:     "#130 concept-http-redirect-fetch step 9: a username alone is credentials (B is cross-origin to A)",
		url:      "https://b.example/1",
		routes:   routes{"GET https://b.example/1": acaoStar(302, "Location", "https://u@b.example/2")},
		wantSent: []wantWire{wire("GET", "https://b.example/1", "Origin", "https://a.example")},
		wantErr:  &wantErr{CORSRedirectCredentials, "concept-http-redirect-fetch", "9"},
	},
	{
		name: "Location with credentials, no-cors",
		spec: "#130 #131 concept-http-redirect-fetch steps 9-10 are about cors only; RFC 9110 §4.2.4: no userinfo on the wire",
		url:  "https://b.example/1",
		init: RequestInit{Mode: ModeNoCORS},
		routes: routes{
			"GET https://b.example/1": reply(302, "Location", "https://u:p@c.example/2"),
			"GET https://c.example/2": reply(200),
		},
		wantSent: []wantWire{wire("GET", "https://b.example/1"), wire("GET", "https://c.example/2")},
		want:     &wantView{Type: TypeOpaque, URL: "", Headers: []string{}},
	},
	{
		name:     "stream body, 307",
		spec:     "#132 concept-http-redirect-fetch step 11",
		url:      "https://a.example/up",
		init:     RequestInit{Method: "POST", Body: BodyStream, Duplex: "half"},
		routes:   routes{"POST https://a.example/up": reply(307, "Location", "/up2")},
		wantSent: []wantWire{wire("POST", "https://a.example/up", "Origin", "https://a.example")},
		wantErr:  &wantErr{RedirectStreamBody, "concept-http-redirect-fetch", "11"},
	},
	{
		name:     "stream body, 302",
		spec:     "#132 concept-http-redirect-fetch step 11 comes before the POST-to-GET rewrite",
		url:      "https://a.example/up",
		init:     RequestInit{Method: "POST", Body: BodyStream, Duplex: "half"},
		routes:   routes{"POST https://a.example/up": reply(302, "Location", "/up2")},
		wantSent: []wantWire{wire("POST", "https://a.example/up", "Origin", "https://a.example")},
		wantErr:  &wantErr{RedirectStreamBody, "concept-http-redirect-fetch", "11"},
	},
	{
		name: "stream body, 303",
		spec: "#132 #133 concept-http-redirect-fetch steps 11-12: a 303 continues as a bodiless GET",
		url:  "https://a.example/up",
		init: RequestInit{Method: "POST", Body: BodyStream, Duplex: "half"},
		routes: routes{
			"POST https://a.example/up":  reply(303, "Location", "/done"),
			"GET https://a.example/done": reply(200),
		},
		wantSent: []wantWire{wire("POST", "https://a.example/up", "Origin", "https://a.example"), wire("GET", "https://a.example/done")},
		want:     &wantView{Type: TypeBasic, Status: 200, URL: "https://a.example/done", Redirected: true},
	},
	{
		name: "Authorization is dropped on a cross-origin redirect",
		spec: "#134 concept-http-redirect-fetch step 13; without it nothing is CORS-unsafe, so no preflight",
		url:  "https://a.example/1",
		init: RequestInit{Headers: [][2]string{{"Authorization", "Bearer t"}}},
		routes: routes{
			"GET https://a.example/1": reply(302, "Location", "https://b.example/1"),
			"GET https://b.example/1": acaoStar(200),
		},
		wantSent: []wantWire{
			wire("GET", "https://a.example/1", "Authorization", "Bearer t"),
			wire("GET", "https://b.example/1", "Origin", "https://a.example"),
		},
		want: &wantView{Type: TypeCORS, Status: 200, URL: "https://b.example/1", Redirected: true},
	},
	{
		name: "Authorization is kept on a same-origin redirect",
		spec: "#134 concept-http-redirect-fetch step 13",
		url:  "https://a.example/1",
		init: RequestInit{Headers: [][2]string{{"Authorization", "Bearer t"}}},
		routes: routes{
			"GET https://a.example/1": reply(301, "Location", "/2"),
			"GET https://a.example/2": reply(200),
		},
		wantSent: []wantWire{
			wire("GET", "https://a.example/1", "Authorization", "Bearer t"),
			wire("GET", "https://a.example/2", "Authorization", "Bearer t"),
		},
		want: &wantView{Type: TypeBasic, Status: 200, URL: "https://a.example/2", Redirected: true},
	},
	{
		name: "Authorization stays dropped when the chain comes back",
		spec: "#134 concept-http-redirect-fetch step 13: permanent for the rest of the chain",
		url:  "https://a.example/1",
		init: RequestInit{Headers: [][2]string{{"Authorization", "Bearer t"}}},
		routes: routes{
			"GET https://a.example/1": reply(302, "Location", "https://b.example/2"),
			"GET https://b.example/2": acaoStar(302, "Location", "https://a.example/3"),
			"GET https://a.example/3": acaoStar(200),
		},
		wantSent: []wantWire{
			wire("GET", "https://a.example/1", "Authorization", "Bearer t"),
			wire("GET", "https://b.example/2", "Origin", "https://a.example"),
			wire("GET", "https://a.example/3", "Origin", "null"),
		},
		want: &wantView{Type: TypeCORS, Status: 200, URL: "https://a.example/3", Redirected: true},
	},
	{
		name: "Authorization, a preflighted same-origin redirect",
		spec: "#134 #137: B/1 → B/2 keeps Authorization, and B/2 is preflighted again",
		url:  "https://b.example/1",
		init: RequestInit{Headers: [][2]string{{"Authorization", "Bearer t"}}},
		routes: routes{
			"OPTIONS https://b.example/1": acaoStar(204, "Access-Control-Allow-Headers", "Authorization"),
			"GET https://b.example/1":     acaoStar(307, "Location", "/2"),
			"OPTIONS https://b.example/2": acaoStar(204, "Access-Control-Allow-Headers", "Authorization"),
			"GET https://b.example/2":     acaoStar(200),
		},
		wantSent: []wantWire{
			wire("OPTIONS", "https://b.example/1", "Origin", "https://a.example", "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization"),
			wire("GET", "https://b.example/1", "Origin", "https://a.example", "Authorization", "Bearer t"),
			wire("OPTIONS", "https://b.example/2", "Origin", "https://a.example", "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization"),
			wire("GET", "https://b.example/2", "Origin", "https://a.example", "Authorization", "Bearer t"),
		},
		want: &wantView{Type: TypeCORS, Status: 200, URL: "https://b.example/2", Redirected: true},
	},
	{
		name: "a new preflight for the new URL, with Origin null",
		spec: "#137 #77 concept-http-redirect-fetch step 22: main fetch again for C/1",
		url:  "https://b.example/1",
		init: RequestInit{Method: "PUT"},
		routes: routes{
			"OPTIONS https://b.example/1": acaoStar(204, "Access-Control-Allow-Methods", "PUT"),
			"PUT https://b.example/1":     acaoStar(307, "Location", "https://c.example/1"),
			"OPTIONS https://c.example/1": acaoStar(204, "Access-Control-Allow-Methods", "PUT"),
			"PUT https://c.example/1":     acaoStar(200),
		},
		wantSent: []wantWire{
			wire("OPTIONS", "https://b.example/1", "Origin", "https://a.example", "Access-Control-Request-Method", "PUT"),
			wire("PUT", "https://b.example/1", "Origin", "https://a.example"),
			wire("OPTIONS", "https://c.example/1", "Origin", "null", "Access-Control-Request-Method", "PUT"),
			wire("PUT", "https://c.example/1", "Origin", "null"),
		},
		want: &wantView{Type: TypeCORS, Status: 200, URL: "https://c.example/1", Redirected: true},
	},
	{
		name:     "same-origin mode redirected to another origin",
		spec:     "#138 concept-main-fetch step 12 on recursion",
		url:      "https://a.example/r",
		init:     RequestInit{Mode: ModeSameOrigin},
		routes:   routes{"GET https://a.example/r": reply(302, "Location", "https://b.example/")},
		wantSent: []wantWire{wire("GET", "https://a.example/r")},
		wantErr:  &wantErr{SameOriginModeCrossOrigin, "concept-main-fetch", "12"},
	},
	{
		name: "relative Location",
		spec: "#66 concept-response-location-url step 3: parsed with the response's URL",
		url:  "https://b.example/a/b?q",
		routes: routes{
			"GET https://b.example/a/b?q": acaoStar(302, "Location", "../y?z"),
			"GET https://b.example/y?z":   acaoStar(200),
		},
		wantSent: []wantWire{
			wire("GET", "https://b.example/a/b?q", "Origin", "https://a.example"),
			wire("GET", "https://b.example/y?z", "Origin", "https://a.example"),
		},
		want: &wantView{Type: TypeCORS, Status: 200, URL: "https://b.example/y?z", Redirected: true},
	},
	{
		name: "scheme-relative Location",
		spec: "#66 concept-response-location-url step 3",
		url:  "https://b.example/a",
		routes: routes{
			"GET https://b.example/a": acaoStar(308, "Location", "//c.example/z"),
			"GET https://c.example/z": acaoStar(200),
		},
		wantSent: []wantWire{
			wire("GET", "https://b.example/a", "Origin", "https://a.example"),
			wire("GET", "https://c.example/z", "Origin", "null"),
		},
		want: &wantView{Type: TypeCORS, Status: 200, URL: "https://c.example/z", Redirected: true},
	},
	{
		name: "the request's fragment is inherited, and never sent",
		spec: "#66 #67 concept-response-location-url step 4; Response.url excludes the fragment",
		url:  "https://b.example/1#frag",
		routes: routes{
			"GET https://b.example/1": acaoStar(302, "Location", "/2"),
			"GET https://b.example/2": acaoStar(200),
		},
		wantSent: []wantWire{
			wire("GET", "https://b.example/1", "Origin", "https://a.example"),
			wire("GET", "https://b.example/2", "Origin", "https://a.example"),
		},
		want: &wantView{Type: TypeCORS, Status: 200, URL: "https://b.example/2", Redirected: true},
	},
}

func TestHTTPRedirectFetch(t *testing.T) {
	for _, tc := range redirectTests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t) })
	}
}

// TestRedirectURLList checks #51 #52 #66: each followed redirect appends its
// Location (with the inherited fragment) to the URL list and counts one.
func TestRedirectURLList(t *testing.T) {
	n := newNet(routes{
		"GET https://b.example/1": acaoStar(302, "Location", "/2"),
		"GET https://b.example/2": acaoStar(301, "Location", "https://c.example/3#own"),
		"GET https://c.example/3": acaoStar(200),
	})
	ag, _ := newTestAgent(t, &Spec, n)
	req, _ := NewRequest(topPage(t, "https://a.example"), ag.Profile, "https://b.example/1#f", RequestInit{})
	res := ag.Fetch(context.Background(), req)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	want := []string{"https://b.example/1#f", "https://b.example/2#f", "https://c.example/3#own"}
	var got, gotResp []string
	for _, u := range req.URLList {
		got = append(got, u.String())
	}
	for _, u := range res.Response.URLList {
		gotResp = append(gotResp, u.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("#51 concept-request-url-list mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, gotResp); diff != "" {
		t.Errorf("#51 response URL list mismatch (-want +got):\n%s", diff)
	}
	if req.RedirectCount != 2 {
		t.Errorf("#52 concept-request-redirect-count = %d, want 2", req.RedirectCount)
	}
	if v := res.Response.View(); v.URL != "https://c.example/3" || !v.Redirected {
		t.Errorf("#67 Response.url = %q, redirected = %v; want https://c.example/3, true", v.URL, v.Redirected)
	}
}

// TestRedirectLimit checks steps 7-8 (#129): 20 redirects are followed, the
// 21st redirect response is a network error.
func TestRedirectLimit(t *testing.T) {
	for _, redirects := range []int{19, 20, 21, 25} {
		t.Run(fmt.Sprint(redirects), func(t *testing.T) {
			n := &cannedNet{serve: func(req *WireRequest, i int) (*WireResponse, error) {
				if i < redirects {
					return acaoStar(302, "Location", fmt.Sprintf("/r%d", i+1)), nil
				}
				return acaoStar(200), nil
			}}
			ag, _ := newTestAgent(t, &Spec, n)
			req, _ := NewRequest(topPage(t, "https://a.example"), ag.Profile, "https://b.example/r0", RequestInit{})
			res := ag.Fetch(context.Background(), req)
			sent := len(n.requests())
			if redirects <= 20 {
				if res.Err != nil || sent != redirects+1 {
					t.Errorf("#129: %d redirects: %v, %d requests sent; want a response after %d requests", redirects, res.Err, sent, redirects+1)
				}
				return
			}
			if diff := cmp.Diff(&wantErr{TooManyRedirects, "concept-http-redirect-fetch", "7"}, errOf(res.Err)); diff != "" {
				t.Errorf("#129 error mismatch (-want +got):\n%s", diff)
			}
			if sent != 21 {
				t.Errorf("#129: %d requests sent, want 21", sent)
			}
		})
	}
}

// TestRedirectRewrite checks step 12 (#133, #40) and step 14 (#135): which
// status and method pairs become a bodiless GET without request-body
// headers, and which keep everything.
func TestRedirectRewrite(t *testing.T) {
	body := RequestInit{Body: BodyText, Headers: [][2]string{{"Content-Language", "en"}, {"X-A", "1"}}}
	type hop struct {
		Method, ContentType, ContentLanguage, ContentLength, XA, Body string
	}
	kept := func(m string) hop {
		return hop{m, "text/plain;charset=UTF-8", "en", "6", "1", "corsim"}
	}
	got := func(r *WireRequest) hop {
		h := hop{Method: r.Method, Body: string(r.Body)}
		for _, p := range []struct {
			name string
			dst  *string
		}{{"Content-Type", &h.ContentType}, {"Content-Language", &h.ContentLanguage}, {"Content-Length", &h.ContentLength}, {"X-A", &h.XA}} {
			*p.dst = noHeader
			if v, ok := r.Header.Get(p.name); ok {
				*p.dst = v
			}
		}
		return h
	}
	tests := []struct {
		spec   string
		method string
		status int
		want   hop
	}{
		{"#133 301 POST → GET", "POST", 301, hop{"GET", noHeader, noHeader, noHeader, "1", ""}},
		{"#133 302 POST → GET", "POST", 302, hop{"GET", noHeader, noHeader, noHeader, "1", ""}},
		{"#133 303 POST → GET", "POST", 303, hop{"GET", noHeader, noHeader, noHeader, "1", ""}},
		{"#133 303 PUT → GET", "PUT", 303, hop{"GET", noHeader, noHeader, noHeader, "1", ""}},
		{"#133 303 DELETE → GET", "DELETE", 303, hop{"GET", noHeader, noHeader, noHeader, "1", ""}},
		{"#133 303 custom method → GET", "patch", 303, hop{"GET", noHeader, noHeader, noHeader, "1", ""}},
		{"#133 #135 301 PUT keeps method and body", "PUT", 301, kept("PUT")},
		{"#133 #135 302 PUT keeps method and body", "PUT", 302, kept("PUT")},
		{"#133 #135 302 DELETE keeps method and body", "DELETE", 302, kept("DELETE")},
		{"#133 #135 307 POST keeps method and body", "POST", 307, kept("POST")},
		{"#133 #135 308 POST keeps method and body", "POST", 308, kept("POST")},
		{"#133 #135 307 PUT keeps method and body", "PUT", 307, kept("PUT")},
	}
	for _, tc := range tests {
		t.Run(tc.spec, func(t *testing.T) {
			n := &cannedNet{serve: func(req *WireRequest, i int) (*WireResponse, error) {
				if i == 0 {
					return reply(tc.status, "Location", "/next"), nil
				}
				return reply(200), nil
			}}
			ag, _ := newTestAgent(t, &Spec, n)
			init := body
			init.Method = tc.method
			req, serr := NewRequest(topPage(t, "https://a.example"), ag.Profile, "https://a.example/form", init)
			if serr != nil {
				t.Fatal(serr)
			}
			if res := ag.Fetch(context.Background(), req); res.Err != nil {
				t.Fatal(res.Err)
			}
			sent := n.requests()
			if len(sent) != 2 {
				t.Fatalf("%d requests sent, want 2", len(sent))
			}
			if diff := cmp.Diff(kept(tc.method), got(sent[0])); diff != "" {
				t.Errorf("first request mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want, got(sent[1])); diff != "" {
				t.Errorf("%s concept-http-redirect-fetch step 12: redirected request mismatch (-want +got):\n%s", tc.spec, diff)
			}
		})
	}
	t.Run("#133 303 HEAD stays HEAD", func(t *testing.T) {
		fetchCase{spec: "#133", url: "https://a.example/h", init: RequestInit{Method: "HEAD"},
			routes:   routes{"HEAD https://a.example/h": reply(303, "Location", "/i"), "HEAD https://a.example/i": reply(200)},
			wantSent: []wantWire{wire("HEAD", "https://a.example/h"), wire("HEAD", "https://a.example/i")},
			want:     &wantView{Type: TypeBasic, Status: 200, URL: "https://a.example/i", Redirected: true},
		}.run(t)
	})
}

// TestLocationURL checks the response's [location URL] (#66).
func TestLocationURL(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		location []string
		fragment string // the request's fragment; "-" for none
		want     string // the URL; "null" or "failure"
	}{
		{"not a redirect status", 200, []string{"/x"}, "-", "null"},
		{"300 is not a redirect status", 300, []string{"/x"}, "-", "null"},
		{"no Location", 302, nil, "-", "null"},
		{"relative", 301, []string{"/x"}, "-", "https://b.example/x"},
		{"relative to the path", 303, []string{"c"}, "-", "https://b.example/a/c"},
		{"absolute", 307, []string{"https://c.example/y?q"}, "-", "https://c.example/y?q"},
		{"inherits the request's fragment", 308, []string{"/x"}, "f", "https://b.example/x#f"},
		{"inherits an empty fragment", 302, []string{"/x"}, "", "https://b.example/x#"},
		{"keeps its own fragment", 302, []string{"/x#own"}, "f", "https://b.example/x#own"},
		{"keeps its own empty fragment", 302, []string{"/x#"}, "f", "https://b.example/x#"},
		{"two values", 302, []string{"/x", "/y"}, "-", "failure"},
		{"two equal values", 302, []string{"/x", "/x"}, "-", "failure"},
		{"unparsable", 302, []string{"https://b.example:99999/"}, "-", "failure"},
		{"empty is the response URL", 302, []string{""}, "-", "https://b.example/a/b"},
		{"non-HTTP scheme parses", 302, []string{"mailto:x@b.example"}, "-", "mailto:x@b.example"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := &Response{Status: tc.status, URLList: []*URL{mustURL(t, "https://b.example/a/b")}}
			for _, l := range tc.location {
				resp.Header.Append("Location", l)
			}
			res := resp.locationURL(tc.fragment, tc.fragment != "-", &specRedirectRules)
			got := "null"
			switch {
			case res.failure:
				got = "failure"
			case res.url != nil:
				got = res.url.String()
			}
			if got != tc.want {
				t.Errorf("#66 concept-response-location-url = %s, want %s", got, tc.want)
			}
		})
	}
}

// locationSeeds are Location values for FuzzRedirectLocation's corpus.
var locationSeeds = []string{
	"/x", "../y?z", "//c.example/z", "https://a.example/2", "https://u:p@b.example/",
	"https://u:p@a.example/", "http://[bad", "data:,x", "about:blank", "http://b.example/",
	"http://localhost/x", "https://b.example:25/", " /padded ", "\t/x", "/x#frag", "",
	"https://b.example/%zz", "\\\\c.example\\x", "https:c.example", "HTTPS://B.EXAMPLE/Up",
	"javascript:alert(1)", "/a\x00b", "/\r\nx", "https://[::1]/", "https://b.example:443/p",
}

// FuzzRedirectLocation follows one redirect whose Location is fuzzed. The
// fetch must fail with the reason of the first step that rejects the
// Location (a malformed header, location URL, scheme, credentials, bad port,
// mixed content), or else its second request must go to the Location
// resolved against the response's URL, fragment dropped. The expectation
// is computed with ParseURL/Resolve from the steps of HTTP-redirect fetch
// and main fetch, independently of the code under test but for the bad-port
// list (BlockBadPort, checked against the spec's list by TestIsBadPort).
// loopbackHost is the host part of the Secure Contexts rule for a
// potentially trustworthy URL, written from that spec for the fuzz oracle:
// "localhost", a name ending in ".localhost", 127.0.0.0/8 and ::1.
func loopbackHost(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	if addr, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return addr == netip.IPv6Loopback() || addr.Is4() && addr.As4()[0] == 127
	}
	return false
}

func FuzzRedirectLocation(f *testing.F) {
	for _, s := range locationSeeds {
		f.Add(s)
	}
	const from = "https://b.example/a/b"
	base := mustURL(f, from)
	f.Fuzz(func(t *testing.T, location string) {
		n := &cannedNet{serve: func(req *WireRequest, i int) (*WireResponse, error) {
			if i == 0 {
				r := acaoStar(302)
				r.Header.Append("Location", location)
				r.Protocol = "HTTP/1.1"
				return r, nil
			}
			return acaoStar(200), nil
		}}
		ag, _ := newTestAgent(t, &Spec, n)
		req, serr := NewRequest(topPage(t, "https://a.example"), ag.Profile, from+"#f", RequestInit{})
		if serr != nil {
			t.Fatal(serr)
		}
		res := ag.Fetch(context.Background(), req)
		sent := n.requests()

		var want Reason
		loc, err := base.Resolve(strings.Trim(location, " \t"))
		switch {
		case strings.ContainsAny(location, "\x00\r\n"):
			want = CORSDidNotSucceed // not a header value: malformed
		case err != nil:
			want = RedirectLocationInvalid // step 5
		case !loc.IsHTTPScheme():
			want = RedirectNotHTTP // step 6
		case loc.HasCredentials():
			want = CORSRedirectCredentials // step 9 or 10 (cors tainting)
		case BlockBadPort(loc):
			want = BadPort // main fetch step 7
		case loc.Scheme() == "http" && !loopbackHost(loc.Host()):
			want = MixedContent // main fetch step 7
		}
		if want != "" {
			if res.Err == nil || res.Err.Reason != want {
				t.Fatalf("Location %q: got %v, want reason %s", location, res.Err, want)
			}
			if len(sent) != 1 {
				t.Fatalf("Location %q: %d requests sent, want 1", location, len(sent))
			}
			return
		}
		if res.Err != nil {
			t.Fatalf("Location %q (→ %s): %v", location, loc, res.Err)
		}
		if len(sent) != 2 {
			t.Fatalf("Location %q: %d requests sent, want 2", location, len(sent))
		}
		if got, want := sent[1].URL.String(), loc.Serialize(true); got != want {
			t.Fatalf("Location %q: second request to %s, want %s", location, got, want)
		}
		if _, ok := sent[1].URL.Fragment(); ok {
			t.Fatalf("Location %q: a fragment went on the wire: %s", location, sent[1].URL)
		}
	})
}
