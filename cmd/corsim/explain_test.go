package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const mdnFile = "../../spec_vectors/mdn.json"

func TestExplainCommandVector(t *testing.T) {
	// The command prints explain's text; the golden was checked against
	// the spec in package explain (testdata/mdn-simple.txt).
	code, stdout, stderr := runCLI("explain", "--profile", "spec", "--vector", mdnFile+"#mdn/simple-request-public-data")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	golden, err := os.ReadFile("../../explain/testdata/mdn-simple.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(string(golden), "(../spec_vectors/mdn.json)", "("+mdnFile+")", 1)
	if diff := cmp.Diff(want, stdout); diff != "" {
		t.Errorf("output mismatch (-golden +got):\n%s", diff)
	}
}

func TestExplainCommandJSON(t *testing.T) {
	code, stdout, stderr := runCLI("explain", "--json", "--vector", "../../spec_vectors/cors-check.json#cors-check/acao-absent")
	// #concept-cors-check step 2: no ACAO, blocked under every profile, so
	// exit status 1.
	if code != exitRejected || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var ex struct {
		Profile string
		Steps   []struct {
			Verdicts []struct{ Profile, Outcome, Reason string }
		}
		Fixes []struct {
			Profiles []string
			Verified bool
		}
	}
	if err := json.Unmarshal([]byte(stdout), &ex); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if ex.Profile != "spec" || len(ex.Steps) != 1 || len(ex.Steps[0].Verdicts) != 4 {
		t.Fatalf("profile %q, %d steps; want spec listed, one step, four verdicts", ex.Profile, len(ex.Steps))
	}
	for _, v := range ex.Steps[0].Verdicts {
		if v.Outcome != "network-error" || v.Reason != "CORSMissingAllowOrigin" {
			t.Errorf("%s: %s %s, want network-error CORSMissingAllowOrigin", v.Profile, v.Outcome, v.Reason)
		}
	}
	if len(ex.Fixes) != 1 || !ex.Fixes[0].Verified || len(ex.Fixes[0].Profiles) != 4 {
		t.Errorf("fixes %+v, want one verified fix for the four profiles", ex.Fixes)
	}
}

func TestExplainCommandServerFile(t *testing.T) {
	// A routes file standing for a server whose preflight forgets the
	// header the page sends (#cors-preflight-fetch-0 step 7.7).
	routes := `[
 {"method": "OPTIONS", "url": "https://api.example/v1/items", "status": 204,
  "headers": [["Access-Control-Allow-Origin", "https://app.example"], ["Access-Control-Allow-Methods", "GET, POST"]]},
 {"method": "POST", "url": "https://api.example/v1/items", "status": 201,
  "headers": [["Access-Control-Allow-Origin", "https://app.example"], ["Vary", "Origin"]]}
]`
	path := filepath.Join(t.TempDir(), "routes.json")
	if err := os.WriteFile(path, []byte(routes), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI("explain", "--profile", "spec", "--origin", "https://app.example", "--server", path,
		"-X", "POST", "-H", "Content-Type: application/json", "--body-kind", "text", "https://api.example/v1/items")
	if code != exitRejected || stderr != "" {
		t.Fatalf("exit %d, stderr %q\n%s", code, stderr, stdout)
	}
	for _, want := range []string{
		"       Access-Control-Request-Headers: content-type\n",
		"  spec: blocked (CORSMissingAllowHeaderFromPreflight)\n",
		"    answer the preflight OPTIONS https://api.example/v1/items with\n      Access-Control-Allow-Headers: content-type\n",
		"  Checked: run again with these answers, every blocked step passes under spec.\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestExplainCommandLive(t *testing.T) {
	// A real loopback server: the request goes over HTTP/1.1 and the
	// server sees it once, whatever the number of profiles.
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Method+" "+r.Header.Get("Origin"))
		w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
		w.Header().Set("Vary", "Origin")
		w.Write([]byte(`{"ok": true}`))
	}))
	defer srv.Close()
	code, stdout, stderr := runCLI("explain", "--origin", "https://app.example", srv.URL+"/data")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q\n%s", code, stderr, stdout)
	}
	if diff := cmp.Diff([]string{"GET https://app.example"}, seen); diff != "" {
		t.Errorf("requests the server saw (-want +got):\n%s", diff)
	}
	for _, want := range []string{
		"       GET /data HTTP/1.1\n",
		"       HTTP/1.1 200 OK\n",
		"  spec, chromium, firefox, webkit: ok — script gets a cors response, status 200\n",
		"(1 request(s) sent to the server)\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "\x1b[") {
		t.Errorf("colour written to a non-terminal")
	}
}

func TestExplainCommandData(t *testing.T) {
	// -d's data is the body sent, as with curl: fetch(url, {body: DATA}).
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen = append(seen, r.Method+" "+r.Header.Get("Content-Type")+" "+string(b))
		w.Header().Set("Access-Control-Allow-Origin", "*")
	}))
	defer srv.Close()
	code, stdout, stderr := runCLI("explain", "--profile", "spec", "--origin", "https://app.example", "-X", "POST", "-d", `{"a":1}`, srv.URL+"/data")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q\n%s", code, stderr, stdout)
	}
	if diff := cmp.Diff([]string{`POST text/plain;charset=UTF-8 {"a":1}`}, seen); diff != "" {
		t.Errorf("requests the server saw (-want +got):\n%s", diff)
	}
	for _, want := range []string{`body: "{\"a\":1}"`, "       Content-Length: 7\n", "       {\"a\":1}\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestExplainCommandUnreachable(t *testing.T) {
	// Nothing listens: the browser's fetch fails without a response
	// (CORSDidNotSucceed), which is a blocked request, exit status 1.
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	code, stdout, _ := runCLI("explain", "--profile", "spec", "--no-fix", "--origin", "https://app.example", url+"/x")
	if code != exitRejected || !strings.Contains(stdout, "blocked (CORSDidNotSucceed)") {
		t.Errorf("exit %d, output:\n%s", code, stdout)
	}
}

