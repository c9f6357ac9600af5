package fetch

import (
	"strings"
	"testing"

	"github.com/corsim/corsim/preflightcache"
	"github.com/corsim/corsim/safelist"
	"github.com/google/go-cmp/cmp"
)

// TestCORSCheck checks the [CORS check] (group U, #80-#87, #183-#190) on
// responses built by hand, for a request from https://a.example.
func TestCORSCheck(t *testing.T) {
	const a = "https://a.example"
	type want struct {
		Reason Reason // "" for success
		Step   string
		Header string
		Value  string
	}
	tests := []struct {
		name   string
		spec   string
		creds  CredentialsMode
		urls   []string // the request's URL list; nil means [B/x]
		header []string // response header name/value pairs
		want   want
	}{
		{"ACAO absent", "#183 step 2", CredentialsSameOrigin, nil,
			nil, want{CORSMissingAllowOrigin, "2", "Access-Control-Allow-Origin", ""}},
		{"ACAO null is a value, not absence", "#183 step 4", CredentialsSameOrigin, nil,
			[]string{"Access-Control-Allow-Origin", "null"}, want{CORSAllowOriginNotMatchingOrigin, "4", "Access-Control-Allow-Origin", "null"}},
		{"ACAO * without credentials", "#184 step 3", CredentialsSameOrigin, nil,
			[]string{"Access-Control-Allow-Origin", "*"}, want{}},
		{"ACAO * with omit and ACAC true", "#86 cors-protocol-and-credentials: ACAC is ignored without include", CredentialsOmit, nil,
			[]string{"Access-Control-Allow-Origin", "*", "Access-Control-Allow-Credentials", "true"}, want{}},
		{"ACAO with a trailing slash", "#80 #86 step 4: a serialized origin has no trailing slash", CredentialsOmit, nil,
			[]string{"Access-Control-Allow-Origin", a + "/"}, want{CORSAllowOriginNotMatchingOrigin, "4", "Access-Control-Allow-Origin", a + "/"}},
		{"ACAO exact without credentials", "#185 #186 steps 4-5", CredentialsOmit, nil,
			[]string{"Access-Control-Allow-Origin", a}, want{}},
		{"ACAO in another case", "#185 step 4: byte for byte", CredentialsSameOrigin, nil,
			[]string{"Access-Control-Allow-Origin", "https://A.example"}, want{CORSAllowOriginNotMatchingOrigin, "4", "Access-Control-Allow-Origin", "https://A.example"}},
		{"ACAO with the default port", "#185 step 4", CredentialsSameOrigin, nil,
			[]string{"Access-Control-Allow-Origin", a + ":443"}, want{CORSAllowOriginNotMatchingOrigin, "4", "Access-Control-Allow-Origin", a + ":443"}},
		{"ACAO of another scheme", "#185 step 4", CredentialsSameOrigin, nil,
			[]string{"Access-Control-Allow-Origin", "http://a.example"}, want{CORSAllowOriginNotMatchingOrigin, "4", "Access-Control-Allow-Origin", "http://a.example"}},
		{"ACAO twice, the same origin", "#185 #2 concept-header-list-get: combined, it is not the origin", CredentialsSameOrigin, nil,
			[]string{"Access-Control-Allow-Origin", a, "Access-Control-Allow-Origin", a},
			want{CORSMultipleAllowOriginNotAllowed, "4", "Access-Control-Allow-Origin", a + ", " + a}},
		{"ACAO twice, *", "#2 concept-header-list-get: `*, *` is not `*`", CredentialsSameOrigin, nil,
			[]string{"Access-Control-Allow-Origin", "*", "Access-Control-Allow-Origin", "*"},
			want{CORSMultipleAllowOriginNotAllowed, "4", "Access-Control-Allow-Origin", "*, *"}},
		{"ACAO lists two origins", "#80 step 4: a single value", CredentialsSameOrigin, nil,
			[]string{"Access-Control-Allow-Origin", a + " https://b.example"},
			want{CORSAllowOriginNotMatchingOrigin, "4", "Access-Control-Allow-Origin", a + " https://b.example"}},
		{"ACAO lists two origins with a comma", "#80 step 4: a single value", CredentialsSameOrigin, nil,
			[]string{"Access-Control-Allow-Origin", a + ",https://b.example"},
			want{CORSMultipleAllowOriginNotAllowed, "4", "Access-Control-Allow-Origin", a + ",https://b.example"}},
		{"include, ACAO *", "#189 #86 step 4: `*` is not the origin", CredentialsInclude, nil,
			[]string{"Access-Control-Allow-Origin", "*", "Access-Control-Allow-Credentials", "true"},
			want{CORSNotSupportingCredentials, "4", "Access-Control-Allow-Origin", "*"}},
		{"include, exact, true", "#187 #86 step 7", CredentialsInclude, nil,
			[]string{"Access-Control-Allow-Origin", a, "Access-Control-Allow-Credentials", "true"}, want{}},
		{"include, exact, True", "#81 #187 #86 step 7: `true` is case-sensitive", CredentialsInclude, nil,
			[]string{"Access-Control-Allow-Origin", a, "Access-Control-Allow-Credentials", "True"},
			want{CORSMissingAllowCredentials, "7", "Access-Control-Allow-Credentials", "True"}},
		{"include, exact, no ACAC", "#187 step 7: no value is not `true`", CredentialsInclude, nil,
			[]string{"Access-Control-Allow-Origin", a},
			want{CORSMissingAllowCredentials, "7", "Access-Control-Allow-Credentials", ""}},
		{"include, exact, ACAC twice", "#187 #2: `true, true` is not `true`", CredentialsInclude, nil,
			[]string{"Access-Control-Allow-Origin", a, "Access-Control-Allow-Credentials", "true", "Access-Control-Allow-Credentials", "true"},
			want{CORSMissingAllowCredentials, "7", "Access-Control-Allow-Credentials", "true, true"}},
		{"include, wrong origin and no ACAC", "#185 step 4 comes before the credentials", CredentialsInclude, nil,
			[]string{"Access-Control-Allow-Origin", "https://b.example"},
			want{CORSAllowOriginNotMatchingOrigin, "4", "Access-Control-Allow-Origin", "https://b.example"}},
		{"same-origin credentials, ACAC false", "#186 step 5: ACAC is ignored", CredentialsSameOrigin, nil,
			[]string{"Access-Control-Allow-Origin", a, "Access-Control-Allow-Credentials", "false"}, want{}},
		{"tainted, ACAO null", "#188 #75 step 4: the serialized origin is `null`", CredentialsSameOrigin,
			[]string{"https://b.example/1", "https://c.example/1"},
			[]string{"Access-Control-Allow-Origin", "null"}, want{}},
		{"tainted, ACAO of the page", "#75 step 4", CredentialsSameOrigin,
			[]string{"https://b.example/1", "https://c.example/1"},
			[]string{"Access-Control-Allow-Origin", a}, want{CORSAllowOriginNotMatchingOrigin, "4", "Access-Control-Allow-Origin", a}},
		{"tainted, ACAO NULL", "#70 origin-or-null: `null` is case-sensitive", CredentialsSameOrigin,
			[]string{"https://b.example/1", "https://c.example/1"},
			[]string{"Access-Control-Allow-Origin", "NULL"}, want{CORSAllowOriginNotMatchingOrigin, "4", "Access-Control-Allow-Origin", "NULL"}},
		{"tainted, include, ACAO null and ACAC true", "#188 #187", CredentialsInclude,
			[]string{"https://b.example/1", "https://c.example/1"},
			[]string{"Access-Control-Allow-Origin", "null", "Access-Control-Allow-Credentials", "true"}, want{}},
		{"tainted, ACAO *", "#184", CredentialsOmit,
			[]string{"https://b.example/1", "https://c.example/1"},
			[]string{"Access-Control-Allow-Origin", "*"}, want{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ag, _ := newTestAgent(t, &Spec, newNet(nil))
			urls := tc.urls
			if urls == nil {
				urls = []string{"https://b.example/x"}
			}
			o := mustOrigin(t, a)
			req := &Request{Method: "GET", Origin: o, Client: NewClient(o, o), Mode: ModeCORS, Credentials: tc.creds, ResponseTainting: TaintingCORS}
			for _, u := range urls {
				req.URLList = append(req.URLList, mustURL(t, u))
			}
			resp := &Response{Status: 200}
			for i := 0; i+1 < len(tc.header); i += 2 {
				resp.Header.Append(tc.header[i], tc.header[i+1])
			}
			fp := &fetchParams{agent: ag, request: req, result: &Result{}}
			var got want
			if nerr := corsCheck(fp, req, resp, false); nerr != nil {
				got = want{nerr.Reason, nerr.Step, nerr.Header, nerr.Value}
				if nerr.Anchor != "concept-cors-check" {
					t.Errorf("anchor %q, want concept-cors-check", nerr.Anchor)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s concept-cors-check mismatch (-want +got):\n%s", tc.spec, diff)
			}
		})
	}
}

// httpFetchTests check HTTP fetch (group O): the CORS check on every
// response of a cors-tainted request, redirect modes, and CORP.
var httpFetchTests = []fetchCase{
	{
		name:     "error status without ACAO",
		spec:     "#119 #84 concept-http-fetch step 4.4: a 500 is CORS-checked too",
		url:      "https://b.example/x",
		routes:   routes{"GET https://b.example/x": reply(500)},
		wantSent: []wantWire{wire("GET", "https://b.example/x", "Origin", "https://a.example")},
		wantErr:  &wantErr{CORSMissingAllowOrigin, "concept-cors-check", "2"},
	},
	{
		name:     "error status with ACAO",
		spec:     "#119 #84: the actual response may have any status",
		url:      "https://b.example/x",
		routes:   routes{"GET https://b.example/x": reply(500, "Access-Control-Allow-Origin", "*")},
		wantSent: []wantWire{wire("GET", "https://b.example/x", "Origin", "https://a.example")},
		want:     &wantView{Type: TypeCORS, Status: 500, URL: "https://b.example/x"},
	},
	{
		name:     "403 with ACAO",
		spec:     "#84 http-responses: a 403 can be shared",
		url:      "https://b.example/x",
		routes:   routes{"GET https://b.example/x": reply(403, "Access-Control-Allow-Origin", "https://a.example")},
		wantSent: []wantWire{wire("GET", "https://b.example/x", "Origin", "https://a.example")},
		want:     &wantView{Type: TypeCORS, Status: 403, URL: "https://b.example/x"},
	},
	{
		name:     "redirect without ACAO",
		spec:     "#120 concept-http-fetch step 4.4 comes before step 6: the 3xx is CORS-checked",
		url:      "https://b.example/1",
		routes:   routes{"GET https://b.example/1": reply(302, "Location", "https://b.example/2")},
		wantSent: []wantWire{wire("GET", "https://b.example/1", "Origin", "https://a.example")},
		wantErr:  &wantErr{CORSMissingAllowOrigin, "concept-cors-check", "2"},
	},
	{
		name: "redirect with ACAO",
		spec: "#120 #125 concept-http-fetch step 6.3: follow → HTTP-redirect fetch",
		url:  "https://b.example/1",
		routes: routes{
			"GET https://b.example/1": reply(302, "Access-Control-Allow-Origin", "*", "Location", "https://b.example/2"),
			"GET https://b.example/2": reply(200, "Access-Control-Allow-Origin", "*"),
		},
		wantSent: []wantWire{
			wire("GET", "https://b.example/1", "Origin", "https://a.example"),
			wire("GET", "https://b.example/2", "Origin", "https://a.example"),
		},
		want: &wantView{Type: TypeCORS, Status: 200, URL: "https://b.example/2", Redirected: true},
	},
	{
		name:     "redirect mode error, cross origin",
		spec:     "#123 concept-http-fetch step 6.3: error → network error",
		url:      "https://b.example/1",
		init:     RequestInit{Redirect: RedirectError},
		routes:   routes{"GET https://b.example/1": reply(302, "Access-Control-Allow-Origin", "*", "Location", "https://b.example/2")},
		wantSent: []wantWire{wire("GET", "https://b.example/1", "Origin", "https://a.example")},
		wantErr:  &wantErr{RedirectModeError, "concept-http-fetch", "6.3"},
	},
	{
		name:     "redirect mode error, same origin",
		spec:     "#123 concept-http-fetch step 6.3",
		url:      "https://a.example/1",
		init:     RequestInit{Redirect: RedirectError},
		routes:   routes{"GET https://a.example/1": reply(301, "Location", "/2")},
		wantSent: []wantWire{wire("GET", "https://a.example/1")},
		wantErr:  &wantErr{RedirectModeError, "concept-http-fetch", "6.3"},
	},
	{
		name:     "redirect mode error, CORS check first",
		spec:     "#120 #123 concept-http-fetch: step 4.4 before step 6",
		url:      "https://b.example/1",
		init:     RequestInit{Redirect: RedirectError},
		routes:   routes{"GET https://b.example/1": reply(302, "Location", "https://b.example/2")},
		wantSent: []wantWire{wire("GET", "https://b.example/1", "Origin", "https://a.example")},
		wantErr:  &wantErr{CORSMissingAllowOrigin, "concept-cors-check", "2"},
	},
	{
		name:     "redirect mode manual, cross origin",
		spec:     "#124 #64 concept-http-fetch step 6.3: an opaque-redirect filtered response keeps its URL",
		url:      "https://b.example/r",
		init:     RequestInit{Redirect: RedirectManual},
		routes:   routes{"GET https://b.example/r": reply(302, "Access-Control-Allow-Origin", "*", "Location", "https://b.example/2", "X-A", "1")},
		wantSent: []wantWire{wire("GET", "https://b.example/r", "Origin", "https://a.example")},
		want:     &wantView{Type: TypeOpaqueRedirect, Status: 0, URL: "https://b.example/r", Headers: []string{}},
	},
	{
		name:     "redirect mode manual without ACAO",
		spec:     "#124 concept-http-fetch step 4.4: the 3xx must pass the CORS check first",
		url:      "https://b.example/r",
		init:     RequestInit{Redirect: RedirectManual},
		routes:   routes{"GET https://b.example/r": reply(302, "Location", "https://b.example/2")},
		wantSent: []wantWire{wire("GET", "https://b.example/r", "Origin", "https://a.example")},
		wantErr:  &wantErr{CORSMissingAllowOrigin, "concept-cors-check", "2"},
	},
	{
		name:     "redirect mode manual, same origin",
		spec:     "#64 #124 concept-filtered-response-opaque-redirect",
		url:      "https://a.example/r",
		init:     RequestInit{Redirect: RedirectManual},
		routes:   routes{"GET https://a.example/r": reply(303, "Location", "/2")},
		wantSent: []wantWire{wire("GET", "https://a.example/r")},
		want:     &wantView{Type: TypeOpaqueRedirect, Status: 0, URL: "https://a.example/r", Headers: []string{}},
	},
	{
		name:     "redirect mode manual, a 300 is no redirect",
		spec:     "#43 redirect-status: 300 is an ordinary response",
		url:      "https://a.example/r",
		init:     RequestInit{Redirect: RedirectManual},
		routes:   routes{"GET https://a.example/r": reply(300, "Location", "/2")},
		wantSent: []wantWire{wire("GET", "https://a.example/r")},
		want:     &wantView{Type: TypeBasic, Status: 300, URL: "https://a.example/r"},
	},
	{
		name:     "a 300 with Location is not followed",
		spec:     "#43 redirect-status",
		url:      "https://b.example/r",
		routes:   routes{"GET https://b.example/r": reply(300, "Access-Control-Allow-Origin", "*", "Location", "https://b.example/2")},
		wantSent: []wantWire{wire("GET", "https://b.example/r", "Origin", "https://a.example")},
		want:     &wantView{Type: TypeCORS, Status: 300, URL: "https://b.example/r"},
	},
	{
		name:     "a 304 with Location is not followed",
		spec:     "#43 redirect-status",
		url:      "https://a.example/r",
		routes:   routes{"GET https://a.example/r": reply(304, "Location", "/2")},
		wantSent: []wantWire{wire("GET", "https://a.example/r")},
		want:     &wantView{Type: TypeBasic, Status: 304, URL: "https://a.example/r"},
	},
	{
		name:     "a 305 with Location is not followed",
		spec:     "#43 redirect-status",
		url:      "https://a.example/r",
		routes:   routes{"GET https://a.example/r": reply(305, "Location", "/2")},
		wantSent: []wantWire{wire("GET", "https://a.example/r")},
		want:     &wantView{Type: TypeBasic, Status: 305, URL: "https://a.example/r"},
	},
	{
		name:     "no Timing-Allow-Origin",
		spec:     "#121 concept-tao-check: the TAO check never blocks",
		url:      "https://b.example/x",
		routes:   routes{"GET https://b.example/x": reply(200, "Access-Control-Allow-Origin", "*")},
		wantSent: []wantWire{wire("GET", "https://b.example/x", "Origin", "https://a.example")},
		want:     &wantView{Type: TypeCORS, Status: 200, URL: "https://b.example/x"},
	},
	{
		name:     "CORP same-origin on a no-cors response",
		spec:     "#122 #192 concept-http-fetch step 5",
		url:      "https://b.example/img",
		init:     RequestInit{Mode: ModeNoCORS},
		routes:   routes{"GET https://b.example/img": reply(200, "Cross-Origin-Resource-Policy", "same-origin")},
		wantSent: []wantWire{wire("GET", "https://b.example/img")},
		wantErr:  &wantErr{CORPBlocked, "concept-http-fetch", "5"},
	},
	{
		name:     "CORP same-origin on a CORS response",
		spec:     "#191 concept-http-fetch step 5: CORP is checked only for opaque tainting",
		url:      "https://b.example/x",
		routes:   routes{"GET https://b.example/x": reply(200, "Access-Control-Allow-Origin", "*", "Cross-Origin-Resource-Policy", "same-origin")},
		wantSent: []wantWire{wire("GET", "https://b.example/x", "Origin", "https://a.example")},
		want:     &wantView{Type: TypeCORS, Status: 200, URL: "https://b.example/x"},
	},
	{
		name:     "CORP cross-origin on a no-cors response",
		spec:     "#194 cross-origin-resource-policy-internal-check step 5",
		url:      "https://b.example/img",
		init:     RequestInit{Mode: ModeNoCORS},
		routes:   routes{"GET https://b.example/img": reply(200, "Cross-Origin-Resource-Policy", "cross-origin")},
		wantSent: []wantWire{wire("GET", "https://b.example/img")},
		want:     &wantView{Type: TypeOpaque, URL: "", Headers: []string{}},
	},
	{
		name:     "CORP on a no-cors redirect response",
		spec:     "#122 concept-http-fetch: step 5 comes before the redirect (step 6)",
		url:      "https://b.example/1",
		init:     RequestInit{Mode: ModeNoCORS},
		routes:   routes{"GET https://b.example/1": reply(302, "Cross-Origin-Resource-Policy", "same-origin", "Location", "https://a.example/2")},
		wantSent: []wantWire{wire("GET", "https://b.example/1")},
		wantErr:  &wantErr{CORPBlocked, "concept-http-fetch", "5"},
	},
	{
		name: "CORP same-origin on a no-cors redirect back to the page's origin",
		spec: "#192 cross-origin-resource-policy-internal-check: the response URL's origin is the page's",
		url:  "https://b.example/1",
		init: RequestInit{Mode: ModeNoCORS},
		routes: routes{
			"GET https://b.example/1": reply(302, "Location", "https://a.example/2"),
			"GET https://a.example/2": reply(200, "Cross-Origin-Resource-Policy", "same-origin"),
		},
		wantSent: []wantWire{wire("GET", "https://b.example/1"), wire("GET", "https://a.example/2")},
		want:     &wantView{Type: TypeOpaque, URL: "", Headers: []string{}},
	},
}

func TestHTTPFetch(t *testing.T) {
	for _, tc := range httpFetchTests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t) })
	}
}

