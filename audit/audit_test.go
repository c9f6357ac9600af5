package audit

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/fetch"
)

const (
	api  = "https://api.example/v1/me"
	page = "https://app.example"
)

// policy is a server's CORS policy, written the way servers get it wrong.
type policy struct {
	allow       func(origin string) bool // whether to answer this Origin
	star        bool                     // answer Access-Control-Allow-Origin: * instead of echoing
	credentials bool                     // Access-Control-Allow-Credentials: true
	vary        bool                     // Vary: Origin
	preflight   int                      // the preflight's status; 0 means 204
	methods     string                   // Access-Control-Allow-Methods
	headers     string                   // Access-Control-Allow-Headers
	maxAge      string                   // Access-Control-Max-Age
	expose      string                   // Access-Control-Expose-Headers
}

// exact allows the page's origin only.
func exact(o string) bool { return o == page }

// server is an http.Handler carrying p, recording the methods it sees.
type server struct {
	p    policy
	mu   sync.Mutex
	seen []string
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.seen = append(s.seen, r.Method)
	s.mu.Unlock()
	h := w.Header()
	if s.p.vary {
		h.Set("Vary", "Origin")
	}
	o := r.Header.Get("Origin")
	if o != "" && (s.p.star || s.p.allow != nil && s.p.allow(o)) {
		if s.p.star {
			h.Set("Access-Control-Allow-Origin", "*")
		} else {
			h.Set("Access-Control-Allow-Origin", o)
		}
		if s.p.credentials {
			h.Set("Access-Control-Allow-Credentials", "true")
		}
		if s.p.expose != "" {
			h.Set("Access-Control-Expose-Headers", s.p.expose)
		}
	}
	if r.Method == http.MethodOptions {
		if o != "" && (s.p.star || s.p.allow != nil && s.p.allow(o)) {
			if s.p.methods != "" {
				h.Set("Access-Control-Allow-Methods", s.p.methods)
			}
			if s.p.headers != "" {
				h.Set("Access-Control-Allow-Headers", s.p.headers)
			}
			if s.p.maxAge != "" {
				h.Set("Access-Control-Max-Age", s.p.maxAge)
			}
		}
		status := s.p.preflight
		if status == 0 {
			status = http.StatusNoContent
		}
		w.WriteHeader(status)
		return
	}
	h.Set("Set-Cookie", "session=abc; Path=/; Secure; SameSite=None")
	h.Set("X-Request-Id", "r-1")
	h.Set("Content-Type", "application/json")
	w.Write([]byte(`{"name": "Ada"}`))
}

// good is a policy with nothing wrong: an exact allow-list with credentials,
// Vary: Origin, and a preflight naming its methods and headers.
var good = policy{allow: exact, credentials: true, vary: true, methods: "GET, PUT", headers: "Authorization, X-Corsim-Probe", maxAge: "600", expose: "X-Request-Id"}

// with returns good changed by f.
func with(f func(p *policy)) policy {
	p := good
	f(&p)
	return p
}

// found is a finding as a test states it.
type found struct {
	ID       string
	Severity Severity
}

