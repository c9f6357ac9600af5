package corsim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/safelist"
	"github.com/corsim/corsim/vectors"
)

// routesTransport is an http.RoundTripper answering from canned routes, so
// that a vector's servers can stand behind a real http.RoundTripper. It
// gives header names in net/http's canonical form, as http.Transport does,
// and keeps values as the route wrote them.
type routesTransport struct{ routes *Routes }

func (rt routesTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer req.Body.Close()
	}
	u, err := fetch.ParseURL(req.URL.String())
	if err != nil {
		return nil, err
	}
	wres, err := rt.routes.RoundTrip(req.Context(), &fetch.WireRequest{Method: req.Method, URL: u})
	if err != nil {
		return nil, err
	}
	h := make(http.Header)
	for _, l := range wres.Header {
		name := http.CanonicalHeaderKey(l.Name)
		h[name] = append(h[name], l.Value)
	}
	return &http.Response{
		StatusCode: wres.Status, Status: fmt.Sprintf("%d %s", wres.Status, wres.StatusText),
		Proto: "HTTP/2.0", ProtoMajor: 2, Header: h,
		Body: io.NopCloser(bytes.NewReader(wres.Body)), ContentLength: int64(len(wres.Body)),
		Request: req,
	}, nil
}

// bodyTypes are the Content-Type values fetch() gives each body kind
// (extract a body); a transport request carries its type as a header.
var bodyTypes = map[string]string{
	"text":            "text/plain;charset=UTF-8",
	"blob":            "",
	"formdata":        "multipart/form-data; boundary=----corsimFormBoundary7MA4YWxkTrZu0gW",
	"urlsearchparams": "application/x-www-form-urlencoded;charset=UTF-8",
}

// transportCase is a vector step as a Go program would send it through a
// Transport, and the fetch() call script would make for the same thing.
type transportCase struct {
	req  *http.Request
	url  string
	init RequestInit
}

// transportCaseOf maps a vector's request to an *http.Request and the
// equivalent fetch() call, or says why an *http.Request cannot express it.
func transportCaseOf(r vectors.Request) (transportCase, string) {
	switch {
	case r.UploadListeners:
		return transportCase{}, "XHR upload listeners"
	case r.Body == "stream":
		return transportCase{}, "a ReadableStream body"
	case r.Method == "":
		return transportCase{}, "an empty method (net/http reads it as GET)"
	}
	// An XMLHttpRequest is a fetch() in cors mode with redirect follow,
	// credentials include with withCredentials, same-origin without.
	mode, credentials, redirect := r.Mode, r.Credentials, r.Redirect
	if r.API == "xhr" {
		mode, redirect = "cors", "follow"
		if credentials != "include" {
			credentials = "same-origin"
		}
	}
	var body io.Reader
	if r.Body != "" {
		body = strings.NewReader("corsim")
	}
	req, err := http.NewRequest(r.Method, r.URL, body)
	if err != nil {
		return transportCase{}, "net/http refuses it: " + err.Error()
	}
	init := RequestInit{
		Method: r.Method, Mode: fetch.Mode(mode), Credentials: fetch.CredentialsMode(credentials),
		Redirect: fetch.RedirectMode(redirect),
	}
	hasType := false
	for _, h := range r.Headers {
		req.Header.Add(h.Name, h.Value)
		init.Headers = append(init.Headers, [2]string{h.Name, h.Value})
		hasType = hasType || strings.EqualFold(h.Name, "Content-Type")
	}
	if r.Body != "" {
		init.Body = fetch.BodyBlob
		if ct := bodyTypes[r.Body]; ct != "" && !hasType {
			req.Header.Set("Content-Type", ct)
			init.Headers = append(init.Headers, [2]string{"Content-Type", ct})
		}
	}
	req = req.WithContext(WithFetchOptions(req.Context(), FetchOptions{
		Mode: fetch.Mode(mode), Credentials: fetch.CredentialsMode(credentials), Redirect: fetch.RedirectMode(redirect),
	}))
	return transportCase{req: req, url: req.URL.String(), init: init}, ""
}

