package corsimtest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/fetch"
)

// recorder is a TB that keeps the failures it is told about, so that the
// kit's failing assertions can be tested as well as its passing ones.
type recorder struct {
	mu       sync.Mutex
	failures []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

// policy is a test handler: a CORS policy written out header by header, so
// that each case states exactly what the server answers.
type policy struct {
	allowOrigin string // ACAO for every request; "reflect" echoes an allowed Origin
	allowed     string // the origin "reflect" allows
	credentials bool   // ACAC: true
	methods     string // ACAM on preflights
	headers     string // ACAH on preflights
	maxAge      string // ACMA on preflights
	expose      string // ACEH on actual responses
	optionsCode int    // the preflight's status; 0 means 204
}

func (p policy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	origin := r.Header.Get("Origin")
	switch {
	case p.allowOrigin == "reflect" && origin == p.allowed:
		h.Set("Access-Control-Allow-Origin", origin)
		h.Add("Vary", "Origin")
	case p.allowOrigin != "reflect" && p.allowOrigin != "":
		h.Set("Access-Control-Allow-Origin", p.allowOrigin)
	}
	if p.credentials {
		h.Set("Access-Control-Allow-Credentials", "true")
	}
	if r.Method == http.MethodOptions {
		for name, v := range map[string]string{
			"Access-Control-Allow-Methods": p.methods,
			"Access-Control-Allow-Headers": p.headers,
			"Access-Control-Max-Age":       p.maxAge,
		} {
			if v != "" {
				h.Set(name, v)
			}
		}
		code := p.optionsCode
		if code == 0 {
			code = http.StatusNoContent
		}
		w.WriteHeader(code)
		return
	}
	if p.expose != "" {
		h.Set("Access-Control-Expose-Headers", p.expose)
	}
	h.Set("Content-Type", "application/json")
	h.Set("X-Total", "7")
	h.Set("X-Secret", "s3cr3t")
	h.Add("Set-Cookie", "session=1; Secure; SameSite=None")
	fmt.Fprintln(w, `{"items":[]}`)
}

const (
	app  = "https://app.example"
	evil = "https://evil.example"
)

var (
	// trusting allows app, with credentials, the way the CORS protocol asks.
	trusting = policy{allowOrigin: "reflect", allowed: app, credentials: true,
		methods: "PUT, DELETE", headers: "Content-Type, X-Token", maxAge: "600", expose: "X-Total"}
	// wildcardCredentials is the classic mistake: `*` with credentials.
	wildcardCredentials = policy{allowOrigin: "*", credentials: true, methods: "PUT", headers: "*"}

	credentialed = Request{URL: "/me", Credentials: "include"}
	put          = Request{URL: "/items/1", Method: "PUT", Header: [][2]string{{"Content-Type", "application/json"}}}
)

// outcome is what a test wants of an assertion: whether it passes, how many
// failures it reports (one per failing profile) and what they must say.
type outcome struct {
	pass     bool
	failures int
	say      []string
}

func (o outcome) check(t *testing.T, passed bool, rec *recorder) {
	t.Helper()
	if passed != o.pass {
		t.Errorf("assertion returned %v, want %v", passed, o.pass)
	}
	if len(rec.failures) != o.failures {
		t.Errorf("%d failures reported, want %d:\n%s", len(rec.failures), o.failures, strings.Join(rec.failures, "\n---\n"))
	}
	for _, f := range rec.failures {
		for _, s := range o.say {
			if !strings.Contains(f, s) {
				t.Errorf("failure does not say %q:\n%s", s, f)
			}
		}
	}
}

func TestCanRead(t *testing.T) {
	tests := []struct {
		name   string
		h      http.Handler
		origin string
		req    Request
		want   outcome
	}{{
		// #187: include, ACAO equal to the origin and ACAC `true`: shared.
		name: "credentialed, exact origin and ACAC true", h: trusting, origin: app, req: credentialed,
		want: outcome{pass: true},
	}, {
		// #87, #161: the preflight of a credentialed PUT needs ACAO and
		// ACAC too; the actual response is shared.
		name: "credentialed preflighted PUT", h: trusting, origin: app,
		req:  Request{URL: "/items/1", Method: "PUT", Credentials: "include"},
		want: outcome{pass: true},
	}, {
		// #189: include with ACAO `*` fails, ACAC or not.
		name: "wildcard origin with credentials", h: wildcardCredentials, origin: app, req: credentialed,
		want: outcome{failures: 1, say: []string{
			"corsimtest: CanRead: ", `fetch("/me", {credentials: "include"}) from https://app.example under spec, chromium, firefox, webkit: `,
			"(-want +got)", "CORSNotSupportingCredentials", "on the wire:",
			"GET https://api.example/me", "Origin: https://app.example",
			"→ 200 OK", "Access-Control-Allow-Origin: *", "why: network error (CORSNotSupportingCredentials)",
			"chromium console: ", "firefox console: ", "webkit console: ",
		}},
	}, {
		// #184: without credentials, `*` is enough.
		name: "wildcard origin without credentials", h: wildcardCredentials, origin: app, req: Request{URL: "/me"},
		want: outcome{pass: true},
	}, {
		// #183: no ACAO for an origin the policy does not know.
		name: "origin not allowed", h: trusting, origin: evil, req: Request{URL: "/me"},
		want: outcome{failures: 1, say: []string{"CORSMissingAllowOrigin", "under "}},
	}, {
		// #164: PATCH is not in ACAM; the preflight fails and the PATCH is
		// never sent (#117).
		name: "method not allowed", h: trusting, origin: app, req: Request{URL: "/items/1", Method: "PATCH"},
		want: outcome{failures: 1, say: []string{"CORSMethodNotFound", "(preflight)", "Access-Control-Request-Method: PATCH"}},
	}, {
		// #94: the page's own origin reads without CORS.
		name: "same origin", h: http.NotFoundHandler(), origin: DefaultBase, req: Request{URL: "/me", Credentials: "include"},
		want: outcome{pass: true},
	}, {
		name: "no-cors is refused", h: trusting, origin: app, req: Request{URL: "/me", Mode: "no-cors"},
		want: outcome{failures: 1, say: []string{"opaque"}},
	}, {
		name: "bad page origin", h: trusting, origin: "app.example", req: credentialed,
		want: outcome{failures: 1, say: []string{"page origin", "app.example"}},
	}, {
		name: "no URL", h: trusting, origin: app, req: Request{},
		want: outcome{failures: 1, say: []string{"no URL"}},
	}, {
		// #207: fetch() throws before sending; the verdict is type-error.
		name: "URL with credentials", h: trusting, origin: app, req: Request{URL: "https://u:p@api.example/me"},
		want: outcome{failures: 1, say: []string{"type-error", "URLCredentials", "nothing was sent"}},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			passed := Handler(tc.h).CanRead(rec, tc.origin, tc.req)
			tc.want.check(t, passed, rec)
		})
	}
}