var auditTests = []struct {
	name        string
	policy      policy
	credentials bool
	want        []found
}{
	{"none: an exact allow-list, done right", good, true, nil},
	// #concept-cors-check step 2: a server without CORS headers blocks the
	// page itself.
	{"no CORS headers at all", policy{}, false, []found{{"trusted-blocked", Medium}}},

	// #concept-cors-check steps 4-7: an echoed origin with ACAC true passes
	// the CORS check for any origin, so any site reads credentialed
	// responses; every other hostile probe is covered by it.
	{"arbitrary origin reflected with credentials", with(func(p *policy) { p.allow = func(string) bool { return true } }), false,
		[]found{{"origin-reflected", Critical}}},
	// Without ACAC the credentialed read fails (step 8) but every site
	// reads uncredentialed answers.
	{"arbitrary origin reflected without credentials", with(func(p *policy) { p.allow = func(string) bool { return true }; p.credentials = false }), false,
		[]found{{"origin-reflected-uncredentialed", Low}}},
	// An opaque origin serializes as null (#serializing-a-request-origin),
	// and "null" in an allow-list matches it.
	{"null trusted", with(func(p *policy) { p.allow = func(o string) bool { return o == page || o == "null" } }), false,
		[]found{{"null-origin", Critical}}},
	{"prefix match", with(func(p *policy) { p.allow = func(o string) bool { return strings.HasPrefix(o, page) } }), false,
		[]found{{"prefix-match", Critical}}},
	// A suffix test lets look-alikes, subdomains and the http twin in.
	{"suffix match", with(func(p *policy) { p.allow = func(o string) bool { return strings.HasSuffix(o, "app.example") } }), false,
		[]found{{"suffix-match", Critical}, {"http-origin", High}, {"subdomain", High}}},
	{"substring match", with(func(p *policy) { p.allow = func(o string) bool { return strings.Contains(o, "app.example") } }), false,
		[]found{{"prefix-match", Critical}, {"suffix-match", Critical}, {"substring-match", Critical}, {"http-origin", High}, {"subdomain", High}}},
	{"unescaped dot", with(func(p *policy) { p.allow = regexp.MustCompile(`^https://app.example$`).MatchString }), false,
		[]found{{"unescaped-dot", Critical}}},
	{"http origin trusted by an https API", with(func(p *policy) { p.allow = func(o string) bool { return o == page || o == "http://app.example" } }), false,
		[]found{{"http-origin", High}}},
	{"any subdomain", with(func(p *policy) {
		p.allow = func(o string) bool { return o == page || strings.HasSuffix(o, ".app.example") }
	}), false,
		[]found{{"subdomain", High}}},
	// Step 4: `*` never passes with credentials; the server means
	// credentials (ACAC true), so it is broken for the page that uses them.
	// Without credentials `*` is a public API (info).
	{"wildcard with credentials, page without", with(func(p *policy) { p.star = true }), false,
		[]found{{"wildcard-credentials", Low}, {"origin-reflected-uncredentialed", Info}}},
	{"wildcard with credentials, page with", with(func(p *policy) { p.star = true }), true,
		[]found{{"wildcard-credentials", Medium}, {"origin-reflected-uncredentialed", Info}}},
	// #cors-preflight-fetch-0 step 7.5: with credentials, `*` in ACAM is
	// a method named *.
	{"ACAM * with credentials", with(func(p *policy) { p.methods = "*" }), true,
		[]found{{"wildcard-methods-credentials", Medium}}},
	// Step 7.7: the same for ACAH; and Authorization is never covered by
	// it (step 7.6).
	{"ACAH * with credentials", with(func(p *policy) { p.headers = "*" }), true,
		[]found{{"wildcard-headers-credentials", Medium}, {"authorization-wildcard", Medium}}},
	// Step 7.6: Authorization needs its name even without credentials.
	{"Authorization expected under *", with(func(p *policy) { p.credentials = false; p.headers = "*" }), false,
		[]found{{"authorization-wildcard", Medium}}},
	{"missing Vary: Origin", with(func(p *policy) { p.vary = false }), true,
		[]found{{"vary-origin", Low}}},
	// Step 7: the preflight needs an ok status (200-299).
	{"preflight 405", with(func(p *policy) { p.preflight = http.StatusMethodNotAllowed }), true,
		[]found{{"preflight-status", Medium}}},
	{"preflight 401", with(func(p *policy) { p.preflight = http.StatusUnauthorized }), false,
		[]found{{"preflight-status", Medium}}},
	// ENGINES.md (observed): Chromium caps Max-Age at 7200 s, WebKit at
	// 600 s; -1 is not cached by any engine but the spec reads it as 5 s.
	{"Max-Age above the caps", with(func(p *policy) { p.maxAge = "86400" }), true,
		[]found{{"max-age-capped", Low}}},
	{"Max-Age -1", with(func(p *policy) { p.maxAge = "-1" }), true,
		[]found{{"max-age-invalid", Low}}},
	{"Max-Age 0", with(func(p *policy) { p.maxAge = "0" }), true,
		[]found{{"max-age-zero", Info}}},
	// #concept-main-fetch step 14.1.3: with credentials ACEH `*` is a
	// literal name; Set-Cookie is a forbidden response-header name.
	{"expose * with credentials", with(func(p *policy) { p.expose = "*" }), true,
		[]found{{"expose-credentials", Low}}},
	{"expose Set-Cookie", with(func(p *policy) { p.expose = "X-Request-Id, Set-Cookie" }), true,
		[]found{{"expose-credentials", Low}}},
}

