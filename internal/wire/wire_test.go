package wire

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/safelist"
)

func mustURL(t *testing.T, s string) *fetch.URL {
	t.Helper()
	u, err := fetch.ParseURL(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestRequestText(t *testing.T) {
	// The request line is method, origin-form target (path and query) and
	// version, then a Host field naming host and non-default port (RFC 9112
	// §3, §3.2; curl -v shows an HTTP/2 request the same way).
	tests := []struct {
		name  string
		req   fetch.WireRequest
		proto string
		want  string
	}{
		{"preflight with query and port", fetch.WireRequest{Method: "OPTIONS", URL: mustURL(t, "https://api.example:8443/a/b?x=1&y"),
			Header: safelist.HeaderList{{Name: "Accept", Value: "*/*"}, {Name: "Access-Control-Request-Method", Value: "PUT"}}, Preflight: true}, "HTTP/2",
			"OPTIONS /a/b?x=1&y HTTP/2\nHost: api.example:8443\nAccept: */*\nAccess-Control-Request-Method: PUT\n"},
		{"default port dropped, empty query kept", fetch.WireRequest{Method: "GET", URL: mustURL(t, "http://127.0.0.1:80/?")}, "HTTP/1.1",
			"GET /? HTTP/1.1\nHost: 127.0.0.1\n"},
		{"text body after a blank line", fetch.WireRequest{Method: "POST", URL: mustURL(t, "https://b.example/"),
			Header: safelist.HeaderList{{Name: "Content-Type", Value: "text/plain;charset=UTF-8"}}, Body: []byte("corsim")}, "HTTP/2",
			"POST / HTTP/2\nHost: b.example\nContent-Type: text/plain;charset=UTF-8\n\ncorsim\n"},
		{"multipart CRLF shown as newlines", fetch.WireRequest{Method: "POST", URL: mustURL(t, "https://b.example/"), Body: []byte("--b\r\nx\r\n--b--\r\n")}, "HTTP/2",
			"POST / HTTP/2\nHost: b.example\n\n--b\nx\n--b--\n"},
		{"binary body by length", fetch.WireRequest{Method: "POST", URL: mustURL(t, "https://b.example/"), Body: []byte{0, 1, 2}}, "HTTP/2",
			"POST / HTTP/2\nHost: b.example\n\n[body: 3 bytes]\n"},
		{"stream body", fetch.WireRequest{Method: "POST", URL: mustURL(t, "https://b.example/"), Stream: true}, "HTTP/2",
			"POST / HTTP/2\nHost: b.example\n\n[a ReadableStream body, streamed]\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, RequestText(&tc.req, tc.proto)); diff != "" {
				t.Errorf("RequestText mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestResponseText(t *testing.T) {
	// An HTTP/2 status line has no reason phrase (curl -v prints "HTTP/2
	// 204"); HTTP/1.1's has one (RFC 9112 §4). Header lines keep their order
	// and repeats.
	tests := []struct {
		name string
		resp fetch.WireResponse
		want string
	}{
		{"h2", fetch.WireResponse{Status: 204, StatusText: "No Content", Protocol: "h2",
			Header: safelist.HeaderList{{Name: "Vary", Value: "Origin"}, {Name: "Vary", Value: "Accept"}}},
			"HTTP/2 204\nVary: Origin\nVary: Accept\n"},
		{"http/1.1 with body", fetch.WireResponse{Status: 405, StatusText: "Method Not Allowed", Protocol: "HTTP/1.1", Body: []byte("nope\n")},
			"HTTP/1.1 405 Method Not Allowed\n\n[body: 5 bytes]\n"},
		{"unknown protocol taken as h2", fetch.WireResponse{Status: 200, StatusText: "OK"}, "HTTP/2 200\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, ResponseText(&tc.resp)); diff != "" {
				t.Errorf("ResponseText mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// countingNetwork answers every request 200, numbering the answers.
type countingNetwork struct{ n int }

func (c *countingNetwork) RoundTrip(_ context.Context, wr *fetch.WireRequest) (*fetch.WireResponse, error) {
	c.n++
	if wr.Method == "BREAK" {
		return nil, errors.New("connection refused")
	}
	return &fetch.WireResponse{Status: 200, Header: safelist.HeaderList{{Name: "X-N", Value: string(rune('0' + c.n))}}}, nil
}

func TestMemo(t *testing.T) {
	ctx := context.Background()
	up := &countingNetwork{}
	m := NewMemo(up, 3)
	req := func(method, ua string) *fetch.WireRequest {
		return &fetch.WireRequest{Method: method, URL: mustURL(t, "https://b.example/x"),
			Header: safelist.HeaderList{{Name: "Origin", Value: "https://a.example"}, {Name: "User-Agent", Value: ua}, {Name: "Accept-Language", Value: ua}}}
	}
	// Two engines' requests differ only in User-Agent and Accept-Language:
	// one upstream request, the same answer.
	r1, _ := m.RoundTrip(ctx, req("GET", "chromium"))
	r2, _ := m.RoundTrip(ctx, req("GET", "firefox"))
	if up.n != 1 || m.Sent() != 1 {
		t.Errorf("upstream asked %d times, Sent %d; want 1, 1", up.n, m.Sent())
	}
	if diff := cmp.Diff(r1, r2); diff != "" {
		t.Errorf("repeat answered differently (-first +repeat):\n%s", diff)
	}
	// Answers are copies: changing one leaves the memory alone.
	r2.Header[0].Value = "changed"
	r3, _ := m.RoundTrip(ctx, req("GET", "webkit"))
	if r3.Header[0].Value != "1" {
		t.Errorf("memory changed through an answer: X-N %q", r3.Header[0].Value)
	}
	// A transport error is remembered too.
	_, e1 := m.RoundTrip(ctx, req("BREAK", "a"))
	_, e2 := m.RoundTrip(ctx, req("BREAK", "b"))
	if e1 == nil || e2 == nil || up.n != 2 {
		t.Errorf("transport errors %v, %v after %d upstream requests; want two errors, 2", e1, e2, up.n)
	}
	// The budget: a third distinct request is sent, a fourth is not.
	if _, err := m.RoundTrip(ctx, req("PUT", "a")); err != nil {
		t.Fatal(err)
	}
	_, err := m.RoundTrip(ctx, req("DELETE", "a"))
	var be *BudgetError
	if !errors.As(err, &be) || be.Budget != 3 || be.Request != "DELETE https://b.example/x" {
		t.Errorf("over budget: err %v, want a *BudgetError for DELETE", err)
	}
	if up.n != 3 {
		t.Errorf("upstream asked %d times, want 3", up.n)
	}

	// A replay answers from memory and assumes the rest, sending nothing.
	rp := m.Replay()
	if got, _ := rp.RoundTrip(ctx, req("GET", "x")); got.Header[0].Value != "1" {
		t.Errorf("replay of a remembered request: %+v", got)
	}
	got, err := rp.RoundTrip(ctx, req("PATCH", "x"))
	if err != nil || got.Status != 200 || len(got.Header) != 0 {
		t.Errorf("replay of an unknown request: %+v, %v; want 200 without headers", got, err)
	}
	rp.RoundTrip(ctx, req("PATCH", "y"))
	if diff := cmp.Diff([]string{"PATCH https://b.example/x"}, rp.Assumed()); diff != "" {
		t.Errorf("Assumed mismatch (-want +got):\n%s", diff)
	}
	if up.n != 3 {
		t.Errorf("the replay went upstream: %d requests", up.n)
	}
}

// lockedNetwork is countingNetwork safe for concurrent use.
type lockedNetwork struct {
	mu sync.Mutex
	countingNetwork
}

func (l *lockedNetwork) RoundTrip(ctx context.Context, wr *fetch.WireRequest) (*fetch.WireResponse, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.countingNetwork.RoundTrip(ctx, wr)
}

func TestMemoConcurrent(t *testing.T) {
	// Many goroutines asking the same two things: every caller of one
	// request gets the same answer (the first stored), and the budget
	// holds however the calls interleave.
	up := &lockedNetwork{}
	m := NewMemo(up, 4)
	var wg sync.WaitGroup
	answers := make([]string, 64)
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			method := []string{"GET", "PUT"}[i%2]
			r, err := m.RoundTrip(context.Background(), &fetch.WireRequest{Method: method, URL: mustURL(t, "https://b.example/")})
			if err == nil {
				answers[i] = method + r.Header[0].Value
			}
		}()
	}
	wg.Wait()
	if m.Sent() > 4 {
		t.Errorf("Sent %d, over the budget of 4", m.Sent())
	}
	first := map[string]string{}
	for i, a := range answers {
		if a == "" {
			continue
		}
		method := []string{"GET", "PUT"}[i%2]
		if f, ok := first[method]; ok && f != a {
			t.Errorf("%s answered both %q and %q", method, f, a)
		}
		first[method] = a
	}
}

func TestVaryOrigin(t *testing.T) {
	// RFC 9110 §12.5.5: Vary is a list of field names, case-insensitive,
	// or `*`; several lines form one list.
	tests := []struct {
		name string
		vary []string
		want bool
	}{
		{"absent", nil, false},
		{"origin", []string{"Origin"}, true},
		{"in a list, lowercase", []string{"Accept-Encoding, origin"}, true},
		{"second line", []string{"Accept-Encoding", "Origin"}, true},
		{"star", []string{"*"}, true},
		{"other names only", []string{"Accept-Encoding, Origin-Agent"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var l safelist.HeaderList
			for _, v := range tc.vary {
				l.Append("Vary", v)
			}
			if got := VaryOrigin(l); got != tc.want {
				t.Errorf("VaryOrigin(%q) = %v, want %v", tc.vary, got, tc.want)
			}
		})
	}
}
