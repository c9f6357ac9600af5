package explain

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/vectors"
)

// get is a scenario request: a fetch() GET of url with the format's defaults.
func get(url string) vectors.Request {
	return vectors.Request{API: "fetch", Method: "GET", URL: url, Mode: "cors", Credentials: "same-origin", Redirect: "follow"}
}

func h(pairs ...string) [][2]string {
	var out [][2]string
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, [2]string{pairs[i], pairs[i+1]})
	}
	return out
}

func TestFix(t *testing.T) {
	// Each case is a server that fails one of the browser's checks; want is
	// the answer that passes it, by the spec step named. Every fix must also
	// be verified by the re-run.
	const api = "https://bar.other/x"
	put := get(api)
	put.Method = "PUT"
	include := get(api)
	include.Credentials = "include"
	putInclude := put
	putInclude.Credentials = "include"
	custom := get(api)
	custom.Headers = []vectors.Header{{Name: "X-A", Value: "1"}, {Name: "X-B", Value: "2"}}
	noCORS := get(api)
	noCORS.Mode = "no-cors"
	tests := []struct {
		name   string
		req    vectors.Request
		routes []corsim.Route
		want   []Answer
	}{
		// #concept-cors-check step 4: several ACAO lines never equal the origin.
		{"two ACAO lines become one", get(api),
			[]corsim.Route{{Method: "GET", URL: api, Status: 200, Header: h("Access-Control-Allow-Origin", "https://foo.example", "Access-Control-Allow-Origin", "https://foo.example")}},
			[]Answer{{Method: "GET", URL: api, Headers: h("Access-Control-Allow-Origin", "https://foo.example")}}},
		// #concept-cors-check steps 4 and 7: credentials need the exact
		// origin and ACAC true, found in two rounds.
		{"credentialed GET needs origin and ACAC", include,
			[]corsim.Route{{Method: "GET", URL: api, Status: 200, Header: h("Access-Control-Allow-Origin", "*")}},
			[]Answer{{Method: "GET", URL: api, Headers: h("Access-Control-Allow-Origin", "https://foo.example", "Access-Control-Allow-Credentials", "true")}}},
		// #cors-preflight-fetch-0 step 7: a redirect is not an ok status.
		{"preflight redirect becomes 204", put,
			[]corsim.Route{
				{Method: "OPTIONS", URL: api, Status: 307, Header: h("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "PUT", "Location", "https://bar.other/y")},
				{Method: "PUT", URL: api, Status: 200, Header: h("Access-Control-Allow-Origin", "*")}},
			[]Answer{{Preflight: true, Method: "OPTIONS", URL: api, Status: 204, WasStatus: 307}}},
		// Step 7.3: an unparsable ACAM fails even when PUT is in it.
		{"unparsable ACAM replaced", put,
			[]corsim.Route{
				{Method: "OPTIONS", URL: api, Status: 204, Header: h("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "GET PUT")},
				{Method: "PUT", URL: api, Status: 200, Header: h("Access-Control-Allow-Origin", "*")}},
			[]Answer{{Preflight: true, Method: "OPTIONS", URL: api, Headers: h("Access-Control-Allow-Methods", "PUT")}}},
		// Step 7.5: with credentials `*` is a literal method name.
		{"ACAM star with credentials", putInclude,
			[]corsim.Route{
				{Method: "OPTIONS", URL: api, Status: 204, Header: h("Access-Control-Allow-Origin", "https://foo.example", "Access-Control-Allow-Credentials", "true", "Access-Control-Allow-Methods", "*")},
				{Method: "PUT", URL: api, Status: 200, Header: h("Access-Control-Allow-Origin", "https://foo.example", "Access-Control-Allow-Credentials", "true")}},
			[]Answer{{Preflight: true, Method: "OPTIONS", URL: api, Headers: h("Access-Control-Allow-Methods", "*, PUT")}}},
		// Step 7.3 for ACAH: unparsable, so replaced by what the preflight
		// asked for (Access-Control-Request-Headers).
		{"unparsable ACAH replaced by the names asked", custom,
			[]corsim.Route{
				{Method: "OPTIONS", URL: api, Status: 204, Header: h("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Headers", "x-a x-b")},
				{Method: "GET", URL: api, Status: 200, Header: h("Access-Control-Allow-Origin", "*")}},
			[]Answer{{Preflight: true, Method: "OPTIONS", URL: api, Headers: h("Access-Control-Allow-Headers", "x-a, x-b")}}},
		// Step 7.7: names already listed are kept, the missing one added.
		{"missing one of two names", custom,
			[]corsim.Route{
				{Method: "OPTIONS", URL: api, Status: 204, Header: h("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Headers", "X-A")},
				{Method: "GET", URL: api, Status: 200, Header: h("Access-Control-Allow-Origin", "*")}},
			[]Answer{{Preflight: true, Method: "OPTIONS", URL: api, Headers: h("Access-Control-Allow-Headers", "X-A, x-b")}}},
		// #cross-origin-resource-policy-check: a no-cors response marked
		// same-origin is blocked; cross-origin lets it through.
		{"CORP same-origin in no-cors", noCORS,
			[]corsim.Route{{Method: "GET", URL: api, Status: 200, Header: h("Cross-Origin-Resource-Policy", "same-origin")}},
			[]Answer{{Method: "GET", URL: api, Headers: h("Cross-Origin-Resource-Policy", "cross-origin")}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := &Scenario{Origin: "https://foo.example", Steps: []Step{{Request: tc.req, Server: tc.routes}}}
			ex, err := Explain(context.Background(), sc, Options{Profiles: []*corsim.Profile{corsim.Spec}})
			if err != nil {
				t.Fatal(err)
			}
			if len(ex.Fixes) != 1 {
				t.Fatalf("%d fixes, want 1; verdicts %+v", len(ex.Fixes), ex.Steps[0].Verdicts)
			}
			f := ex.Fixes[0]
			if !f.Verified || len(f.Unfixable) > 0 {
				t.Errorf("fix not verified: %+v", f)
			}
			if diff := cmp.Diff(tc.want, f.Answers); diff != "" {
				t.Errorf("answers mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFixUnfixable(t *testing.T) {
	// #concept-http-redirect-fetch step 5: two Location lines fail the
	// redirect; that is no header Explain can add, so nothing is proposed.
	const api = "https://bar.other/x"
	sc := &Scenario{Origin: "https://foo.example", Steps: []Step{{Request: get(api), Server: []corsim.Route{
		{Method: "GET", URL: api, Status: 302, Header: h("Access-Control-Allow-Origin", "*", "Location", "/a", "Location", "/b")}}}}}
	ex, err := Explain(context.Background(), sc, Options{Profiles: []*corsim.Profile{corsim.Spec}})
	if err != nil {
		t.Fatal(err)
	}
	want := []Fix{{Profiles: []string{"spec"}, Unfixable: []Unfixable{{Step: 1, Reason: "RedirectLocationInvalid",
		Why: "the redirect must carry exactly one Location header holding a URL"}}}}
	if diff := cmp.Diff(want, ex.Fixes); diff != "" {
		t.Errorf("fixes mismatch (-want +got):\n%s", diff)
	}
}

// countingHandler is a server with no OPTIONS handler (405, as many
// frameworks answer), counting what reaches it.
type countingHandler struct {
	mu   sync.Mutex
	seen []string
}

func (c *countingHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	c.seen = append(c.seen, r.Method+" "+r.URL.Path)
	c.mu.Unlock()
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Write([]byte("ok"))
}

func TestExplainLiveServer(t *testing.T) {
	// A live server (an in-process handler) is asked once per distinct
	// request however many profiles run, and the fix's re-runs send
	// nothing: the PUT the browser never sent is assumed.
	srv := &countingHandler{}
	put := get("https://api.example/items/1")
	put.Method = "PUT"
	sc := &Scenario{Origin: "https://app.example", Steps: []Step{{Request: put}}, Network: corsim.Handler(srv)}
	ex, err := Explain(context.Background(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"OPTIONS /items/1"}, srv.seen); diff != "" {
		t.Errorf("requests the server saw (-want +got):\n%s", diff)
	}
	if ex.Sent != 1 {
		t.Errorf("Sent = %d, want 1", ex.Sent)
	}
	// #cors-preflight-fetch-0 step 7: the 405 preflight fails the CORS
	// check first (no ACAO), then the status; PUT must be listed (7.5).
	// The PUT's answer is assumed to carry no header, so it needs ACAO
	// too (#concept-cors-check step 2).
	want := []Fix{{
		Profiles: []string{"spec", "chromium", "firefox", "webkit"},
		Answers: []Answer{
			{Preflight: true, Method: "OPTIONS", URL: "https://api.example/items/1", Status: 204, WasStatus: 405,
				Headers: h("Access-Control-Allow-Origin", "https://app.example", "Access-Control-Allow-Methods", "PUT")},
			{Method: "PUT", URL: "https://api.example/items/1", Headers: h("Access-Control-Allow-Origin", "https://app.example")},
		},
		Verified: true,
		Assumed:  []string{"PUT https://api.example/items/1"},
		Notes:    ex.Fixes[0].Notes,
	}}
	if diff := cmp.Diff(want, ex.Fixes); diff != "" {
		t.Errorf("fixes mismatch (-want +got):\n%s", diff)
	}
	if !strings.Contains(ex.Text(false), "Assumed: PUT https://api.example/items/1 was never sent to the server") {
		t.Errorf("text does not say what was assumed:\n%s", ex.Text(false))
	}
}

func TestExplainBudget(t *testing.T) {
	// A server that redirects forever: the browser would follow 20
	// redirects; a budget of 3 stops the live run at the fourth request,
	// which is reported as a transport failure, not sent.
	loop := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		http.Redirect(w, r, r.URL.Path+"x", http.StatusFound)
	})
	sc := &Scenario{Origin: "https://app.example", Steps: []Step{{Request: get("https://api.example/a")}}, Network: corsim.Handler(loop)}
	ex, err := Explain(context.Background(), sc, Options{Profiles: []*corsim.Profile{corsim.Spec}, Budget: 3})
	if err != nil {
		t.Fatal(err)
	}
	v := ex.Steps[0].Verdicts[0]
	if ex.Sent != 3 || v.Reason != "CORSDidNotSucceed" || !strings.Contains(v.Error, "request budget of 3 exhausted") {
		t.Errorf("Sent %d, verdict %s %q; want 3 sent and CORSDidNotSucceed naming the budget", ex.Sent, v.Reason, v.Error)
	}
}

func TestExplainDiffers(t *testing.T) {
	// ENGINES.md (observed): WebKitGTK caps Max-Age at 600 s, Chromium at
	// 7200 s. 610 s after a preflight answered Max-Age 1000000, WebKit
	// preflights again where the spec (no cap) and Chromium use the cache.
	byName := loadVectors(t)
	v := byName["cache/max-age-1000000-after-610"]
	if v == nil {
		t.Fatal("no vector cache/max-age-1000000-after-610")
	}
	ex, err := Explain(context.Background(), FromVector(v), Options{Profiles: []*corsim.Profile{corsim.Spec, corsim.Chromium, corsim.WebKit}})
	if err != nil {
		t.Fatal(err)
	}
	second := ex.Steps[1].Verdicts
	if d := second[1].Differs; d != nil {
		t.Errorf("chromium differs at %+v, want no difference", d)
	}
	d := second[2].Differs
	if d == nil || d.Topic != "cache.lookup" || d.Verdict != "miss" {
		t.Errorf("webkit differs at %+v, want the cache lookup missing", d)
	}
}

func TestExplainErrors(t *testing.T) {
	if _, err := Explain(context.Background(), &Scenario{Origin: "https://a.example"}, Options{}); !errors.Is(err, ErrNoSteps) {
		t.Errorf("no steps: err %v, want ErrNoSteps", err)
	}
	sc := &Scenario{Origin: "https://a.example/path", Steps: []Step{{Request: get("https://b.example/")}}}
	if _, err := Explain(context.Background(), sc, Options{}); err == nil || !strings.Contains(err.Error(), "page origin") {
		t.Errorf("bad origin: err %v, want one naming the page origin", err)
	}
	bad := &Scenario{Origin: "https://a.example", Steps: []Step{{Request: get("https://b.example/"), Server: []corsim.Route{{Method: "GET", URL: "not a url", Status: 200}}}}}
	if _, err := Explain(context.Background(), bad, Options{}); err == nil || !strings.Contains(err.Error(), "route 0") {
		t.Errorf("bad route: err %v, want one naming the route", err)
	}
}

func TestCall(t *testing.T) {
	// The script a scenario request stands for: fetch() with the
	// RequestInit members that differ from the defaults, or XMLHttpRequest.
	post := get("https://b.example/x")
	post.Method, post.Body, post.Credentials = "POST", "text", "include"
	post.Headers = []vectors.Header{{Name: "X-A", Value: "1"}}
	stream := get("https://b.example/x")
	stream.Method, stream.Body, stream.Duplex, stream.Mode = "POST", "stream", "half", "no-cors"
	xhr := vectors.Request{API: "xhr", Method: "PUT", URL: "https://b.example/x", Credentials: "include", UploadListeners: true,
		Headers: []vectors.Header{{Name: "Content-Type", Value: "application/json"}}, Body: "blob"}
	tests := []struct {
		name string
		req  vectors.Request
		want string
	}{
		{"plain GET", get("https://b.example/x"), `fetch("https://b.example/x")`},
		{"POST with header and credentials", post, `fetch("https://b.example/x", {method: "POST", headers: [["X-A", "1"]], body: "corsim", credentials: "include"})`},
		{"stream body", stream, `fetch("https://b.example/x", {method: "POST", body: new ReadableStream(), mode: "no-cors", duplex: "half"})`},
		{"xhr", xhr, `xhr.open("PUT", "https://b.example/x"); xhr.withCredentials = true; xhr.upload.addEventListener("progress", f); xhr.setRequestHeader("Content-Type", "application/json"); xhr.send(new Blob(["corsim"]))`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, Call(tc.req)); diff != "" {
				t.Errorf("Call mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTextColor(t *testing.T) {
	// Colour only when asked: the plain text has no escape sequence.
	byName := loadVectors(t)
	ex, err := Explain(context.Background(), FromVector(byName["cors-check/acao-absent"]), Options{Profiles: []*corsim.Profile{corsim.Spec}})
	if err != nil {
		t.Fatal(err)
	}
	if plain := ex.Text(false); strings.Contains(plain, "\x1b[") {
		t.Errorf("plain text holds an escape sequence")
	}
	colored := ex.Text(true)
	if !strings.Contains(colored, red+"blocked"+reset) || !strings.Contains(colored, bold+"Verdicts:"+reset) {
		t.Errorf("coloured text lacks its colours:\n%q", colored)
	}
}

// TestBodyBytes checks that a step's body content is what the request
// carries (to the server, in the exchange shown) and what the call shows.
func TestBodyBytes(t *testing.T) {
	var (
		mu   sync.Mutex
		seen []string
	)
	srv := corsim.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, string(b))
		mu.Unlock()
		w.Header().Set("Access-Control-Allow-Origin", "*")
	}))
	post := get("https://b.example/x")
	post.Method, post.Body = "POST", "text"
	xhr := vectors.Request{API: "xhr", Method: "POST", URL: "https://b.example/y", Body: "urlsearchparams"}
	sc := &Scenario{Origin: "https://a.example", Network: srv, Steps: []Step{
		{Request: post, BodyBytes: []byte(`{"q":"é"}`)},
		{Request: xhr, BodyBytes: []byte("a=1&b=2")},
	}}
	ex, err := Explain(context.Background(), sc, Options{Profiles: []*corsim.Profile{corsim.Spec}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{`{"q":"é"}`, "a=1&b=2"}, seen); diff != "" {
		t.Errorf("bodies the server saw mismatch (-want +got):\n%s", diff)
	}
	wantCalls := []string{
		`fetch("https://b.example/x", {method: "POST", body: "{\"q\":\"é\"}"})`,
		`xhr.open("POST", "https://b.example/y"); xhr.send(new URLSearchParams("a=1&b=2"))`,
	}
	for i, s := range ex.Steps {
		if s.Call != wantCalls[i] {
			t.Errorf("step %d call %s, want %s", i+1, s.Call, wantCalls[i])
		}
	}
	// The exchange shows the body's length (10 bytes of UTF-8, not the
	// placeholder's 6) and an ASCII body itself.
	if text := ex.Text(false); !strings.Contains(text, "Content-Length: 10\n") || !strings.Contains(text, "\n       a=1&b=2\n") {
		t.Errorf("the exchanges shown do not carry the bodies' content:\n%s", text)
	}
}