// TestTransportVectors is the enforcing transport's safety property, over
// every step of every vector under every profile that an *http.Request can
// express: the Transport returns an error and no response exactly when
// script gets no response, and otherwise a response holding exactly what
// script reads (the fetch's View: status, the filtered headers with their
// combined values, the body) and nothing else, so no blocked body and no
// hidden header ever leaks.
//
// Each step runs twice in lockstep: through a Transport whose browser talks
// to the vector's routes over an http.RoundTripper, and as the equivalent
// fetch() call in a twin browser on the routes themselves. The two must
// agree (outcome, reason, wire requests, view), and the Transport's
// *http.Response must show its own fetch's View (Transport.Report) and
// nothing more. Whether the View is right is TestVectors' question.
func TestTransportVectors(t *testing.T) {
	vs, err := vectors.Load(vectorDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Profiles {
		t.Run(p.Name, func(t *testing.T) {
			var run, skipped, blocked int
			why := map[string]int{}
			for i := range vs {
				v := &vs[i]
				t.Run(v.Name, func(t *testing.T) {
					r, s, bl := checkTransportVector(t, v, p, why)
					run += r
					skipped += s
					blocked += bl
				})
			}
			t.Logf("%s: %d steps through the Transport (%d blocked), %d not expressible as an *http.Request: %v", p.Name, run, blocked, skipped, why)
			if run == 0 || blocked == 0 || blocked == run {
				t.Errorf("%d steps ran, %d blocked: the property needs both kinds", run, blocked)
			}
		})
	}
}

// checkTransportVector runs v's steps through a Transport and a twin page,
// and returns how many steps ran, were skipped, and ended blocked.
func checkTransportVector(t *testing.T, v *vectors.Vector, p *Profile, why map[string]int) (run, skipped, blocked int) {
	ctx := context.Background()
	clock, twinClock := NewFakeClock(vectorStart), NewFakeClock(vectorStart)
	net, _ := NewRoutes()
	twinNet, _ := NewRoutes()
	b, err := NewBrowser(p, RoundTripper(routesTransport{net}), WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	twin, err := NewBrowser(p, twinNet, WithClock(twinClock))
	if err != nil {
		t.Fatal(err)
	}
	var opts []PageOption
	if v.TopLevel != "" {
		opts = append(opts, EmbeddedIn(v.TopLevel))
	}
	page, err := b.Open(v.Origin, opts...)
	if err != nil {
		t.Fatal(err)
	}
	twinPage, err := twin.Open(v.Origin, opts...)
	if err != nil {
		t.Fatal(err)
	}
	var got *Result
	tr := page.Transport()
	// Defaults the vectors' per-request options must override.
	tr.Defaults = FetchOptions{Mode: fetch.ModeSameOrigin, Credentials: fetch.CredentialsOmit, Redirect: fetch.RedirectError}
	tr.Report = func(_ *http.Request, res *Result) { got = res }

	for i := range v.Steps {
		st := &v.Steps[i]
		clock.Advance(st.Advance)
		twinClock.Advance(st.Advance)
		if err := net.Set(routes(st.Server)...); err != nil {
			t.Fatalf("steps[%d]: %v", i, err)
		}
		if err := twinNet.Set(routes(st.Server)...); err != nil {
			t.Fatalf("steps[%d]: %v", i, err)
		}
		tc, skip := transportCaseOf(st.Request)
		if skip != "" {
			// Neither browser makes the request, so both stay in step.
			skipped++
			why[strings.SplitN(skip, ":", 2)[0]]++
			continue
		}
		run++
		got = nil
		resp, err := tr.RoundTrip(tc.req)
		want := twinPage.Fetch(ctx, tc.url, tc.init)
		if got == nil {
			t.Errorf("steps[%d]: Report was not called (err %v)", i, err)
			continue
		}
		if want.Outcome != OK {
			blocked++
		}
		checkTransportStep(t, i, tc.req, resp, err, got, want)
	}
	return run, skipped, blocked
}

// checkTransportStep judges one step: resp and err came from the Transport,
// got is its fetch's Result (Report), want the twin fetch() call's.
func checkTransportStep(t *testing.T, i int, req *http.Request, resp *http.Response, err error, got, want *Result) {
	t.Helper()
	if diff := cmp.Diff(wireSummary(want), wireSummary(got)); diff != "" {
		t.Errorf("steps[%d]: wire requests mismatch, twin fetch() vs Transport (-want +got):\n%s", i, diff)
	}
	if want.Outcome != OK {
		// Blocked: an error wrapping what fetch() gives, and no response.
		if resp != nil {
			t.Errorf("steps[%d]: %s (%v), but the Transport returned a response: status %d, headers %v", i, want.Outcome, want.Err(), resp.StatusCode, resp.Header)
		}
		if err == nil {
			t.Fatalf("steps[%d]: %s (%v), but the Transport returned no error", i, want.Outcome, want.Err())
		}
		if got.Err() == nil || !errors.Is(err, got.Err()) {
			t.Errorf("steps[%d]: the error %v is not the fetch's %v", i, err, got.Err())
		}
		var ne *fetch.NetworkError
		var se *fetch.ScriptError
		switch {
		case want.NetworkError != nil && errors.As(err, &ne):
			if ne.Reason != want.NetworkError.Reason {
				t.Errorf("steps[%d]: network error %s, the twin fetch() got %s", i, ne.Reason, want.NetworkError.Reason)
			}
		case want.ScriptError != nil && errors.As(err, &se):
			if se.Reason != want.ScriptError.Reason {
				t.Errorf("steps[%d]: script error %s, the twin fetch() got %s", i, se.Reason, want.ScriptError.Reason)
			}
		default:
			t.Errorf("steps[%d]: error %v (%T), the twin fetch() ended with %v", i, err, err, want.Err())
		}
		return
	}
	if err != nil || resp == nil {
		t.Fatalf("steps[%d]: the twin fetch() got a %s response (status %d), the Transport error %v", i, want.Response.Type, want.Response.Status, err)
	}
	if got.Response == nil {
		t.Fatalf("steps[%d]: the Transport returned a response, its fetch ended with %v", i, got.Err())
	}
	if diff := cmp.Diff(*want.Response, *got.Response); diff != "" {
		t.Errorf("steps[%d]: view mismatch, twin fetch() vs Transport (-want +got):\n%s", i, diff)
	}
	v := got.Response
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	if rerr != nil {
		t.Fatalf("steps[%d]: reading the body: %v", i, rerr)
	}
	gotResp := struct {
		Status int
		Header safelist.HeaderList
		Body   string
		URL    string
	}{resp.StatusCode, responseHeaderList(resp.Header), string(body), resp.Request.URL.String()}
	wantResp := gotResp
	wantResp.Status, wantResp.Header, wantResp.Body = v.Status, v.Header, string(v.Body)
	if v.Redirected {
		wantResp.URL = v.URL
	} else if resp.Request != req {
		// Not redirected, or opaque (whose URL script cannot see): the
		// caller's own request.
		t.Errorf("steps[%d]: resp.Request is not the request made, without a redirect script could see", i)
	}
	if diff := cmp.Diff(wantResp, gotResp); diff != "" {
		t.Errorf("steps[%d]: *http.Response does not show exactly what script reads (-view +response):\n%s", i, diff)
	}
	if safelist.RedirectStatus(resp.StatusCode) && resp.Header.Get("Location") != "" {
		t.Errorf("steps[%d]: status %d with Location %q reaches http.Client, which would follow it", i, resp.StatusCode, resp.Header.Get("Location"))
	}
	if (v.Type == fetch.TypeOpaque || v.Type == fetch.TypeOpaqueRedirect) && (resp.StatusCode != 0 || len(resp.Header) > 0 || len(body) > 0) {
		t.Errorf("steps[%d]: an %s response shows status %d, headers %v, body %q", i, v.Type, resp.StatusCode, resp.Header, body)
	}
}

// responseHeaderList is h as Headers iteration would list it: lowercase
// names in byte order, one entry per name with the combined value.
func responseHeaderList(h http.Header) safelist.HeaderList {
	var l safelist.HeaderList
	for name, vs := range h {
		l = append(l, safelist.Header{Name: lowerASCII(name), Value: strings.Join(vs, ", ")})
	}
	sort.Slice(l, func(i, j int) bool { return l[i].Name < l[j].Name })
	return l
}

// wireSummary lists a fetch's wire requests as method, URL and whether it
// was a preflight: what must agree between two fetches of the same request
// (header order does not: an http.Header has none between names).
func wireSummary(r *Result) []string {
	var s []string
	for _, x := range r.Exchanges {
		line := x.Request.Method + " " + x.Request.URL.Serialize(true)
		if x.Request.Preflight {
			line += " (preflight)"
		}
		s = append(s, line)
	}
	return s
}

// newTestTransport opens a page of origin in a new browser of profile p on
// network n and returns the page's Transport.
func newTestTransport(t testing.TB, p *Profile, n Network, origin string) (*Browser, *Transport) {
	t.Helper()
	b, err := NewBrowser(p, n)
	if err != nil {
		t.Fatal(err)
	}
	page, err := b.Open(origin)
	if err != nil {
		t.Fatal(err)
	}
	return b, page.Transport()
}

// withOptions returns req carrying o for the Transport.
func withOptions(req *http.Request, o FetchOptions) *http.Request {
	return req.WithContext(WithFetchOptions(req.Context(), o))
}

// roundTripBody sends req through rt and returns the response and its body,
// or the error.
func roundTripBody(t *testing.T, rt http.RoundTripper, req *http.Request) (*http.Response, string, error) {
	t.Helper()
	resp, err := rt.RoundTrip(req)
	if err != nil {
		if resp != nil {
			t.Errorf("%s %s: error %v with a response", req.Method, req.URL, err)
		}
		return nil, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body), nil
}

// mustRequest is http.NewRequest for requests the test knows to be valid.
func mustRequest(t testing.TB, method, url string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// TestTransportCredentials follows one cookie through the browser's jar:
// stored from a credentialed response only, sent with credentialed requests
// only, never shown to the caller, shared by every page of the browser.
func TestTransportCredentials(t *testing.T) {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o := r.Header.Get("Origin"); o != "" {
			w.Header().Set("Access-Control-Allow-Origin", o)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
		}
		switch r.URL.Path {
		case "/login":
			w.Header().Add("Set-Cookie", "sid=abc; Secure; HttpOnly; Path=/")
		case "/whoami":
			io.WriteString(w, r.Header.Get("Cookie"))
		}
	})
	// app.example.com and api.example.com are cross-origin but same site,
	// so even Chromium's third-party cookie blocking lets the cookie through.
	b, tr := newTestTransport(t, Chromium, Handler(api), "https://app.example.com")
	include := FetchOptions{Credentials: fetch.CredentialsInclude}
	clientJar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: tr, Jar: clientJar}

	// #47, #141, #155: credentials same-origin (the default) on a
	// cross-origin request includes none, so Set-Cookie is ignored.
	resp, err := client.Get("https://api.example.com/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cookies := b.Agent().Jar.All(); len(cookies) != 0 {
		t.Errorf("credentials same-origin, cross-origin: the jar stored %v", cookies)
	}

	// #155: with credentials include, Set-Cookie is stored; #39: it is
	// never exposed, so the client's own jar learns nothing.
	req := withOptions(mustRequest(t, "GET", "https://api.example.com/login", nil), include)
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Values("Set-Cookie"); len(got) != 0 {
		t.Errorf("Set-Cookie reached the caller: %q", got)
	}
	if got := clientJar.Cookies(req.URL); len(got) != 0 {
		t.Errorf("the http.Client's jar got cookies: %v", got)
	}
	if cookies := b.Agent().Jar.All(); len(cookies) != 1 || cookies[0].Name != "sid" {
		t.Errorf("credentials include: the browser's jar holds %v, want the sid cookie", cookies)
	}

	page2, err := b.Open("https://www.example.com")
	if err != nil {
		t.Fatal(err)
	}
	tr2 := page2.Transport()
	tr2.Defaults = include

	tests := []struct {
		name   string
		rt     http.RoundTripper
		opts   FetchOptions
		header [][2]string
		want   string // the Cookie header the server got
	}{
		// #141: no credentials for a cross-origin request in same-origin mode.
		{name: "default credentials", rt: tr, want: ""},
		// #148: include appends the Cookie header.
		{name: "include", rt: tr, opts: include, want: "sid=abc"},
		// #47: omit never sends.
		{name: "omit", rt: tr, opts: FetchOptions{Credentials: fetch.CredentialsOmit}, want: ""},
		// #35: Cookie is a forbidden request-header name; script's is dropped.
		{name: "caller's Cookie dropped", rt: tr, opts: include, header: [][2]string{{"Cookie", "forged=1"}}, want: "sid=abc"},
		{name: "caller's Cookie dropped without credentials", rt: tr, header: [][2]string{{"Cookie", "forged=1"}}, want: ""},
		// One browser, one jar: another page's Transport sends it too.
		{name: "shared jar, other page", rt: tr2, want: "sid=abc"},
		{name: "shared jar, per-request omit over include defaults", rt: tr2, opts: FetchOptions{Credentials: fetch.CredentialsOmit}, want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := withOptions(mustRequest(t, "GET", "https://api.example.com/whoami", nil), tc.opts)
			for _, h := range tc.header {
				req.Header.Add(h[0], h[1])
			}
			_, body, err := roundTripBody(t, tc.rt, req)
			if err != nil {
				t.Fatal(err)
			}
			if body != tc.want {
				t.Errorf("server got Cookie %q, want %q", body, tc.want)
			}
		})
	}
}

