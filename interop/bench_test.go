package interop

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	jub0bs "github.com/jub0bs/cors"
	rscors "github.com/rs/cors"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/safelist"
)

// The preflight both sides of the comparison handle: a page of app sends
// fetch("https://api.example/items/1", {method: "PUT", credentials:
// "include", headers: {"Content-Type": "application/json"}}).
var benchPut = RequestInitPUT()

// RequestInitPUT returns the call the benchmarks make.
func RequestInitPUT() corsim.RequestInit {
	return corsim.RequestInit{Method: "PUT", Credentials: "include", Body: fetch.BodyText,
		Headers: [][2]string{{"Content-Type", "application/json"}}}
}

const benchURL = "https://api.example/items/1"

// cannedNetwork answers every preflight and every actual request with the
// same responses, built once, so that a benchmark of corsim measures corsim.
type cannedNetwork struct{ preflight, actual fetch.WireResponse }

func (n *cannedNetwork) RoundTrip(_ context.Context, wr *fetch.WireRequest) (*fetch.WireResponse, error) {
	r := n.actual
	if wr.Preflight {
		r = n.preflight
	}
	// A full slice expression: an append by the browser copies.
	r.Header = r.Header[:len(r.Header):len(r.Header)]
	return &r, nil
}

// preflightFixture is the preflight corsim sends for benchPut, as an
// *http.Request for the middlewares, and the answers the jub0bs/cors
// middleware gives to it and to the actual request, as corsim receives them.
type preflightFixture struct {
	req     *http.Request
	network *cannedNetwork
}

func newPreflightFixture(tb testing.TB) *preflightFixture {
	tb.Helper()
	mw := jubMiddleware(tb)
	// Record the wire exchanges of one real run through the middleware.
	b, err := corsim.NewBrowser(corsim.Chromium, corsim.Handler(mw.Wrap(appHandler())))
	if err != nil {
		tb.Fatal(err)
	}
	page, err := b.Open(app)
	if err != nil {
		tb.Fatal(err)
	}
	res := page.Fetch(context.Background(), benchURL, benchPut)
	if res.Outcome != corsim.OK || len(res.Exchanges) != 2 || !res.Exchanges[0].Request.Preflight {
		tb.Fatalf("the benchmark's call did not preflight and succeed: %v, %d exchanges", res.Err(), len(res.Exchanges))
	}
	pf := res.Exchanges[0].Request
	req, err := http.NewRequest(pf.Method, pf.URL.Serialize(true), nil)
	if err != nil {
		tb.Fatal(err)
	}
	for _, h := range pf.Header {
		req.Header.Add(h.Name, h.Value)
	}
	return &preflightFixture{req: req, network: &cannedNetwork{
		preflight: *res.Exchanges[0].Response,
		actual:    *res.Exchanges[1].Response,
	}}
}

func jubMiddleware(tb testing.TB) *jub0bs.Middleware {
	mw, err := jub0bs.NewMiddleware(jub0bs.Config{Origins: []string{app}, Credentialed: true,
		Methods: []string{"PUT"}, RequestHeaders: []string{"Content-Type"}, MaxAgeInSeconds: 600})
	if err != nil {
		tb.Fatal(err)
	}
	return mw
}

func rsMiddleware() *rscors.Cors {
	return rscors.New(rscors.Options{AllowedOrigins: []string{app}, AllowCredentials: true,
		AllowedMethods: []string{"PUT"}, AllowedHeaders: []string{"Content-Type"}, MaxAge: 600})
}

// A namedOp is one operation the benchmarks time: a closure made after its
// setup, checking its own outcome (failing tb, which must be the goroutine's
// own test or benchmark).
type namedOp struct {
	name string
	op   func()
}

// corsimOp returns one call of benchPut in a Chromium browser on the canned
// network: with hit, answered by the preflight cache; otherwise made after the
// cache entries expired, so that it decides on a miss, preflights, validates
// the preflight response and stores the entries.
func (f *preflightFixture) corsimOp(tb testing.TB, hit bool) func() {
	clock := corsim.NewFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	br, err := corsim.NewBrowser(corsim.Chromium, f.network, corsim.WithClock(clock))
	if err != nil {
		tb.Fatal(err)
	}
	page, err := br.Open(app)
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	want := 2
	if hit {
		page.Fetch(ctx, benchURL, benchPut) // fill the cache
		want = 1
	}
	return func() {
		if !hit {
			clock.Advance(601 * time.Second) // past the 600 s max-age
		}
		res := page.Fetch(ctx, benchURL, benchPut)
		if res.Outcome != corsim.OK || len(res.Exchanges) != want {
			tb.Fatalf("outcome %s with %d exchanges, want ok with %d", res.Outcome, len(res.Exchanges), want)
		}
	}
}

