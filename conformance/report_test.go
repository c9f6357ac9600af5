package conformance

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/corsim/corsim/vectors"
	"github.com/google/go-cmp/cmp"
)

func sampleReport() *Report {
	r := &Report{Engine: "webkit", Version: "2.50.6", Seconds: 1.25, Vectors: []VectorResult{
		{Name: "a/pass", Verdict: Pass},
		{Name: "a/fail", File: "spec_vectors/a.json", Verdict: Fail, Steps: []StepResult{
			{Index: 0},
			{Index: 1, Patched: true,
				Script:     &ScriptResult{Threw: "fetch", Error: &ScriptError{Name: "TypeError", Message: "Load failed"}},
				Mismatches: []vectors.Mismatch{{Field: "outcome", Want: "ok", Got: "network-error"}}},
		}},
		{Name: "a/skip", Verdict: Skip, Why: "no fake clock"},
		{Name: "a/broken", Verdict: Fail, Why: "step 0 did not report within 20s"},
	}}
	r.count()
	return r
}

func TestReportText(t *testing.T) {
	var b strings.Builder
	if err := sampleReport().WriteText(&b); err != nil {
		t.Fatal(err)
	}
	want := `--- FAIL a/fail [webkit 2.50.6] (spec_vectors/a.json)
    step 1 (expectation patched for webkit): script saw fetch: TypeError: Load failed
        outcome: want ok, got network-error
--- SKIP a/skip [webkit]: no fake clock
--- FAIL a/broken [webkit 2.50.6]
    step 0 did not report within 20s
webkit 2.50.6: 1 passed, 2 failed, 1 skipped (1.2 s)
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("text mismatch (-want +got):\n%s", diff)
	}
}

func TestReportJSONRoundTrip(t *testing.T) {
	r := sampleReport()
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, &back); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
}

func TestHosts(t *testing.T) {
	v := mustParse(t, `{"vectors": [{
	  "name": "test/hosts", "about": "a", "spec": ["cors-check"], "source": "test",
	  "origin": "https://api.foo.example", "topLevel": "https://third.party:8443",
	  "steps": [{
	    "request": {"url": "https://bar.other/x"},
	    "server": [{"method": "GET", "url": "https://bar.other/x", "status": 302,
	      "headers": [["Location", "//cdn.bar.other:9443/y"]]}],
	    "expect": {"outcome": "ok", "sent": [{"method": "GET", "url": "http://static.foo.example:8080/z"}]}
	  }]
	}]}`)
	hosts, ports := Hosts([]vectors.Vector{*v})
	wantHosts := []string{"api.foo.example", "bar.other", "cdn.bar.other", "foo.example", "static.foo.example", "third.party"}
	if diff := cmp.Diff(wantHosts, hosts); diff != "" {
		t.Errorf("hosts mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{80, 443, 8080, 8443, 9443}, ports); diff != "" {
		t.Errorf("ports mismatch (-want +got):\n%s", diff)
	}
}
