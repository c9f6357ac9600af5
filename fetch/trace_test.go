package fetch

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tracedExchange is a trace step reduced to what ties it to the wire: its
// topic, subject and exchange index.
type tracedExchange struct {
	Topic, Subject string
	Exchange       int
}

// TestTraceExchangeIndex checks that the trace steps about a wire request
// name its index in Result.Exchanges, the first one (index 0) included, and
// that every other step says -1 (TraceStep.Exchange's documentation).
func TestTraceExchangeIndex(t *testing.T) {
	const a, b = "https://a.example/x", "https://b.example/r"
	tests := []struct {
		name   string
		url    string
		init   RequestInit
		routes routes
		want   []tracedExchange
	}{{
		name:   "one same-origin request: its step is about exchange 0",
		url:    a,
		routes: routes{"GET " + a: reply(200)},
		want:   []tracedExchange{{"network.request", "GET " + a, 0}},
	}, {
		name: "preflight then request: 0 and 1",
		url:  b, init: RequestInit{Method: "PUT"},
		routes: routes{"OPTIONS " + b: preflightOK("Access-Control-Allow-Methods", "PUT"), "PUT " + b: acaoStar(200)},
		want:   []tracedExchange{{"network.preflight", "OPTIONS " + b, 0}, {"network.request", "PUT " + b, 1}},
	}, {
		name:   "a redirect: each hop its own exchange",
		url:    a,
		routes: routes{"GET " + a: reply(302, "Location", "/y"), "GET https://a.example/y": reply(200)},
		want:   []tracedExchange{{"network.request", "GET " + a, 0}, {"network.request", "GET https://a.example/y", 1}},
	}, {
		name:   "no response to the first request",
		url:    b,
		routes: routes{},
		want:   []tracedExchange{{"network.request", "GET " + b, 0}},
	}, {
		name:   "a malformed first response",
		url:    b,
		routes: routes{"GET " + b: acaoStar(200, "X-A", " padded")},
		want:   []tracedExchange{{"network.request", "GET " + b, 0}, {"network.response", "X-A:  padded", 0}},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ag, _ := newTestAgent(t, &Spec, newNet(tc.routes))
			req, serr := NewRequest(topPage(t, pageA), ag.Profile, tc.url, tc.init)
			if serr != nil {
				t.Fatal(serr)
			}
			res := ag.Fetch(context.Background(), req)
			var got []tracedExchange
			for i, s := range res.Trace {
				if strings.HasPrefix(s.Topic, "network.") {
					got = append(got, tracedExchange{s.Topic, s.Subject, s.Exchange})
				} else if s.Exchange != -1 {
					t.Errorf("trace step %d (%s) names exchange %d, want -1", i, s.Topic, s.Exchange)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("steps about exchanges mismatch (-want +got):\n%s", diff)
			}
			for _, g := range got {
				if g.Exchange >= len(res.Exchanges) {
					t.Errorf("%s names exchange %d of %d", g.Topic, g.Exchange, len(res.Exchanges))
				}
			}
		})
	}
}

// headerStep is a request.header trace step as a case expects it.
type headerStep struct {
	Subject, Verdict, Anchor, Step string
	Rule                           string // the rule code the detail names
}