// TestCORPBlocks checks the cross-origin resource policy internal check
// (group V, #191-#194) under COEP unsafe-none, the only embedder policy
// corsim models.
func TestCORPBlocks(t *testing.T) {
	tests := []struct {
		spec, origin, url string
		corp              []string // Cross-Origin-Resource-Policy lines
		want              bool
	}{
		{"#194 absent", "https://a.example", "https://b.example/", nil, false},
		{"#192 same-origin, cross-origin", "https://a.example", "https://b.example/", []string{"same-origin"}, true},
		{"#192 same-origin, same origin", "https://a.example", "https://a.example/x", []string{"same-origin"}, false},
		{"#192 same-origin, same site", "https://a.example", "https://x.a.example/", []string{"same-origin"}, true},
		{"#193 same-site, same site", "https://a.example", "https://x.a.example/", []string{"same-site"}, false},
		{"#193 same-site, cross site", "https://a.example", "https://b.example/", []string{"same-site"}, true},
		{"#193 same-site, http origin and https response", "http://a.example", "https://x.a.example/", []string{"same-site"}, true},
		{"#193 same-site, https origin and http response", "https://a.example", "http://x.a.example/", []string{"same-site"}, false},
		{"#193 same-site, http to http", "http://a.example", "http://x.a.example/", []string{"same-site"}, false},
		{"#194 cross-origin", "https://a.example", "https://b.example/", []string{"cross-origin"}, false},
		{"#191 two values on one line", "https://a.example", "https://b.example/", []string{"same-site, same-origin"}, false},
		{"#191 two lines", "https://a.example", "https://b.example/", []string{"same-origin", "same-origin"}, false},
		{"#191 case-sensitive", "https://a.example", "https://b.example/", []string{"Same-Origin"}, false},
		{"#191 unknown value", "https://a.example", "https://b.example/", []string{"same-orign"}, false},
		{"#192 opaque origin, same-origin", "null", "https://b.example/", []string{"same-origin"}, true},
		{"#193 opaque origin, same-site", "null", "https://b.example/", []string{"same-site"}, true},
	}
	for _, tc := range tests {
		o := NewOpaqueOrigin()
		if tc.origin != "null" {
			o = mustOrigin(t, tc.origin)
		}
		req := &Request{Origin: o}
		resp := &Response{URLList: []*URL{mustURL(t, tc.url)}}
		for _, v := range tc.corp {
			resp.Header.Append("Cross-Origin-Resource-Policy", v)
		}
		if _, got := corpBlocks(req, resp); got != tc.want {
			t.Errorf("%s cross-origin-resource-policy-internal-check: %s fetching %s with CORP %q: blocked = %v, want %v",
				tc.spec, tc.origin, tc.url, tc.corp, got, tc.want)
		}
	}
}

