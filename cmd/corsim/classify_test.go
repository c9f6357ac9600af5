package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/corsim/corsim/safelist"
)

// h builds raw -H headers from name, value pairs.
func h(pairs ...string) []safelist.Header {
	var hs []safelist.Header
	for i := 0; i+1 < len(pairs); i += 2 {
		hs = append(hs, safelist.Header{Name: pairs[i], Value: pairs[i+1]})
	}
	return hs
}

// want is the part of a classification a test case states; the per-header
// verdicts are checked as name → rule code.
type want struct {
	Preflight      bool
	Method         string
	RequestHeaders string
	Reasons        []string          // rule codes, in order
	Rules          map[string]string // header value → rule code
	Names          []string          // header names in list order
}

var classifyTests = []struct {
	name string
	req  request
	want want
}{
	// #101 concept-main-fetch: no preflight for a safelisted method and headers.
	{"#101 plain GET", request{API: apiFetch, Method: "GET"},
		want{Method: "GET", Names: []string{"Accept"}, Rules: map[string]string{"*/*": "safelisted"}}},
	{"#101 POST text/plain", request{API: apiFetch, Method: "POST", Headers: h("Content-Type", "text/plain;charset=UTF-8")},
		want{Method: "POST", Names: []string{"Content-Type", "Accept"}}},
	// #13, #99: a method that is not safelisted.
	{"#13 PUT", request{API: apiFetch, Method: "PUT"},
		want{Preflight: true, Method: "PUT", Reasons: []string{"method-not-safelisted"}, Names: []string{"Accept"}}},
	// #15, #158: normalization; ACRM keeps the case of other methods.
	{"#15 post is normalized and safelisted", request{API: apiFetch, Method: "post"},
		want{Method: "POST", Names: []string{"Accept"}}},
	{"#158 patch stays patch in ACRM", request{API: apiFetch, Method: "patch"},
		want{Preflight: true, Method: "patch", Reasons: []string{"method-not-safelisted"}, Names: []string{"Accept"}}},
	{"#158 delete becomes DELETE", request{API: apiXHR, Method: "delete"},
		want{Preflight: true, Method: "DELETE", Reasons: []string{"method-not-safelisted"}, Names: []string{"Accept"}}},
	// #159: the ACRH example.
	{"#159 lowercased, de-duplicated, sorted, no spaces", request{API: apiFetch, Method: "GET", Headers: h("X-B", "1", "X-A", "1", "x-a", "2", "Content-Type", "application/json")},
		want{Preflight: true, Method: "GET", RequestHeaders: "content-type,x-a,x-b", Reasons: []string{"cors-unsafe-request-header-names"},
			Names: []string{"X-B", "X-A", "X-A", "Content-Type", "Accept"}, Rules: map[string]string{"application/json": "content-type-essence"}}},
	// #24: fetch keeps two Content-Type entries; one unsafe is enough.
	{"#24 fetch: application/json then text/plain", request{API: apiFetch, Method: "POST", Headers: h("Content-Type", "application/json", "Content-Type", "text/plain")},
		want{Preflight: true, Method: "POST", RequestHeaders: "content-type", Reasons: []string{"cors-unsafe-request-header-names"},
			Names: []string{"Content-Type", "Content-Type", "Accept"}, Rules: map[string]string{"application/json": "content-type-essence", "text/plain": "safelisted"}}},
	// #228: XHR combines, and the combined value is no MIME type.
	{"#228 xhr: text/plain twice", request{API: apiXHR, Method: "POST", Headers: h("Content-Type", "text/plain", "Content-Type", "text/plain")},
		want{Preflight: true, Method: "POST", RequestHeaders: "content-type", Reasons: []string{"cors-unsafe-request-header-names"},
			Names: []string{"Content-Type", "Accept"}, Rules: map[string]string{"text/plain, text/plain": "content-type-unparsable"}}},
	{"#24 fetch: text/plain twice is fine", request{API: apiFetch, Method: "POST", Headers: h("Content-Type", "text/plain", "Content-Type", "text/plain")},
		want{Method: "POST", Names: []string{"Content-Type", "Content-Type", "Accept"}}},
	// #29: XHR's combined Accept trips the 128-byte rule.
	{"#29 xhr: Accept 100 bytes twice", request{API: apiXHR, Method: "GET", Headers: h("Accept", strings.Repeat("a", 100), "Accept", strings.Repeat("a", 100))},
		want{Preflight: true, Method: "GET", RequestHeaders: "accept", Reasons: []string{"cors-unsafe-request-header-names"},
			Names: []string{"Accept"}, Rules: map[string]string{strings.Repeat("a", 100) + ", " + strings.Repeat("a", 100): "value-too-long"}}},
	// #28: the 1024-byte total, reachable with fetch's duplicates.
	{"#28 fetch: nine Accept entries of 120 bytes", request{API: apiFetch, Method: "GET", Headers: repeatHeader(9, "Accept", strings.Repeat("a", 120))},
		want{Preflight: true, Method: "GET", RequestHeaders: "accept", Reasons: []string{"cors-unsafe-request-header-names"},
			Names: repeatName(9, "Accept"), Rules: map[string]string{strings.Repeat("a", 120): "safelisted-total-too-long"}}},
	// #30: the browser's Accept: */* counts toward 1024 (spec-literal).
	{"#30 1022 bytes of Content-Language plus the browser's Accept", request{API: apiFetch, Method: "GET",
		Headers: append(repeatHeader(7, "Content-Language", strings.Repeat("a", 128)), safelist.Header{Name: "Content-Language", Value: strings.Repeat("a", 126)})},
		want{Preflight: true, Method: "GET", RequestHeaders: "accept,content-language", Reasons: []string{"cors-unsafe-request-header-names"},
			Names: append(repeatName(8, "Content-Language"), "Accept"), Rules: map[string]string{"*/*": "safelisted-total-too-long"}}},
	// #226 (and B14): an upload listener forces a preflight, even on GET.
	{"#226 xhr upload listener on a simple POST", request{API: apiXHR, Method: "POST", UploadListener: true, Headers: h("Content-Type", "text/plain")},
		want{Preflight: true, Method: "POST", Reasons: []string{"use-cors-preflight-flag"}, Names: []string{"Content-Type", "Accept"}}},
	{"#226 xhr upload listener on GET", request{API: apiXHR, Method: "GET", UploadListener: true},
		want{Preflight: true, Method: "GET", Reasons: []string{"use-cors-preflight-flag"}, Names: []string{"Accept"}}},
	// #217: a stream body forces a preflight.
	{"#217 fetch stream body", request{API: apiFetch, Method: "POST", StreamBody: true},
		want{Preflight: true, Method: "POST", Reasons: []string{"use-cors-preflight-flag"}, Names: []string{"Accept"}}},
	{"#217 stream body, PUT and a custom header: every reason", request{API: apiFetch, Method: "PUT", StreamBody: true, Headers: h("X-A", "1")},
		want{Preflight: true, Method: "PUT", RequestHeaders: "x-a", Reasons: []string{"use-cors-preflight-flag", "method-not-safelisted", "cors-unsafe-request-header-names"}, Names: []string{"X-A", "Accept"}}},
	// #26, #38: headers script sets count, forbidden or not for the UA.
	{"#26 script-set Cache-Control", request{API: apiFetch, Method: "GET", Headers: h("Cache-Control", "no-cache")},
		want{Preflight: true, Method: "GET", RequestHeaders: "cache-control", Reasons: []string{"cors-unsafe-request-header-names"}, Names: []string{"Cache-Control", "Accept"}}},
	{"#31 Authorization", request{API: apiFetch, Method: "GET", Headers: h("Authorization", "Bearer x")},
		want{Preflight: true, Method: "GET", RequestHeaders: "authorization", Reasons: []string{"cors-unsafe-request-header-names"}, Names: []string{"Authorization", "Accept"}}},
	{"#37 X-HTTP-Method-Override: PUT is an ordinary header", request{API: apiFetch, Method: "POST", Headers: h("X-HTTP-Method-Override", "PUT")},
		want{Preflight: true, Method: "POST", RequestHeaders: "x-http-method-override", Reasons: []string{"cors-unsafe-request-header-names"}, Names: []string{"X-HTTP-Method-Override", "Accept"}}},
	// #3: append reuses the first casing; #7: values are normalized.
	{"#3 #7 casing and normalization", request{API: apiFetch, Method: "GET", Headers: h("X-A", "  1 \t", "x-a", "2")},
		want{Preflight: true, Method: "GET", RequestHeaders: "x-a", Reasons: []string{"cors-unsafe-request-header-names"}, Names: []string{"X-A", "X-A", "Accept"}, Rules: map[string]string{"1": "name-not-safelisted"}}},
	// #25: Range.
	{"#25 Range bytes=0-", request{API: apiFetch, Method: "GET", Headers: h("Range", "bytes=0-")},
		want{Method: "GET", Names: []string{"Range", "Accept"}}},
	{"#25 Range bytes=-5", request{API: apiFetch, Method: "GET", Headers: h("Range", "bytes=-5")},
		want{Preflight: true, Method: "GET", RequestHeaders: "range", Reasons: []string{"cors-unsafe-request-header-names"}, Names: []string{"Range", "Accept"}, Rules: map[string]string{"bytes=-5": "range-no-start"}}},
	// #19: a script Accept replaces the browser's.
	{"#89 script Accept, no browser Accept", request{API: apiFetch, Method: "GET", Headers: h("accept", "application/json")},
		want{Method: "GET", Names: []string{"accept"}}},
	{"#88 csp-report is not safelisted for script", request{API: apiFetch, Method: "POST", Headers: h("Content-Type", "application/csp-report")},
		want{Preflight: true, Method: "POST", RequestHeaders: "content-type", Reasons: []string{"cors-unsafe-request-header-names"}, Names: []string{"Content-Type", "Accept"}}},
}