// countingServer is a loopback server with a CORS policy for PUT, counting
// the requests of each method.
type countingServer struct {
	*httptest.Server
	mu     sync.Mutex
	counts map[string]int
}

func newCountingServer(t testing.TB) *countingServer {
	s := &countingServer{counts: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.counts[r.Method]++
		s.mu.Unlock()
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Methods", "PUT")
			w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
			w.Header().Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "ok")
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *countingServer) count(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[method]
}

// putJSON is a PUT with a JSON body: a CORS-unsafe method and Content-Type,
// so it needs a preflight (#156) unless the cache holds one.
func putJSON(t testing.TB, url string) *http.Request {
	req := mustRequest(t, "PUT", url, strings.NewReader(`{"n":1}`))
	req.Header.Set("Content-Type", "application/json")
	return req
}

// TestTransportPreflightCacheShared sends preflighted requests from many
// goroutines through two Transports of one browser, over a real loopback
// connection: once one preflight is cached, none is sent again (#172-#178,
// concept-cache-match), whichever Transport and goroutine asks. Run it with
// -race.
func TestTransportPreflightCacheShared(t *testing.T) {
	srv := newCountingServer(t)
	b, tr1 := newTestTransport(t, Spec, RoundTripper(srv.Client().Transport), "https://app.example")
	page2, err := b.Open("https://app.example")
	if err != nil {
		t.Fatal(err)
	}
	tr2 := page2.Transport()
	url := srv.URL + "/items/7"

	if _, _, err := roundTripBody(t, tr1, putJSON(t, url)); err != nil {
		t.Fatal(err)
	}
	if got := srv.count("OPTIONS"); got != 1 {
		t.Fatalf("first PUT: %d preflights, want 1", got)
	}

	const goroutines, each = 8, 20
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*each)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rt := []http.RoundTripper{tr1, tr2}[g%2]
			for range each {
				resp, err := rt.RoundTrip(putJSON(t, url))
				if err != nil {
					errs <- err
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || string(body) != "ok" {
					errs <- fmt.Errorf("status %d, body %q", resp.StatusCode, body)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := srv.count("OPTIONS"); got != 1 {
		t.Errorf("after %d cached PUTs: %d preflights in all, want 1", goroutines*each, got)
	}
	if got := srv.count("PUT"); got != 1+goroutines*each {
		t.Errorf("%d PUTs reached the server, want %d", got, 1+goroutines*each)
	}

	// #175-#176: entries are keyed by the request's origin, so a page of
	// another origin in the same browser preflights afresh.
	other, err := b.Open("https://other.example")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := roundTripBody(t, other.Transport(), putJSON(t, url)); err != nil {
		t.Fatal(err)
	}
	if got := srv.count("OPTIONS"); got != 2 {
		t.Errorf("a page of another origin: %d preflights in all, want 2", got)
	}
}

// TestTransportCancel checks that a cancelled context stops the fetch: before
// it starts, nothing is sent and the context's error comes back as it is;
// while the server is answering, the fetch ends in a network error wrapping
// it (no response, #60), so errors.Is sees context.Canceled either way.
func TestTransportCancel(t *testing.T) {
	arrived := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
		w.Header().Set("Access-Control-Allow-Origin", "*")
	}))
	defer srv.Close()
	_, tr := newTestTransport(t, Spec, RoundTripper(srv.Client().Transport), "https://app.example")
	reported := 0
	tr.Report = func(*http.Request, *Result) { reported++ }
	client := &http.Client{Transport: tr}

	t.Run("before the start", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
		resp, err := tr.RoundTrip(req)
		if resp != nil || !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, %v; want no response and context.Canceled", resp, err)
		}
		var ne *fetch.NetworkError
		if errors.As(err, &ne) {
			t.Errorf("no fetch ran, yet a network error: %v", ne)
		}
		if reported != 0 {
			t.Errorf("Report called %d times for a fetch that never ran", reported)
		}
		select {
		case <-arrived:
			t.Errorf("the request reached the server")
		default:
		}
	})

	t.Run("while the server answers", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() {
			<-arrived
			cancel()
		}()
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
		resp, err := client.Do(req)
		if resp != nil {
			resp.Body.Close()
			t.Errorf("a cancelled fetch returned a response, status %d", resp.StatusCode)
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v; want one wrapping context.Canceled", err)
		}
		var ne *fetch.NetworkError
		if !errors.As(err, &ne) || ne.Reason != fetch.CORSDidNotSucceed {
			t.Errorf("error %v; want a network error %s (no HTTP response)", err, fetch.CORSDidNotSucceed)
		}
	})
}

