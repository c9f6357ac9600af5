package interop

import (
	"context"
	"fmt"
	"net/http"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/corsimtest"
	"github.com/corsim/corsim/fetch"
)

// The origins of the pages: app is the one the configurations trust, evil any
// other. They are cross-site to the API (https://api.example, the kit's
// DefaultBase), so the browser sends Sec-Fetch-Site: cross-site.
const (
	app  = "https://app.example"
	evil = "https://evil.example"
)

// A scenario is one fetch() call made by a page against every configuration.
type scenario struct {
	id     string // the matrix row
	origin string
	req    corsimtest.Request
	about  string
	// before is the id of a scenario whose call the page makes first, in
	// the same browser, so that its preflight is cached.
	before string
}

var (
	jsonBody = [][2]string{{"Content-Type", "application/json"}}
	bearer   = [][2]string{{"Authorization", "Bearer t0k3n"}}
)

// scenarios are the calls an API's CORS policy is usually asked about.
var scenarios = []scenario{
	{"GET", app, corsimtest.Request{URL: "/items"}, "a simple GET, no preflight", ""},
	{"GET cred", app, corsimtest.Request{URL: "/items", Credentials: "include"}, "the same with cookies (credentials: include)", ""},
	{"GET evil", evil, corsimtest.Request{URL: "/items"}, "a simple GET from an origin the policy does not name", ""},
	{"GET cred evil", evil, corsimtest.Request{URL: "/items", Credentials: "include"}, "the same with cookies", ""},
	{"PUT json", app, corsimtest.Request{URL: "/items/1", Method: "PUT", Header: jsonBody, Body: fetch.BodyText}, "PUT with Content-Type: application/json: preflighted", ""},
	{"PUT json cred", app, corsimtest.Request{URL: "/items/1", Method: "PUT", Header: jsonBody, Body: fetch.BodyText, Credentials: "include"}, "the same with cookies", ""},
	{"Authorization", app, corsimtest.Request{URL: "/items", Header: bearer}, "GET with a bearer token: preflighted, Authorization must be allowed by name", ""},
	{"X-Request-Id", app, corsimtest.Request{URL: "/items", Header: [][2]string{{"X-Request-Id", "42"}}}, "GET with a custom header the policies do not list", ""},
	{"patch", app, corsimtest.Request{URL: "/items/1", Method: "patch"}, "fetch() with method \"patch\": not upper-cased by fetch(), so sent and checked as written", ""},
	{"POST text", app, corsimtest.Request{URL: "/items", Method: "POST", Body: fetch.BodyText}, "a simple POST (text/plain): no preflight", ""},
	{"POST text evil", evil, corsimtest.Request{URL: "/items", Method: "POST", Body: fetch.BodyText}, "the same from another origin: a cross-site request forgery", ""},
	{"Authorization after X-Request-Id", app, corsimtest.Request{URL: "/items", Header: bearer},
		"the bearer-token GET right after the X-Request-Id one: may a preflight cached for `*` answer for Authorization?", "X-Request-Id"},
}

// scenarioByID returns the scenario named id.
func scenarioByID(id string) (scenario, error) {
	for _, s := range scenarios {
		if s.id == id {
			return s, nil
		}
	}
	return scenario{}, fmt.Errorf("no scenario %q", id)
}

// beforeOf returns the calls the page makes before sc's.
func beforeOf(sc scenario) ([]corsimtest.Request, error) {
	if sc.before == "" {
		return nil, nil
	}
	b, err := scenarioByID(sc.before)
	if err != nil {
		return nil, err
	}
	return []corsimtest.Request{b.req}, nil
}

// newPage opens a page of origin in a fresh browser of profile p serving
// every request with h, on clock when it is not nil.
func newPage(h http.Handler, p *corsim.Profile, origin string, clock corsim.Clock) (*corsim.Page, error) {
	var opts []corsim.Option
	if clock != nil {
		opts = append(opts, corsim.WithClock(clock))
	}
	b, err := corsim.NewBrowser(p, corsim.Handler(h), opts...)
	if err != nil {
		return nil, err
	}
	return b.Open(origin)
}

// call makes req, whose URL is a path on the API, from page.
func call(ctx context.Context, page *corsim.Page, req corsimtest.Request) *corsim.Result {
	return page.Fetch(ctx, corsimtest.DefaultBase+req.URL, req.Init())
}

// run makes sc's calls in a fresh browser of profile p and returns the
// result of the last.
func run(ctx context.Context, h http.Handler, p *corsim.Profile, sc scenario) (*corsim.Result, error) {
	page, err := newPage(h, p, sc.origin, nil)
	if err != nil {
		return nil, err
	}
	before, err := beforeOf(sc)
	if err != nil {
		return nil, err
	}
	for _, r := range before {
		call(ctx, page, r)
	}
	return call(ctx, page, sc.req), nil
}

// appHandler is the API behind the middlewares: every request it sees gets a
// JSON answer with a header worth exposing (X-Total), and X-App, which tells
// the matrix that the request reached the application.
func appHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Total", "7")
		w.Header().Set("X-App", "ran")
		fmt.Fprintln(w, `{"items":[]}`)
	})
}

// routes is the API behind Go 1.22 method patterns, each route's handler
// wrapped by wrap: for OPTIONS, which no pattern names, the ServeMux answers
// 405 Method Not Allowed itself (net/http's ServeMux.findHandler: a path that
// matches a pattern with another method).
func routes(wrap func(http.Handler) http.Handler) *http.ServeMux {
	mux := http.NewServeMux()
	for _, p := range []string{"GET /items", "POST /items", "PUT /items/{id}", "PATCH /items/{id}", "DELETE /items/{id}"} {
		mux.Handle(p, wrap(appHandler()))
	}
	return mux
}

func identity(h http.Handler) http.Handler { return h }

// Verdict shorthands for the expectation tables.
var (
	ok = corsimtest.Verdict{Outcome: corsim.OK}
	// readable wants a readable response and exactly these headers readable.
	readable = func(names ...string) corsimtest.Verdict {
		return corsimtest.Verdict{Outcome: corsim.OK, Readable: names}
	}
	status = func(code int) corsimtest.Verdict {
		return corsimtest.Verdict{Outcome: corsim.OK, Status: code}
	}
	blocked = func(r fetch.Reason) corsimtest.Verdict {
		return corsimtest.Verdict{Outcome: corsim.NetworkError, Reason: r}
	}
)

// The reasons, by the spec step and the SPEC-CHECKLIST items that give them.
var (
	// #183: no Access-Control-Allow-Origin (on the response or the preflight).
	missingAllowOrigin = blocked(fetch.CORSMissingAllowOrigin)
	// #189: `*` with credentials mode include.
	wildcardWithCredentials = blocked(fetch.CORSNotSupportingCredentials)
	// #187: include without Access-Control-Allow-Credentials: true.
	missingAllowCredentials = blocked(fetch.CORSMissingAllowCredentials)
	// #164: the method is not in Access-Control-Allow-Methods, byte for byte.
	methodNotFound = blocked(fetch.CORSMethodNotFound)
	// #165, #166: a header not allowed; Authorization only by name.
	headerNotAllowed = blocked(fetch.CORSMissingAllowHeaderFromPreflight)
	// #42, #161: the preflight passed the CORS check but its status is not ok.
	preflightNotOK = blocked(fetch.CORSPreflightDidNotSucceed)
)
