package corsimtest_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/corsimtest"
	"github.com/corsim/corsim/fetch"
)

// t stands for the *testing.T of a test: it prints what the test would
// report, the first line of each failure and the engine's console message
// (the go-cmp diff between them is left out here, its text being unstable by
// design).
type t struct{}

func (t) Helper() {}

func (t) Errorf(format string, args ...any) {
	lines := strings.Split(fmt.Sprintf(format, args...), "\n")
	fmt.Println("FAIL", lines[0])
	for _, l := range lines[1:] {
		if strings.Contains(l, " console: ") {
			fmt.Println("    ", l)
		}
	}
}

// api is a handler with a CORS policy done right: one trusted origin, with
// credentials, a preflight answered with what the actual request needs, and
// one header exposed.
func api() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Origin")
		if r.Header.Get("Origin") == "https://app.example" {
			w.Header().Set("Access-Control-Allow-Origin", "https://app.example")
			w.Header().Set("Access-Control-Allow-Credentials", "true")
		}
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Methods", "PUT, DELETE")
			w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
			w.Header().Set("Access-Control-Max-Age", "86400")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Access-Control-Expose-Headers", "X-Request-Id")
		w.Header().Set("X-Request-Id", "42")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintln(w, `{"name":"ada"}`)
	})
}

// A test of a handler's CORS policy, under every engine profile. In a real
// test, t is the test's *testing.T.
func Example() {
	s := corsimtest.Handler(api())

	me := corsimtest.Request{URL: "/me", Credentials: "include"}
	s.CanRead(t{}, "https://app.example", me)
	s.HeaderReadable(t{}, "https://app.example", me, "X-Request-Id", "Content-Type")
	s.CannotRead(t{}, "https://evil.example", me)

	save := corsimtest.Request{URL: "/me", Method: "PUT", Credentials: "include",
		Header: [][2]string{{"Content-Type", "application/json"}}}
	if s.CanRead(t{}, "https://app.example", save) {
		fmt.Println("ok")
	}
	// Output:
	// ok
}

// Responding `*` to a credentialed request is a mistake the browser catches:
// the response never reaches script, whatever Access-Control-Allow-Credentials
// says.
func ExampleServer_CanRead_incorrect() {
	wildcard := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		fmt.Fprintln(w, `{"name":"ada"}`)
	})
	s := corsimtest.Handler(wildcard).Under(corsim.Chromium)
	s.CanRead(t{}, "https://app.example", corsimtest.Request{URL: "/me", Credentials: "include"})
	// Output:
	// FAIL corsimtest: CanRead: fetch("/me", {credentials: "include"}) from https://app.example under chromium: verdict mismatch (-want +got):
	//      chromium console: Access to fetch at 'https://api.example/me' from origin 'https://app.example' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.
}

// Chromium keeps a preflight for two hours at most, however long
// Access-Control-Max-Age asks for (observed in Chromium 156). The assertion
// probes the cache on a fake clock, one second before and after.
func ExampleServer_PreflightCached() {
	s := corsimtest.Handler(api())
	del := corsimtest.Request{URL: "/items/7", Method: "DELETE", Credentials: "include"}
	if s.PreflightCached(t{}, corsim.Chromium, "https://app.example", del, 2*time.Hour) {
		fmt.Println("cached for 2h")
	}
	s.PreflightCached(t{}, corsim.Chromium, "https://app.example", del, 24*time.Hour)
	// Output:
	// cached for 2h
	// FAIL corsimtest: PreflightCached: fetch("/items/7", {method: "DELETE", credentials: "include"}) from https://app.example under chromium: cached for 24h0m0s: probes mismatch (-want +got):
}

// A Scenario states the verdict field by field, and where an engine differs,
// its own verdict. The Fetch Standard lets `*` in Access-Control-Allow-Headers
// allow every header but Authorization, which must be listed by name; Chromium
// 156, Firefox ESR 153 and WebKitGTK 2.50 were all seen letting `*` cover it.
func ExampleServer_Check() {
	anyHeader := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Headers", "*")
		fmt.Fprintln(w, `{"name":"ada"}`)
	})
	s := corsimtest.Handler(anyHeader)
	ok := s.Check(t{}, corsimtest.Scenario{
		Name:    "bearer token",
		Origin:  "https://app.example",
		Request: corsimtest.Request{URL: "/me", Header: [][2]string{{"Authorization", "Bearer t0k3n"}}},
		Want: corsimtest.Verdict{
			Outcome:   corsim.NetworkError,
			Reason:    fetch.CORSMissingAllowHeaderFromPreflight,
			Preflight: corsimtest.PreflightSent,
		},
		WantByProfile: map[string]corsimtest.Verdict{
			"chromium": {Outcome: corsim.OK, Status: 200},
			"firefox":  {Outcome: corsim.OK, Status: 200},
			"webkit":   {Outcome: corsim.OK, Status: 200},
		},
	})
	fmt.Println(ok)
	// Output:
	// true
}

// A running server is reached over the network: here an httptest.Server on
// loopback.
func ExampleURL() {
	srv := httptest.NewServer(api())
	defer srv.Close()
	s := corsimtest.URL(srv.URL, srv.Client().Transport)
	if s.CanRead(t{}, "https://app.example", corsimtest.Request{URL: "/me", Credentials: "include"}) {
		fmt.Println("ok")
	}
	// Output:
	// ok
}