// middlewareOp returns h answering the fixture's preflight.
func (f *preflightFixture) middlewareOp(tb testing.TB, h http.Handler) func() {
	rec := newRecorder()
	return func() {
		rec.reset()
		h.ServeHTTP(rec, f.req)
		if rec.code/100 != 2 {
			tb.Fatalf("the middleware refused the preflight: %d %v", rec.code, rec.h)
		}
	}
}

func (f *preflightFixture) ops(tb testing.TB) []namedOp {
	return []namedOp{
		{"corsim/miss", f.corsimOp(tb, false)},
		{"corsim/hit", f.corsimOp(tb, true)},
		{"jub0bs", f.middlewareOp(tb, jubMiddleware(tb).Wrap(appHandler()))},
		{"rs", f.middlewareOp(tb, rsMiddleware().Handler(appHandler()))},
	}
}

// BenchmarkPreflightCycle measures one CORS-preflight cycle on each side:
//
//   - corsim/miss: a credentialed PUT whose preflight is not cached: the
//     preflight decision, the OPTIONS request built, the preflight response
//     validated, the cache entries stored, then the actual request and its
//     CORS check (a fetch cannot leave the actual request out);
//   - corsim/hit: the same call answered by the preflight cache, so that
//     miss - hit is the preflight's own cost;
//   - jub0bs, rs: the middleware answering the same preflight (the request
//     corsim sent, header for header).
//
// The networks are canned: no middleware runs inside corsim's measurement.
func BenchmarkPreflightCycle(b *testing.B) {
	f := newPreflightFixture(b)
	for _, o := range f.ops(b) {
		b.Run(o.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				o.op()
			}
		})
	}
}

// BenchmarkPreflightCycleRatio times the operations of BenchmarkPreflightCycle
// in one run, interleaved in batches so that a loaded machine's noise falls
// on all of them alike, and reports each one's ns/op and corsim's cost as a
// multiple of each middleware's. Its own ns/op means nothing.
func BenchmarkPreflightCycleRatio(b *testing.B) {
	ns := interleave(b, newPreflightFixture(b).ops(b))
	miss, hit := ns["corsim/miss"], ns["corsim/hit"]
	b.ReportMetric(miss/ns["jub0bs"], "miss/jub0bs")
	b.ReportMetric(miss/ns["rs"], "miss/rs")
	b.ReportMetric((miss-hit)/ns["jub0bs"], "preflight/jub0bs")
	b.ReportMetric((miss-hit)/ns["rs"], "preflight/rs")
	for _, name := range []string{"corsim/miss", "corsim/hit", "jub0bs", "rs"} {
		b.ReportMetric(ns[name], name+"-ns")
	}
}

// interleave runs each op in batches, one op after the other, b.N rounds,
// and returns each op's mean ns/op. (testing.Benchmark cannot be called from
// inside a benchmark: it waits for the lock the running benchmark holds.)
func interleave(b *testing.B, ops []namedOp) map[string]float64 {
	const batch = 32
	total := make([]time.Duration, len(ops))
	n := 0
	for b.Loop() {
		for i, o := range ops {
			start := time.Now()
			for range batch {
				o.op()
			}
			total[i] += time.Since(start)
		}
		n += batch
	}
	b.ReportMetric(0, "ns/op")
	ns := make(map[string]float64, len(ops))
	for i, o := range ops {
		ns[o.name] = float64(total[i].Nanoseconds()) / float64(n)
	}
	return ns
}

// roundTripFunc is an http.RoundTripper answering in memory.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// memoryServer answers as the credentialed jub0bs policy does, without a
// socket and without the middleware's cost: canned headers by method.
func memoryServer() http.RoundTripper {
	preflight := http.Header{
		"Access-Control-Allow-Origin": {app}, "Access-Control-Allow-Credentials": {"true"},
		"Access-Control-Allow-Methods": {"PUT"}, "Access-Control-Allow-Headers": {"content-type"},
		"Access-Control-Max-Age": {"600"},
	}
	actual := http.Header{
		"Access-Control-Allow-Origin": {app}, "Access-Control-Allow-Credentials": {"true"},
		"Content-Type": {"application/json"}, "Vary": {"Origin"},
	}
	const body = `{"items":[]}`
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.Body != nil {
			io.Copy(io.Discard, r.Body)
			r.Body.Close()
		}
		h, status := actual, http.StatusOK
		if r.Method == http.MethodOptions {
			h, status = preflight, http.StatusNoContent
		}
		return &http.Response{StatusCode: status, Status: fmt.Sprint(status, " ", http.StatusText(status)),
			Proto: "HTTP/2.0", ProtoMajor: 2, Header: h.Clone(), Request: r,
			Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body))}, nil
	})
}

