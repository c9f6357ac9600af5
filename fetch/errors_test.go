package fetch

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// networkErrorReasons are the reasons a NetworkError can carry (REASONS.md).
var networkErrorReasons = []Reason{
	CORSMissingAllowOrigin, CORSMultipleAllowOriginNotAllowed, CORSNotSupportingCredentials,
	CORSAllowOriginNotMatchingOrigin, CORSMissingAllowCredentials,
	CORSPreflightRedirect, CORSPreflightDidNotSucceed, CORSInvalidAllowMethod, CORSInvalidAllowHeader,
	CORSMethodNotFound, CORSMissingAllowHeaderFromPreflight,
	CORSRequestNotHttp, SameOriginModeCrossOrigin, NoCORSRedirectMode, BadPort, MixedContent,
	RedirectModeError, RedirectLocationInvalid, RedirectNotHTTP, TooManyRedirects, CORSRedirectCredentials,
	RedirectStreamBody, StreamBodyHTTP1, CORPBlocked, CORSDidNotSucceed, UnsupportedScheme,
	OpaqueRangeResponse, InvalidDataURL,
}

// TestNetworkErrorText checks that every reason renders a sentence of its
// own that names the request, and that Error() carries the reason and where
// in the spec it was raised.
func TestNetworkErrorText(t *testing.T) {
	seen := map[string]Reason{}
	for _, r := range networkErrorReasons {
		e := &NetworkError{Reason: r, Anchor: "concept-main-fetch", Step: "12", API: APIFetch, Method: "GET",
			URL: "https://b.example/x", Origin: "https://a.example", Header: "X-H", Value: "v", Status: 302, RedirectURL: "https://c.example/"}
		d := e.describe()
		if d == "GET https://b.example/x failed" {
			t.Errorf("%s: no sentence of its own: %q", r, d)
		}
		// The preflight's list checks name the list's value instead (the
		// error's URL says the rest).
		if !strings.Contains(d, "b.example") && !strings.Contains(d, `"v"`) {
			t.Errorf("%s: %q names neither the URL nor the value at fault", r, d)
		}
		if other, ok := seen[d]; ok {
			t.Errorf("%s and %s render the same sentence %q", r, other, d)
		}
		seen[d] = r
		msg := e.Error()
		for _, part := range []string{"network error (" + string(r) + ")", "[concept-main-fetch step 12]"} {
			if !strings.Contains(msg, part) {
				t.Errorf("%s: Error() = %q, lacks %q", r, msg, part)
			}
		}
	}
	transport := errors.New("connection refused")
	e := &NetworkError{Reason: CORSDidNotSucceed, Method: "GET", URL: "https://b.example/", Err: transport}
	if !errors.Is(e, transport) || !strings.Contains(e.Error(), "connection refused") {
		t.Errorf("the transport error is not reachable: %v", e)
	}
	if got := (&NetworkError{Reason: BadPort, URL: "https://b.example:25/"}).Error(); strings.Contains(got, "[") {
		t.Errorf("an error without anchor renders %q", got)
	}
}

// TestScriptErrorNames checks which exception each API throws for a reason.
func TestScriptErrorNames(t *testing.T) {
	tests := []struct {
		api    API
		reason Reason
		want   string
	}{
		{APIFetch, InvalidMethod, "TypeError"},
		{APIFetch, ForbiddenMethod, "TypeError"},
		{APIFetch, InvalidHeaderName, "TypeError"},
		{APIFetch, NotSupported, "NotSupportedError"},
		{APIXHR, InvalidMethod, "SyntaxError"},
		{APIXHR, InvalidURL, "SyntaxError"},
		{APIXHR, InvalidHeaderValue, "SyntaxError"},
		{APIXHR, ForbiddenMethod, "SecurityError"},
	}
	for _, tc := range tests {
		e := typeError(tc.api, tc.reason, "v", "what %s", "happened")
		if e.Name != tc.want || e.Msg != "what happened" || !strings.HasPrefix(e.Error(), tc.want+" ("+string(tc.reason)+"): ") {
			t.Errorf("%s %s: %+v, want %s", tc.api, tc.reason, e, tc.want)
		}
	}
	if e := idlTypeError(APIXHR, InvalidMethod, "v", "x"); e.Name != "TypeError" {
		t.Errorf("a Web IDL conversion error is a %s, want TypeError", e.Name)
	}
}

