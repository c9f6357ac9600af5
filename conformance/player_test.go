package conformance

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/corsim/corsim/vectors"
	"github.com/google/go-cmp/cmp"
)

// preflightThenCached: a preflighted PUT, then the same PUT after 30 s,
// expected from the cache (no OPTIONS); Firefox's patch expects it too.
const preflightThenCached = `{"vectors": [{
  "name": "test/preflight-then-cached",
  "about": "a", "spec": ["cors-preflight-fetch"], "source": "test",
  "origin": "https://foo.example",
  "steps": [
    {
      "request": {"method": "PUT", "url": "https://bar.other/api", "headers": [["Content-Type", "application/json"]]},
      "server": [
        {"method": "OPTIONS", "url": "https://bar.other/api", "status": 204, "headers": [
          ["Access-Control-Allow-Origin", "https://foo.example"], ["Access-Control-Allow-Methods", "PUT"],
          ["Access-Control-Allow-Headers", "content-type"], ["Access-Control-Max-Age", "600"]]},
        {"method": "PUT", "url": "https://bar.other/api", "status": 200, "headers": [
          ["Access-Control-Allow-Origin", "https://foo.example"], ["X-Hidden", "1"]]}
      ],
      "expect": {
        "outcome": "ok",
        "sent": [
          {"method": "OPTIONS", "url": "https://bar.other/api", "headers": {
            "origin": "https://foo.example", "access-control-request-method": "PUT",
            "access-control-request-headers": "content-type"}},
          {"method": "PUT", "url": "https://bar.other/api", "headers": {"origin": "https://foo.example"}}
        ],
        "type": "cors", "status": 200, "url": "https://bar.other/api", "redirected": false,
        "exposedHeaders": [], "headerValues": {"x-hidden": null}
      }
    },
    {
      "advance": 30,
      "request": {"method": "PUT", "url": "https://bar.other/api", "headers": [["Content-Type", "application/json"]]},
      "server": [
        {"method": "PUT", "url": "https://bar.other/api", "status": 200, "headers": [
          ["Access-Control-Allow-Origin", "https://foo.example"]]}
      ],
      "expect": {
        "outcome": "ok",
        "sent": [{"method": "PUT", "url": "https://bar.other/api", "headers": {"origin": "https://foo.example"}}],
        "type": "cors", "status": 200
      },
      "expectByEngine": {"firefox": {"why": "test", "outcome": "network-error", "reason": "CORSDidNotSucceed"}}
    }
  ]
}]}`