// closeCounter is a request body that counts its Close calls.
type closeCounter struct {
	io.Reader
	closed int
}

func (c *closeCounter) Close() error { c.closed++; return nil }

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

// TestTransportRequestBody checks that request bodies reach the server byte
// for byte, are sent again or dropped on redirects as the Fetch Standard
// says, are refused where fetch() refuses them, and are always closed.
func TestTransportRequestBody(t *testing.T) {
	type arrival struct {
		Method, Path, Body, ContentType string
		ContentLength                   int64
	}
	var (
		mu       sync.Mutex
		arrivals []arrival
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		arrivals = append(arrivals, arrival{r.Method, r.URL.Path, string(body), r.Header.Get("Content-Type"), r.ContentLength})
		mu.Unlock()
		w.Header().Set("Access-Control-Allow-Origin", "*")
		switch r.URL.Path {
		case "/307":
			w.Header().Set("Location", "/echo")
			w.WriteHeader(http.StatusTemporaryRedirect)
		case "/303":
			w.Header().Set("Location", "/echo")
			w.WriteHeader(http.StatusSeeOther)
		default:
			if r.Method == http.MethodOptions {
				w.Header().Set("Access-Control-Allow-Methods", "PUT")
				w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
				w.WriteHeader(http.StatusNoContent)
				return
			}
			w.Write(body)
		}
	}))
	defer srv.Close()
	_, tr := newTestTransport(t, Spec, RoundTripper(srv.Client().Transport), "https://app.example")

	tests := []struct {
		name        string
		method      string
		path        string
		contentType string
		body        io.Reader
		want        []arrival
		wantReason  fetch.Reason // a ScriptError's
		wantErr     string       // another error's text
	}{{
		// #143: the body with its length; text/plain is CORS-safelisted, so
		// no preflight.
		name: "simple POST", method: "POST", path: "/echo", contentType: "text/plain", body: strings.NewReader("hello"),
		want: []arrival{{"POST", "/echo", "hello", "text/plain", 5}},
	}, {
		// A Go reader of unknown length: read whole, sent with its length.
		name: "unknown length", method: "POST", path: "/echo", contentType: "text/plain", body: io.MultiReader(strings.NewReader("hel"), strings.NewReader("lo")),
		want: []arrival{{"POST", "/echo", "hello", "text/plain", 5}},
	}, {
		// #156: PUT and application/json are CORS-unsafe: preflight first,
		// without the body.
		name: "preflighted PUT", method: "PUT", path: "/echo", contentType: "application/json", body: strings.NewReader(`{"a":1}`),
		want: []arrival{{"OPTIONS", "/echo", "", "", 0}, {"PUT", "/echo", `{"a":1}`, "application/json", 7}},
	}, {
		// #133, #135: a 307 keeps the method and sends the body again.
		name: "307 sends the body again", method: "POST", path: "/307", contentType: "text/plain", body: strings.NewReader("hello"),
		want: []arrival{{"POST", "/307", "hello", "text/plain", 5}, {"POST", "/echo", "hello", "text/plain", 5}},
	}, {
		// #133, #40: a 303 turns POST into GET without body or Content-Type.
		name: "303 drops the body", method: "POST", path: "/303", contentType: "text/plain", body: strings.NewReader("hello"),
		want: []arrival{{"POST", "/303", "hello", "text/plain", 5}, {"GET", "/echo", "", "", 0}},
	}, {
		// Request constructor step 35: a GET or HEAD with a body throws.
		name: "GET with a body", method: "GET", path: "/echo", body: strings.NewReader("x"),
		wantReason: fetch.BodyWithGetOrHead,
	}, {
		name: "unreadable body", method: "POST", path: "/echo", body: failingReader{},
		wantErr: "corsim: Transport: reading the request body: disk on fire",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mu.Lock()
			arrivals = nil
			mu.Unlock()
			body := &closeCounter{Reader: tc.body}
			req := mustRequest(t, tc.method, srv.URL+tc.path, body)
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			resp, respBody, err := roundTripBody(t, tr, req)
			var se *fetch.ScriptError
			switch {
			case tc.wantReason != "":
				if !errors.As(err, &se) || se.Reason != tc.wantReason {
					t.Errorf("error %v; want a script error %s", err, tc.wantReason)
				}
			case tc.wantErr != "":
				if err == nil || err.Error() != tc.wantErr {
					t.Errorf("error %v; want %q", err, tc.wantErr)
				}
			case err != nil:
				t.Fatal(err)
			case resp.StatusCode != 200:
				t.Errorf("status %d, want 200", resp.StatusCode)
			case respBody != tc.want[len(tc.want)-1].Body:
				t.Errorf("body %q, want the echo %q", respBody, tc.want[len(tc.want)-1].Body)
			}
			mu.Lock()
			got := arrivals
			mu.Unlock()
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("requests at the server mismatch (-want +got):\n%s", diff)
			}
			if body.closed != 1 {
				t.Errorf("request body closed %d times, want 1", body.closed)
			}
		})
	}
}

