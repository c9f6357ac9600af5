package fetch

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/corsim/corsim/safelist"
	"github.com/google/go-cmp/cmp"
)

// This file holds what the algorithm tests share: a network of canned wire
// responses that records what reaches it, a clock that only moves when told,
// and a runner for table cases that fetch through Agent.Fetch and compare the
// wire requests, the response script sees and the network error.

// A cannedNet answers each wire request with the response routed to
// "METHOD URL" (the URL without its fragment) and records every request, in
// order. A request nobody routed gets a transport error, so that a case that
// sends something unexpected fails loudly. It is safe for concurrent use.
type cannedNet struct {
	mu     sync.Mutex
	routes map[string]*WireResponse
	// serve, when set, answers instead of routes.
	serve func(req *WireRequest, n int) (*WireResponse, error)
	sent  []*WireRequest
}

// routes is a route table for newNet: "METHOD URL" → response.
type routes map[string]*WireResponse

func newNet(r routes) *cannedNet { return &cannedNet{routes: r} }

func (n *cannedNet) RoundTrip(_ context.Context, req *WireRequest) (*WireResponse, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	// Keep a copy: the header list must be the one that was on the wire.
	c := *req
	c.Header = append(safelist.HeaderList(nil), req.Header...)
	n.sent = append(n.sent, &c)
	if n.serve != nil {
		return n.serve(&c, len(n.sent)-1)
	}
	key := req.Method + " " + req.URL.Serialize(true)
	resp, ok := n.routes[key]
	if !ok {
		return nil, errors.New("cannedNet: no route for " + key)
	}
	// Each answer is a fresh copy, as a server would send it again.
	r := *resp
	r.Header = append(safelist.HeaderList(nil), resp.Header...)
	return &r, nil
}

// requests returns what reached the network, and forgets it.
func (n *cannedNet) requests() []*WireRequest {
	n.mu.Lock()
	defer n.mu.Unlock()
	s := n.sent
	n.sent = nil
	return s
}

// reply builds a wire response: status, then header name/value pairs.
func reply(status int, nv ...string) *WireResponse {
	if len(nv)%2 != 0 {
		panic("reply: odd number of header strings")
	}
	r := &WireResponse{Status: status, Body: []byte("body")}
	for i := 0; i < len(nv); i += 2 {
		r.Header = append(r.Header, safelist.Header{Name: nv[i], Value: nv[i+1]})
	}
	return r
}

// stepClock is a clock that moves only when told to.
type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newTestAgent returns an agent with profile p on a stepped clock, talking
// to n.
func newTestAgent(t testing.TB, p *Profile, n Network) (*Agent, *stepClock) {
	t.Helper()
	clock := &stepClock{now: time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)}
	a, err := NewAgent(p, n, AgentOptions{Clock: clock})
	if err != nil {
		t.Fatalf("NewAgent: %v", err)
	}
	return a, clock
}

func mustOrigin(t testing.TB, s string) Origin {
	t.Helper()
	o, err := ParseOrigin(s)
	if err != nil {
		t.Fatalf("ParseOrigin(%q): %v", s, err)
	}
	return o
}

func mustURL(t testing.TB, s string) *URL {
	t.Helper()
	u, err := ParseURL(s)
	if err != nil {
		t.Fatalf("ParseURL(%q): %v", s, err)
	}
	return u
}

// topPage returns the client of a top-level page at origin ("null" makes a
// fresh opaque origin, as a sandboxed document has).
func topPage(t testing.TB, origin string) *Client {
	t.Helper()
	if origin == "null" {
		o := NewOpaqueOrigin()
		return NewClient(o, o)
	}
	o := mustOrigin(t, origin)
	return NewClient(o, o)
}

// framePage returns the client of a page at origin embedded under top.
func framePage(t testing.TB, origin, top string) *Client {
	t.Helper()
	o := NewOpaqueOrigin()
	if origin != "null" {
		o = mustOrigin(t, origin)
	}
	return NewClient(o, mustOrigin(t, top))
}

// storeCookie stores a cookie for url as if a first-party response had set it.
func storeCookie(t testing.TB, a *Agent, url, setCookie string) {
	t.Helper()
	u := mustURL(t, url)
	site := ObtainSite(u.Origin())
	if _, err := a.Jar.ParseAndStore(CookieContext{URL: u, SiteForCookies: site, TopLevelSite: site}, setCookie); err != nil {
		t.Fatalf("storing %q for %s: %v", setCookie, url, err)
	}
}

// noHeader, as a wanted header value, means the header must be absent.
const noHeader = "(absent)"

// watchedHeaders are checked on every wire request of a case, absent unless
// the case names a value: the headers CORS is about.
var watchedHeaders = []string{
	"Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers",
	"Cookie", "Authorization", "Content-Type",
}

// wantWire is a wire request as a case expects it: method, URL, and the
// value of some headers (combined with ", " when repeated; noHeader for
// none). Headers in watchedHeaders that the case does not name must be
// absent.
type wantWire struct {
	Method, URL string
	Header      map[string]string
}

// gotWire renders r for comparison with w.
func gotWire(r *WireRequest, w wantWire) wantWire {
	names := append([]string(nil), watchedHeaders...)
	for n := range w.Header {
		names = append(names, n)
	}
	g := wantWire{Method: r.Method, URL: r.URL.Serialize(false), Header: map[string]string{}}
	for _, n := range names {
		v, ok := r.Header.Get(n)
		if !ok {
			v = noHeader
		}
		g.Header[n] = v
	}
	return g
}