// TestTraceRequestHeaders checks the request.header steps: one per header of
// the request's header list when main fetch makes the preflight decision
// (a cross-origin request in cors mode), right before its branch step, with
// the verdict and the rule of CORS-safelisted request-header that decided
// it; none when the decision is not made.
func TestTraceRequestHeaders(t *testing.T) {
	const b = "https://b.example/r"
	accept := headerStep{"Accept: */*", "safelisted", "cors-safelisted-request-header", "3", "safelisted"}
	acceptLanguage := headerStep{"Accept-Language: en-US,en;q=0.9", "safelisted", "cors-safelisted-request-header", "3", "safelisted"}
	webkitRange := Spec
	webkitRange.Request.RangeUnitCaseInsensitive = true
	// Nine Content-Language values of 120 bytes: each safelisted alone,
	// 1080 bytes together.
	long := strings.Repeat("a", 120)
	var nine [][2]string
	var nineWant []headerStep
	for range 9 {
		nine = append(nine, [2]string{"Content-Language", long})
		nineWant = append(nineWant, headerStep{"Content-Language: " + long, "unsafe", "cors-unsafe-request-header-names", "5", "safelisted-total-too-long"})
	}
	tests := []struct {
		name    string
		spec    string
		url     string
		init    RequestInit
		profile *Profile
		routes  routes
		want    []headerStep
	}{{
		name: "MDN's preflighted request",
		spec: "#18 #23 cors-safelisted-request-header: X-PINGOTHER is no safelisted name (step 2, otherwise); text/xml no safelisted essence (step 2.4); #19 #20 #30 the Accept and Accept-Language fetch added are judged too, and safelisted",
		url:  b, init: RequestInit{Method: "POST", Body: BodyText, Headers: [][2]string{{"X-PINGOTHER", "pingpong"}, {"Content-Type", "text/xml"}}},
		routes: routes{"OPTIONS " + b: preflightOK("Access-Control-Allow-Headers", "x-pingother, content-type"), "POST " + b: acaoStar(200)},
		want: []headerStep{
			{"X-PINGOTHER: pingpong", "unsafe", "cors-safelisted-request-header", "2", "name-not-safelisted"},
			{"Content-Type: text/xml", "unsafe", "cors-safelisted-request-header", "2.4", "content-type-essence"},
			accept, acceptLanguage,
		},
	}, {
		name: "a simple request still has its headers judged",
		spec: "#23 cors-safelisted-request-header: text/plain;charset=UTF-8 (a string body's type) is safelisted",
		url:  b, init: RequestInit{Method: "POST", Body: BodyText},
		routes: routes{"POST " + b: acaoStar(200)},
		want: []headerStep{
			{"Content-Type: text/plain;charset=UTF-8", "safelisted", "cors-safelisted-request-header", "3", "safelisted"},
			accept, acceptLanguage,
		},
	}, {
		name: "values: too long, unsafe byte, unparsable MIME type, language byte",
		spec: "cors-safelisted-request-header: #17 step 1 (128 bytes), #21 #27 cors-unsafe-request-header-byte in Content-Type, #22 step 2.3 (no MIME type), #20 step 2 (language bytes)",
		url:  b, init: RequestInit{Headers: [][2]string{
			{"Accept", strings.Repeat("a", 129)}, {"Content-Type", `text/plain; x="("`}, {"Content-Type", "text"}, {"Content-Language", "de_DE"},
		}},
		routes: routes{"OPTIONS " + b: preflightOK("Access-Control-Allow-Headers", "*"), "GET " + b: acaoStar(200)},
		want: []headerStep{
			{"Accept: " + strings.Repeat("a", 129), "unsafe", "cors-safelisted-request-header", "1", "value-too-long"},
			{`Content-Type: text/plain; x="("`, "unsafe", "cors-unsafe-request-header-byte", "", "cors-unsafe-byte"},
			{"Content-Type: text", "unsafe", "cors-safelisted-request-header", "2.3", "content-type-unparsable"},
			{"Content-Language: de_DE", "unsafe", "cors-safelisted-request-header", "2", "language-byte"},
			acceptLanguage,
		},
	}, {
		name: "Range: a suffix range and an unparsable one",
		spec: "#25 cors-safelisted-request-header: Range needs a start (step 2.3) and must parse as a single range (simple-range-header-value)",
		url:  b, init: RequestInit{Headers: [][2]string{{"Range", "bytes=-500"}}},
		routes: routes{"OPTIONS " + b: preflightOK("Access-Control-Allow-Headers", "range"), "GET " + b: acaoStar(206)},
		want: []headerStep{
			{"Range: bytes=-500", "unsafe", "cors-safelisted-request-header", "2.3", "range-no-start"},
			accept, acceptLanguage,
		},
	}, {
		name: "Range with the unit in capitals: spec",
		spec: "#25 simple-range-header-value: `bytes` is matched byte for byte",
		url:  b, init: RequestInit{Headers: [][2]string{{"Range", "BYTES=0-"}}},
		routes: routes{"OPTIONS " + b: preflightOK("Access-Control-Allow-Headers", "range"), "GET " + b: acaoStar(206)},
		want: []headerStep{
			{"Range: BYTES=0-", "unsafe", "simple-range-header-value", "", "range-unparsable"},
			accept, acceptLanguage,
		},
	}, {
		name: "Range with the unit in capitals: a profile that accepts it",
		spec: "Deviation(WebKit): profile RangeUnitCaseInsensitive; the step shows the value as script wrote it",
		url:  b, init: RequestInit{Headers: [][2]string{{"Range", "BYTES=0-"}}}, profile: &webkitRange,
		routes: routes{"GET " + b: acaoStar(206)},
		want: []headerStep{
			{"Range: BYTES=0-", "safelisted", "cors-safelisted-request-header", "3", "safelisted"},
			accept, acceptLanguage,
		},
	}, {
		name: "the 1024-byte total",
		spec: "#28 #30 cors-unsafe-request-header-names step 5: safelisted values totalling more than 1024 bytes, the Accept and Accept-Language fetch added included, are all unsafe",
		url:  b, init: RequestInit{Headers: nine},
		routes: routes{"OPTIONS " + b: preflightOK("Access-Control-Allow-Headers", "*"), "GET " + b: acaoStar(200)},
		want: append(nineWant,
			headerStep{"Accept: */*", "unsafe", "cors-unsafe-request-header-names", "5", "safelisted-total-too-long"},
			headerStep{"Accept-Language: en-US,en;q=0.9", "unsafe", "cors-unsafe-request-header-names", "5", "safelisted-total-too-long"}),
	}, {
		name: "same origin: no preflight decision, no header steps",
		spec: "#94 #95 concept-main-fetch step 12: a same-origin request is fetched without CORS",
		url:  "https://a.example/x", init: RequestInit{Headers: [][2]string{{"X-A", "1"}}},
		routes: routes{"GET https://a.example/x": reply(200)},
		want:   nil,
	}, {
		name: "no-cors: no preflight decision, no header steps",
		spec: "#97 concept-main-fetch step 12: a no-cors request is never preflighted",
		url:  b, init: RequestInit{Mode: ModeNoCORS},
		routes: routes{"GET " + b: reply(200)},
		want:   nil,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.profile
			if p == nil {
				p = &Spec
			}
			ag, _ := newTestAgent(t, p, newNet(tc.routes))
			req, serr := NewRequest(topPage(t, pageA), ag.Profile, tc.url, tc.init)
			if serr != nil {
				t.Fatal(serr)
			}
			res := ag.Fetch(context.Background(), req)
			if res.Err != nil {
				t.Fatalf("%s: %v", tc.spec, res.Err)
			}
			var got []headerStep
			last := -1
			for i, s := range res.Trace {
				if s.Topic != "request.header" {
					continue
				}
				rule := ""
				if j := strings.LastIndex(s.Detail, "(rule "); j >= 0 {
					rule, _, _ = strings.Cut(s.Detail[j+len("(rule "):], ")")
				}
				got = append(got, headerStep{s.Subject, s.Verdict, s.Anchor, s.Step, rule})
				last = i
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s: request.header steps mismatch (-want +got):\n%s", tc.spec, diff)
			}
			if last >= 0 && (last+1 >= len(res.Trace) || res.Trace[last+1].Topic != "main-fetch.branch") {
				t.Errorf("%s: the last request.header step is not followed by main fetch's branch", tc.spec)
			}
		})
	}
}

