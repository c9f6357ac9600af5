package fetch

import (
	"context"
	"slices"
	"testing"

	"github.com/corsim/corsim/safelist"
	"github.com/google/go-cmp/cmp"
)

// Each test here runs the same fetches under the Spec profile and under Spec
// with one ResponseKnobs knob set, the way the engines were seen to behave
// (the knob's doc comment names the observation). Expectations for the spec
// come from fetch.bs (SPEC-CHECKLIST item and anchor); those for the knob
// from the real-engine runs.

// withResponse returns Spec with its response rules replaced by k.
func withResponse(k ResponseKnobs) *Profile {
	p := Spec
	p.Response = k
	return &p
}

// TestPreflightIgnoresRedirectTaint: a PUT from A to B is preflighted,
// redirected by 307 to C, and preflighted again there. The spec's second
// preflight copies the URL list, so it carries Origin: null and is checked
// against null (#77, #75, cors-preflight-fetch-0 step 1); with the knob the
// second preflight carries A's origin and is checked against it, while the
// PUT to C still carries null and is checked against null.
func TestPreflightIgnoresRedirectTaint(t *testing.T) {
	const b, c = "https://b.example/r", "https://c.example/s"
	routesWith := func(preflightACAO, actualACAO string) routes {
		return routes{
			"OPTIONS " + b: preflightOK("Access-Control-Allow-Methods", "PUT", "Access-Control-Allow-Headers", "Content-Type"),
			"PUT " + b:     acaoStar(307, "Location", c),
			"OPTIONS " + c: reply(204, "Access-Control-Allow-Origin", preflightACAO, "Access-Control-Allow-Methods", "PUT", "Access-Control-Allow-Headers", "Content-Type"),
			"PUT " + c:     reply(200, "Access-Control-Allow-Origin", actualACAO),
		}
	}
	init := RequestInit{Method: "PUT", Headers: [][2]string{{"Content-Type", "application/json"}}, Body: BodyText}
	first := []wantWire{
		wire("OPTIONS", b, "Origin", pageA, "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "content-type"),
		wire("PUT", b, "Origin", pageA, "Content-Type", "application/json"),
	}
	second := func(origin string) wantWire {
		return wire("OPTIONS", c, "Origin", origin, "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "content-type")
	}
	putC := wire("PUT", c, "Origin", "null", "Content-Type", "application/json")
	ok := &wantView{Type: TypeCORS, Status: 200, URL: c, Redirected: true}
	preflightMismatch := &wantErr{CORSAllowOriginNotMatchingOrigin, "concept-cors-check", "4"}
	actualMismatch := &wantErr{CORSAllowOriginNotMatchingOrigin, "concept-cors-check", "4"}
	on := withResponse(ResponseKnobs{PreflightIgnoresRedirectTaint: true})

	tests := []struct {
		name    string
		profile *Profile
		fc      fetchCase
		// wantOrigin is the origin the failing CORS check compared with.
		wantOrigin string
	}{
		{"spec: both answer null", &Spec, fetchCase{spec: "#77 #75 #137: the second preflight is checked against null", routes: routesWith("null", "null"),
			wantSent: append(first[:2:2], second("null"), putC), want: ok}, ""},
		{"spec: the preflight answers the page's origin", &Spec, fetchCase{spec: "#77 #161: the second preflight fails against null", routes: routesWith(pageA, "null"),
			wantSent: append(first[:2:2], second("null")), wantErr: preflightMismatch}, "null"},
		{"knob: both answer null", on, fetchCase{spec: "Firefox: the second preflight is checked against the page's origin", routes: routesWith("null", "null"),
			wantSent: append(first[:2:2], second(pageA)), wantErr: preflightMismatch}, pageA},
		{"knob: the preflight answers the page's origin", on, fetchCase{spec: "Firefox: the preflight passes, the PUT carries null and passes against null", routes: routesWith(pageA, "null"),
			wantSent: append(first[:2:2], second(pageA), putC), want: ok}, ""},
		{"knob: the PUT answers the page's origin", on, fetchCase{spec: "Firefox: the PUT is still checked against null", routes: routesWith(pageA, pageA),
			wantSent: append(first[:2:2], second(pageA), putC), wantErr: actualMismatch}, "null"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fc.url, tc.fc.init, tc.fc.profile = b, init, tc.profile
			res := tc.fc.run(t)
			if tc.wantOrigin != "" && res.Err != nil && res.Err.Origin != tc.wantOrigin {
				t.Errorf("%s: NetworkError.Origin = %q, want the origin compared, %q", tc.fc.spec, res.Err.Origin, tc.wantOrigin)
			}
		})
	}
}

// TestPreflightIgnoresRedirectTaintFetchMetadata: a GET with a custom header
// redirected by 307 from B back to A is preflighted at A (#139). The spec's
// preflight shares the URL list [B, A], so it is cross-site and carries
// Origin: null; with the knob it is a request to A alone, same-origin, and
// carries A's origin. Without a redirect the knob changes nothing.
func TestPreflightIgnoresRedirectTaintFetchMetadata(t *testing.T) {
	const b, a = "https://b.example/lookup", "https://a.example/local"
	rs := routes{
		"OPTIONS " + b: preflightOK("Access-Control-Allow-Headers", "X-Trace"),
		"GET " + b:     acaoStar(307, "Location", a),
		"OPTIONS " + a: preflightOK("Access-Control-Allow-Headers", "X-Trace"),
		"GET " + a:     acaoStar(200),
	}
	init := RequestInit{Headers: [][2]string{{"X-Trace", "1"}}}
	pre := func(url, origin, site string) wantWire {
		return wire("OPTIONS", url, "Origin", origin, "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-trace", "Sec-Fetch-Site", site)
	}
	get := func(url, origin string) wantWire {
		return wire("GET", url, "Origin", origin, "X-Trace", "1", "Sec-Fetch-Site", "cross-site")
	}
	ok := &wantView{Type: TypeCORS, Status: 200, URL: a, Redirected: true}
	for _, tc := range []fetchCase{
		{name: "spec", spec: "#139 #77: the preflight at A carries null", profile: &Spec, want: ok,
			wantSent: []wantWire{pre(b, pageA, "cross-site"), get(b, pageA), pre(a, "null", "cross-site"), get(a, "null")}},
		{name: "knob", spec: "Firefox: the preflight at A is a new same-origin request", profile: withResponse(ResponseKnobs{PreflightIgnoresRedirectTaint: true}), want: ok,
			wantSent: []wantWire{pre(b, pageA, "cross-site"), get(b, pageA), pre(a, pageA, "same-origin"), get(a, "null")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.url, tc.init, tc.routes = b, init, rs
			tc.run(t)
		})
	}
}

// TestAbsentAllowMethodsAllowsNone: a PUT with the use-CORS-preflight flag
// (XMLHttpRequest upload listeners) whose preflight answers without
// Access-Control-Allow-Methods. The spec takes the request's method as the
// list and caches it (#163, cors-preflight-fetch-0 step 7.4), so the second
// PUT needs no preflight; with the knob the method check fails (#164, step
// 7.5) both times. A POST passes either way, being CORS-safelisted.
func TestAbsentAllowMethodsAllowsNone(t *testing.T) {
	const u = "https://b.example/upload"
	rs := routes{
		"OPTIONS " + u: preflightOK("Access-Control-Max-Age", "600"),
		"PUT " + u:     acaoStar(200),
		"POST " + u:    acaoStar(200),
	}
	flag := func(r *Request) { r.UseCORSPreflight = true }
	opts := func(method string) wantWire {
		return wire("OPTIONS", u, "Origin", pageA, "Access-Control-Request-Method", method)
	}
	put := wire("PUT", u, "Origin", pageA, "Content-Type", "text/plain;charset=UTF-8")
	post := wire("POST", u, "Origin", pageA, "Content-Type", "text/plain;charset=UTF-8")
	ok := &wantView{Type: TypeCORS, Status: 200, URL: u}
	noMethod := &wantErr{CORSMethodNotFound, "cors-preflight-fetch-0", "7.5"}
	step := func(name, spec, method string, wantSent []wantWire, want *wantView, wantErr *wantErr) cacheStep {
		return cacheStep{0, fetchCase{name: name, spec: spec, url: u, init: RequestInit{Method: method, Body: BodyText}, prepare: flag,
			wantSent: wantSent, want: want, wantErr: wantErr}}
	}
	t.Run("spec", func(t *testing.T) {
		runSequence(t, &Spec, rs, []cacheStep{
			step("PUT", "#163 step 7.4: methods = [PUT]", "PUT", []wantWire{opts("PUT"), put}, ok, nil),
			step("PUT again", "#163 #169: a PUT entry was cached", "PUT", []wantWire{put}, ok, nil),
		})
	})
	t.Run("knob", func(t *testing.T) {
		runSequence(t, withResponse(ResponseKnobs{AbsentAllowMethodsAllowsNone: true}), rs, []cacheStep{
			step("PUT", "all engines: no method is allowed", "PUT", []wantWire{opts("PUT")}, nil, noMethod),
			step("PUT again", "all engines: nothing was cached for PUT", "PUT", []wantWire{opts("PUT")}, nil, noMethod),
			step("POST", "#164: a safelisted method passes anyway", "POST", []wantWire{opts("POST"), post}, ok, nil),
		})
	})
}

// TestWildcardAllowHeadersCoversAuthorization: a request carrying
// Authorization whose preflight answers Access-Control-Allow-Headers `*`.
// The spec fails it (#165, cors-preflight-fetch-0 step 7.6); with the knob
// `*` covers Authorization for a request without credentials, never for one
// with credentials (#166: `*` is then a literal name).
func TestWildcardAllowHeadersCoversAuthorization(t *testing.T) {
	const u = "https://b.example/me"
	const bearer = "Bearer t"
	on := withResponse(ResponseKnobs{WildcardAllowHeadersCoversAuthorization: true})
	uncredentialed := routes{
		"OPTIONS " + u: preflightOK("Access-Control-Allow-Headers", "*"),
		"GET " + u:     acaoStar(200),
	}
	credentialed := routes{
		"OPTIONS " + u: reply(204, "Access-Control-Allow-Origin", pageA, "Access-Control-Allow-Credentials", "true", "Access-Control-Allow-Headers", "*"),
		"GET " + u:     reply(200, "Access-Control-Allow-Origin", pageA, "Access-Control-Allow-Credentials", "true"),
	}
	opts := func(acrh string) wantWire {
		return wire("OPTIONS", u, "Origin", pageA, "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", acrh)
	}
	auth := RequestInit{Headers: [][2]string{{"Authorization", bearer}}}
	authAndX := RequestInit{Headers: [][2]string{{"Authorization", bearer}, {"X-A", "1"}}}
	authIncluded := RequestInit{Headers: [][2]string{{"Authorization", bearer}}, Credentials: CredentialsInclude}
	ok := &wantView{Type: TypeCORS, Status: 200, URL: u}
	notListed := &wantErr{CORSMissingAllowHeaderFromPreflight, "cors-preflight-fetch-0", "7.6"}
	for _, tc := range []fetchCase{
		{name: "spec", spec: "#165 step 7.6: `*` does not cover Authorization", profile: &Spec, init: auth, routes: uncredentialed,
			wantSent: []wantWire{opts("authorization")}, wantErr: notListed},
		{name: "knob", spec: "all engines: `*` covers Authorization without credentials", profile: on, init: auth, routes: uncredentialed,
			wantSent: []wantWire{opts("authorization"), wire("GET", u, "Origin", pageA, "Authorization", bearer)}, want: ok},
		{name: "knob, with another unsafe header", spec: "all engines; #166 step 7.7 for X-A", profile: on, init: authAndX, routes: uncredentialed,
			wantSent: []wantWire{opts("authorization,x-a"), wire("GET", u, "Origin", pageA, "Authorization", bearer, "X-A", "1")}, want: ok},
		{name: "spec, credentialed", spec: "#165 #166", profile: &Spec, init: authIncluded, routes: credentialed,
			wantSent: []wantWire{opts("authorization")}, wantErr: notListed},
		{name: "knob, credentialed", spec: "#166: with credentials `*` is no wildcard", profile: on, init: authIncluded, routes: credentialed,
			wantSent: []wantWire{opts("authorization")}, wantErr: notListed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.url = u
			tc.run(t)
		})
	}
}