func repeatHeader(n int, name, value string) []safelist.Header {
	var hs []safelist.Header
	for range n {
		hs = append(hs, safelist.Header{Name: name, Value: value})
	}
	return hs
}

func repeatName(n int, name string) []string {
	var names []string
	for range n {
		names = append(names, name)
	}
	return names
}

func TestClassify(t *testing.T) {
	for _, tc := range classifyTests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := classify(tc.req)
			if err != nil {
				t.Fatalf("classify: %v", err)
			}
			got := want{Preflight: c.Preflight, Method: c.Method, RequestHeaders: c.RequestHeaders, Rules: map[string]string{}}
			for _, r := range c.Reasons {
				got.Reasons = append(got.Reasons, r.Rule)
			}
			for _, hv := range c.Headers {
				got.Names = append(got.Names, hv.Name)
				if _, ok := tc.want.Rules[hv.Value]; ok {
					got.Rules[hv.Value] = hv.Rule
				}
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("classification mismatch (-want +got):\n%s", diff)
			}
			// ACRM is present exactly when there is a preflight (#157).
			if (c.RequestMethod != "") != c.Preflight || (c.Preflight && c.RequestMethod != c.Method) {
				t.Errorf("RequestMethod = %q with preflight %v and method %q", c.RequestMethod, c.Preflight, c.Method)
			}
			// The header verdicts and ACRH are one decision: the unsafe
			// verdicts' names, as a sorted-lowercase set, are ACRH.
			var unsafe []string
			for _, hv := range c.Headers {
				if !hv.Safelisted {
					unsafe = append(unsafe, hv.Name)
				}
			}
			if acrh := strings.Join(safelist.SortedLowercaseSet(unsafe), ","); c.Preflight && acrh != c.RequestHeaders {
				t.Errorf("ACRH %q disagrees with the header verdicts %q", c.RequestHeaders, acrh)
			}
		})
	}
}