// TestTraceWording checks the words of trace steps whose facts vary: how
// many cache entries were made, a Set-Cookie that deletes, and a method let
// through by the use-CORS-preflight flag.
func TestTraceWording(t *testing.T) {
	const a, b = "https://a.example/x", "https://b.example/r"
	xhrUpload := func(t *testing.T) *Request {
		x := NewXHR(topPage(t, pageA))
		x.UploadListeners = true
		if err := x.Open("POST", b); err != nil {
			t.Fatal(err)
		}
		req, err := x.Request(BodyText)
		if err != nil {
			t.Fatal(err)
		}
		return req
	}
	fetchReq := func(url string, init RequestInit) func(t *testing.T) *Request {
		return func(t *testing.T) *Request {
			req, serr := NewRequest(topPage(t, pageA), &Spec, url, init)
			if serr != nil {
				t.Fatal(serr)
			}
			return req
		}
	}
	type said struct{ Topic, Verdict, Detail string }
	tests := []struct {
		name    string
		spec    string
		request func(t *testing.T) *Request
		routes  routes
		topic   string
		want    []said
	}{{
		name:    "one cache entry",
		spec:    "#163 #169 cors-preflight-fetch-0 step 7.4: an upload listener's preflight without Allow-Methods caches the one method",
		request: xhrUpload,
		routes:  routes{"OPTIONS " + b: preflightOK(), "POST " + b: acaoStar(200)},
		topic:   "cache.store",
		want:    []said{{"cache.store", "cached", "max-age 5s (absent); 1 entry created, 0 refreshed"}},
	}, {
		name:    "two cache entries",
		spec:    "#169 #170 cors-preflight-fetch-0 steps 7.13 and 7.15: one entry per method and per header name",
		request: fetchReq(b, RequestInit{Method: "PUT", Headers: [][2]string{{"X-A", "1"}}}),
		routes:  routes{"OPTIONS " + b: preflightOK("Access-Control-Allow-Methods", "PUT", "Access-Control-Allow-Headers", "x-a"), "PUT " + b: acaoStar(200)},
		topic:   "cache.store",
		want:    []said{{"cache.store", "cached", "max-age 5s (absent); 2 entries created, 0 refreshed"}},
	}, {
		name:    "the method the use-CORS-preflight flag put in the list",
		spec:    "#163 #164 cors-preflight-fetch-0 step 7.4: with Access-Control-Allow-Methods absent, the flag makes the request's method the list",
		request: xhrUpload,
		routes:  routes{"OPTIONS " + b: preflightOK(), "POST " + b: acaoStar(200)},
		topic:   "preflight.check",
		want: []said{{"preflight.check", "pass",
			"there is no Access-Control-Allow-Methods, and as the use-CORS-preflight flag is set the request's own method stands for the list (step 7.4)"}},
	}, {
		name:    "a method that is listed",
		spec:    "#164 cors-preflight-fetch-0 step 7.5",
		request: fetchReq(b, RequestInit{Method: "PUT"}),
		routes:  routes{"OPTIONS " + b: preflightOK("Access-Control-Allow-Methods", "PUT"), "PUT " + b: acaoStar(200)},
		topic:   "preflight.check",
		want:    []said{{"preflight.check", "pass", "the method is listed in Access-Control-Allow-Methods"}},
	}, {
		name:    "a Set-Cookie that has expired deletes",
		spec:    "#155 parse-and-store-response-set-cookie-headers; layered-cookies: Max-Age=0 is an expiry-time in the past, and garbage collection removes the cookie",
		request: fetchReq(a, RequestInit{}),
		routes:  routes{"GET " + a: reply(200, "Set-Cookie", "sid=1; Max-Age=0", "Set-Cookie", "lang=de")},
		topic:   "cookies.store",
		want: []said{
			{"cookies.store", "deleted", "cookie sid has already expired, so storing it deletes the cookie of that name, domain and path, if there was one; done as the response arrived, whatever the CORS check will say"},
			{"cookies.store", "stored", "cookie lang stored as the response arrived, whatever the CORS check will say"},
		},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ag, _ := newTestAgent(t, &Spec, newNet(tc.routes))
			res := ag.Fetch(context.Background(), tc.request(t))
			if res.Err != nil {
				t.Fatalf("%s: %v", tc.spec, res.Err)
			}
			var got []said
			for _, s := range res.Trace {
				if s.Topic == tc.topic && (tc.topic != "preflight.check" || strings.HasPrefix(s.Subject, "method ")) {
					got = append(got, said{s.Topic, s.Verdict, s.Detail})
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s: %s steps mismatch (-want +got):\n%s", tc.spec, tc.topic, diff)
			}
		})
	}
}