func TestCannotRead(t *testing.T) {
	tests := []struct {
		name   string
		origin string
		req    Request
		want   outcome
	}{
		// #183: the policy answers evil with no ACAO.
		{"other origin", evil, credentialed, outcome{pass: true}},
		{"other origin, preflighted", evil, put, outcome{pass: true}},
		// #187: the trusted origin reads; CannotRead fails.
		{"trusted origin", app, credentialed, outcome{failures: 1, say: []string{"corsimtest: CannotRead: ", "network-error", "ok"}}},
		{"no-cors is refused", evil, Request{URL: "/me", Mode: "no-cors"}, outcome{failures: 1, say: []string{"opaque"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			passed := Handler(trusting).CannotRead(rec, tc.origin, tc.req)
			tc.want.check(t, passed, rec)
		})
	}
}

func TestHeaderReadable(t *testing.T) {
	exposeAll := policy{allowOrigin: "reflect", allowed: app, credentials: true, expose: "*"}
	tests := []struct {
		name  string
		h     http.Handler
		req   Request
		names []string
		want  outcome
		under []*corsim.Profile // nil: every profile
	}{
		// #62, #103: listed in ACEH.
		{"exposed", trusting, credentialed, []string{"X-Total"}, outcome{pass: true}, nil},
		// #41: Content-Type is a CORS-safelisted response-header name.
		{"safelisted", trusting, credentialed, []string{"content-type", "X-Total"}, outcome{pass: true}, nil},
		// #62: not listed, not safelisted.
		{"not exposed", trusting, credentialed, []string{"X-Total", "X-Secret"}, outcome{
			failures: 1, say: []string{"corsimtest: HeaderReadable: ", "x-secret", "script can read: content-type, x-total"}}, nil},
		// #39: Set-Cookie is never exposed. (Under every profile the failure
		// comes twice: Firefox's note lists its own x-firefox-spdy too.)
		{"set-cookie", exposeAll, Request{URL: "/me"}, []string{"Set-Cookie"}, outcome{failures: 1, say: []string{"set-cookie", "under spec: "}},
			[]*corsim.Profile{corsim.Spec}},
		// #103: `*` exposes everything without credentials...
		{"star without credentials", exposeAll, Request{URL: "/me"}, []string{"X-Secret"}, outcome{pass: true}, nil},
		// ...and nothing with them: `*` is then the name of a header.
		{"star with credentials", exposeAll, credentialed, []string{"X-Secret"}, outcome{failures: 1, say: []string{"x-secret"}}, nil},
		// A blocked response has no readable header.
		{"blocked", wildcardCredentials, credentialed, []string{"Content-Type"}, outcome{
			failures: 1, say: []string{"network-error", "CORSNotSupportingCredentials"}}, nil},
		{"no name", trusting, credentialed, nil, outcome{failures: 1, say: []string{"no header name"}}, nil},
		{"bad name", trusting, credentialed, []string{"X Total"}, outcome{failures: 1, say: []string{`"X Total" is not a header name`}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			passed := Handler(tc.h).Under(tc.under...).HeaderReadable(rec, app, tc.req, tc.names...)
			tc.want.check(t, passed, rec)
		})
	}
}

// The spec profile keeps what Access-Control-Max-Age says (#167: no cap of
// its own), 5 s when it is missing (#83), and stops serving an entry once
// max-age seconds have passed (#174).
func TestPreflightCached(t *testing.T) {
	maxAge := func(v string) policy { p := trusting; p.maxAge = v; return p }
	failing := trusting
	failing.optionsCode = http.StatusForbidden
	tests := []struct {
		name   string
		h      http.Handler
		req    Request
		maxAge time.Duration
		want   outcome
	}{
		{"600 s", maxAge("600"), put, 600 * time.Second, outcome{pass: true}},
		{"a day", maxAge("86400"), put, 24 * time.Hour, outcome{pass: true}},
		{"default 5 s", maxAge(""), put, 5 * time.Second, outcome{pass: true}},
		{"0 is not cached", maxAge("0"), put, 0, outcome{pass: true}},
		{"credentialed", maxAge("600"), Request{URL: "/items/1", Method: "DELETE", Credentials: "include"}, 600 * time.Second, outcome{pass: true}},
		// Expired at 301 s after all? No: the entry still answers.
		{"shorter than said", maxAge("600"), put, 300 * time.Second, outcome{
			failures: 1, say: []string{"corsimtest: PreflightCached: ", "under spec", "cached for 5m0s", "(-want +got)",
				"probe 2, after 5m1s", "Access-Control-Max-Age: 600"}}},
		// Still cached at 899 s? No: it expired at 600 s.
		{"longer than said", maxAge("600"), put, 900 * time.Second, outcome{failures: 1, say: []string{"probe 1, after 14m59s", "(preflight)"}}},
		{"not cached, but is", maxAge("600"), put, 0, outcome{failures: 1, say: []string{"cached for 0s"}}},
		// #116: a simple GET needs no preflight.
		{"no preflight needed", maxAge("600"), Request{URL: "/items/1"}, time.Minute, outcome{failures: 1, say: []string{"needs no preflight"}}},
		// #42: a 403 preflight fails; nothing is cached.
		{"preflight fails", failing, put, time.Minute, outcome{failures: 1, say: []string{"network-error", "→ 403 Forbidden"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			passed := Handler(tc.h).PreflightCached(rec, corsim.Spec, app, tc.req, tc.maxAge)
			tc.want.check(t, passed, rec)
		})
	}
	t.Run("no profile", func(t *testing.T) {
		rec := &recorder{}
		passed := Handler(trusting).PreflightCached(rec, nil, app, put, time.Minute)
		outcome{failures: 1, say: []string{"no profile"}}.check(t, passed, rec)
	})
}

func TestCheck(t *testing.T) {
	// Authorization is not among the listed headers, so every profile
	// blocks it (with `*` the engines would let it through, see
	// fetch.ResponseKnobs.WildcardAllowHeadersCoversAuthorization).
	authz := Request{URL: "/me", Header: [][2]string{{"Authorization", "Bearer t"}}}
	starHeaders := policy{allowOrigin: "*", headers: "X-Token"}
	blocked := Verdict{Outcome: corsim.NetworkError, Reason: fetch.CORSMissingAllowHeaderFromPreflight, Preflight: PreflightSent}
	tests := []struct {
		name string
		sc   Scenario
		want outcome
	}{{
		name: "wanted verdict",
		sc:   Scenario{Origin: app, Request: authz, Want: blocked},
		want: outcome{pass: true},
	}, {
		name: "unchecked fields",
		sc:   Scenario{Origin: app, Request: authz, Want: Verdict{Outcome: corsim.NetworkError}},
		want: outcome{pass: true},
	}, {
		name: "every field of an ok verdict",
		sc: Scenario{Origin: app, Request: Request{URL: "/me", Header: [][2]string{{"X-Token", "t"}}}, Want: Verdict{
			Outcome: corsim.OK, Preflight: PreflightSent, Type: fetch.TypeCORS, Status: 200,
			Readable: []string{"content-type"}, // #41; ACEH is absent (#103)
		}},
		want: outcome{pass: true},
	}, {
		name: "wrong reason",
		sc: Scenario{Name: "authz", Origin: app, Request: authz,
			Want: Verdict{Outcome: corsim.NetworkError, Reason: fetch.CORSMethodNotFound}},
		want: outcome{failures: 1, say: []string{"corsimtest: authz: fetch(", "CORSMethodNotFound", "CORSMissingAllowHeaderFromPreflight"}},
	}, {
		name: "one profile wants otherwise",
		sc: Scenario{Origin: app, Request: authz, Want: blocked,
			WantByProfile: map[string]Verdict{"webkit": {Outcome: corsim.OK}}},
		want: outcome{failures: 1, say: []string{"under webkit", "webkit console: "}},
	}, {
		name: "no outcome",
		sc:   Scenario{Origin: app, Request: authz},
		want: outcome{failures: 1, say: []string{"Want.Outcome"}},
	}, {
		name: "unknown profile",
		sc:   Scenario{Origin: app, Request: authz, Want: blocked, WantByProfile: map[string]Verdict{"safari": blocked}},
		want: outcome{failures: 1, say: []string{`WantByProfile["safari"]`}},
	}, {
		name: "profile override without outcome",
		sc:   Scenario{Origin: app, Request: authz, Want: blocked, WantByProfile: map[string]Verdict{"firefox": {}}},
		want: outcome{failures: 1, say: []string{`WantByProfile["firefox"] wants no Outcome`}},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			passed := Handler(starHeaders).Check(rec, tc.sc)
			tc.want.check(t, passed, rec)
		})
	}
}

// Before fills the preflight cache of the browser the judged call is made in.
// The spec profile only: the engines' caches treat `*` entries differently
// (package preflightcache).
func TestCheckBefore(t *testing.T) {
	s := Handler(policy{allowOrigin: "*", headers: "*"}).Under(corsim.Spec)
	xToken := Request{URL: "/me", Header: [][2]string{{"X-Token", "t"}}}
	xOther := Request{URL: "/me", Header: [][2]string{{"X-Other", "o"}}}
	tests := []struct {
		name   string
		before []Request
		req    Request
		want   Verdict
		out    outcome
	}{
		// #116: nothing cached yet, so X-Other needs a preflight.
		{"nothing before", nil, xOther, Verdict{Outcome: corsim.OK, Preflight: PreflightSent}, outcome{pass: true}},
		// #170, #178: X-Token's preflight stored a `*` header entry (for
		// 5 s, #83), which matches X-Other without credentials.
		{"star cached", []Request{xToken}, xOther, Verdict{Outcome: corsim.OK, Preflight: NoPreflight}, outcome{pass: true}},
		// #178: ...but never Authorization, and #165 fails its preflight.
		{"star does not cover authorization", []Request{xToken}, Request{URL: "/me", Header: [][2]string{{"Authorization", "a"}}},
			Verdict{Outcome: corsim.OK}, outcome{failures: 1, say: []string{
				`before it, fetch("/me", {headers: [["X-Token", "t"]]}): ok, preflight sent`, "CORSMissingAllowHeaderFromPreflight"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			passed := s.Check(rec, Scenario{Origin: app, Before: tc.before, Request: tc.req, Want: tc.want})
			tc.out.check(t, passed, rec)
		})
	}
}

func TestUnder(t *testing.T) {
	s := Handler(wildcardCredentials)
	for _, tc := range []struct {
		name     string
		s        *Server
		profiles string // the profiles the one failure names
	}{
		{"default", s, "spec, chromium, firefox, webkit"},
		{"one", s.Under(corsim.Firefox), "firefox"},
		{"two", s.Under(corsim.Spec, corsim.WebKit), "spec, webkit"},
		{"restored", s.Under(corsim.Spec).Under(), "spec, chromium, firefox, webkit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			passed := tc.s.CanRead(rec, app, credentialed)
			outcome{failures: 1, say: []string{"CORSNotSupportingCredentials", " under " + tc.profiles + ": "}}.check(t, passed, rec)
		})
	}
}

// A server over the network: an httptest.Server on loopback, which pages of
// https origins may fetch (a loopback URL is potentially trustworthy, so it
// is not mixed content).
func TestURL(t *testing.T) {
	srv := httptest.NewServer(trusting)
	defer srv.Close()
	api := URL(srv.URL, srv.Client().Transport)
	rec := &recorder{}
	ok := api.CanRead(rec, app, credentialed)
	ok = api.HeaderReadable(rec, app, credentialed, "X-Total") && ok
	ok = api.CannotRead(rec, evil, put) && ok
	outcome{pass: true}.check(t, ok, rec)

	for _, base := range []string{"not a URL", "ftp://api.example"} {
		rec := &recorder{}
		ok := URL(base, nil).CanRead(rec, app, credentialed)
		outcome{failures: 1, say: []string{"base URL", base}}.check(t, ok, rec)
	}
}

// The assertions of one Server may run in parallel tests.
func TestConcurrentUse(t *testing.T) {
	api := Handler(trusting)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := &recorder{}
			ok := api.CanRead(rec, app, credentialed)
			ok = api.CannotRead(rec, evil, credentialed) && ok
			ok = api.PreflightCached(rec, corsim.Spec, app, put, 600*time.Second) && ok
			if !ok {
				t.Errorf("concurrent assertions failed:\n%s", strings.Join(rec.failures, "\n"))
			}
		}()
	}
	wg.Wait()
}