// TestKeepOriginOnSameOriginRedirect: what Origin each hop of a redirected
// request carries. The spec computes it afresh per hop (#71), and a GET or
// HEAD without cors tainting gets none (#73); with the knob, a hop to the
// same origin as the one before keeps the Origin that hop carried.
func TestKeepOriginOnSameOriginRedirect(t *testing.T) {
	const b, b2, b3, c = "https://b.example/s", "https://b.example/t", "https://b.example/u", "https://c.example/t"
	const aS, aT = "https://a.example/s", "https://a.example/t"
	on := withResponse(ResponseKnobs{KeepOriginOnSameOriginRedirect: true})
	noCORSPost := RequestInit{Method: "POST", Mode: ModeNoCORS, Body: BodyText}
	text := "text/plain;charset=UTF-8"
	opaque := &wantView{Type: TypeOpaque, Headers: []string{}}
	tests := []struct {
		name            string
		url             string
		init            RequestInit
		routes          routes
		want            *wantView
		spec, knob      []wantWire
		specWhy, knobBy string
	}{
		{
			name: "no-cors POST 303 within an origin", url: b, init: noCORSPost,
			routes: routes{"POST " + b: reply(303, "Location", b2), "GET " + b2: reply(200)}, want: opaque,
			spec:    []wantWire{wire("POST", b, "Origin", pageA, "Content-Type", text), wire("GET", b2)},
			knob:    []wantWire{wire("POST", b, "Origin", pageA, "Content-Type", text), wire("GET", b2, "Origin", pageA)},
			specWhy: "#73 #133: the GET gets no Origin", knobBy: "WebKit: the GET keeps it",
		},
		{
			name: "no-cors POST 303, then 302, within an origin", url: b, init: noCORSPost,
			routes: routes{"POST " + b: reply(303, "Location", b2), "GET " + b2: reply(302, "Location", b3), "GET " + b3: reply(200)}, want: opaque,
			spec:    []wantWire{wire("POST", b, "Origin", pageA, "Content-Type", text), wire("GET", b2), wire("GET", b3)},
			knob:    []wantWire{wire("POST", b, "Origin", pageA, "Content-Type", text), wire("GET", b2, "Origin", pageA), wire("GET", b3, "Origin", pageA)},
			specWhy: "#73", knobBy: "WebKit: kept over both hops",
		},
		{
			name: "no-cors POST 303 to another origin", url: b, init: noCORSPost,
			routes: routes{"POST " + b: reply(303, "Location", c), "GET " + c: reply(200)}, want: opaque,
			spec:    []wantWire{wire("POST", b, "Origin", pageA, "Content-Type", text), wire("GET", c)},
			knob:    []wantWire{wire("POST", b, "Origin", pageA, "Content-Type", text), wire("GET", c)},
			specWhy: "#73", knobBy: "WebKit: computed afresh on a hop to another origin",
		},
		{
			name: "no-cors POST 307 to another origin", url: b, init: noCORSPost,
			routes: routes{"POST " + b: reply(307, "Location", c), "POST " + c: reply(200)}, want: opaque,
			spec:    []wantWire{wire("POST", b, "Origin", pageA, "Content-Type", text), wire("POST", c, "Origin", "null", "Content-Type", text)},
			knob:    []wantWire{wire("POST", b, "Origin", pageA, "Content-Type", text), wire("POST", c, "Origin", "null", "Content-Type", text)},
			specWhy: "#73 #75: a POST gets the tainted origin", knobBy: "WebKit: the same",
		},
		{
			name: "same-origin POST 302", url: aS, init: RequestInit{Method: "POST", Body: BodyText},
			routes:  routes{"POST " + aS: reply(302, "Location", aT), "GET " + aT: reply(200)},
			want:    &wantView{Type: TypeBasic, Status: 200, URL: aT, Redirected: true},
			spec:    []wantWire{wire("POST", aS, "Origin", pageA, "Content-Type", text), wire("GET", aT)},
			knob:    []wantWire{wire("POST", aS, "Origin", pageA, "Content-Type", text), wire("GET", aT, "Origin", pageA)},
			specWhy: "#73 #133", knobBy: "WebKit: kept with basic tainting too",
		},
		{
			name: "no-cors GET 302 within an origin", url: b, init: RequestInit{Mode: ModeNoCORS},
			routes: routes{"GET " + b: reply(302, "Location", b2), "GET " + b2: reply(200)}, want: opaque,
			spec:    []wantWire{wire("GET", b), wire("GET", b2)},
			knob:    []wantWire{wire("GET", b), wire("GET", b2)},
			specWhy: "#73", knobBy: "WebKit: nothing to keep",
		},
	}
	for _, tc := range tests {
		for _, run := range []struct {
			name    string
			profile *Profile
			sent    []wantWire
			why     string
		}{{"spec", &Spec, tc.spec, tc.specWhy}, {"knob", on, tc.knob, tc.knobBy}} {
			t.Run(tc.name+"/"+run.name, func(t *testing.T) {
				fetchCase{spec: run.why, url: tc.url, init: tc.init, routes: tc.routes, profile: run.profile,
					wantSent: run.sent, want: tc.want}.run(t)
			})
		}
	}
}

