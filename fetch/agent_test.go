package fetch

import (
	"bufio"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/corsim/corsim/preflightcache"
)

func TestNewAgentErrors(t *testing.T) {
	n := newNet(nil)
	if _, err := NewAgent(nil, n, AgentOptions{}); err == nil {
		t.Errorf("NewAgent(nil profile) did not fail")
	}
	if _, err := NewAgent(&Spec, nil, AgentOptions{}); err == nil {
		t.Errorf("NewAgent(nil network) did not fail")
	}
	bad := Spec
	bad.Cache = preflightcache.Policy{}
	if _, err := NewAgent(&bad, n, AgentOptions{}); err == nil || !strings.Contains(err.Error(), "spec") {
		t.Errorf("NewAgent(invalid cache policy) = %v, want an error naming the profile", err)
	}
	a, clock := newTestAgent(t, &Spec, n)
	if !a.Now().Equal(clock.Now()) {
		t.Errorf("Agent.Now() = %v, want the clock's %v", a.Now(), clock.Now())
	}
	shared, err := NewAgent(&Spec, n, AgentOptions{Cache: a.Cache, Jar: a.Jar})
	if err != nil || shared.Cache != a.Cache || shared.Jar != a.Jar {
		t.Errorf("NewAgent with a shared cache and jar: %v", err)
	}
}