func TestAudit(t *testing.T) {
	for _, tc := range auditTests {
		t.Run(tc.name, func(t *testing.T) {
			srv := &server{p: tc.policy}
			rep, err := Run(context.Background(), Config{URL: api, Origin: page, Credentials: tc.credentials, Network: corsim.Handler(srv)})
			if err != nil {
				t.Fatal(err)
			}
			var got []found
			for _, f := range rep.Findings {
				got = append(got, found{f.ID, f.Severity})
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("findings mismatch (-want +got):\n%s\n%s", diff, rep.Text(false))
			}
			// Never a state-changing request, and within the budget.
			for _, m := range srv.seen {
				if m != "GET" && m != "OPTIONS" {
					t.Errorf("the server received a %s request", m)
				}
			}
			if len(srv.seen) != rep.Sent || rep.Sent > DefaultBudget {
				t.Errorf("the server saw %d requests, the report says %d (budget %d)", len(srv.seen), rep.Sent, DefaultBudget)
			}
			for _, f := range rep.Findings {
				if len(f.Evidence) == 0 || f.Fix == "" || len(f.Verdicts) != len(corsim.Profiles) {
					t.Errorf("%s: %d exchanges of evidence, fix %q, %d verdicts", f.ID, len(f.Evidence), f.Fix, len(f.Verdicts))
				}
			}
		})
	}
}

func TestAuditVerdictDetail(t *testing.T) {
	// The reflected-origin finding says, per engine, whether the user's
	// cookie went along: Chromium blocks third-party cookies by default
	// (ENGINES.md); WebKitGTK only refuses to store them, so the user's
	// cookie already in its jar goes along (seen by corsim browser, see
	// fetch.CookiePolicy.BlockThirdPartyStore); the spec profile has no
	// such policy.
	srv := &server{p: with(func(p *policy) { p.allow = func(string) bool { return true } })}
	rep, err := Run(context.Background(), Config{URL: api, Origin: page, Network: corsim.Handler(srv), Profiles: []*corsim.Profile{corsim.Spec, corsim.Chromium, corsim.WebKit}})
	if err != nil {
		t.Fatal(err)
	}
	f := rep.Findings[0]
	want := []Verdict{
		{Profile: "spec", Outcome: "ok", Readable: true, Cookie: "sent"},
		{Profile: "chromium", Outcome: "ok", Readable: true, Cookie: "not sent: third-party cookies are blocked by this engine's default settings"},
		{Profile: "webkit", Outcome: "ok", Readable: true, Cookie: "sent"},
	}
	if diff := cmp.Diff(want, f.Verdicts); diff != "" {
		t.Errorf("verdicts mismatch (-want +got):\n%s", diff)
	}
	wantWhy := "Readable with the user's cookie under spec, webkit; chromium read it too, though their default cookie policy kept the cookie back (a user who allows third-party cookies sends it)."
	if f.Why != wantWhy {
		t.Errorf("Why = %q, want %q", f.Why, wantWhy)
	}
	// Every other hostile origin is listed as covered.
	var also []string
	for _, a := range f.Also {
		id, _, _ := strings.Cut(a, " ")
		also = append(also, id)
	}
	sort.Strings(also)
	if diff := cmp.Diff([]string{"http-origin", "null-origin", "prefix-match", "subdomain", "substring-match", "suffix-match", "unescaped-dot"}, also); diff != "" {
		t.Errorf("also mismatch (-want +got):\n%s", diff)
	}
}

func TestAuditPreflightVerdictHasNoCookie(t *testing.T) {
	// A preflight never carries cookies (#cors-preflight-fetch-0 step 1),
	// so a request stopped at its preflight says nothing about cookies.
	srv := &server{p: with(func(p *policy) { p.preflight = http.StatusMethodNotAllowed })}
	rep, err := Run(context.Background(), Config{URL: api, Origin: page, Credentials: true, Network: corsim.Handler(srv)})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range rep.Findings[0].Verdicts {
		if v.Cookie != "" || v.Reason != "CORSPreflightDidNotSucceed" {
			t.Errorf("%s: cookie %q, reason %q", v.Profile, v.Cookie, v.Reason)
		}
	}
}