// fakePage plays the harness page's part over the wire: it asks for each
// step, sends what the step's request would send (a preflight when told to),
// and reports a script result built from the answer.
func fakePage(t *testing.T, c *http.Client, preflight map[int]bool) {
	t.Helper()
	ask := func(index int, result *ScriptResult) nextAnswer {
		body, _ := json.Marshal(nextAsk{Index: index, Result: result})
		resp, err := c.Post("https://foo.example"+HarnessPrefix+"next?s=s1", "text/plain", strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var a nextAnswer
		if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	var result *ScriptResult
	for index := -1; ; {
		a := ask(index, result)
		if a.Done {
			return
		}
		index = a.Index
		r := a.Request
		if preflight[index] {
			req, _ := http.NewRequest("OPTIONS", r.URL, nil)
			req.Header.Set("Origin", "https://foo.example")
			req.Header.Set("Access-Control-Request-Method", r.Method)
			req.Header.Set("Access-Control-Request-Headers", "content-type")
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
		req, _ := http.NewRequest(r.Method, r.URL, nil)
		req.Header.Set("Origin", "https://foo.example")
		for _, h := range r.Headers {
			req.Header.Add(h[0], h[1])
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		// A CORS response exposes only safelisted names; none is sent here.
		result = &ScriptResult{Response: &ScriptResponse{
			Type: "cors", Status: resp.StatusCode, URL: r.URL, Headers: [][2]string{}, Body: string(body),
		}}
	}
}

func TestPlayerDrivesSteps(t *testing.T) {
	v := mustParse(t, preflightThenCached)
	var advanced []time.Duration
	srv, p, pool := testServer(t, v, func(d time.Duration) error {
		advanced = append(advanced, d)
		return nil
	})
	fakePage(t, client(srv, pool, true), map[int]bool{0: true})
	select {
	case <-p.done:
	default:
		t.Fatal("player not done after the last report")
	}
	if diff := cmp.Diff([]time.Duration{30 * time.Second}, advanced); diff != "" {
		t.Errorf("advances mismatch (-want +got):\n%s", diff)
	}
	got := judgeVector("chromium", v, p)
	if got.Verdict != Pass {
		var b strings.Builder
		(&Report{Vectors: []VectorResult{got}}).WriteText(&b)
		t.Errorf("chromium verdict %s:\n%s", got.Verdict, b.String())
	}
	// Firefox's patch expects a network error in step 1: a fail, with the diff.
	got = judgeVector("firefox", v, p)
	if got.Verdict != Fail || len(got.Steps[1].Mismatches) == 0 || !got.Steps[1].Patched {
		t.Fatalf("firefox verdict %s, step 1 %+v", got.Verdict, got.Steps[1])
	}
	want := []vectors.Mismatch{{Field: "outcome", Want: "network-error", Got: "ok"}}
	if diff := cmp.Diff(want, got.Steps[1].Mismatches); diff != "" {
		t.Errorf("firefox mismatches (-want +got):\n%s", diff)
	}
}

// TestPlayerSeesMissingPreflight: the harness page skips the preflight in
// step 0 (as an engine serving it from a cache would); the PUT is then
// answered by the PUT route, and the judgement names the missing OPTIONS.
func TestPlayerSeesMissingPreflight(t *testing.T) {
	v := mustParse(t, preflightThenCached)
	srv, p, pool := testServer(t, v, func(time.Duration) error { return nil })
	fakePage(t, client(srv, pool, true), nil)
	got := judgeVector("chromium", v, p)
	if got.Verdict != Fail {
		t.Fatalf("verdict %s, want fail", got.Verdict)
	}
	want := []vectors.Mismatch{{
		Field: "sent",
		Want:  "2 requests [OPTIONS https://bar.other/api, PUT https://bar.other/api]",
		Got:   "1 requests [PUT https://bar.other/api]",
	}}
	if diff := cmp.Diff(want, got.Steps[0].Mismatches); diff != "" {
		t.Errorf("mismatches (-want +got):\n%s", diff)
	}
}

func TestPlayerRejectsOutOfOrderReports(t *testing.T) {
	v := mustParse(t, preflightThenCached)
	p := newPlayer("s1", v, nil, func(time.Duration) error { return nil })
	if resp := p.next([]byte(`{"index": 0}`)); resp.Status != 409 {
		t.Errorf("report for a step never started: status %d, want 409", resp.Status)
	}
	if p.failure() == nil {
		t.Error("no failure recorded")
	}
	if resp := p.next([]byte(`not json`)); resp.Status != 400 {
		t.Errorf("bad report: status %d, want 400", resp.Status)
	}
}

func TestPlayerAdvanceFailure(t *testing.T) {
	v := mustParse(t, preflightThenCached)
	p := newPlayer("s1", v, nil, nil) // no clock
	p.next([]byte(`{"index": -1}`))
	if resp := p.next([]byte(`{"index": 0, "result": {"threw": "fetch", "error": {"name": "TypeError", "message": "x"}}}`)); resp.Status != 500 {
		t.Errorf("advance without a clock: status %d, want 500", resp.Status)
	}
	if p.failure() == nil {
		t.Error("no failure recorded")
	}
}

func TestHarnessPages(t *testing.T) {
	v := mustParse(t, preflightThenCached)
	p := newPlayer("s1", v, nil, nil)
	for _, tc := range []struct {
		method, target string
		status         int
	}{
		{"GET", HarnessPrefix + "top?s=s1", 200},
		{"GET", HarnessPrefix + "frame?s=s1", 200},
		{"GET", HarnessPrefix + "top?s=other", 404},
		{"GET", HarnessPrefix + "unknown?s=s1", 404},
	} {
		resp := p.harness(&wireRequest{Method: tc.method, Target: tc.target})
		if resp.Status != tc.status {
			t.Errorf("%s %s: status %d, want %d", tc.method, tc.target, resp.Status, tc.status)
		}
	}
}

func TestTopPageConfig(t *testing.T) {
	tests := []struct {
		name             string
		origin, topLevel string
		wantTop          string
		wantConfig       string
	}{
		{"page itself", "https://foo.example", "", "https://foo.example", `{"session":"s1"}`},
		{"cross-site frame", "https://foo.example", "https://third.party", "https://third.party",
			`{"session":"s1","frame":"https://foo.example/__corsim/frame?s=s1"}`},
		{"opaque origin", "null", "", DefaultPageOrigin,
			`{"session":"s1","frame":"https://foo.example/__corsim/frame?s=s1","sandbox":true}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := &vectors.Vector{Origin: tc.origin, TopLevel: tc.topLevel}
			if got := topOrigin(v); got != tc.wantTop {
				t.Errorf("topOrigin = %q, want %q", got, tc.wantTop)
			}
			page := string(topPage("s1", v))
			if !strings.Contains(page, "const corsimConfig = "+tc.wantConfig+";") {
				t.Errorf("page does not carry config %s:\n%.300s", tc.wantConfig, page)
			}
		})
	}
}