// TestPaddedHTTP2Values: a response over HTTP/2 whose field values start or
// end with spaces or tabs. The spec's HTTP-network fetch step 8.5 follows
// HTTP, which makes the response malformed (RFC 9113 §8.2.1): a network
// error. PaddedTrimmed reads the values without the padding; PaddedKept
// reads them as received, so a padded Access-Control-Allow-Origin then
// fails the CORS check (#70: a byte-for-byte comparison).
func TestPaddedHTTP2Values(t *testing.T) {
	const u = "https://b.example/p"
	padded := func(acao string) routes {
		return routes{"GET " + u: reply(200, "Access-Control-Allow-Origin", acao, "Access-Control-Expose-Headers", "X-Pad", "X-Pad", " v\t")}
	}
	sent := []wantWire{wire("GET", u, "Origin", pageA)}
	tests := []struct {
		name      string
		padded    PaddedValues
		acao      string
		wantErr   *wantErr
		wantXPad  string
		wantSpecs string
	}{
		{"malformed", PaddedMalformed, "https://a.example", &wantErr{CORSDidNotSucceed, "concept-http-network-fetch", "8.5"}, "", "spec: step 8.5"},
		{"trimmed", PaddedTrimmed, " https://a.example ", nil, "v", "Chromium, Firefox"},
		{"kept, clean ACAO", PaddedKept, "https://a.example", nil, " v\t", "WebKit: script reads the padding"},
		{"kept, padded ACAO", PaddedKept, "\thttps://a.example ", &wantErr{CORSAllowOriginNotMatchingOrigin, "concept-cors-check", "4"}, "", "WebKit: the CORS check compares bytes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := fetchCase{spec: tc.wantSpecs, url: u, routes: padded(tc.acao), profile: withResponse(ResponseKnobs{PaddedHTTP2Values: tc.padded}),
				wantSent: sent, wantErr: tc.wantErr}
			if tc.wantErr == nil {
				c.want = &wantView{Type: TypeCORS, Status: 200, URL: u}
			}
			res := c.run(t)
			if res.Response == nil {
				return
			}
			if got, _ := res.Response.View().Header.Get("X-Pad"); got != tc.wantXPad {
				t.Errorf("%s: X-Pad = %q, want %q", tc.wantSpecs, got, tc.wantXPad)
			}
		})
	}
}