func TestAuditMaxAgeNotes(t *testing.T) {
	// The caps as each profile applies them (Chromium 7200 s and WebKit
	// 600 s, observed; the spec names none).
	srv := &server{p: with(func(p *policy) { p.maxAge = "86400" })}
	rep, err := Run(context.Background(), Config{URL: api, Origin: page, Credentials: true, Network: corsim.Handler(srv), Profiles: []*corsim.Profile{corsim.Spec, corsim.Chromium, corsim.WebKit}})
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, v := range rep.Findings[0].Verdicts {
		notes = append(notes, v.Profile+": "+v.Note)
	}
	want := []string{"spec: cached for 24h0m0s (given)", "chromium: cached for 2h0m0s (capped)", "webkit: cached for 10m0s (capped)"}
	if diff := cmp.Diff(want, notes); diff != "" {
		t.Errorf("notes mismatch (-want +got):\n%s", diff)
	}
}

func TestAuditSkipsWhatDoesNotApply(t *testing.T) {
	// An http page origin on an IP address with a port: no look-alike
	// domain, no prefix (a port ends the origin), no http twin.
	srv := &server{p: policy{allow: func(o string) bool { return o == "http://127.0.0.1:3000" }, vary: true}}
	rep, err := Run(context.Background(), Config{URL: "http://127.0.0.1:8080/api", Origin: "http://127.0.0.1:3000", Network: corsim.Handler(srv)})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"prefix-match", "suffix-match", "substring-match", "unescaped-dot", "http-origin", "subdomain"}
	if diff := cmp.Diff(want, rep.Skipped); diff != "" {
		t.Errorf("skipped mismatch (-want +got):\n%s", diff)
	}
}

func TestAuditErrors(t *testing.T) {
	h := corsim.Handler(&server{p: good})
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"bad URL", Config{URL: "api.example/x", Origin: page, Network: h}, `audit: URL "api.example/x": want an absolute http or https URL`},
		{"not http", Config{URL: "ftp://api.example/x", Origin: page, Network: h}, `audit: URL "ftp://api.example/x": want an absolute http or https URL`},
		{"bad origin", Config{URL: api, Origin: "https://app.example/", Network: h}, `audit: Origin "https://app.example/": want the page's origin, such as https://app.example`},
		{"null origin", Config{URL: api, Origin: "null", Network: h}, `audit: Origin "null": want the page's origin, such as https://app.example`},
		{"same origin", Config{URL: "https://app.example/api", Origin: page, Network: h}, `audit: URL "https://app.example/api": is same origin with the page https://app.example: CORS does not apply`},
		{"no network", Config{URL: api, Origin: page}, "audit: Network: no server to audit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Run(context.Background(), tc.cfg)
			var ce *ConfigError
			if !errors.As(err, &ce) || err.Error() != tc.want {
				t.Errorf("err = %v, want the *ConfigError %q", err, tc.want)
			}
		})
	}
}

// refusing is a network where nothing listens.
type refusing struct{}

func (refusing) RoundTrip(context.Context, *fetch.WireRequest) (*fetch.WireResponse, error) {
	return nil, errors.New("connection refused")
}

func TestAuditUnreachable(t *testing.T) {
	_, err := Run(context.Background(), Config{URL: api, Origin: page, Network: refusing{}})
	if err == nil || err.Error() != "audit: the server did not answer: connection refused" {
		t.Errorf("err = %v, want the server did not answer", err)
	}
}

func TestAuditBudget(t *testing.T) {
	// A budget smaller than the probes: the audit stops sending and the
	// server sees no more than the budget.
	srv := &server{p: good}
	rep, err := Run(context.Background(), Config{URL: api, Origin: page, Network: corsim.Handler(srv), Budget: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(srv.seen) != 3 || rep.Sent != 3 {
		t.Errorf("server saw %d requests, report says %d; want 3", len(srv.seen), rep.Sent)
	}
}

func TestParseSeverity(t *testing.T) {
	for _, s := range []Severity{Info, Low, Medium, High, Critical} {
		got, err := ParseSeverity(strings.ToUpper(s.String()))
		if err != nil || got != s {
			t.Errorf("ParseSeverity(%q) = %v, %v", strings.ToUpper(s.String()), got, err)
		}
	}
	if _, err := ParseSeverity("severe"); err == nil || err.Error() != `audit: unknown severity "severe" (want info, low, medium, high or critical)` {
		t.Errorf("ParseSeverity(severe): %v", err)
	}
}