// TestErrorConsoleInput checks that the errors of real fetches carry what
// the engines' console messages are made of (the URL the request started
// at, the page, how many lines carried the header at fault and over which
// protocol, the header of a refused header value, the member of a refused
// enumeration value), and that ConsoleMessage renders them as the engines
// do (the texts are console_test.go's live rows, with this test's URLs).
func TestErrorConsoleInput(t *testing.T) {
	const b, c = "https://b.example/1", "https://c.example/2"
	h1 := func(r *WireResponse) *WireResponse { r.Protocol = "HTTP/1.1"; return r }
	h2 := func(r *WireResponse) *WireResponse { r.Protocol = "h2"; return r }
	twoACAO := func() *WireResponse {
		return reply(200, "Access-Control-Allow-Origin", pageA, "Access-Control-Allow-Origin", pageA)
	}
	tests := []struct {
		name   string
		url    string
		init   RequestInit
		page   string
		routes routes
		// want are the fields of the error, then engine → message.
		want    ConsoleInput
		console map[string]string
		// notApplicable lists the engines that never fail this way.
		notApplicable []string
	}{{
		name: "after a redirect: the initial URL, and the page's origin where the request's is null",
		url:  b,
		routes: routes{
			"GET " + b: acaoStar(302, "Location", c),
			"GET " + c: reply(200),
		},
		want: ConsoleInput{API: "fetch", URL: c, Origin: "null", Method: "GET", Reason: "CORSMissingAllowOrigin", Header: "Access-Control-Allow-Origin",
			Status: 200, InitialURL: b, Page: pageA + "/"},
		console: map[string]string{
			"chromium": "Access to fetch at '" + c + "' (redirected from '" + b + "') from origin '" + pageA + "' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
		},
	}, {
		name:   "two ACAO lines over HTTP/1.1",
		url:    b,
		routes: routes{"GET " + b: h1(twoACAO())},
		want: ConsoleInput{API: "fetch", URL: b, Origin: pageA, Method: "GET", Reason: "CORSMultipleAllowOriginNotAllowed", Header: "Access-Control-Allow-Origin",
			Value: pageA + ", " + pageA, Status: 200, Page: pageA + "/", HeaderLines: 2, Protocol: "HTTP/1.1"},
		console: map[string]string{
			"firefox": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + b + ". (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).",
		},
	}, {
		name:   "two ACAO lines over HTTP/2: Firefox sees them merged",
		url:    b,
		routes: routes{"GET " + b: h2(twoACAO())},
		want: ConsoleInput{API: "fetch", URL: b, Origin: pageA, Method: "GET", Reason: "CORSMultipleAllowOriginNotAllowed", Header: "Access-Control-Allow-Origin",
			Value: pageA + ", " + pageA, Status: 200, Page: pageA + "/", HeaderLines: 2, Protocol: "h2"},
		console: map[string]string{
			"firefox":  "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + b + ". (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘" + pageA + ", " + pageA + "’).",
			"chromium": "Access to fetch at '" + b + "' from origin '" + pageA + "' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains multiple values '" + pageA + ", " + pageA + "', but only one is allowed. Have the server send the header with a valid value.",
		},
	}, {
		name:   "two Location lines",
		url:    pageA + "/r",
		routes: routes{"GET " + pageA + "/r": h2(reply(302, "Location", "/x", "Location", "/y"))},
		want: ConsoleInput{API: "fetch", URL: pageA + "/r", Origin: pageA, Method: "GET", Reason: "RedirectLocationInvalid", Header: "Location",
			Value: "/x, /y", Status: 302, RedirectURL: "/x, /y", Page: pageA + "/", HeaderLines: 2, Protocol: "h2"},
		console:       map[string]string{"chromium": "Failed to load resource: net::ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION"},
		notApplicable: []string{"webkit"},
	}, {
		name:   "mixed content names the page",
		url:    "http://b.example/1",
		routes: routes{},
		want:   ConsoleInput{API: "fetch", URL: "http://b.example/1", Origin: pageA, Method: "GET", Reason: "MixedContent", Page: pageA + "/"},
		console: map[string]string{
			"chromium": "Mixed Content: The page at '" + pageA + "/' was loaded over HTTPS, but requested an insecure resource 'http://b.example/1'. This request has been blocked; the content must be served over HTTPS.",
		},
	}, {
		name:   "a page of an opaque origin has no URL",
		page:   "null",
		url:    b,
		routes: routes{"GET " + b: reply(200)},
		want:   ConsoleInput{API: "fetch", URL: b, Origin: "null", Method: "GET", Reason: "CORSMissingAllowOrigin", Header: "Access-Control-Allow-Origin", Status: 200},
		console: map[string]string{
			"chromium": "Access to fetch at '" + b + "' from origin 'null' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
		},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			page := tc.page
			if page == "" {
				page = pageA
			}
			ag, _ := newTestAgent(t, &Spec, newNet(tc.routes))
			req, serr := NewRequest(topPage(t, page), ag.Profile, tc.url, tc.init)
			if serr != nil {
				t.Fatal(serr)
			}
			res := ag.Fetch(context.Background(), req)
			if res.Err == nil {
				t.Fatal("no network error")
			}
			if diff := cmp.Diff(tc.want, res.Err.ConsoleInput()); diff != "" {
				t.Errorf("ConsoleInput mismatch (-want +got):\n%s", diff)
			}
			for engine, want := range tc.console {
				got, err := res.Err.ConsoleMessage(engine)
				if err != nil {
					t.Errorf("%s: %v", engine, err)
				} else if got != want {
					t.Errorf("%s console:\n got %q\nwant %q", engine, got, want)
				}
			}
			for _, engine := range tc.notApplicable {
				var ce *ConsoleError
				if _, err := res.Err.ConsoleMessage(engine); !errors.As(err, &ce) || ce.Kind != ConsoleNotApplicable {
					t.Errorf("%s: %v, want ConsoleNotApplicable", engine, err)
				}
			}
		})
	}
}

