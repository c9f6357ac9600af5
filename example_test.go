package corsim_test

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/corsim/corsim"
)

// A server developer tests the CORS policy of their own handler as a
// browser exercises it: no sockets, no browser.
func Example_handler() {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Origin") == "https://app.example" {
			w.Header().Set("Access-Control-Allow-Origin", "https://app.example")
			w.Header().Set("Access-Control-Allow-Methods", "PUT")
			w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
			w.Header().Add("Vary", "Origin")
		}
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintln(w, `{"saved":true}`)
	})

	browser, _ := corsim.NewBrowser(corsim.Chromium, corsim.Handler(api))
	page, _ := browser.Open("https://app.example")
	res := page.Fetch(context.Background(), "https://api.example/items/7", corsim.RequestInit{
		Method:  "PUT",
		Headers: [][2]string{{"Content-Type", "application/json"}},
		Body:    "text",
	})
	for _, x := range res.Exchanges {
		fmt.Println(x.Request.Method, x.Request.URL, x.Response.Status)
	}
	fmt.Println(res.Outcome, res.Response.Status, res.Response.Header)

	evil, _ := browser.Open("https://evil.example")
	res = evil.Fetch(context.Background(), "https://api.example/items/7", corsim.RequestInit{Method: "PUT"})
	fmt.Println(res.Outcome, res.NetworkError.Reason)
	msg, _ := res.ConsoleMessage("chromium")
	fmt.Println(msg != "")
	// Output:
	// OPTIONS https://api.example/items/7 204
	// PUT https://api.example/items/7 200
	// ok 200 [{content-type application/json}]
	// network-error CORSMissingAllowOrigin
	// true
}

// The preflight cache runs on a clock the test moves: Chromium keeps a
// preflight for at most two hours, whatever Access-Control-Max-Age says.
func ExampleFakeClock() {
	routes, _ := corsim.NewRoutes(corsim.Route{
		Method: "*", URL: "https://api.example/data", Status: 200,
		Header: [][2]string{
			{"Access-Control-Allow-Origin", "*"},
			{"Access-Control-Allow-Headers", "X-Token"},
			{"Access-Control-Max-Age", "86400"},
		},
	})
	clock := corsim.NewFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	browser, _ := corsim.NewBrowser(corsim.Chromium, routes, corsim.WithClock(clock))
	page, _ := browser.Open("https://app.example")
	get := func() int {
		res := page.Fetch(context.Background(), "https://api.example/data", corsim.RequestInit{
			Headers: [][2]string{{"X-Token", "t"}},
		})
		return len(res.Exchanges)
	}
	fmt.Println("first:", get(), "requests")
	clock.Advance(7190 * time.Second)
	fmt.Println("after 7190 s:", get(), "request")
	clock.Advance(20 * time.Second)
	fmt.Println("after 7210 s:", get(), "requests")
	// Output:
	// first: 2 requests
	// after 7190 s: 1 request
	// after 7210 s: 2 requests
}
