package corsim_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/fetch"
)

// A crawler sees the web as script on https://app.example would: an
// http.Client whose Transport enforces CORS as Chromium does, over real
// connections. It reads only what the page could read, and a request the
// browser blocks is an error.
func ExamplePage_Transport() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/public" {
			w.Header().Set("Access-Control-Allow-Origin", "*")
		}
		w.Header().Set("X-Build", "42")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"n":1}`)
	}))
	defer api.Close()

	browser, _ := corsim.NewBrowser(corsim.Chromium, corsim.RoundTripper(http.DefaultTransport))
	page, _ := browser.Open("https://app.example")
	client := &http.Client{Transport: page.Transport()}

	// Shared with every origin: script reads the status, the body and the
	// CORS-safelisted headers, not X-Build (nor Date).
	resp, err := client.Get(api.URL + "/public")
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.Status, resp.Header, string(body))

	// Not shared: fetch() would reject, so there is no response at all.
	_, err = client.Get(api.URL + "/private")
	var blocked *fetch.NetworkError
	if errors.As(err, &blocked) {
		fmt.Println("blocked:", blocked.Reason)
	}

	// In no-cors mode the request is made, but the response is opaque.
	ctx := corsim.WithFetchOptions(context.Background(), corsim.FetchOptions{Mode: fetch.ModeNoCORS})
	req, _ := http.NewRequestWithContext(ctx, "GET", api.URL+"/private", nil)
	resp, err = client.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Printf("%s %v %q\n", resp.Status, resp.Header, body)
	// Output:
	// 200 OK map[Content-Length:[7] Content-Type:[application/json]] {"n":1}
	// blocked: CORSMissingAllowOrigin
	// 0 opaque map[] ""
}

// Report sees every fetch whole, for logging: here, how many requests went on
// the wire and what Chromium would print in the page's console about a
// blocked one. The first PUT is preflighted, the second finds the preflight
// in the cache, the third needs a new one for X-Token, which fails.
func ExampleTransport_report() {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "https://app.example")
		w.Header().Set("Access-Control-Allow-Methods", "PUT")
		w.Header().Set("Access-Control-Max-Age", "600")
	})
	browser, _ := corsim.NewBrowser(corsim.Chromium, corsim.Handler(api))
	page, _ := browser.Open("https://app.example")
	tr := page.Transport()
	tr.Report = func(req *http.Request, res *corsim.Result) {
		fmt.Printf("%s %s: %d on the wire\n", req.Method, req.URL, len(res.Exchanges))
		if msg, _ := res.ConsoleMessage("chromium"); msg != "" {
			fmt.Println("console:", msg)
		}
	}
	client := &http.Client{Transport: tr}

	for range 2 {
		req, _ := http.NewRequest("PUT", "https://api.example/items/7", nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
		}
	}
	req, _ := http.NewRequest("PUT", "https://api.example/items/7", nil)
	req.Header.Set("X-Token", "t") // not allowed by Access-Control-Allow-Headers
	if _, err := client.Do(req); err != nil {
		fmt.Println("error:", errors.Unwrap(err))
	}
	// Output:
	// PUT https://api.example/items/7: 2 on the wire
	// PUT https://api.example/items/7: 1 on the wire
	// PUT https://api.example/items/7: 1 on the wire
	// console: Access to fetch at 'https://api.example/items/7' from origin 'https://app.example' has been blocked by CORS policy: Request header field x-token is not allowed by Access-Control-Allow-Headers in preflight response.
	// error: network error (CORSMissingAllowHeaderFromPreflight): the header x-token is not allowed by the preflight response's Access-Control-Allow-Headers "" [cors-preflight-fetch-0 step 7.7]
}
