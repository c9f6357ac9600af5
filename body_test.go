package corsim

import (
	"context"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/vectors"
	"github.com/google/go-cmp/cmp"
)

// TestBodyBytes checks that the content script gives a body reaches the
// server as it is, through fetch() (RequestInit.BodyBytes), XMLHttpRequest
// (XHRRequest.BodyBytes) and a scenario request (DoWithBody), with the
// Content-Type extracting the body gives (#26 concept-bodyinit-extract).
func TestBodyBytes(t *testing.T) {
	var (
		mu   sync.Mutex
		seen []string
	)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, r.Method+" "+r.Header.Get("Content-Type")+" "+string(b))
		mu.Unlock()
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Methods", "PUT")
	})
	br, err := NewBrowser(Spec, Handler(h))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := br.Open("https://app.example")
	ctx := context.Background()
	results := []*Result{
		page.Fetch(ctx, "https://api.example/a", RequestInit{Method: "POST", Body: fetch.BodyText, BodyBytes: []byte(`{"q":1}`)}),
		page.XHR(ctx, XHRRequest{Method: "POST", URL: "https://api.example/b", Body: fetch.BodyURLSearchParams, BodyBytes: []byte("a=1&b=2")}),
		page.DoWithBody(ctx, vectors.Request{API: "xhr", Method: "PUT", URL: "https://api.example/c", Body: "blob"}, []byte("raw")),
		page.DoWithBody(ctx, vectors.Request{Method: "POST", URL: "https://api.example/d", Body: "text"}, nil),
	}
	for i, res := range results {
		if res.Outcome != OK {
			t.Fatalf("request %d: %s %v", i, res.Outcome, res.Err())
		}
	}
	want := []string{
		`POST text/plain;charset=UTF-8 {"q":1}`,
		"POST application/x-www-form-urlencoded;charset=UTF-8 a=1&b=2",
		// PUT is not a CORS-safelisted method: a preflight first.
		"OPTIONS  ",
		"PUT  raw",
		"POST text/plain;charset=UTF-8 corsim",
	}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("requests the server saw mismatch (-want +got):\n%s", diff)
	}
}
