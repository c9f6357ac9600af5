package fetch

import (
	"context"

	"github.com/corsim/corsim/safelist"
)

// A Network carries wire requests to servers. It is the only way the
// algorithms reach the outside: an in-process http.Handler, a real
// http.RoundTripper, or a scenario's canned routes all stand behind it.
type Network interface {
	// RoundTrip sends req and returns the response, or an error when no HTTP
	// response came (a transport failure). It must not follow redirects,
	// add or remove headers, or keep cookies: the browser does all that.
	RoundTrip(ctx context.Context, req *WireRequest) (*WireResponse, error)
}

// A WireRequest is a request exactly as the browser puts it on the wire.
type WireRequest struct {
	Method string
	URL    *URL // without fragment or credentials (userinfo)
	// Header is the header list in the order the browser built it.
	Header safelist.HeaderList
	Body   []byte
	// Stream reports that the body comes from a ReadableStream (streamed,
	// with no Content-Length).
	Stream bool
	// Preflight reports a CORS-preflight request.
	Preflight bool
}

// A WireResponse is a response as it came off the wire.
type WireResponse struct {
	Status     int
	StatusText string
	Header     safelist.HeaderList // header lines in order, repeated names kept
	Body       []byte
	// Protocol is the HTTP version used: "h2", "HTTP/1.1"... An empty value
	// is taken as HTTP/2 (for stream bodies, which need it).
	Protocol string
}

// An Exchange is one round trip of a fetch: what was sent and what came back.
type Exchange struct {
	Request  *WireRequest
	Response *WireResponse // nil when Err is set
	Err      error         // a transport failure
}