// TestResponseHeaderListPadding checks responseHeaderList for every
// PaddedValues over HTTP/1.1, where the padding is never part of the value
// (RFC 9112 §5), and HTTP/2, and that a NUL, CR or LF is malformed in every
// case.
func TestResponseHeaderListPadding(t *testing.T) {
	wire := safelist.HeaderList{{Name: "A", Value: " x "}, {Name: "B", Value: "\ty"}, {Name: "C", Value: "z"}}
	tests := []struct {
		protocol string
		padded   PaddedValues
		want     []string // nil: malformed at header A
	}{
		{"HTTP/1.1", PaddedMalformed, []string{"A: x", "B: y", "C: z"}},
		{"HTTP/1.1", PaddedTrimmed, []string{"A: x", "B: y", "C: z"}},
		{"HTTP/1.1", PaddedKept, []string{"A: x", "B: y", "C: z"}},
		{"h2", PaddedMalformed, nil},
		{"h2", PaddedTrimmed, []string{"A: x", "B: y", "C: z"}},
		{"h2", PaddedKept, []string{"A:  x ", "B: \ty", "C: z"}},
		{"", PaddedMalformed, nil},
	}
	for _, tc := range tests {
		t.Run(tc.protocol+"/"+tc.padded.String(), func(t *testing.T) {
			wr := &WireResponse{Protocol: tc.protocol, Header: append(safelist.HeaderList(nil), wire...)}
			got, bad := responseHeaderList(wr, tc.padded)
			if tc.want == nil {
				if bad == nil || bad.Name != "A" {
					t.Fatalf("got %v, %v; want header A malformed", got, bad)
				}
				return
			}
			if bad != nil {
				t.Fatalf("malformed %v", bad)
			}
			if diff := cmp.Diff(tc.want, headerLines(got)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(wire, wr.Header); diff != "" {
				t.Errorf("the wire response was changed (-before +after):\n%s", diff)
			}
		})
		for _, bad := range []string{"a\x00b", "a\rb", "a\nb"} {
			wr := &WireResponse{Protocol: tc.protocol, Header: safelist.HeaderList{{Name: "D", Value: bad}}}
			if _, got := responseHeaderList(wr, tc.padded); got == nil {
				t.Errorf("%s/%s: %q accepted", tc.protocol, tc.padded, bad)
			}
		}
	}
}

// exposeTests are the Access-Control-Expose-Headers values of
// TestExposeWildcardBeforeInvalidName with what fetch() exposes under the
// spec (#103, concept-main-fetch step 14.1) and with the knob.
var exposeTests = []struct {
	name   string
	values []string
	// spec and knob: true when every header is exposed, false when only the
	// CORS-safelisted ones are.
	spec, knob bool
}{
	{"star then a bad element", []string{"*, bad name"}, false, true},
	{"a bad element then star", []string{"bad name, *"}, false, false},
	{"star line then a bad line", []string{"*", "bad name"}, false, true},
	{"a bad line then a star line", []string{"bad name", "*"}, false, false},
	{"a name then a bad element", []string{"X-Request-Id, bad name"}, false, false},
	{"star after empty elements", []string{", ,*, x@y"}, false, true},
	{"star with a bad byte after it", []string{"*, x@y"}, false, true},
	{"valid star", []string{"X-A, *"}, true, true},
	{"no star, valid", []string{"X-A"}, false, false},
}

// TestExposeWildcardBeforeInvalidName checks the knob on fetch() without
// credentials, and that it changes nothing for a credentialed fetch (`*` is
// a literal name then, #103) or for XMLHttpRequest.
func TestExposeWildcardBeforeInvalidName(t *testing.T) {
	const u = "https://b.example/e"
	all := []string{"access-control-allow-origin", "access-control-expose-headers", "content-type", "x-request-id"}
	safelisted := []string{"content-type"}
	for _, tc := range exposeTests {
		for _, run := range []struct {
			name        string
			knob        bool
			credentials CredentialsMode
			api         API
			wantAll     bool
		}{
			{"spec", false, "", APIFetch, tc.spec},
			{"knob", true, "", APIFetch, tc.knob},
			{"knob, credentialed", true, CredentialsInclude, APIFetch, false},
			{"knob, xhr", true, "", APIXHR, tc.spec},
		} {
			t.Run(tc.name+"/"+run.name, func(t *testing.T) {
				acao := []string{"Access-Control-Allow-Origin", "*"}
				if run.credentials == CredentialsInclude {
					acao = []string{"Access-Control-Allow-Origin", pageA, "Access-Control-Allow-Credentials", "true"}
					if run.wantAll {
						t.Fatal("bad table: `*` is literal with credentials")
					}
				}
				nv := append([]string(nil), acao...)
				for _, v := range tc.values {
					nv = append(nv, "Access-Control-Expose-Headers", v)
				}
				nv = append(nv, "X-Request-Id", "r1", "Content-Type", "text/plain")
				want := safelisted
				if run.wantAll {
					want = all
				}
				fetchCase{spec: "#103 " + run.name, url: u, init: RequestInit{Credentials: run.credentials},
					prepare: func(r *Request) { r.API = run.api },
					routes:  routes{"GET " + u: reply(200, nv...)}, profile: withResponse(ResponseKnobs{ExposeWildcardBeforeInvalidName: run.knob}),
					wantSent: []wantWire{wire("GET", u, "Origin", pageA)},
					want:     &wantView{Type: TypeCORS, Status: 200, URL: u, Headers: want}}.run(t)
			})
		}
	}
}

// FuzzWildcardBeforeInvalidName checks wildcardBeforeInvalidName against
// the spec's list extraction: where extraction succeeds every element is a
// header name, so the two readings agree on whether `*` is listed; and a
// true answer needs a `*` element somewhere.
func FuzzWildcardBeforeInvalidName(f *testing.F) {
	for _, tc := range exposeTests {
		f.Add(tc.values[0], len(tc.values) > 1)
	}
	f.Add(`"*", x`, false)
	f.Fuzz(func(t *testing.T, v string, twoLines bool) {
		values := []string{v}
		if twoLines {
			values = append(values, v)
		}
		got := wildcardBeforeInvalidName(values)
		names, e := safelist.ExtractHeaderNames(values)
		if e != safelist.Failure && got != slices.Contains(names, "*") {
			t.Errorf("%q: %v, but the spec's list %q says %v", values, got, names, !got)
		}
		if got && !hasStarElement(values) {
			t.Errorf("%q: true without a `*` element", values)
		}
	})
}

// hasStarElement reports whether some comma-separated element of values is
// `*` once trimmed of spaces and tabs.
func hasStarElement(values []string) bool {
	for _, v := range values {
		start := 0
		for i := 0; i <= len(v); i++ {
			if i == len(v) || v[i] == ',' {
				elem := v[start:i]
				for len(elem) > 0 && (elem[0] == ' ' || elem[0] == '\t') {
					elem = elem[1:]
				}
				for len(elem) > 0 && (elem[len(elem)-1] == ' ' || elem[len(elem)-1] == '\t') {
					elem = elem[:len(elem)-1]
				}
				if elem == "*" {
					return true
				}
				start = i + 1
			}
		}
	}
	return false
}

// TestEngineResponseRules runs one scenario per knob under each engine
// profile, to show that the profiles carry the observed behaviour: the
// vectors named in the knobs' doc comments, reduced.
func TestEngineResponseRules(t *testing.T) {
	const u = "https://b.example/me"
	authStar := func(p *Profile) bool {
		n := newNet(routes{"OPTIONS " + u: preflightOK("Access-Control-Allow-Headers", "*"), "GET " + u: acaoStar(200)})
		a, _ := newTestAgent(t, p, n)
		req, _ := NewRequest(topPage(t, pageA), p, u, RequestInit{Headers: [][2]string{{"Authorization", "Bearer t"}}})
		return a.Fetch(context.Background(), req).Err == nil
	}
	padded := func(p *Profile) string {
		n := newNet(routes{"GET " + u: reply(200, "Access-Control-Allow-Origin", " https://a.example ")})
		a, _ := newTestAgent(t, p, n)
		req, _ := NewRequest(topPage(t, pageA), p, u, RequestInit{})
		if err := a.Fetch(context.Background(), req).Err; err != nil {
			return string(err.Reason)
		}
		return "ok"
	}
	type got struct {
		AuthorizationByStar bool
		PaddedACAO          string
	}
	want := map[string]got{
		// preflight-response/authorization-not-covered-by-star,
		// engine-misc/acao-padded-with-spaces-over-http2.
		"spec":     {false, "CORSDidNotSucceed"},
		"chromium": {true, "ok"},
		"firefox":  {true, "ok"},
		"webkit":   {true, "CORSAllowOriginNotMatchingOrigin"},
	}
	for _, p := range Profiles {
		if diff := cmp.Diff(want[p.Name], got{authStar(p), padded(p)}); diff != "" {
			t.Errorf("%s mismatch (-observed +profile):\n%s", p.Name, diff)
		}
	}
}