// TestScriptErrorConsoleInput checks that exceptions carry the header whose
// value was refused and the member whose enumeration value was, and that the
// engines' messages name them (console_test.go's live rows).
func TestScriptErrorConsoleInput(t *testing.T) {
	const u = "https://b.example/ok"
	tests := []struct {
		name    string
		init    RequestInit
		xhr     [][2]string // setRequestHeader calls, for an XHR case
		engine  string
		want    string
		wantErr ConsoleErrorKind
	}{
		{name: "fetch: a header value", init: RequestInit{Headers: [][2]string{{"X-Foo", "a\x00b"}}}, engine: "webkit",
			want: "Header 'X-Foo' has invalid value: 'a\x00b'"},
		{name: "xhr: a header value", xhr: [][2]string{{"X-Foo", "a\x00b"}}, engine: "chromium",
			want: "Failed to execute 'setRequestHeader' on 'XMLHttpRequest': 'a\x00b' is not a valid HTTP header field value."},
		{name: "mode", init: RequestInit{Mode: "bogus"}, engine: "chromium",
			want: "Failed to execute 'fetch' on 'Window': Failed to read the 'mode' property from 'RequestInit': The provided value 'bogus' is not a valid enum value of type RequestMode."},
		{name: "credentials", init: RequestInit{Credentials: "Include"}, engine: "firefox",
			want: "Window.fetch: 'Include' (value of 'credentials' member of RequestInit) is not a valid value for enumeration RequestCredentials."},
		{name: "redirect", init: RequestInit{Redirect: "never"}, engine: "webkit", want: "Type error"},
		{name: "body kind", init: RequestInit{Method: "POST", Body: "json"}, engine: "chromium", wantErr: ConsoleNotApplicable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var serr *ScriptError
			if tc.xhr != nil {
				x := NewXHR(topPage(t, pageA))
				if err := x.Open("GET", u); err != nil {
					t.Fatal(err)
				}
				for _, h := range tc.xhr {
					if serr = x.SetRequestHeader(h[0], h[1]); serr != nil {
						break
					}
				}
			} else {
				_, serr = NewRequest(topPage(t, pageA), &Spec, u, tc.init)
			}
			if serr == nil {
				t.Fatal("no exception")
			}
			got, err := serr.ConsoleMessage(tc.engine)
			if tc.wantErr != 0 {
				var ce *ConsoleError
				if !errors.As(err, &ce) || ce.Kind != tc.wantErr {
					t.Fatalf("%s: %q, %v; want a ConsoleError of kind %d", tc.engine, got, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("%s: %q, %v; want %q", tc.engine, got, err, tc.want)
			}
		})
	}
}
