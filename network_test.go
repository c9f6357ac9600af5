package corsim

import (
	"context"
	"io"
	"net/http"
	"testing"
)

// A handler served by Handler sees a request as net/http's server would hand
// it over: a non-nil body, the request target, TLS for https, HTTP/2.
func TestHandlerRequestLooksServed(t *testing.T) {
	var got struct {
		bodyErr    error
		requestURI string
		tls        bool
		proto      string
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, got.bodyErr = io.ReadAll(r.Body)
		got.requestURI, got.tls, got.proto = r.RequestURI, r.TLS != nil, r.Proto
		w.Header().Set("Access-Control-Allow-Origin", "*")
	})
	b, err := NewBrowser(Spec, Handler(h))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := b.Open("https://app.example")
	res := page.Fetch(context.Background(), "https://api.example/a/b?c=d#frag", RequestInit{})
	if res.Outcome != OK {
		t.Fatalf("outcome %s: %v", res.Outcome, res.Err())
	}
	if got.bodyErr != nil || got.requestURI != "/a/b?c=d" || !got.tls || got.proto != "HTTP/2.0" {
		t.Errorf("handler saw body error %v, RequestURI %q, TLS %v, Proto %q; want nil, \"/a/b?c=d\", true, HTTP/2.0",
			got.bodyErr, got.requestURI, got.tls, got.proto)
	}
}