func TestExplainCommandErrors(t *testing.T) {
	usage := "usage: corsim explain " + explainUsage + "\nrun 'corsim help explain' for details\n"
	routes := filepath.Join(t.TempDir(), "r.json")
	os.WriteFile(routes, []byte(`[{"method": "GET", "url": "https://b.example/", "status": 200, "hedaers": []}]`), 0o644)
	tests := []struct {
		name string
		args []string
		msg  string // the first line of stderr, after "corsim explain: "
	}{
		{"no URL", []string{}, "no URL given (or --vector FILE#NAME)"},
		{"no origin", []string{"https://b.example/"}, "--origin is required: the origin of the page whose script makes the request, e.g. --origin https://app.example"},
		{"bad origin", []string{"--origin", "https://a.example/x", "https://b.example/"}, "--origin: "},
		{"two URLs", []string{"--origin", "https://a.example", "https://b.example/", "https://c.example/"}, `unexpected argument "https://c.example/" after the URL`},
		{"unknown flag", []string{"--bogus"}, "flag provided but not defined: -bogus"},
		{"bad profile", []string{"--profile", "safari", "--origin", "https://a.example", "https://b.example/"}, `--profile: corsim: unknown profile "safari" (want spec, chromium, firefox or webkit)`},
		{"bad credentials", []string{"--credentials", "yes", "--origin", "https://a.example", "https://b.example/"}, `--credentials "yes": want omit, same-origin or include`},
		{"bad mode", []string{"--mode", "navigate", "--origin", "https://a.example", "https://b.example/"}, `--mode "navigate": want cors, no-cors or same-origin`},
		{"bad api", []string{"--api", "beacon", "--origin", "https://a.example", "https://b.example/"}, `--api "beacon": want fetch or xhr`},
		{"bad body kind", []string{"--body-kind", "json", "--origin", "https://a.example", "https://b.example/"}, `--body-kind "json": want text, blob, formdata, urlsearchparams or stream`},
		{"-d against --body-kind", []string{"-d", "x", "--body-kind", "blob", "--origin", "https://a.example", "https://b.example/"}, "-d gives a string body, which --body-kind blob contradicts"},
		{"upload listener with fetch", []string{"--upload-listener", "--origin", "https://a.example", "https://b.example/"}, "--upload-listener is for --api xhr: fetch() has no upload listeners"},
		{"mode with xhr", []string{"--api", "xhr", "--mode", "no-cors", "--origin", "https://a.example", "https://b.example/"}, "--mode is for --api fetch: XMLHttpRequest has no such option"},
		{"omit with xhr", []string{"--api", "xhr", "--credentials", "omit", "--origin", "https://a.example", "https://b.example/"}, "--credentials omit is for --api fetch: XMLHttpRequest's withCredentials is include (true) or same-origin (false)"},
		{"request flag with vector", []string{"-X", "PUT", "--vector", mdnFile}, "-X cannot be used with --vector: the vector gives the page, the requests and the answers"},
		{"vector needs a name", []string{"--vector", mdnFile}, "--vector " + mdnFile + " holds 3 vectors; name one: mdn/simple-request-public-data, mdn/preflighted-post-x-pingother, mdn/credentialed-get-pageaccess-cookie"},
		{"unknown vector", []string{"--vector", mdnFile + "#mdn/nope"}, `--vector: no vector named "mdn/nope" in ` + mdnFile + "; it holds mdn/simple-request-public-data, mdn/preflighted-post-x-pingother, mdn/credentialed-get-pageaccess-cookie"},
		{"missing vector file", []string{"--vector", "/nonexistent.json#x"}, "--vector: vectors: stat /nonexistent.json: no such file or directory"},
		{"bad routes file", []string{"--server", routes, "--origin", "https://a.example", "https://b.example/"}, "--server: " + routes + ": routes[0].hedaers: unknown field (want method, url, status, headers, times, body)"},
		{"bad timeout", []string{"--timeout", "0s", "--origin", "https://a.example", "https://b.example/"}, "--timeout 0s: want a positive duration"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(append([]string{"explain"}, tc.args...)...)
			if code != exitUsage || stdout != "" {
				t.Errorf("exit %d, stdout %q; want %d and nothing", code, stdout, exitUsage)
			}
			first, rest, _ := strings.Cut(stderr, "\n")
			if !strings.HasPrefix(first, "corsim explain: "+tc.msg) {
				t.Errorf("stderr first line %q, want it to start with %q", first, "corsim explain: "+tc.msg)
			}
			if rest != usage {
				t.Errorf("stderr after the message %q, want the usage %q", rest, usage)
			}
		})
	}
}

func TestExplainHelp(t *testing.T) {
	code, stdout, _ := runCLI("help", "explain")
	if code != exitOK || !strings.Contains(stdout, "usage: corsim explain --origin ORIGIN") || !strings.Contains(stdout, "  -vector FILE#NAME\n") {
		t.Errorf("exit %d, help:\n%s", code, stdout)
	}
}