// TestProfileKnobs checks the profile knobs that act in the algorithms,
// each against the spec's behaviour on the same fetch.
func TestProfileKnobs(t *testing.T) {
	const b = "https://b.example/x"
	t.Run("RangeUnitCaseInsensitive", func(t *testing.T) {
		init := RequestInit{Headers: [][2]string{{"Range", "BYTES=0-"}}}
		rs := routes{"OPTIONS " + b: acaoStar(204, "Access-Control-Allow-Headers", "range"), "GET " + b: acaoStar(206)}
		fetchCase{spec: "#25 cors-safelisted-request-header: `bytes` is case-sensitive", url: b, init: init, routes: rs,
			wantSent: []wantWire{
				wire("OPTIONS", b, "Origin", pageA, "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "range"),
				wire("GET", b, "Origin", pageA, "Range", "BYTES=0-"),
			},
			want: &wantView{Type: TypeCORS, Status: 206, URL: b}}.run(t)
		p := Spec
		p.Request.RangeUnitCaseInsensitive = true
		fetchCase{spec: "Deviation(WebKit): any case; the header is sent as script wrote it", url: b, init: init, routes: rs, profile: &p,
			wantSent: []wantWire{wire("GET", b, "Origin", pageA, "Range", "BYTES=0-")},
			want:     &wantView{Type: TypeCORS, Status: 206, URL: b}}.run(t)
	})
	t.Run("SpdyResponseHeader", func(t *testing.T) {
		p := Spec
		p.Response.SpdyResponseHeader = true
		h2 := acaoStar(200, "Access-Control-Expose-Headers", "*")
		h1 := acaoStar(200, "Access-Control-Expose-Headers", "*")
		h1.Protocol = "HTTP/1.1"
		sent := []wantWire{wire("GET", b, "Origin", pageA)}
		exposed := []string{"access-control-allow-origin", "access-control-expose-headers"}
		fetchCase{spec: "spec: the response's headers only", url: b, routes: routes{"GET " + b: h2}, wantSent: sent,
			want: &wantView{Type: TypeCORS, Status: 200, URL: b, Headers: exposed}}.run(t)
		fetchCase{spec: "Deviation(Firefox): X-Firefox-Spdy on HTTP/2", url: b, routes: routes{"GET " + b: h2}, wantSent: sent, profile: &p,
			want: &wantView{Type: TypeCORS, Status: 200, URL: b, Headers: append(exposed, "x-firefox-spdy")}}.run(t)
		fetchCase{spec: "Deviation(Firefox): not on HTTP/1.1", url: b, routes: routes{"GET " + b: h1}, wantSent: sent, profile: &p,
			want: &wantView{Type: TypeCORS, Status: 200, URL: b, Headers: exposed}}.run(t)
	})
	t.Run("no User-Agent, no Accept-Language", func(t *testing.T) {
		p := Spec
		p.UserAgent, p.AcceptLanguage = "", ""
		fetchCase{spec: "#90 D5 D7: both are the user agent's choice", url: b, profile: &p, routes: routes{"GET " + b: acaoStar(200)},
			wantSent: []wantWire{wire("GET", b, "Origin", pageA, "User-Agent", noHeader, "Accept-Language", noHeader, "Accept", "*/*")},
			want:     &wantView{Type: TypeCORS, Status: 200, URL: b}}.run(t)
	})
}

func TestEqualFoldASCII(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Set-Cookie", "set-cookie", true},
		{"", "", true},
		{"a", "ab", false},
		{"k", "\u212a", false}, // KELVIN SIGN folds to k in Unicode, not in ASCII
		{"\xc0", "\xe0", false},
		{"Z@[", "z@[", true},
		{"@", "`", false},
	}
	for _, tc := range tests {
		if got := equalFoldASCII(tc.a, tc.b); got != tc.want {
			t.Errorf("equalFoldASCII(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// specAnchors reads the Fetch Standard's anchor ids the project knows.
func specAnchors(t *testing.T) map[string]bool {
	t.Helper()
	f, err := os.Open("../testdata/spec-anchors.txt")
	if err != nil {
		t.Skipf("no anchor list: %v", err)
	}
	defer f.Close()
	ids := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			ids[l] = true
		}
	}
	return ids
}

// TestTraceAndErrorAnchors runs every fetch table of this package's tests
// and checks that each trace step and network error names an anchor the
// Fetch Standard has, a topic and a verdict, and a valid exchange.
func TestTraceAndErrorAnchors(t *testing.T) {
	known := specAnchors(t)
	var all []fetchCase
	for _, table := range [][]fetchCase{mainFetchTests, httpFetchTests, redirectTests, preflightTests, httpNetworkOrCacheTests} {
		all = append(all, table...)
	}
	for _, tc := range all {
		p := tc.profile
		if p == nil {
			p = &Spec
		}
		ag, _ := newTestAgent(t, p, newNet(tc.routes))
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
		res := ag.Fetch(context.Background(), req)
		if len(res.Trace) == 0 {
			t.Errorf("%s: no trace", tc.name)
		}
		for i, s := range res.Trace {
			if !known[s.Anchor] {
				t.Errorf("%s: trace step %d (%s) cites %q, not a Fetch Standard anchor", tc.name, i, s.Topic, s.Anchor)
			}
			if s.Topic == "" || s.Verdict == "" || s.Detail == "" {
				t.Errorf("%s: trace step %d lacks a topic, verdict or detail: %+v", tc.name, i, s)
			}
			if s.Exchange != -1 && (s.Exchange < 0 || s.Exchange >= len(res.Exchanges)) {
				t.Errorf("%s: trace step %d points at exchange %d of %d", tc.name, i, s.Exchange, len(res.Exchanges))
			}
			if s.String() == "" {
				t.Errorf("%s: empty String()", tc.name)
			}
		}
		if last := res.Trace[len(res.Trace)-1]; last.Topic != "result" {
			t.Errorf("%s: the last trace step is %q, want the result", tc.name, last.Topic)
		}
		if res.Err != nil && !known[res.Err.Anchor] {
			t.Errorf("%s: the error cites %q, not a Fetch Standard anchor", tc.name, res.Err.Anchor)
		}
	}
}

func TestProfileByName(t *testing.T) {
	for _, name := range []string{"spec", "chromium", "firefox", "webkit"} {
		p, ok := ProfileByName(name)
		if !ok || p.Name != name {
			t.Errorf("ProfileByName(%q) = %v, %v", name, p, ok)
			continue
		}
		if _, err := NewAgent(p, newNet(nil), AgentOptions{}); err != nil {
			t.Errorf("profile %s: %v", name, err)
		}
	}
	if _, ok := ProfileByName("Spec"); ok {
		t.Errorf("ProfileByName is case-sensitive")
	}
}

// BenchmarkFetch measures Agent.Fetch on a network that answers at once:
// a same-origin GET, a CORS GET, and a PUT whose preflight the cache holds,
// each with the trace and WithoutTrace.
func BenchmarkFetch(b *testing.B) {
	const u = "https://b.example/r"
	cases := []struct {
		name string
		url  string
		init RequestInit
	}{
		{"same-origin GET", "https://a.example/x", RequestInit{}},
		{"cors GET", u, RequestInit{}},
		{"preflighted PUT, cache hit", u, RequestInit{Method: "PUT", Headers: [][2]string{{"X-A", "1"}}}},
	}
	rs := routes{
		"GET https://a.example/x": reply(200),
		"GET " + u:                acaoStar(200),
		"OPTIONS " + u:            preflightOK("Access-Control-Allow-Methods", "PUT", "Access-Control-Allow-Headers", "x-a", "Access-Control-Max-Age", "600"),
		"PUT " + u:                acaoStar(200),
	}
	for _, bc := range cases {
		for _, trace := range []bool{true, false} {
			name := bc.name
			var opts []FetchOption
			if !trace {
				name += ", no trace"
				opts = append(opts, WithoutTrace())
			}
			b.Run(name, func(b *testing.B) {
				n := &cannedNet{serve: func(req *WireRequest, _ int) (*WireResponse, error) {
					return rs[req.Method+" "+req.URL.Serialize(true)], nil
				}}
				ag, _ := newTestAgent(b, &Spec, n)
				client := topPage(b, pageA)
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					n.sent = n.sent[:0]
					req, serr := NewRequest(client, ag.Profile, bc.url, bc.init)
					if serr != nil {
						b.Fatal(serr)
					}
					if res := ag.Fetch(context.Background(), req, opts...); res.Err != nil {
						b.Fatal(res.Err)
					}
				}
			})
		}
	}
}

// TestFetchAllocs guards the allocations of a fetch WithoutTrace, the
// enforcing transport's path, on BenchmarkFetch's cases. What is left is the
// request and its URL (NewRequest), the result, the hop's copy of the
// request, the serialized Origin, the wire request, the response with its
// header list and its filtered view, a preflight cache lookup's names, and
// the test network's copies (two per round trip).
func TestFetchAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	const u = "https://b.example/r"
	rs := routes{
		"GET https://a.example/x": reply(200),
		"GET " + u:                acaoStar(200),
		"OPTIONS " + u:            preflightOK("Access-Control-Allow-Methods", "PUT", "Access-Control-Allow-Headers", "x-a", "Access-Control-Max-Age", "600"),
		"PUT " + u:                acaoStar(200),
	}
	tests := []struct {
		name   string
		url    string
		init   RequestInit
		budget float64
	}{
		{"same-origin GET", "https://a.example/x", RequestInit{}, 13},
		{"cors GET", u, RequestInit{}, 14},
		{"preflighted PUT, cache hit", u, RequestInit{Method: "PUT", Headers: [][2]string{{"X-A", "1"}}}, 21},
	}
	for _, tc := range tests {
		n := &cannedNet{serve: func(req *WireRequest, _ int) (*WireResponse, error) {
			return rs[req.Method+" "+req.URL.Serialize(true)], nil
		}}
		ag, _ := newTestAgent(t, &Spec, n)
		client := topPage(t, pageA)
		fetchOnce := func() {
			n.sent = n.sent[:0]
			req, serr := NewRequest(client, ag.Profile, tc.url, tc.init)
			if serr != nil {
				t.Fatal(serr)
			}
			if res := ag.Fetch(context.Background(), req, WithoutTrace()); res.Err != nil {
				t.Fatal(res.Err)
			}
		}
		fetchOnce() // fill the preflight cache and the site cache
		if got := testing.AllocsPerRun(200, fetchOnce); got > tc.budget {
			t.Errorf("%s: %v allocations per fetch, want at most %v", tc.name, got, tc.budget)
		}
	}
}