// A real *testing.T satisfies TB, and its context is used.
func TestTestingT(t *testing.T) {
	var _ TB = t
	var _ TB = (*testing.B)(nil)
	if !Handler(trusting).CanRead(t, app, credentialed) {
		t.Error("CanRead failed")
	}
}

func TestRequestString(t *testing.T) {
	tests := []struct {
		req  Request
		want string
	}{
		{Request{URL: "/me"}, `fetch("/me")`},
		{Request{URL: "/x", Method: "PUT", Header: [][2]string{{"X-A", "1"}, {"X-B", "2"}}, Body: "text",
			Mode: "cors", Credentials: "include", Redirect: "manual"},
			`fetch("/x", {method: "PUT", headers: [["X-A", "1"], ["X-B", "2"]], body: <text>, mode: "cors", credentials: "include", redirect: "manual"})`},
	}
	for _, tc := range tests {
		if got := tc.req.String(); got != tc.want {
			t.Errorf("String() = %s, want %s", got, tc.want)
		}
	}
}

func TestFetch(t *testing.T) {
	s := Handler(trusting)
	res, err := s.Fetch(t.Context(), corsim.Spec, app, credentialed)
	if err != nil {
		t.Fatal(err)
	}
	// #187: exact origin and ACAC true; #41, #62: content-type is safelisted,
	// x-total listed in ACEH.
	want := Verdict{Outcome: corsim.OK, Preflight: NoPreflight, Type: fetch.TypeCORS, Status: 200,
		Readable: []string{"content-type", "x-total"}}
	if diff := cmp.Diff(want, VerdictOf(res)); diff != "" {
		t.Errorf("VerdictOf mismatch (-want +got):\n%s", diff)
	}
	if _, err := s.Fetch(t.Context(), nil, app, credentialed); err == nil {
		t.Error("Fetch with no profile: no error")
	}
	if _, err := s.Fetch(t.Context(), corsim.Spec, "app.example", credentialed); err == nil {
		t.Error("Fetch from a bad origin: no error")
	}
}