// TestTransportNoCORS checks what a no-cors request gives the caller: the
// request reaches the server (fetch() resolves), but the opaque response
// shows status 0, no headers, no body and not where redirects led (#63,
// #97): the secret body and header the server sent stay in the browser.
func TestTransportNoCORS(t *testing.T) {
	var (
		mu   sync.Mutex
		seen []string
	)
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body []byte
		if r.Body != nil { // Handler gives a nil Body for no body (a net/http server never does)
			body, _ = io.ReadAll(r.Body)
		}
		mu.Lock()
		seen = append(seen, r.Method+" "+r.Host+r.URL.Path+" "+string(body))
		mu.Unlock()
		if r.URL.Path == "/hop" {
			http.Redirect(w, r, "https://other.example/secret", http.StatusFound)
			return
		}
		w.Header().Set("X-Secret", "s3cr3t")
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "secret body")
	})
	_, tr := newTestTransport(t, Chromium, Handler(api), "https://app.example")
	noCORS := FetchOptions{Mode: fetch.ModeNoCORS}

	tests := []struct {
		name       string
		req        *http.Request
		opts       FetchOptions
		wantSeen   []string
		wantReason fetch.Reason // a network error's; "" for an opaque response
	}{{
		name: "GET", req: mustRequest(t, "GET", "https://api.example/secret", nil), opts: noCORS,
		wantSeen: []string{"GET api.example/secret "},
	}, {
		name: "redirected to another origin", req: mustRequest(t, "GET", "https://api.example/hop", nil), opts: noCORS,
		wantSeen: []string{"GET api.example/hop ", "GET other.example/secret "},
	}, {
		// #97: a no-cors POST is sent with its body; only the answer is opaque.
		name: "POST", req: mustRequest(t, "POST", "https://api.example/secret", strings.NewReader("ping")), opts: noCORS,
		wantSeen: []string{"POST api.example/secret ping"},
	}, {
		// #183: the same GET in cors mode fails the CORS check (no ACAO).
		name: "cors mode", req: mustRequest(t, "GET", "https://api.example/secret", nil),
		wantSeen: []string{"GET api.example/secret "}, wantReason: fetch.CORSMissingAllowOrigin,
	}, {
		// #97: no-cors requires redirect follow; nothing is sent.
		name: "manual redirect", req: mustRequest(t, "GET", "https://api.example/hop", nil), opts: FetchOptions{Mode: fetch.ModeNoCORS, Redirect: fetch.RedirectManual},
		wantReason: fetch.NoCORSRedirectMode,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mu.Lock()
			seen = nil
			mu.Unlock()
			req := withOptions(tc.req, tc.opts)
			resp, body, err := roundTripBody(t, tr, req)
			if tc.wantReason != "" {
				var ne *fetch.NetworkError
				if !errors.As(err, &ne) || ne.Reason != tc.wantReason {
					t.Errorf("error %v; want a network error %s", err, tc.wantReason)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				got := struct {
					StatusCode int
					Status     string
					Header     http.Header
					Body       string
					URL        string
				}{resp.StatusCode, resp.Status, resp.Header, body, resp.Request.URL.String()}
				want := got
				want.StatusCode, want.Status, want.Header, want.Body, want.URL = 0, "0 opaque", http.Header{}, "", req.URL.String()
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("opaque response mismatch (-want +got):\n%s", diff)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			if diff := cmp.Diff(tc.wantSeen, seen); diff != "" {
				t.Errorf("requests at the server mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTransportRedirects checks how the browser's redirect handling meets
// http.Client's: the browser follows (or refuses) every redirect itself, so
// the client never sees one it would follow and never calls CheckRedirect.
func TestTransportRedirects(t *testing.T) {
	var (
		mu   sync.Mutex
		hits = map[string]int{}
	)
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Expose-Headers", "*")
		switch r.URL.Path {
		case "/a":
			w.Header().Set("Location", "/b")
			w.WriteHeader(http.StatusFound)
		case "/no-location":
			w.WriteHeader(http.StatusMovedPermanently)
		default:
			io.WriteString(w, "b")
		}
	})
	_, tr := newTestTransport(t, Spec, Handler(api), "https://app.example")
	client := &http.Client{Transport: tr, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		t.Errorf("http.Client was asked to follow a redirect to %s", req.URL)
		return errors.New("no")
	}}

	tests := []struct {
		name       string
		url        string
		opts       FetchOptions
		wantStatus int
		wantURL    string // resp.Request.URL
		wantBody   string
		wantLoc    string // the Location header the caller sees
		wantHits   map[string]int
		wantReason fetch.Reason
	}{{
		// #125, #67: followed by the browser; the final URL is response.url.
		name: "follow", url: "https://api.example/a",
		wantStatus: 200, wantURL: "https://api.example/b", wantBody: "b", wantHits: map[string]int{"/a": 1, "/b": 1},
	}, {
		// #124, #64: manual gives an opaque-redirect response: status 0,
		// no headers (Location included, whatever ACEH says), its URL the
		// one that redirected.
		name: "manual", url: "https://api.example/a", opts: FetchOptions{Redirect: fetch.RedirectManual},
		wantStatus: 0, wantURL: "https://api.example/a", wantHits: map[string]int{"/a": 1},
	}, {
		// #123.
		name: "error", url: "https://api.example/a", opts: FetchOptions{Redirect: fetch.RedirectError},
		wantHits: map[string]int{"/a": 1}, wantReason: fetch.RedirectModeError,
	}, {
		// #126: a 3xx without Location is the response; http.Client,
		// finding no Location either, hands it over as it is.
		name: "no Location", url: "https://api.example/no-location",
		wantStatus: 301, wantURL: "https://api.example/no-location", wantHits: map[string]int{"/no-location": 1},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mu.Lock()
			clear(hits)
			mu.Unlock()
			req := withOptions(mustRequest(t, "GET", tc.url, nil), tc.opts)
			resp, err := client.Do(req)
			if tc.wantReason != "" {
				var ne *fetch.NetworkError
				if !errors.As(err, &ne) || ne.Reason != tc.wantReason {
					t.Errorf("error %v; want a network error %s", err, tc.wantReason)
				}
				if resp != nil {
					t.Errorf("a response with the error: status %d", resp.StatusCode)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				got := []any{resp.StatusCode, resp.Request.URL.String(), string(body), resp.Header.Get("Location")}
				want := []any{tc.wantStatus, tc.wantURL, tc.wantBody, tc.wantLoc}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("status, URL, body, Location mismatch (-want +got):\n%s", diff)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			if diff := cmp.Diff(tc.wantHits, hits); diff != "" {
				t.Errorf("requests at the server mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// exposeTests are response header lines and what script can read of them,
// for a cross-origin GET from https://app.example. They seed FuzzTransport.
var exposeTests = []struct {
	name        string
	header      [][2]string // response header lines, besides ACAO and ACAC (exposeHandler)
	credentials fetch.CredentialsMode
	want        http.Header
}{{
	// #41's example: only the CORS-safelisted response-header names.
	name:   "no ACEH",
	header: [][2]string{{"Date", "Mon, 01 Dec 2008 00:23:53 GMT"}, {"ETag", `"x"`}, {"X-Foo", "1"}, {"Content-Type", "text/plain"}, {"Content-Length", "6"}},
	want:   http.Header{"Content-Type": {"text/plain"}, "Content-Length": {"6"}},
}, {
	// #41, #103: a listed name is exposed besides them.
	name:   "ACEH lists one",
	header: [][2]string{{"X-Foo", "1"}, {"X-Bar", "2"}, {"Access-Control-Expose-Headers", "x-foo"}},
	want:   http.Header{"X-Foo": {"1"}, "Content-Type": {"text/plain; charset=utf-8"}},
}, {
	// #2, #62: repeated lines show as one combined value.
	name:   "repeated lines combined",
	header: [][2]string{{"X-Foo", "a"}, {"X-Foo", "b"}, {"Access-Control-Expose-Headers", "X-Foo"}},
	want:   http.Header{"X-Foo": {"a, b"}, "Content-Type": {"text/plain; charset=utf-8"}},
}, {
	// #103: `*` without credentials exposes every header, #39 but Set-Cookie.
	name:   "wildcard",
	header: [][2]string{{"X-Foo", "1"}, {"Set-Cookie", "a=b"}, {"Access-Control-Expose-Headers", "*"}},
	want: http.Header{"X-Foo": {"1"}, "Access-Control-Expose-Headers": {"*"}, "Access-Control-Allow-Origin": {"https://app.example"},
		"Access-Control-Allow-Credentials": {"true"}, "Content-Type": {"text/plain; charset=utf-8"}},
}, {
	// #82, #103: with credentials, `*` is only a header named `*`.
	name:   "wildcard with credentials",
	header: [][2]string{{"X-Foo", "1"}, {"Access-Control-Expose-Headers", "*"}}, credentials: fetch.CredentialsInclude,
	want: http.Header{"Content-Type": {"text/plain; charset=utf-8"}},
}, {
	// #39: Set-Cookie stays hidden even when listed.
	name:   "Set-Cookie listed",
	header: [][2]string{{"Set-Cookie", "a=b"}, {"Set-Cookie2", "c=d"}, {"Access-Control-Expose-Headers", "Set-Cookie, Set-Cookie2"}},
	want:   http.Header{"Content-Type": {"text/plain; charset=utf-8"}},
}, {
	// #68: the CORS headers themselves are hidden unless listed.
	name:   "CORS headers hidden",
	header: [][2]string{{"Vary", "Origin"}, {"Access-Control-Expose-Headers", "Vary"}},
	want:   http.Header{"Vary": {"Origin"}, "Content-Type": {"text/plain; charset=utf-8"}},
}}

// exposeHandler answers with the header lines given in the query parameter
// lines (name and value separated by ": ", lines by "\n"), the body
// "corsim" (which the Handler network gives a sniffed Content-Type when the
// lines set none), and CORS headers that let the origin read it with
// credentials.
func exposeHandler(w http.ResponseWriter, r *http.Request) {
	if o := r.Header.Get("Origin"); o != "" {
		w.Header().Set("Access-Control-Allow-Origin", o)
		w.Header().Set("Access-Control-Allow-Credentials", "true")
	}
	for line := range strings.SplitSeq(r.URL.Query().Get("lines"), "\n") {
		if name, value, ok := strings.Cut(line, ": "); ok {
			w.Header()[name] = append(w.Header()[name], value)
		}
	}
	io.WriteString(w, "corsim")
}

// exposeURL is the URL that makes exposeHandler answer with lines.
func exposeURL(lines [][2]string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l[0] + ": " + l[1] + "\n")
	}
	return "https://api.example/r?lines=" + url.QueryEscape(b.String())
}

// TestTransportExposedHeaders checks that the caller sees exactly the headers
// script could read of a CORS response.
func TestTransportExposedHeaders(t *testing.T) {
	_, tr := newTestTransport(t, Spec, Handler(http.HandlerFunc(exposeHandler)), "https://app.example")
	for _, tc := range exposeTests {
		t.Run(tc.name, func(t *testing.T) {
			req := withOptions(mustRequest(t, "GET", exposeURL(tc.header), nil), FetchOptions{Credentials: tc.credentials})
			resp, body, err := roundTripBody(t, tr, req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, resp.Header); diff != "" {
				t.Errorf("headers mismatch (-want +got):\n%s", diff)
			}
			if body != "corsim" {
				t.Errorf("body %q, want %q", body, "corsim")
			}
		})
	}
}

// TestTransportOptions checks how FetchOptions are chosen and checked: the
// request's override the Transport's Defaults member by member, and a value
// fetch() does not know is an error before anything is sent.
func TestTransportOptions(t *testing.T) {
	var sent atomic.Int32
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		w.Header().Set("Access-Control-Allow-Origin", "*")
	})
	_, tr := newTestTransport(t, Spec, Handler(api), "https://app.example")

	tests := []struct {
		name       string
		defaults   FetchOptions
		opts       FetchOptions
		wantSent   int32
		wantStatus int
		wantErr    error // compared by text
		wantReason fetch.Reason
	}{
		{name: "fetch() defaults", wantSent: 1, wantStatus: 200},
		// #96: the defaults' mode stays when the request gives only credentials.
		{name: "merged member by member", defaults: FetchOptions{Mode: fetch.ModeSameOrigin}, opts: FetchOptions{Credentials: fetch.CredentialsInclude},
			wantReason: fetch.SameOriginModeCrossOrigin},
		{name: "request overrides mode", defaults: FetchOptions{Mode: fetch.ModeSameOrigin}, opts: FetchOptions{Mode: fetch.ModeCORS},
			wantSent: 1, wantStatus: 200},
		{name: "defaults' no-cors", defaults: FetchOptions{Mode: fetch.ModeNoCORS}, wantSent: 1, wantStatus: 0},
		// #58, Request constructor: script cannot make a navigate request.
		{name: "navigate", opts: FetchOptions{Mode: fetch.ModeNavigate}, wantReason: fetch.NavigateMode},
		{name: "bad mode", opts: FetchOptions{Mode: "bogus"}, wantErr: &OptionError{Member: "mode", Value: "bogus"}},
		{name: "bad default credentials", defaults: FetchOptions{Credentials: "Include"}, wantErr: &OptionError{Member: "credentials", Value: "Include"}},
		{name: "bad redirect", opts: FetchOptions{Redirect: "follow "}, wantErr: &OptionError{Member: "redirect", Value: "follow "}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sent.Store(0)
			tr.Defaults = tc.defaults
			resp, _, err := roundTripBody(t, tr, withOptions(mustRequest(t, "GET", "https://api.example/", nil), tc.opts))
			var (
				oe *OptionError
				se *fetch.ScriptError
				ne *fetch.NetworkError
			)
			switch {
			case tc.wantErr != nil:
				if !errors.As(err, &oe) || err.Error() != tc.wantErr.Error() {
					t.Errorf("error %v; want %v", err, tc.wantErr)
				}
			case tc.wantReason != "":
				if !(errors.As(err, &se) && se.Reason == tc.wantReason || errors.As(err, &ne) && ne.Reason == tc.wantReason) {
					t.Errorf("error %v; want %s", err, tc.wantReason)
				}
			case err != nil:
				t.Fatal(err)
			case resp.StatusCode != tc.wantStatus:
				t.Errorf("status %d, want %d", resp.StatusCode, tc.wantStatus)
			}
			if got := sent.Load(); got != tc.wantSent {
				t.Errorf("%d requests sent, want %d", got, tc.wantSent)
			}
		})
	}
	if got := (&OptionError{Member: "mode", Value: "bogus"}).Error(); got != `corsim: "bogus" is not a fetch() mode` {
		t.Errorf("OptionError text %q", got)
	}
}

// TestTransportMisuse checks that a Transport used wrongly says so, and still
// closes the request body.
func TestTransportMisuse(t *testing.T) {
	tests := []struct {
		name string
		tr   *Transport
		req  *http.Request
		want string
	}{
		{name: "zero Transport", tr: &Transport{}, req: mustRequest(t, "POST", "https://api.example/", nil),
			want: "corsim: Transport without a page (make it with (*Page).Transport)"},
		{name: "no URL", tr: func() *Transport {
			_, tr := newTestTransport(t, Spec, Handler(http.NotFoundHandler()), "https://app.example")
			return tr
		}(),
			req: &http.Request{Method: "POST", Header: http.Header{}}, want: "corsim: Transport: request without a URL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := &closeCounter{Reader: strings.NewReader("x")}
			tc.req.Body = body
			resp, err := tc.tr.RoundTrip(tc.req)
			if resp != nil || err == nil || err.Error() != tc.want {
				t.Errorf("got %v, %v; want no response and %q", resp, err, tc.want)
			}
			if body.closed != 1 {
				t.Errorf("request body closed %d times, want 1", body.closed)
			}
		})
	}
}

// fuzzModes and fuzzCredentials map FuzzTransport's bytes to fetch() members.
var (
	fuzzModes       = []fetch.Mode{fetch.ModeCORS, fetch.ModeNoCORS, fetch.ModeSameOrigin}
	fuzzCredentials = []fetch.CredentialsMode{fetch.CredentialsOmit, fetch.CredentialsSameOrigin, fetch.CredentialsInclude}
)

// FuzzTransport checks the Transport's promise against a server answering
// anything: whatever the status, header lines and body, the caller gets
// either an error (a *fetch.NetworkError or *fetch.ScriptError) and no
// response, or exactly what the Fetch Standard's filtered responses let
// script read of the final response on the wire. The oracle is written from
// the spec's definitions, not from package fetch's filters: an opaque
// response shows nothing (#63, #64); a CORS response shows the
// CORS-safelisted response-header names (#41), the names
// Access-Control-Expose-Headers lists, or every name for `*` without
// credentials (#103), never Set-Cookie (#39), each with its combined value
// (#2); the body is the server's, but for HEAD and null body statuses.
// safelistedResponseHeaders are the CORS-safelisted response-header names
// (#41), written out here so that FuzzTransport's oracle does not share
// fetch's filter (safelist.ResponseHeaderName). Only the header-list ABNF
// of Access-Control-Expose-Headers comes from package safelist, whose own
// tables and fuzz target check it.
var safelistedResponseHeaders = []string{"cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma"}

func FuzzTransport(f *testing.F) {
	for _, tc := range exposeTests {
		var lines strings.Builder
		for _, l := range tc.header {
			lines.WriteString(l[0] + ": " + l[1] + "\n")
		}
		cred := byte(slices.Index(fuzzCredentials, tc.credentials))
		f.Add(byte(0), cred, "GET", "X-Req: 1", 200, lines.String(), "corsim")
	}
	f.Add(byte(1), byte(2), "POST", "Content-Type: text/plain", 200, "X-Secret: 1\nAccess-Control-Expose-Headers: *\n", "secret")
	f.Add(byte(0), byte(0), "HEAD", "", 204, "Content-Length: 10\n", "body")
	f.Add(byte(0), byte(1), "PUT", "X-Custom: y", 500, "Access-Control-Allow-Methods: PUT\nAccess-Control-Allow-Headers: *\n", "oops")
	f.Add(byte(0), byte(0), "GET", "", 302, "Location: /next\nAccess-Control-Expose-Headers: Location\n", "")
	f.Add(byte(2), byte(0), "GET", "", 200, "", "same-origin mode")
	f.Add(byte(0), byte(0), "GET", "Bad Name: x", 200, "", "")
	// Header names are bytes: lowercasing must not turn 0x94 into U+FFFD.
	f.Add(byte(0), byte(2), "GET", "0", 200, "\x94: 0\nACCess-Control-EXpose-HeAders: *", "0")

	f.Fuzz(func(t *testing.T, mode, cred byte, method, reqHeader string, status int, lines, body string) {
		if status < 200 || status > 599 {
			return // net/http servers refuse other codes
		}
		api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Access-Control-Allow-Origin", "https://app.example")
			w.Header().Set("Access-Control-Allow-Credentials", "true")
			for line := range strings.SplitSeq(lines, "\n") {
				if name, value, ok := strings.Cut(line, ": "); ok {
					w.Header()[name] = append(w.Header()[name], value)
				}
			}
			w.WriteHeader(status)
			io.WriteString(w, body)
		})
		_, tr := newTestTransport(t, Spec, Handler(api), "https://app.example")
		var res *Result
		tr.Report = func(_ *http.Request, r *Result) { res = r }
		req, err := http.NewRequest(method, "https://api.example/r", nil)
		if err != nil {
			return // net/http refuses the method
		}
		if method != "GET" && method != "HEAD" {
			req, _ = http.NewRequest(method, "https://api.example/r", strings.NewReader("payload"))
		}
		if name, value, ok := strings.Cut(reqHeader, ": "); ok {
			req.Header[name] = append(req.Header[name], value)
		}
		o := FetchOptions{Mode: fuzzModes[int(mode)%len(fuzzModes)], Credentials: fuzzCredentials[int(cred)%len(fuzzCredentials)]}
		resp, err := tr.RoundTrip(withOptions(req, o))

		if err != nil {
			var ne *fetch.NetworkError
			var se *fetch.ScriptError
			if resp != nil {
				t.Fatalf("error %v with a response, status %d", err, resp.StatusCode)
			}
			if !errors.As(err, &ne) && !errors.As(err, &se) {
				t.Fatalf("error %v (%T) is neither a network error nor a script error", err, err)
			}
			return
		}
		got, _ := io.ReadAll(resp.Body)
		if res == nil || len(res.Exchanges) == 0 {
			t.Fatalf("a response, but the fetch sent nothing")
		}
		last := res.Exchanges[len(res.Exchanges)-1].Response
		if o.Mode == fetch.ModeNoCORS {
			if resp.StatusCode != 0 || len(resp.Header) != 0 || len(got) != 0 {
				t.Fatalf("an opaque response shows status %d, headers %v, body %q", resp.StatusCode, resp.Header, got)
			}
			return
		}
		if resp.StatusCode != last.Status {
			t.Errorf("status %d, the server's %d", resp.StatusCode, last.Status)
		}
		wantBody := string(last.Body)
		if req.Method == "HEAD" || last.Status == 204 || last.Status == 205 || last.Status == 304 {
			wantBody = ""
		}
		if string(got) != wantBody {
			t.Errorf("body %q, the server's %q", got, wantBody)
		}
		// What the spec lets script read of the final wire response.
		exposed, parsed := safelist.ExtractHeaderNames(last.Header.Values("Access-Control-Expose-Headers"))
		if parsed != safelist.Parsed {
			exposed = nil // absent or unparsable: nothing extra (#103)
		}
		all := parsed == safelist.Parsed && o.Credentials != fetch.CredentialsInclude && slices.Contains(exposed, "*")
		want := map[string]string{}
		for _, h := range last.Header {
			name := lowerASCII(h.Name)
			if name == "set-cookie" || name == "set-cookie2" {
				continue
			}
			listed := slices.ContainsFunc(exposed, func(e string) bool { return strings.EqualFold(e, name) })
			if all || listed || slices.Contains(safelistedResponseHeaders, name) {
				want[name], _ = last.Header.Get(name)
			}
		}
		gotHeaders := map[string]string{}
		for name, vs := range resp.Header {
			gotHeaders[lowerASCII(name)] = strings.Join(vs, ", ")
		}
		if diff := cmp.Diff(want, gotHeaders); diff != "" {
			t.Errorf("headers mismatch, spec's filter vs the response (-want +got):\n%s", diff)
		}
	})
}

// transportBenchCases are the requests the overhead benchmarks send to a
// countingServer: a simple GET answered with `Access-Control-Allow-Origin: *`,
// and a PUT of JSON that needs a preflight, with the preflight cache warm.
var transportBenchCases = []struct {
	name string
	req  func(tb testing.TB, url string) *http.Request
}{
	{"GET", func(tb testing.TB, url string) *http.Request { return mustRequest(tb, "GET", url, nil) }},
	{"PUT-preflighted-warm", putJSON},
}

// benchTransports returns a plain http.Transport and an enforcing Transport
// (Chromium, page https://app.example) on its own http.Transport, both set
// up alike, with the enforcing one's preflight cache warmed for url.
func benchTransports(b *testing.B, url string) (plain, enforcing http.RoundTripper) {
	b.Helper()
	newHTTP := func() *http.Transport { return &http.Transport{MaxIdleConnsPerHost: 16} }
	p := newHTTP()
	q := newHTTP()
	b.Cleanup(p.CloseIdleConnections)
	b.Cleanup(q.CloseIdleConnections)
	_, tr := newTestTransport(b, Chromium, RoundTripper(q), "https://app.example")
	if err := drain(tr.RoundTrip(putJSON(b, url))); err != nil {
		b.Fatal(err)
	}
	return p, tr
}

// drain reads and closes a response's body.
func drain(resp *http.Response, err error) error {
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err == nil && resp.StatusCode != 200 {
		err = fmt.Errorf("status %d", resp.StatusCode)
	}
	return err
}

// BenchmarkTransport measures a request through a plain http.Transport
// (transport=http) and through the enforcing Transport (transport=corsim),
// on a loopback server: compare them with `benchstat -col /transport`, or
// read BenchmarkTransportOverhead's ratio.
func BenchmarkTransport(b *testing.B) {
	srv := newCountingServer(b)
	url := srv.URL + "/items/7"
	plain, enforcing := benchTransports(b, url)
	for _, bc := range transportBenchCases {
		for _, rt := range []struct {
			name string
			rt   http.RoundTripper
		}{{"http", plain}, {"corsim", enforcing}} {
			b.Run(bc.name+"/transport="+rt.name, func(b *testing.B) {
				b.ReportAllocs()
				preflights := srv.count("OPTIONS")
				for b.Loop() {
					if err := drain(rt.rt.RoundTrip(bc.req(b, url))); err != nil {
						b.Fatal(err)
					}
				}
				if n := srv.count("OPTIONS") - preflights; n != 0 {
					b.Fatalf("%d preflights sent with the cache warm", n)
				}
			})
		}
	}
}

// BenchmarkTransportOverhead sends each request through both transports in
// turn and reports the enforcing Transport's time as a multiple of the plain
// http.Transport's ("x"), so that load on a shared machine weighs on both
// alike; ns/op is the time of the pair.
func BenchmarkTransportOverhead(b *testing.B) {
	srv := newCountingServer(b)
	url := srv.URL + "/items/7"
	plain, enforcing := benchTransports(b, url)
	for _, bc := range transportBenchCases {
		b.Run(bc.name, func(b *testing.B) {
			var tPlain, tEnforcing time.Duration
			for b.Loop() {
				t0 := time.Now()
				if err := drain(plain.RoundTrip(bc.req(b, url))); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				if err := drain(enforcing.RoundTrip(bc.req(b, url))); err != nil {
					b.Fatal(err)
				}
				tPlain += t1.Sub(t0)
				tEnforcing += time.Since(t1)
			}
			b.ReportMetric(float64(tPlain.Nanoseconds())/float64(b.N), "plain-ns/op")
			b.ReportMetric(float64(tEnforcing.Nanoseconds())/float64(b.N), "corsim-ns/op")
			b.ReportMetric(float64(tEnforcing)/float64(tPlain), "x")
		})
	}
}

// memoryNetwork answers every request at once with a CORS-enabled 200, so
// that the browser's own cost can be measured without sockets.
type memoryNetwork struct{}

func (memoryNetwork) RoundTrip(context.Context, *fetch.WireRequest) (*fetch.WireResponse, error) {
	return &fetch.WireResponse{
		Status: 200, StatusText: "OK", Protocol: "HTTP/1.1", Body: []byte("ok"),
		Header: safelist.HeaderList{{Name: "Access-Control-Allow-Origin", Value: "*"}, {Name: "Content-Type", Value: "text/plain"}},
	}, nil
}

// TestTransportAllocs guards the Transport's own allocations: the
// *http.Request to fetch() and View to *http.Response conversions around a
// fetch, over what the same fetch() costs made directly in the page.
func TestTransportAllocs(t *testing.T) {
	const url = "https://api.example/items/7"
	b, tr := newTestTransport(t, Chromium, memoryNetwork{}, "https://app.example")
	page, err := b.Open("https://app.example")
	if err != nil {
		t.Fatal(err)
	}
	req := mustRequest(t, "GET", url, nil)
	req.Header.Set("Accept", "text/plain")
	init := RequestInit{Headers: [][2]string{{"Accept", "text/plain"}}}
	direct := testing.AllocsPerRun(200, func() {
		if res := page.Fetch(context.Background(), url, init); res.Outcome != OK {
			t.Fatal(res.Err())
		}
	})
	through := testing.AllocsPerRun(200, func() {
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	})
	// The URL string, the header pairs, and the *http.Response with its
	// header map and values, body and status line: 9 in Go 1.26.
	const budget = 9
	if extra := through - direct; extra > budget {
		t.Errorf("RoundTrip allocates %.0f times, %.0f more than the fetch() it wraps (%0.f); want at most %d more", through, extra, direct, budget)
	} else {
		t.Logf("RoundTrip allocates %.0f times, %.0f more than the fetch() it wraps", through, extra)
	}
}

// BenchmarkTransportInProcess measures the browser's work for one request,
// with a network answering from memory: the Transport against the same
// fetch() made in the page. Unlike the loopback benchmarks, it barely moves
// with the load of a shared machine.
func BenchmarkTransportInProcess(b *testing.B) {
	const url = "https://api.example/items/7"
	br, tr := newTestTransport(b, Chromium, memoryNetwork{}, "https://app.example")
	page, err := br.Open("https://app.example")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Page.Fetch", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if res := page.Fetch(context.Background(), url, RequestInit{}); res.Outcome != OK {
				b.Fatal(res.Err())
			}
		}
	})
	b.Run("Transport", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := drain(tr.RoundTrip(mustRequest(b, "GET", url, nil))); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// lowerASCII lowercases the ASCII letters of a byte string and nothing else,
// as the Fetch Standard's byte-lowercase does (strings.ToLower would turn
// bytes that are not UTF-8 into U+FFFD).
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