// TestWithoutTrace runs every fetch table of this package's tests twice,
// traced and WithoutTrace, and checks that only the trace differs: the same
// wire requests, the same outcome, no trace.
func TestWithoutTrace(t *testing.T) {
	var all []fetchCase
	for _, table := range [][]fetchCase{mainFetchTests, httpFetchTests, redirectTests, preflightTests, httpNetworkOrCacheTests} {
		all = append(all, table...)
	}
	type outcome struct {
		Sent     []string
		Err      *wantErr
		Response *wantView
	}
	run := func(tc fetchCase, opts ...FetchOption) (outcome, *Result) {
		p := tc.profile
		if p == nil {
			p = &Spec
		}
		n := newNet(tc.routes)
		ag, _ := newTestAgent(t, p, n)
		client := topPage(t, pageA)
		if tc.page != "" {
			client = topPage(t, tc.page)
		}
		if tc.client != nil {
			client = tc.client(t)
		}
		req, serr := NewRequest(client, ag.Profile, tc.url, tc.init)
		if serr != nil {
			t.Fatalf("%s: %v", tc.name, serr)
		}
		if tc.prepare != nil {
			tc.prepare(req)
		}
		res := ag.Fetch(context.Background(), req, opts...)
		var o outcome
		for _, r := range n.requests() {
			o.Sent = append(o.Sent, strings.Join(append([]string{r.Method, r.URL.String()}, headerLines(r.Header)...), "\n"))
		}
		o.Err = errOf(res.Err)
		if res.Response != nil {
			o.Response = viewOf(res.Response, true)
		}
		return o, res
	}
	for _, tc := range all {
		traced, _ := run(tc)
		untraced, res := run(tc, WithoutTrace())
		if diff := cmp.Diff(traced, untraced); diff != "" {
			t.Errorf("%s (%s): WithoutTrace changed the fetch (-traced +untraced):\n%s", tc.name, tc.spec, diff)
		}
		if res.Trace != nil {
			t.Errorf("%s: WithoutTrace left a trace of %d steps", tc.name, len(res.Trace))
		}
	}
}
