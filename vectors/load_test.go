package vectors

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// minimal is the smallest valid file; tests below mutate its vector.
const minimal = `{"vectors": [{"name": "t/min", "origin": "https://foo.example",
  "steps": [{"request": {"url": "https://bar.other/"}, "expect": {"outcome": "ok"}}]}]}`

func TestParseDefaults(t *testing.T) {
	vs, errs := Parse("f.json", []byte(minimal))
	if len(errs) > 0 {
		t.Fatalf("Parse: %v", errs)
	}
	// VECTORS.md, REQUEST table: the defaults.
	want := Request{API: "fetch", Method: "GET", URL: "https://bar.other/", Mode: "cors",
		Credentials: "same-origin", Redirect: "follow"}
	if diff := cmp.Diff(want, vs[0].Steps[0].Request); diff != "" {
		t.Errorf("request defaults mismatch (-want +got):\n%s", diff)
	}
	if vs[0].File != "f.json" {
		t.Errorf("File = %q, want f.json", vs[0].File)
	}
}

func TestParseStreamDuplexDefault(t *testing.T) {
	// VECTORS.md: duplex defaults to "half" when body is "stream".
	src := strings.Replace(minimal, `"url": "https://bar.other/"`, `"url": "https://bar.other/", "method": "POST", "body": "stream"`, 1)
	vs, errs := Parse("f.json", []byte(src))
	if len(errs) > 0 {
		t.Fatalf("Parse: %v", errs)
	}
	if got := vs[0].Steps[0].Request.Duplex; got != "half" {
		t.Errorf("Duplex = %q, want half", got)
	}
}

func TestParseFull(t *testing.T) {
	src := `{"vectors": [{
  "name": "area/full", "about": "a", "spec": ["cors-check"], "source": "s", "note": "n",
  "origin": "https://foo.example", "topLevel": "https://top.example",
  "steps": [{
    "advance": 1.5,
    "request": {"api": "xhr", "method": "post", "url": "https://bar.other/x",
                "headers": [["X-A", "1"], ["x-a", "2"]], "credentials": "include",
                "body": "text", "uploadListeners": true},
    "server": [{"method": "OPTIONS", "url": "https://bar.other/x", "status": 204,
                "headers": [["Access-Control-Allow-Origin", "https://foo.example"]], "times": 1, "body": ""}],
    "expect": {"outcome": "ok", "sent": [{"method": "OPTIONS", "url": "https://bar.other/x",
                 "headers": {"origin": "https://foo.example", "cookie": null}}],
               "type": "cors", "status": 200, "url": "https://bar.other/x", "redirected": false,
               "exposedHeaders": ["content-type"], "headerValues": {"x-a": null}},
    "expectByEngine": {"webkit": {"why": "observed", "outcome": "network-error", "reason": "CORSMissingAllowOrigin"}}
  }]}]}`
	vs, errs := Parse("f.json", []byte(src))
	if len(errs) > 0 {
		t.Fatalf("Parse: %v", errs)
	}
	st := vs[0].Steps[0]
	if st.Advance != 1500*time.Millisecond {
		t.Errorf("Advance = %v, want 1.5s", st.Advance)
	}
	empty := ""
	if diff := cmp.Diff([]Route{{Method: "OPTIONS", URL: "https://bar.other/x", Status: 204,
		Headers: []Header{{"Access-Control-Allow-Origin", "https://foo.example"}}, Times: 1, Body: &empty}}, st.Server); diff != "" {
		t.Errorf("routes mismatch (-want +got):\n%s", diff)
	}
	if got := st.ExpectFor(WebKit); got.Outcome != NetworkError || *got.Reason != "CORSMissingAllowOrigin" || *got.Type != "cors" {
		t.Errorf("ExpectFor(webkit) = %+v; want the patch's outcome and reason over expect's other fields", got)
	}
	if got := st.ExpectFor(Chromium); got.Outcome != OK || got.Reason != nil {
		t.Errorf("ExpectFor(chromium) = %+v, want expect unchanged", got)
	}
	if st.ExpectByEngine[WebKit].Why != "observed" {
		t.Errorf("Why = %q", st.ExpectByEngine[WebKit].Why)
	}
}

