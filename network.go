package corsim

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/safelist"
)

// A Network carries the browser's wire requests to servers; see Handler,
// RoundTripper and Routes.
type Network = fetch.Network

// Handler returns a Network that serves every request with h, in process,
// with no sockets: what a server developer tests. h sees the request exactly
// as the browser sends it (method, URL, every header the browser adds). The
// response's headers are what h set, plus a sniffed Content-Type when h wrote
// a body without one, as net/http's server does. Connections count as
// HTTP/2 (stream bodies are allowed).
func Handler(h http.Handler) Network { return handlerNetwork{h} }

type handlerNetwork struct{ h http.Handler }

func (n handlerNetwork) RoundTrip(ctx context.Context, wr *fetch.WireRequest) (*fetch.WireResponse, error) {
	req, err := httpRequest(ctx, wr)
	if err != nil {
		return nil, err
	}
	// Make it look as a net/http server hands a request to a handler: a
	// non-nil body, the request target, the TLS state of an https URL.
	if req.Body == nil {
		req.Body = http.NoBody
	}
	req.RequestURI = req.URL.RequestURI()
	req.RemoteAddr = "192.0.2.1:1234"
	if req.URL.Scheme == "https" {
		req.TLS = &tls.ConnectionState{HandshakeComplete: true, ServerName: req.URL.Hostname(), NegotiatedProtocol: "h2"}
	}
	req.Proto, req.ProtoMajor, req.ProtoMinor = "HTTP/2.0", 2, 0
	rec := httptest.NewRecorder()
	n.h.ServeHTTP(rec, req)
	res := rec.Result()
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return &fetch.WireResponse{Status: res.StatusCode, StatusText: http.StatusText(res.StatusCode),
		Header: headerList(res.Header), Body: body, Protocol: "h2"}, nil
}

// RoundTripper returns a Network that sends requests with rt (for example
// http.DefaultTransport) to real servers. It must not follow redirects or keep
// cookies: http.Transport does neither, http.Client does both, so pass a
// transport, not a client.
func RoundTripper(rt http.RoundTripper) Network { return transportNetwork{rt} }

type transportNetwork struct{ rt http.RoundTripper }

func (n transportNetwork) RoundTrip(ctx context.Context, wr *fetch.WireRequest) (*fetch.WireResponse, error) {
	req, err := httpRequest(ctx, wr)
	if err != nil {
		return nil, err
	}
	res, err := n.rt.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 32<<20))
	if err != nil {
		return nil, err
	}
	proto := res.Proto
	if res.ProtoMajor == 2 {
		proto = "h2"
	}
	return &fetch.WireResponse{Status: res.StatusCode, StatusText: strings.TrimSpace(strings.TrimPrefix(res.Status, fmt.Sprint(res.StatusCode))),
		Header: headerList(res.Header), Body: body, Protocol: proto}, nil
}

// httpRequest turns a wire request into a net/http client request.
func httpRequest(ctx context.Context, wr *fetch.WireRequest) (*http.Request, error) {
	var body io.Reader
	if wr.Body != nil {
		body = bytes.NewReader(wr.Body)
	}
	req, err := http.NewRequestWithContext(ctx, wr.Method, wr.URL.Serialize(true), body)
	if err != nil {
		return nil, err
	}
	for _, h := range wr.Header {
		if strings.EqualFold(h.Name, "Content-Length") {
			continue // net/http writes it from ContentLength
		}
		key := http.CanonicalHeaderKey(h.Name)
		req.Header[key] = append(req.Header[key], h.Value)
	}
	if wr.Stream {
		req.ContentLength = -1
	}
	return req, nil
}

// headerList turns a net/http header map into a header list, in name order
// (the map keeps no order), repeated lines kept.
func headerList(h http.Header) safelist.HeaderList {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	sort.Strings(names)
	var l safelist.HeaderList
	for _, name := range names {
		for _, v := range h[name] {
			l = append(l, safelist.Header{Name: name, Value: v})
		}
	}
	return l
}

// A Route is a canned answer: the scenario format's route.
type Route struct {
	Method string // the method answered, or "*" for any
	URL    string // the absolute URL answered, query included
	Status int
	Header [][2]string // response header lines, in order, repeated names kept
	Times  int         // how many requests it answers; 0 means no limit
	Body   *string     // nil: DefaultBody
}

// DefaultBody is the body of a route that gives none.
const DefaultBody = "corsim"

// Routes is a Network of canned answers. A request answered by no route gets
// 404 with no headers. Responses come over HTTP/2. Set replaces the routes
// (a scenario's next step). It is safe for concurrent use.
type Routes struct {
	mu     sync.Mutex
	routes []route
}

type route struct {
	Route
	url  string // serialized, without fragment
	used int
}

// NewRoutes returns a network answering with rs.
func NewRoutes(rs ...Route) (*Routes, error) {
	n := &Routes{}
	return n, n.Set(rs...)
}

// Set replaces the routes, or returns an error naming a route whose URL does
// not parse.
func (n *Routes) Set(rs ...Route) error {
	routes := make([]route, 0, len(rs))
	for i, r := range rs {
		u, err := fetch.ParseURL(r.URL)
		if err != nil {
			return fmt.Errorf("corsim: route %d: %w", i, err)
		}
		routes = append(routes, route{Route: r, url: u.Serialize(true)})
	}
	n.mu.Lock()
	n.routes = routes
	n.mu.Unlock()
	return nil
}

// RoundTrip answers wr with the first matching route that is not used up.
func (n *Routes) RoundTrip(_ context.Context, wr *fetch.WireRequest) (*fetch.WireResponse, error) {
	url := wr.URL.Serialize(true)
	n.mu.Lock()
	defer n.mu.Unlock()
	for i := range n.routes {
		r := &n.routes[i]
		if r.url != url || r.Method != "*" && r.Method != wr.Method || r.Times > 0 && r.used >= r.Times {
			continue
		}
		r.used++
		resp := &fetch.WireResponse{Status: r.Status, StatusText: http.StatusText(r.Status), Protocol: "h2"}
		for _, h := range r.Header {
			resp.Header = append(resp.Header, safelist.Header{Name: h[0], Value: h[1]})
		}
		if r.Body != nil {
			resp.Body = []byte(*r.Body)
		} else {
			resp.Body = []byte(DefaultBody)
		}
		return resp, nil
	}
	return &fetch.WireResponse{Status: 404, StatusText: "Not Found", Body: []byte{}, Protocol: "h2"}, nil
}