// TestCacheKey checks the CORS-preflight cache key a request gets (#173,
// #175, #180, #181) under the spec and under each keying knob.
func TestCacheKey(t *testing.T) {
	tests := []struct {
		name   string
		spec   string
		page   string // "null" for an opaque origin
		top    string
		urls   []string
		policy func(*preflightcache.Policy)
		want   preflightcache.Key
	}{
		{"top-level page", "#175 concept-cache-create-entry: (partition key, serialized origin, current URL)",
			"https://a.example", "https://a.example", []string{"https://b.example/x?q=1"}, nil,
			preflightcache.Key{Partition: "https://a.example", Origin: "https://a.example", URL: "https://b.example/x?q=1"}},
		{"framed page", "#180 determine-the-network-partition-key: the top-level site",
			"https://a.example", "https://www.t.example", []string{"https://b.example/x"}, nil,
			preflightcache.Key{Partition: "https://t.example", Origin: "https://a.example", URL: "https://b.example/x"}},
		{"after a tainting redirect", "#181 concept-cache-create-entry: the byte-serialized request origin, `null`",
			"https://a.example", "https://a.example", []string{"https://b.example/1", "https://c.example/2"}, nil,
			preflightcache.Key{Partition: "https://a.example", Origin: "null", URL: "https://c.example/2"}},
		{"the current URL keeps its fragment", "#176 quirk Q7: the key is the current URL as it is (the cache decides about fragments)",
			"https://a.example", "https://a.example", []string{"https://b.example/x#f"}, nil,
			preflightcache.Key{Partition: "https://a.example", Origin: "https://a.example", URL: "https://b.example/x#f"}},
		{"PartitionByTopOrigin", "Deviation(WebKit): the top-level origin, not its site",
			"https://a.example", "https://www.t.example", []string{"https://b.example/x"},
			func(p *preflightcache.Policy) { p.PartitionByTopOrigin = true },
			preflightcache.Key{Partition: "https://www.t.example", Origin: "https://a.example", URL: "https://b.example/x"}},
		{"KeyOriginIgnoresTaint after a tainting redirect", "Deviation(Chromium, Firefox): the page's origin",
			"https://a.example", "https://a.example", []string{"https://b.example/1", "https://c.example/2"},
			func(p *preflightcache.Policy) { p.KeyOriginIgnoresTaint = true },
			preflightcache.Key{Partition: "https://a.example", Origin: "https://a.example", URL: "https://c.example/2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := Spec
			if tc.policy != nil {
				tc.policy(&p.Cache)
			}
			ag, _ := newTestAgent(t, &p, newNet(nil))
			c := framePage(t, tc.page, tc.top)
			req := &Request{Client: c, Origin: c.Origin}
			for _, u := range tc.urls {
				req.URLList = append(req.URLList, mustURL(t, u))
			}
			got := (&fetchParams{agent: ag, request: req}).cacheKey()
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s: key mismatch (-want +got):\n%s", tc.spec, diff)
			}
		})
	}
	t.Run("opaque origins", func(t *testing.T) {
		// #181: spec-literally every opaque origin of a partition shares
		// the key `null`; KeyOriginIgnoresTaint keeps them apart.
		key := func(p *Profile, c *Client) preflightcache.Key {
			ag, _ := newTestAgent(t, p, newNet(nil))
			req := &Request{Client: c, Origin: c.Origin, URLList: []*URL{mustURL(t, "https://b.example/x")}}
			return (&fetchParams{agent: ag, request: req}).cacheKey()
		}
		c1, c2 := framePage(t, "null", "https://t.example"), framePage(t, "null", "https://t.example")
		if k1, k2 := key(&Spec, c1), key(&Spec, c2); k1 != k2 || k1.Origin != "null" {
			t.Errorf("#181 spec: two opaque origins under one top-level site: keys %+v and %+v, want one key with origin null", k1, k2)
		}
		p := Spec
		p.Cache.KeyOriginIgnoresTaint = true
		if k1, k2 := key(&p, c1), key(&p, c2); k1 == k2 || !strings.HasPrefix(k1.Origin, "null#") {
			t.Errorf("KeyOriginIgnoresTaint: two opaque origins: keys %+v and %+v, want two keys", k1, k2)
		}
		// An opaque top-level origin is its own partition under
		// PartitionByTopOrigin too.
		p = Spec
		p.Cache.PartitionByTopOrigin = true
		o1, o2 := NewOpaqueOrigin(), NewOpaqueOrigin()
		if k1, k2 := key(&p, NewClient(o1, o1)), key(&p, NewClient(o2, o2)); k1.Partition == k2.Partition || k1.Partition == "null" {
			t.Errorf("PartitionByTopOrigin: two opaque top-level origins share partition %q", k1.Partition)
		}
	})
}