// TestParseErrors asserts the exact text of each error: a typo must be caught
// and named (file, vector, field).
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"not json", `{"vectors": [`, []string{"f.json: -: -: cannot read JSON: unexpected end of JSON"}},
		{"trailing data", minimal + ` {}`, []string{fmt.Sprintf("f.json: -: -: cannot read JSON: unexpected data after the top-level value (offset %d)", len(minimal))}},
		{"duplicate key", `{"vectors": [], "vectors": []}`, []string{`f.json: -: -: cannot read JSON: duplicate key "vectors" in one object (offset 25)`}},
		{"unknown top-level field", `{"vector": []}`, []string{
			"f.json: -: vector: unknown field (allowed: vectors)",
			"f.json: -: vectors: required field missing"}},
		{"empty", `{"vectors": []}`, []string{"f.json: -: vectors: empty array"}},
		{"unknown vector field", strings.Replace(minimal, `"origin"`, `"orgin": "x", "origin"`, 1), []string{
			"f.json: t/min: orgin: unknown field (allowed: name, about, spec, source, note, origin, topLevel, steps)"}},
		{"nameless vector", strings.Replace(minimal, `"name": "t/min", `, "", 1), []string{
			"f.json: vectors[0]: name: required field missing"}},
		{"bad name", strings.Replace(minimal, `"t/min"`, `"tmin"`, 1), []string{
			"f.json: tmin: name: must look like area/what-it-shows"}},
		{"origin with path", strings.Replace(minimal, `"https://foo.example"`, `"https://foo.example/"`, 1), []string{
			`f.json: t/min: origin: "https://foo.example/" is not a serialized origin (scheme://host[:port], lowercase, no path) or "null"`}},
		{"loopback", strings.Replace(minimal, `https://bar.other/`, `https://127.0.0.1/`, 1), []string{
			"f.json: t/min: steps[0].request.url: names a loopback host (127.0.0.1); vectors use hosts such as foo.example"}},
		{"relative url", strings.Replace(minimal, `https://bar.other/`, `/x`, 1), []string{
			`f.json: t/min: steps[0].request.url: not an absolute URL (no scheme): "/x"`}},
		{"unknown request field", strings.Replace(minimal, `"url"`, `"methd": "PUT", "url"`, 1), []string{
			"f.json: t/min: steps[0].request.methd: unknown field (allowed: api, method, url, headers, mode, credentials, body, duplex, uploadListeners, redirect, keepalive)"}},
		{"bad enum", strings.Replace(minimal, `"url"`, `"mode": "navigate", "url"`, 1), []string{
			`f.json: t/min: steps[0].request.mode: "navigate" is not one of cors | no-cors | same-origin`}},
		{"xhr with fetch-only field", strings.Replace(minimal, `"url"`, `"api": "xhr", "redirect": "manual", "url"`, 1), []string{
			"f.json: t/min: steps[0].request.redirect: fetch only: an xhr request always follows redirects"}},
		{"header pair shape", strings.Replace(minimal, `"url"`, `"headers": [["X-A"]], "url"`, 1), []string{
			"f.json: t/min: steps[0].request.headers[0]: must be a 2-element array of strings [name, value]"}},
		{"missing outcome", strings.Replace(minimal, `{"outcome": "ok"}`, `{}`, 1), []string{
			"f.json: t/min: steps[0].expect.outcome: required field missing"}},
		{"status type", strings.Replace(minimal, `{"outcome": "ok"}`, `{"outcome": "ok", "status": "200"}`, 1), []string{
			"f.json: t/min: steps[0].expect.status: must be an integer, not a string"}},
		{"fractional status", strings.Replace(minimal, `{"outcome": "ok"}`, `{"outcome": "ok", "status": 200.5}`, 1), []string{
			"f.json: t/min: steps[0].expect.status: must be an integer, not 200.5"}},
		{"unsorted exposed", strings.Replace(minimal, `{"outcome": "ok"}`, `{"outcome": "ok", "exposedHeaders": ["b", "a"]}`, 1), []string{
			`f.json: t/min: steps[0].expect.exposedHeaders[1]: not sorted: "a" after "b"`}},
		{"uppercase sent header", strings.Replace(minimal, `{"outcome": "ok"}`, `{"outcome": "ok", "sent": [{"method": "GET", "url": "https://bar.other/", "headers": {"Origin": null}}]}`, 1), []string{
			"f.json: t/min: steps[0].expect.sent[0].headers.Origin: header names here are lowercase and non-empty"}},
		{"type with network error", strings.Replace(minimal, `{"outcome": "ok"}`, `{"outcome": "network-error", "type": "cors"}`, 1), []string{
			"f.json: t/min: steps[0].expect.type: only with outcome ok (outcome is network-error)"}},
		{"type-error with sent", strings.Replace(minimal, `{"outcome": "ok"}`, `{"outcome": "type-error", "sent": [{"method": "GET", "url": "https://bar.other/"}]}`, 1), []string{
			"f.json: t/min: steps[0].expect.sent: outcome type-error means nothing was sent; sent must be []"}},
		{"reason with ok", strings.Replace(minimal, `{"outcome": "ok"}`, `{"outcome": "ok", "reason": "CORSMissingAllowOrigin"}`, 1), []string{
			"f.json: t/min: steps[0].expect.reason: a reason code goes with a network error, not outcome ok"}},
		{"bad reason", strings.Replace(minimal, `{"outcome": "ok"}`, `{"outcome": "network-error", "reason": "missing acao"}`, 1), []string{
			`f.json: t/min: steps[0].expect.reason: "missing acao" is not a reason code (CamelCase, e.g. CORSMissingAllowOrigin)`}},
		{"patch without why", strings.Replace(minimal, `{"outcome": "ok"}}`, `{"outcome": "ok"}, "expectByEngine": {"webkit": {"outcome": "network-error"}}}`, 1), []string{
			"f.json: t/min: steps[0].expectByEngine.webkit.why: required field missing (every patch says why: bug link or observation)"}},
		{"patch for unknown engine", strings.Replace(minimal, `{"outcome": "ok"}}`, `{"outcome": "ok"}, "expectByEngine": {"safari": {"why": "x", "outcome": "ok"}}}`, 1), []string{
			"f.json: t/min: steps[0].expectByEngine.safari: unknown engine (not one of chromium | firefox | webkit)"}},
		{"empty patch", strings.Replace(minimal, `{"outcome": "ok"}}`, `{"outcome": "ok"}, "expectByEngine": {"firefox": {"why": "x"}}}`, 1), []string{
			"f.json: t/min: steps[0].expectByEngine.firefox: patch changes no expect field"}},
		{"patch inconsistent with its own field", strings.Replace(minimal, `{"outcome": "ok"}}`, `{"outcome": "network-error"}, "expectByEngine": {"firefox": {"why": "x", "type": "cors"}}}`, 1), []string{
			"f.json: t/min: steps[0].expectByEngine.firefox.type: only with outcome ok (outcome is network-error)"}},
		{"negative advance", strings.Replace(minimal, `"request"`, `"advance": -1, "request"`, 1), []string{
			"f.json: t/min: steps[0].advance: -1 is out of range [0, 315360000] seconds"}},
		{"route missing status", strings.Replace(minimal, `"expect"`, `"server": [{"method": "GET", "url": "https://bar.other/", "headers": []}], "expect"`, 1), []string{
			"f.json: t/min: steps[0].server[0].status: required field missing"}},
		{"route header not a token", strings.Replace(minimal, `"expect"`, `"server": [{"method": "GET", "url": "https://bar.other/", "status": 200, "headers": [["X A", "1"]]}], "expect"`, 1), []string{
			`f.json: t/min: steps[0].server[0].headers[0]: response header name "X A" is not a token`}},
		{"route times zero", strings.Replace(minimal, `"expect"`, `"server": [{"method": "GET", "url": "https://bar.other/", "status": 200, "headers": [], "times": 0}], "expect"`, 1), []string{
			"f.json: t/min: steps[0].server[0].times: must be a positive integer"}},
		{"no steps", strings.Replace(minimal, `[{"request": {"url": "https://bar.other/"}, "expect": {"outcome": "ok"}}]`, `[]`, 1), []string{
			"f.json: t/min: steps: needs at least one step"}},
		{"repeated anchor", strings.Replace(minimal, `"origin"`, `"spec": ["a", "a"], "origin"`, 1), []string{
			`f.json: t/min: spec[1]: repeated anchor id "a"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := Parse("f.json", []byte(tc.src))
			var got []string
			for _, err := range errs {
				var e *Error
				if !errors.As(err, &e) {
					t.Errorf("error %v is not an *Error", err)
				}
				got = append(got, err.Error())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("errors mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadDuplicateNamesAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a.json", "b.json"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(minimal), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("not a vector file"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(dir)
	want := filepath.Join(dir, "b.json") + ": t/min: name: duplicate name (also in " + filepath.Join(dir, "a.json") + ")"
	if err == nil || err.Error() != want {
		t.Errorf("Load error = %v, want %s", err, want)
	}
}

func TestLoadRejectsEmptyAndMissing(t *testing.T) {
	if _, err := Load(); err == nil {
		t.Error("Load() with no paths: want an error")
	}
	if _, err := Load(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no *.json files") {
		t.Errorf("Load(empty dir) error = %v, want one naming the missing files", err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "nope.json")); err == nil {
		t.Error("Load(missing file): want an error")
	}
}

// The project's own vectors must load; this is the strict parser's main client.
func TestLoadProjectVectors(t *testing.T) {
	dir := filepath.Join("..", "spec_vectors")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no spec_vectors directory yet")
	}
	vs, err := Load(dir)
	if err != nil {
		t.Fatalf("Load(spec_vectors): %v", err)
	}
	t.Logf("%d vectors", len(vs))
}

// FuzzParse checks that any input gives vectors or *Error values naming the
// file, never a panic, and that a vector is returned only when it decoded cleanly.
func FuzzParse(f *testing.F) {
	f.Add(minimal)
	f.Add(strings.Replace(minimal, `{"outcome": "ok"}}`, `{"outcome": "ok", "status": 200}, "expectByEngine": {"webkit": {"why": "w", "outcome": "network-error"}}}`, 1))
	f.Add(`{"vectors": [{"name": "a/b", "origin": "null", "steps": [{"advance": 1e9, "request": {"url": "x:"}, "expect": {"outcome": "type-error", "sent": []}}]}]}`)
	f.Fuzz(func(t *testing.T, src string) {
		vs, errs := Parse("f.json", []byte(src))
		for _, err := range errs {
			var e *Error
			if !errors.As(err, &e) || e.File != "f.json" || e.Vector == "" || e.Field == "" || e.Msg == "" {
				t.Fatalf("malformed error %#v", err)
			}
		}
		for _, v := range vs {
			if v.Name == "" || len(v.Steps) == 0 || v.Origin == "" {
				t.Fatalf("vector returned without its required fields: %+v", v)
			}
			for _, st := range v.Steps {
				if st.Request.URL == "" || st.Expect.Outcome == "" {
					t.Fatalf("step returned without its required fields: %+v", st)
				}
			}
		}
	})
}