// transportOps are the calls the transport benchmarks compare: the
// in-memory server called directly, and through corsim.Transport for a GET
// (no preflight) and a credentialed PUT whose preflight is cached (the steady
// state of a crawler).
func transportOps(tb testing.TB) []namedOp {
	server := memoryServer()
	br, err := corsim.NewBrowser(corsim.Chromium, corsim.RoundTripper(server))
	if err != nil {
		tb.Fatal(err)
	}
	page, err := br.Open(app)
	if err != nil {
		tb.Fatal(err)
	}
	tr := page.Transport()
	tr.Defaults.Credentials = fetch.CredentialsInclude
	get, err := http.NewRequest("GET", "https://api.example/items", nil)
	if err != nil {
		tb.Fatal(err)
	}
	put := func() *http.Request {
		r, err := http.NewRequest("PUT", benchURL, strings.NewReader("{}"))
		if err != nil {
			tb.Fatal(err)
		}
		r.Header.Set("Content-Type", "application/json")
		return r
	}
	if _, err := tr.RoundTrip(put()); err != nil { // fill the preflight cache
		tb.Fatal(err)
	}
	do := func(rt http.RoundTripper, req func() *http.Request) func() {
		return func() {
			res, err := rt.RoundTrip(req())
			if err != nil {
				tb.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
	}
	sameGet := func() *http.Request { return get }
	return []namedOp{
		{"direct/GET", do(server, sameGet)},
		{"transport/GET", do(tr, sameGet)},
		{"direct/PUT", do(server, put)},
		{"transport/PUT-cached", do(tr, put)},
	}
}

// BenchmarkTransport measures corsim.Transport against the same in-memory
// server called directly: what enforcing CORS adds to each request.
func BenchmarkTransport(b *testing.B) {
	for _, o := range transportOps(b) {
		b.Run(o.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				o.op()
			}
		})
	}
}

// BenchmarkTransportRatio reports the Transport's overhead in one run, the
// calls interleaved: the nanoseconds it adds and the ratio to the direct
// call, per request kind. Its own ns/op means nothing.
func BenchmarkTransportRatio(b *testing.B) {
	ns := interleave(b, transportOps(b))
	b.ReportMetric(ns["transport/GET"]-ns["direct/GET"], "GET-added-ns")
	b.ReportMetric(ns["transport/GET"]/ns["direct/GET"], "GET-x")
	b.ReportMetric(ns["transport/PUT-cached"]-ns["direct/PUT"], "PUT-added-ns")
	b.ReportMetric(ns["transport/PUT-cached"]/ns["direct/PUT"], "PUT-x")
}

// The benchmarks' premises, checked by go test: the fixture's call preflights
// and succeeds through both middlewares, and the Transport lets the
// credentialed PUT through.
func TestBenchmarkFixtures(t *testing.T) {
	f := newPreflightFixture(t)
	for name, h := range map[string]http.Handler{
		"jub0bs": jubMiddleware(t).Wrap(appHandler()),
		"rs":     rsMiddleware().Handler(appHandler()),
	} {
		rec := newRecorder()
		h.ServeHTTP(rec, f.req)
		if rec.code/100 != 2 || rec.h.Get("Access-Control-Allow-Origin") != app || rec.h.Get("Access-Control-Allow-Methods") != "PUT" {
			t.Errorf("%s refused the preflight: %d %v", name, rec.code, rec.h)
		}
	}
	res, err := f.network.RoundTrip(context.Background(), &fetch.WireRequest{Preflight: true})
	if err != nil || res.Status != http.StatusNoContent {
		t.Errorf("canned preflight: %v, %v", res, err)
	}
	if v, _ := safelist.HeaderList(res.Header).Get("Access-Control-Max-Age"); v != "600" {
		t.Errorf("canned preflight Max-Age %q, want 600", v)
	}
	for _, o := range append(f.ops(t), transportOps(t)...) {
		o.op() // each op fails t itself
	}
}