// TestClearOnAnyCORSError checks the ClearOnAnyCORSError knob against the
// spec's rule (#100, #179): only a preflight-branch network error clears.
func TestClearOnAnyCORSError(t *testing.T) {
	const u = "https://b.example/r"
	for _, rule := range []preflightcache.ClearRule{preflightcache.ClearOnPreflightBranchError, preflightcache.ClearOnAnyCORSError} {
		t.Run(rule.String(), func(t *testing.T) {
			p := Spec
			p.Cache.ClearOnError = rule
			n := newNet(routes{
				"OPTIONS " + u: reply(204, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "PUT", "Access-Control-Max-Age", "600"),
				"PUT " + u:     reply(200, "Access-Control-Allow-Origin", "*"),
				"GET " + u:     reply(200),
			})
			ag, _ := newTestAgent(t, &p, n)
			put := fetchCase{spec: "#100", url: u, init: RequestInit{Method: "PUT"}, want: &wantView{Type: TypeCORS, Status: 200, URL: u},
				wantSent: []wantWire{
					wire("OPTIONS", u, "Origin", "https://a.example", "Access-Control-Request-Method", "PUT"),
					wire("PUT", u, "Origin", "https://a.example"),
				}}
			put.runOn(t, ag, n)
			// A simple GET (no preflight branch) fails its CORS check.
			fetchCase{spec: "#101", url: u, wantSent: []wantWire{wire("GET", u, "Origin", "https://a.example")},
				wantErr: &wantErr{CORSMissingAllowOrigin, "concept-cors-check", "2"}}.runOn(t, ag, n)
			if rule == preflightcache.ClearOnPreflightBranchError {
				// #100: the GET took the otherwise branch: the entries stay.
				put.wantSent = put.wantSent[1:]
			}
			put.runOn(t, ag, n)
		})
	}
}

// TestResponseHeaderListTrimsHTTP1 checks that over HTTP/1.x the header list
// Fetch sees has the field values without surrounding whitespace.
func TestResponseHeaderListTrimsHTTP1(t *testing.T) {
	wr := &WireResponse{Protocol: "HTTP/1.1", Header: safelist.HeaderList{{Name: "A", Value: " x "}, {Name: "B", Value: "\ty"}}}
	got, bad := responseHeaderList(wr, PaddedMalformed)
	if bad != nil {
		t.Fatalf("malformed %v", bad)
	}
	if diff := cmp.Diff([]string{"A: x", "B: y"}, headerLines(got)); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if wr.Header[0].Value != " x " {
		t.Errorf("the wire response was changed")
	}
}