// filled returns w with the watched headers it does not name set to
// noHeader.
func (w wantWire) filled() wantWire {
	h := map[string]string{}
	for _, n := range watchedHeaders {
		h[n] = noHeader
	}
	for n, v := range w.Header {
		h[n] = v
	}
	return wantWire{Method: w.Method, URL: w.URL, Header: h}
}

// wire builds a wantWire: method, URL, then header name/value pairs.
func wire(method, url string, nv ...string) wantWire {
	w := wantWire{Method: method, URL: url, Header: map[string]string{}}
	for i := 0; i+1 < len(nv); i += 2 {
		w.Header[nv[i]] = nv[i+1]
	}
	return w
}

// wantView is what a case expects script to see of a response.
type wantView struct {
	Type       ResponseType
	Status     int
	URL        string
	Redirected bool
	// Headers are the lowercase header names script can read, sorted; nil
	// means the case does not check them.
	Headers []string
}

func viewOf(r *Response, checkHeaders bool) *wantView {
	v := r.View()
	w := &wantView{Type: v.Type, Status: v.Status, URL: v.URL, Redirected: v.Redirected}
	if checkHeaders {
		w.Headers = []string{}
		for _, h := range v.Header {
			w.Headers = append(w.Headers, h.Name)
		}
	}
	return w
}

// wantErr is the network error a case expects: its reason and where in the
// spec it was raised.
type wantErr struct {
	Reason Reason
	Anchor string
	Step   string
}

func errOf(e *NetworkError) *wantErr {
	if e == nil {
		return nil
	}
	return &wantErr{Reason: e.Reason, Anchor: e.Anchor, Step: e.Step}
}

// fetchCase is one fetch() made by a page, checked through Agent.Fetch.
type fetchCase struct {
	name string
	// spec cites the SPEC-CHECKLIST item(s) and anchor the expectation
	// comes from.
	spec string
	// page is the page's origin; "" means https://a.example. client, when
	// set, is used instead.
	page   string
	client func(t testing.TB) *Client
	url    string
	init   RequestInit
	// prepare, when set, edits the request before it is fetched (fields
	// RequestInit does not reach, such as the referrer policy).
	prepare func(r *Request)
	routes  routes
	profile *Profile // nil means Spec

	wantSent []wantWire
	want     *wantView // nil when a network error is wanted
	wantErr  *wantErr
}

// run fetches tc once on a fresh agent and checks everything it wants.
func (tc fetchCase) run(t *testing.T) *Result {
	t.Helper()
	p := tc.profile
	if p == nil {
		p = &Spec
	}
	n := newNet(tc.routes)
	a, _ := newTestAgent(t, p, n)
	return tc.runOn(t, a, n)
}

// runOn fetches tc with agent a, whose network is n, and checks it.
func (tc fetchCase) runOn(t *testing.T, a *Agent, n *cannedNet) *Result {
	t.Helper()
	var client *Client
	switch {
	case tc.client != nil:
		client = tc.client(t)
	case tc.page != "":
		client = topPage(t, tc.page)
	default:
		client = topPage(t, "https://a.example")
	}
	req, serr := NewRequest(client, a.Profile, tc.url, tc.init)
	if serr != nil {
		t.Fatalf("%s: NewRequest(%q): %v", tc.spec, tc.url, serr)
	}
	if tc.prepare != nil {
		tc.prepare(req)
	}
	res := a.Fetch(context.Background(), req)
	checkSent(t, tc.spec, n.requests(), tc.wantSent)
	if diff := cmp.Diff(tc.wantErr, errOf(res.Err)); diff != "" {
		t.Errorf("%s: network error mismatch (-want +got):\n%s", tc.spec, diff)
		if res.Err != nil {
			t.Logf("error: %v", res.Err)
		}
	}
	if res.Err != nil && res.Response != nil {
		// #60 concept-network-error: script gets nothing but the error.
		t.Errorf("%s: a network error and a response", tc.spec)
	}
	if tc.want != nil {
		if res.Response == nil {
			t.Fatalf("%s: got no response, want %+v", tc.spec, *tc.want)
		}
		if diff := cmp.Diff(tc.want, viewOf(res.Response, tc.want.Headers != nil)); diff != "" {
			t.Errorf("%s: response mismatch (-want +got):\n%s", tc.spec, diff)
		}
	} else if res.Response != nil && tc.wantErr == nil {
		t.Errorf("%s: got a response, the case wants neither response nor error", tc.spec)
	}
	return res
}

// checkSent compares the wire requests with what a case wants.
func checkSent(t *testing.T, spec string, got []*WireRequest, want []wantWire) {
	t.Helper()
	if len(got) != len(want) {
		var lines []string
		for _, r := range got {
			lines = append(lines, r.Method+" "+r.URL.Serialize(false))
		}
		t.Errorf("%s: %d requests sent, want %d:\n%s", spec, len(got), len(want), strings.Join(lines, "\n"))
		return
	}
	for i := range want {
		if diff := cmp.Diff(want[i].filled(), gotWire(got[i], want[i])); diff != "" {
			t.Errorf("%s: wire request %d mismatch (-want +got):\n%s", spec, i, diff)
		}
	}
}

// headerNames returns the names of l, in order, as written.
func headerNames(l safelist.HeaderList) []string {
	names := []string{}
	for _, h := range l {
		names = append(names, h.Name)
	}
	return names
}

// headerLines renders l as "Name: value" lines.
func headerLines(l safelist.HeaderList) []string {
	lines := []string{}
	for _, h := range l {
		lines = append(lines, fmt.Sprintf("%s: %s", h.Name, h.Value))
	}
	return lines
}

// repeatByte returns n copies of c.
func repeatByte(c byte, n int) string { return strings.Repeat(string(c), n) }
