package explain

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/corsim/corsim"
)

func str(s string) *string { return &s }

// routeTests is the unit table of ParseRoutes and the seed corpus of
// FuzzParseRoutes. The format is VECTORS.md's ROUTE.
var routeTests = []struct {
	name    string
	in      string
	want    []corsim.Route
	wantErr []string // each error's Field: Msg, in order
}{
	{"one route, loopback allowed",
		`[{"method": "OPTIONS", "url": "http://127.0.0.1:8080/api", "status": 204, "headers": [["Access-Control-Allow-Origin", "*"], ["Vary", "Origin"], ["Vary", "Accept"]]}]`,
		[]corsim.Route{{Method: "OPTIONS", URL: "http://127.0.0.1:8080/api", Status: 204, Header: h("Access-Control-Allow-Origin", "*", "Vary", "Origin", "Vary", "Accept")}}, nil},
	{"headers left out, times and body",
		`[{"method": "*", "url": "https://b.example/", "status": 200, "times": 2, "body": " x "}]`,
		[]corsim.Route{{Method: "*", URL: "https://b.example/", Status: 200, Times: 2, Body: str(" x ")}}, nil},
	{"raw whitespace in a value is kept",
		`[{"method": "GET", "url": "https://b.example/", "status": 200, "headers": [["Access-Control-Allow-Origin", " https://a.example "]]}]`,
		[]corsim.Route{{Method: "GET", URL: "https://b.example/", Status: 200, Header: h("Access-Control-Allow-Origin", " https://a.example ")}}, nil},
	{"not JSON", `[{`, nil, []string{"routes[0]: not JSON: unexpected EOF"}},
	{"not an array", `{"routes": []}`, nil, []string{"-: want a JSON array of routes, got {"}},
	{"empty array", `[]`, nil, []string{"-: no routes"}},
	{"trailing data", `[{"method": "GET", "url": "https://b.example/", "status": 200}] []`, nil, []string{"-: trailing data after the array"}},
	{"every problem of a route",
		`[{"method": "GE T", "url": "b.example", "status": 42, "times": 0, "hedaers": [], "headers": [["X"], ["Bad Name", "v"], ["X-A", "a\nb"]]}]`,
		nil, []string{
			`routes[0].hedaers: unknown field (want method, url, status, headers, times, body)`,
			`routes[0].method: "GE T" is not a method token or *`,
			`routes[0].url: "b.example" is not an absolute URL: ` + urlErr("b.example"),
			`routes[0].status: 42 is not a 3-digit status code`,
			`routes[0].headers[0]: want [name, value], got 1 strings`,
			`routes[0].headers[1]: "Bad Name" is not a header name`,
			`routes[0].headers[2]: the value of X-A holds NUL, CR or LF`,
			`routes[0].times: must be a positive integer, got 0`,
		}},
	{"null is no value", `[{"method": null, "url": "https://b.example/", "status": null, "headers": null, "body": null}]`,
		nil, []string{
			`routes[0].method: want a string, got null`,
			`routes[0].status: want an integer, got null`,
			`routes[0].headers: want [[name, value], ...], got null`,
			`routes[0].body: want a string, got null`,
		}},
	{"missing and mistyped fields",
		`[{"url": 5}, "x", {"method": "GET", "url": "https://b.example/", "status": "200", "body": 1, "method": "PUT"}]`,
		nil, []string{
			`routes[0].method: missing`,
			`routes[0].url: want a string, got 5`,
			`routes[0].status: missing`,
			`routes[1]: want an object, got "x"`,
			`routes[2].method: repeated field`,
			`routes[2].status: want an integer, got "200"`,
			`routes[2].body: want a string, got 1`,
		}},
}

// urlErr is the URL parser's complaint about s, as ParseRoutes quotes it.
func urlErr(s string) string {
	_, err := ParseRoutes("f", []byte(`[{"method": "GET", "url": "`+s+`", "status": 200}]`))
	var re *RouteError
	if errors.As(err, &re) {
		_, msg, _ := strings.Cut(re.Msg, "URL: ")
		return msg
	}
	return "?"
}

func TestParseRoutes(t *testing.T) {
	for _, tc := range routeTests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseRoutes("routes.json", []byte(tc.in))
			var gotErr []string
			for _, e := range unwrapAll(err) {
				var re *RouteError
				if !errors.As(e, &re) {
					t.Fatalf("error %v is not a *RouteError", e)
				}
				if re.File != "routes.json" {
					t.Errorf("error names file %q", re.File)
				}
				gotErr = append(gotErr, re.Field+": "+re.Msg)
			}
			if diff := cmp.Diff(tc.wantErr, gotErr); diff != "" {
				t.Errorf("errors mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("routes mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func unwrapAll(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// formatRoutes writes routes back in the file format.
func formatRoutes(rs []corsim.Route) []byte {
	type route struct {
		Method  string      `json:"method"`
		URL     string      `json:"url"`
		Status  int         `json:"status"`
		Headers [][2]string `json:"headers,omitempty"`
		Times   int         `json:"times,omitempty"`
		Body    *string     `json:"body,omitempty"`
	}
	var out []route
	for _, r := range rs {
		out = append(out, route{r.Method, r.URL, r.Status, r.Header, r.Times, r.Body})
	}
	b, _ := json.Marshal(out)
	return b
}

func FuzzParseRoutes(f *testing.F) {
	for _, tc := range routeTests {
		f.Add(tc.in)
	}
	// Property: whatever parses survives writing back and parsing again
	// unchanged; whatever fails fails with RouteErrors only.
	f.Fuzz(func(t *testing.T, in string) {
		rs, err := ParseRoutes("f", []byte(in))
		if err != nil {
			for _, e := range unwrapAll(err) {
				var re *RouteError
				if !errors.As(e, &re) {
					t.Fatalf("error %v is not a *RouteError", e)
				}
			}
			if rs != nil {
				t.Fatalf("routes %v returned with an error", rs)
			}
			return
		}
		again, err := ParseRoutes("f", formatRoutes(rs))
		if err != nil {
			t.Fatalf("written back, %s fails: %v", formatRoutes(rs), err)
		}
		if diff := cmp.Diff(rs, again); diff != "" {
			t.Fatalf("round trip mismatch (-first +again):\n%s", diff)
		}
	})
}