func TestClassifyRejects(t *testing.T) {
	tests := []struct {
		name string
		req  request
		want string
	}{
		{"#14 fetch TRACE", request{API: apiFetch, Method: "TRACE"},
			`method "TRACE" is a forbidden method; fetch() throws a TypeError (#14 https://fetch.spec.whatwg.org/#forbidden-method)`},
		{"#227 xhr track", request{API: apiXHR, Method: "track"},
			`method "track" is a forbidden method; XMLHttpRequest.open() throws a SecurityError (#14 https://fetch.spec.whatwg.org/#forbidden-method)`},
		{"#16 fetch GET POST", request{API: apiFetch, Method: "GET POST"},
			`method "GET POST" is not a token; fetch() throws a TypeError (#16 https://fetch.spec.whatwg.org/#concept-method)`},
		{"#227 xhr empty method", request{API: apiXHR, Method: ""},
			`method "" is not a token; XMLHttpRequest.open() throws a SyntaxError (#16 https://fetch.spec.whatwg.org/#concept-method)`},
		{"#196 fetch invalid name", request{API: apiFetch, Method: "GET", Headers: h("X A", "1")},
			`invalid header "X A": header name contains a byte that is not a token code point (at 1: ' '); fetch() throws a TypeError (#6 https://fetch.spec.whatwg.org/#header-name)`},
		{"#228 xhr empty name", request{API: apiXHR, Method: "GET", Headers: h("", "1")},
			`invalid header "": header name is empty; setRequestHeader() throws a SyntaxError (#6 https://fetch.spec.whatwg.org/#header-name)`},
		{"#6 value with LF inside", request{API: apiFetch, Method: "GET", Headers: h("X-A", "a\nb")},
			`invalid header "X-A": header value contains a NUL, CR or LF byte (at 1: '\n'); fetch() throws a TypeError (#6 https://fetch.spec.whatwg.org/#header-value)`},
		{"#35 Cookie", request{API: apiFetch, Method: "GET", Headers: h("Cookie", " a=b")},
			`"Cookie: a=b" is a forbidden request-header; fetch() silently drops it, so it neither triggers nor appears in a preflight; leave it out (#35 https://fetch.spec.whatwg.org/#forbidden-request-header)`},
		{"#76 Origin", request{API: apiXHR, Method: "GET", Headers: h("origin", "https://evil.example")},
			`"origin: https://evil.example" is a forbidden request-header; setRequestHeader() silently ignores it, so it neither triggers nor appears in a preflight; leave it out (#35 https://fetch.spec.whatwg.org/#forbidden-request-header)`},
		{"#36 Sec-Foo", request{API: apiFetch, Method: "GET", Headers: h("Sec-Foo", "1")},
			`"Sec-Foo: 1" is a forbidden request-header; fetch() silently drops it, so it neither triggers nor appears in a preflight; leave it out (#36 https://fetch.spec.whatwg.org/#forbidden-request-header)`},
		{"#37 method override naming TRACE", request{API: apiFetch, Method: "POST", Headers: h("X-HTTP-Method-Override", "get, Trace")},
			`"X-HTTP-Method-Override: get, Trace" is a forbidden request-header; fetch() silently drops it, so it neither triggers nor appears in a preflight; leave it out (#37 https://fetch.spec.whatwg.org/#forbidden-request-header)`},
		{"#216 stream body on GET", request{API: apiFetch, Method: "get", StreamBody: true},
			`a GET request cannot have a body, and --stream-body gives it one; fetch() throws a TypeError (#216 https://fetch.spec.whatwg.org/#dom-request)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := classify(tc.req)
			if err == nil {
				t.Fatalf("classify accepted the request: %+v", c)
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("error\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

// runCLI runs corsim with args and returns the exit status and output.
func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestClassifyText(t *testing.T) {
	// #13, #23, #18, #158, #159: the README's example, rendered whole.
	code, stdout, stderr := runCLI("classify", "-X", "put", "-H", "Content-Type: application/json", "-H", "X-Custom: 1")
	const want = `preflight: yes
  - method PUT is not GET, HEAD or POST (#13 https://fetch.spec.whatwg.org/#cors-safelisted-method)
  - headers that are not CORS-safelisted: content-type, x-custom (#28 https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names)
method: PUT (normalized from "put")
preflight request: OPTIONS
  Access-Control-Request-Method: PUT
  Access-Control-Request-Headers: content-type,x-custom
headers (fetch() keeps each one):
  Content-Type: application/json
    unsafe: MIME type is not application/x-www-form-urlencoded, multipart/form-data or text/plain (#23 https://fetch.spec.whatwg.org/#cors-safelisted-request-header)
  X-Custom: 1
    unsafe: name is not Accept, Accept-Language, Content-Language, Content-Type or Range (#18 https://fetch.spec.whatwg.org/#cors-safelisted-request-header)
  Accept: */*  [added by the browser]
    safelisted (#19 https://fetch.spec.whatwg.org/#cors-safelisted-request-header)
safelisted values: 3 of 1024 bytes
note: assumes a cross-origin request in CORS mode and an empty preflight cache (#99, #116)
note: the browser's own Accept-Language value is implementation-defined and not counted (#90)
`
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if diff := cmp.Diff(want, stdout); diff != "" {
		t.Errorf("text output mismatch (-want +got):\n%s", diff)
	}

	// #101: no preflight, no preflight request lines.
	code, stdout, _ = runCLI("classify", "--api", "xhr", "-X", "POST", "-H", "Content-Type: text/plain;charset=UTF-8")
	const wantSimple = `preflight: no (the request goes out directly; its response still needs CORS headers)
method: POST
headers (XMLHttpRequest combines repeated names):
  Content-Type: text/plain;charset=UTF-8
    safelisted (#23 https://fetch.spec.whatwg.org/#cors-safelisted-request-header)
  Accept: */*  [added by the browser]
    safelisted (#19 https://fetch.spec.whatwg.org/#cors-safelisted-request-header)
safelisted values: 27 of 1024 bytes
note: assumes a cross-origin request in CORS mode and an empty preflight cache (#99, #116)
note: the browser's own Accept-Language value is implementation-defined and not counted (#90)
`
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if diff := cmp.Diff(wantSimple, stdout); diff != "" {
		t.Errorf("text output mismatch (-want +got):\n%s", diff)
	}
}

func TestClassifyJSON(t *testing.T) {
	// #21, #157: a quoted charset is unsafe; ACRH present, ACRM GET.
	code, stdout, stderr := runCLI("classify", "--json", "-H", `Content-Type: text/plain; charset="utf-8"`)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, stdout)
	}
	want := map[string]any{
		"api":                         "fetch",
		"methodGiven":                 "GET",
		"method":                      "GET",
		"methodSafelisted":            true,
		"preflight":                   true,
		"accessControlRequestMethod":  "GET",
		"accessControlRequestHeaders": "content-type",
		"safelistedValueBytes":        float64(3),
		"reasons": []any{map[string]any{
			"rule":      "cors-unsafe-request-header-names",
			"detail":    "headers that are not CORS-safelisted: content-type",
			"checklist": "#28",
			"anchor":    "https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names",
		}},
		"headers": []any{
			map[string]any{
				"name": "Content-Type", "value": `text/plain; charset="utf-8"`, "addedBy": "script",
				"safelisted": false, "rule": "cors-unsafe-byte",
				"reason":    `value contains the CORS-unsafe request-header byte '"' at 20`,
				"checklist": "#21", "anchor": "https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte",
			},
			map[string]any{
				"name": "Accept", "value": "*/*", "addedBy": "browser",
				"safelisted": true, "rule": "safelisted", "reason": "CORS-safelisted request-header",
				"checklist": "#19", "anchor": "https://fetch.spec.whatwg.org/#cors-safelisted-request-header",
			},
		},
		"notes": []any{
			"assumes a cross-origin request in CORS mode and an empty preflight cache (#99, #116)",
			"the browser's own Accept-Language value is implementation-defined and not counted (#90)",
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSON mismatch (-want +got):\n%s", diff)
	}

	// Without a preflight the ACRM/ACRH keys are absent and reasons empty.
	_, stdout, _ = runCLI("classify", "--json")
	got = nil
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"accessControlRequestMethod", "accessControlRequestHeaders", "useCORSPreflight"} {
		if _, ok := got[key]; ok {
			t.Errorf("key %q present without a preflight", key)
		}
	}
	if r, ok := got["reasons"].([]any); !ok || len(r) != 0 {
		t.Errorf("reasons = %#v, want []", got["reasons"])
	}
}

func TestExitStatuses(t *testing.T) {
	usageLine := "usage: corsim classify " + classifyUsage + "\nrun 'corsim help classify' for details\n"
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string // checked when not "*"
		stderrHas  string
		stdoutHas  string
		stderrFull string
	}{
		{name: "no command", args: nil, code: exitUsage, stdout: "", stderrHas: "corsim: no command given\nusage: corsim <command> [flags]"},
		{name: "unknown command", args: []string{"nonesuch"}, code: exitUsage, stdout: "", stderrHas: `corsim: unknown command "nonesuch"`},
		{name: "help", args: []string{"help"}, code: exitOK, stdoutHas: "  classify   say whether a cross-origin request needs a preflight, and why\n"},
		{name: "--help", args: []string{"--help"}, code: exitOK, stdoutHas: "usage: corsim <command> [flags]"},
		{name: "help classify", args: []string{"help", "classify"}, code: exitOK, stdoutHas: "  -upload-listener\n"},
		{name: "help unknown", args: []string{"help", "nope"}, code: exitUsage, stderrHas: `corsim help: unknown command "nope"`},
		{name: "help too many", args: []string{"help", "a", "b"}, code: exitUsage, stderrHas: "corsim help: too many arguments"},
		{name: "classify -h", args: []string{"classify", "-h"}, code: exitOK, stdoutHas: "usage: corsim classify"},
		{name: "-H without colon", args: []string{"classify", "-H", "X-A 1"}, code: exitUsage, stdout: "",
			stderrFull: "corsim classify: invalid value \"X-A 1\" for flag -H: \"X-A 1\" has no colon; want 'Name: value'\n" + usageLine},
		{name: "unknown flag", args: []string{"classify", "--bogus"}, code: exitUsage, stdout: "",
			stderrFull: "corsim classify: flag provided but not defined: -bogus\n" + usageLine},
		{name: "positional argument", args: []string{"classify", "https://b.example/"}, code: exitUsage, stdout: "",
			stderrFull: "corsim classify: unexpected argument \"https://b.example/\"\n" + usageLine},
		{name: "bad --api", args: []string{"classify", "--api", "beacon"}, code: exitUsage, stdout: "",
			stderrFull: "corsim classify: --api \"beacon\": want fetch or xhr\n" + usageLine},
		{name: "--upload-listener with fetch", args: []string{"classify", "--upload-listener"}, code: exitUsage, stdout: "",
			stderrFull: "corsim classify: --upload-listener is for --api xhr: fetch() has no upload listeners\n" + usageLine},
		{name: "--stream-body with xhr", args: []string{"classify", "--api", "xhr", "--stream-body", "-X", "POST"}, code: exitUsage, stdout: "",
			stderrFull: "corsim classify: --stream-body is for --api fetch: XMLHttpRequest cannot send a ReadableStream\n" + usageLine},
		{name: "#35 forbidden header exits 1", args: []string{"classify", "-H", "Host: b.example"}, code: exitRejected, stdout: "",
			stderrFull: "corsim classify: \"Host: b.example\" is a forbidden request-header; fetch() silently drops it, so it neither triggers nor appears in a preflight; leave it out (#35 https://fetch.spec.whatwg.org/#forbidden-request-header)\n"},
		{name: "#14 forbidden method exits 1", args: []string{"classify", "-X", "CONNECT"}, code: exitRejected, stdout: "",
			stderrFull: "corsim classify: method \"CONNECT\" is a forbidden method; fetch() throws a TypeError (#14 https://fetch.spec.whatwg.org/#forbidden-method)\n"},
		{name: "#6 NUL in a value exits 1", args: []string{"classify", "-H", "X-A: a\x00b"}, code: exitRejected, stdout: "",
			stderrHas: "header value contains a NUL, CR or LF byte (at 1: '\\x00')"},
		{name: "--upload-listener with xhr is fine", args: []string{"classify", "--api", "xhr", "--upload-listener"}, code: exitOK, stdoutHas: "preflight: yes\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(tc.args...)
			if code != tc.code {
				t.Errorf("exit status %d, want %d (stderr %q)", code, tc.code, stderr)
			}
			if tc.stdoutHas == "" && stdout != tc.stdout {
				t.Errorf("stdout %q, want %q", stdout, tc.stdout)
			}
			if !strings.Contains(stdout, tc.stdoutHas) {
				t.Errorf("stdout %q does not contain %q", stdout, tc.stdoutHas)
			}
			if !strings.Contains(stderr, tc.stderrHas) {
				t.Errorf("stderr %q does not contain %q", stderr, tc.stderrHas)
			}
			if tc.stderrFull != "" && stderr != tc.stderrFull {
				t.Errorf("stderr\n got %q\nwant %q", stderr, tc.stderrFull)
			}
		})
	}
}

// FuzzClassifyNeverPanics feeds arbitrary methods and headers through the
// command: it must answer with a classification or an error, and a
// classification's ACRH must be the unsafe header verdicts.
func FuzzClassifyNeverPanics(f *testing.F) {
	for _, tc := range classifyTests {
		var lines []string
		for _, x := range tc.req.Headers {
			lines = append(lines, x.Name+":"+x.Value)
		}
		f.Add(tc.req.Method, strings.Join(lines, "\n"), tc.req.API == apiXHR)
	}
	f.Fuzz(func(t *testing.T, method, headers string, xhr bool) {
		req := request{API: apiFetch, Method: method}
		if xhr {
			req.API = apiXHR
		}
		for line := range strings.SplitSeq(headers, "\n") {
			name, value, _ := strings.Cut(line, ":")
			req.Headers = append(req.Headers, safelist.Header{Name: name, Value: value})
		}
		c, err := classify(req)
		if err != nil {
			if _, ok := err.(*rejection); !ok {
				t.Fatalf("error %v is not a rejection", err)
			}
			return
		}
		var l safelist.HeaderList
		for _, hv := range c.Headers {
			l = append(l, safelist.Header{Name: hv.Name, Value: hv.Value})
		}
		names := safelist.UnsafeRequestHeaderNames(l)
		if c.Preflight && c.RequestHeaders != strings.Join(names, ",") {
			t.Fatalf("ACRH %q, unsafe names %q", c.RequestHeaders, names)
		}
		if !c.Preflight && (len(names) > 0 || !c.MethodSafelisted) {
			t.Fatalf("no preflight with unsafe names %q or method %q", names, c.Method)
		}
	})
}

func BenchmarkClassify(b *testing.B) {
	req := request{API: apiFetch, Method: "POST", Headers: h(
		"Accept", "application/json",
		"Accept-Language", "en-US,en;q=0.9",
		"Content-Type", "text/plain;charset=UTF-8",
		"Content-Language", "de-DE",
		"x-custom", "1",
	)}
	b.ReportAllocs()
	for b.Loop() {
		classify(req)
	}
}
