package corsim

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/safelist"
)

// A Transport is an http.RoundTripper that is a page's view of the network:
// it makes each *http.Request the way script on its Page would make it with
// fetch(), and returns only what that script could read of the response.
// Crawlers and headless tools use it to see the web as a page of some origin
// sees it, CORS enforced exactly as the browser profile enforces it.
//
// Every request runs the whole of the Fetch Standard's fetch in the page's
// Browser: the Headers guard, the preflight decision and the
// [CORS-preflight cache], the [CORS check] of every response, redirects,
// cookies from the browser's jar, and the [filtered response] script gets.
// The wire requests go to the Browser's Network: for a crawler,
// RoundTripper(http.DefaultTransport) or a tuned *http.Transport; in tests,
// Handler or Routes, with no sockets. The network belongs to the Browser,
// not to the Transport, because the preflight cache and the cookie jar are
// about that network: all Transports of one Browser, whatever their pages'
// origins, share them, as the tabs of a browser do. A Transport is safe for
// concurrent use by many goroutines. Set its fields before the first request
// and not after.
//
// # The request
//
// The *http.Request becomes fetch(req.URL, {method, headers, body, mode,
// credentials, redirect}):
//
//   - the method and every header line go through fetch()'s rules, so a
//     forbidden header (Cookie, Origin, Host, Referer…) is dropped as the
//     Headers guard drops it, and a method or header fetch() refuses makes
//     RoundTrip fail with the *fetch.ScriptError fetch() would throw;
//     req.Host, like the Host header, is not the caller's to choose;
//   - a body is read whole and sent as fetch() sends a Blob or a byte array:
//     with its length, with no Content-Type but the one in req.Header, and
//     sent again when a 307 or 308 redirect asks for it. A body of zero bytes
//     counts as none, and a GET or HEAD with a body fails as in fetch().
//     Streamed bodies (a ReadableStream, which needs a preflight and HTTP/2)
//     are not modelled;
//   - mode, credentials and redirect, which an *http.Request has no field
//     for, come from FetchOptions: the Transport's Defaults, overridden member
//     by member by the options in the request's context (WithFetchOptions).
//     The zero FetchOptions means fetch()'s own defaults: mode "cors",
//     credentials "same-origin", redirect "follow".
//
// # The response
//
// A request the browser blocks gives no *http.Response at all, only an
// error: a *fetch.NetworkError when fetch() would reject with a network
// error (a failed CORS check or preflight, a refused redirect, a transport
// failure, whose cause it wraps), or a *fetch.ScriptError when fetch() would
// throw before sending anything. errors.As finds them through the *url.Error
// http.Client wraps them in, and errors.Is(err, context.Canceled) sees a
// cancelled request. The error says what the browser's console would (the
// reason, the header and value at fault, the status of the response at
// fault), never a blocked response's body or its other headers.
//
// Otherwise the *http.Response carries exactly what script can read
// (fetch.View): the status; the headers the filtered response exposes (all
// but Set-Cookie for a same-origin response; for a cross-origin one the
// CORS-safelisted response-header names and those Access-Control-Expose-Headers
// lists, never Set-Cookie), each name once with the combined value
// headers.get() returns; and the body. Its Request
// is req, or, when the browser followed redirects, a copy of req whose URL is
// the final URL (response.url); its method stays req's. Status is the code
// and net/http's text for it, as net/http's own HTTP/2 client writes it
// (script reads no reason phrase over HTTP/2). Proto is HTTP/1.1 whatever the
// wire used: script cannot see the protocol. ContentLength is the body's
// length (-1 for HEAD, which has no body).
//
// An opaque response (mode "no-cors" to another origin) and an opaque-redirect
// response (redirect "manual") are responses, not errors: fetch() resolves
// with them, and the request did reach the server. Script sees status 0, no
// headers, an empty body and, for an opaque response, an empty URL, so the
// *http.Response has StatusCode 0, Status "0 opaque" or "0 opaqueredirect"
// (the response type, since there is no reason phrase), no headers and an
// empty body. Its Request is req itself: the URL the redirects led to is
// hidden from script, so it is hidden here too.
//
// # Redirects and http.Client
//
// The browser follows redirects itself (redirect "follow"), checking each hop
// as the Fetch Standard says, so the *http.Response is always the final one
// and http.Client never sees a redirect it would follow: a 3xx reaches it only
// without a Location header (the browser returns such a response as it is),
// and redirect "manual" gives status 0. CheckRedirect is therefore never
// called, and the client's Jar never sees Set-Cookie; cookies live in the
// browser's jar, which sends them when credentials are included. A Cookie
// header the client's Jar adds is dropped like any forbidden header.
//
// [CORS-preflight cache]: https://fetch.spec.whatwg.org/#concept-cache
// [CORS check]: https://fetch.spec.whatwg.org/#concept-cors-check
// [filtered response]: https://fetch.spec.whatwg.org/#concept-filtered-response
type Transport struct {
	// Defaults are the fetch() members used for every request, where the
	// request's context gives none (see WithFetchOptions).
	Defaults FetchOptions

	// Report, if set, is called with each request and the Result of its
	// fetch, blocked or not, before RoundTrip returns; it is not called when
	// no fetch ran (an invalid FetchOptions value, an unreadable body, a
	// context done before the start). The Result holds everything the browser
	// saw, hidden headers and blocked bodies included, for logging console
	// messages or counting preflights; it is not what script reads. Report is
	// called from the goroutines that call RoundTrip, concurrently. Without
	// Report, nothing reads the trace, so the Transport has none built
	// (fetch.WithoutTrace): the decisions are the same, their sentences
	// are not written.
	Report func(req *http.Request, res *Result)

	page *Page
}

// Transport returns a Transport that makes requests as script on p does.
// Its network, preflight cache and cookie jar are p's Browser's.
func (p *Page) Transport() *Transport { return &Transport{page: p} }

// FetchOptions are the members of fetch()'s init dictionary that an
// *http.Request has no field for. A zero member means "not given": the
// Transport's Defaults fill it in, and fetch()'s own default after that.
type FetchOptions struct {
	// Mode is the request mode: "cors", "no-cors" or "same-origin".
	// "navigate" makes fetch() throw, as it does in a page.
	Mode fetch.Mode
	// Credentials is the credentials mode: "omit", "same-origin" or
	// "include". Only include sends and stores cookies cross-origin.
	Credentials fetch.CredentialsMode
	// Redirect is the redirect mode: "follow", "error" or "manual".
	Redirect fetch.RedirectMode
}

// fetchOptionsKey is the context key of WithFetchOptions.
type fetchOptionsKey struct{}

// WithFetchOptions returns a copy of ctx that makes a Transport fetch the
// request carrying it with o. Members of o left zero fall back to the
// Transport's Defaults, so
//
//	req = req.WithContext(corsim.WithFetchOptions(req.Context(),
//		corsim.FetchOptions{Credentials: fetch.CredentialsInclude}))
//
// sends one request with credentials, in the Transport's default mode.
func WithFetchOptions(ctx context.Context, o FetchOptions) context.Context {
	return context.WithValue(ctx, fetchOptionsKey{}, o)
}

// An OptionError reports a FetchOptions member whose value fetch() does not
// know. In a page, converting such a dictionary member throws a TypeError
// before the request is made; here nothing is sent either.
type OptionError struct {
	Member string // "mode", "credentials" or "redirect"
	Value  string // the value given
}

// Error renders e as a sentence.
func (e *OptionError) Error() string {
	return fmt.Sprintf("corsim: %q is not a fetch() %s", e.Value, e.Member)
}

// options merges the request's FetchOptions over the Transport's defaults
// and checks the result.
func (t *Transport) options(ctx context.Context) (FetchOptions, error) {
	o := t.Defaults
	if r, ok := ctx.Value(fetchOptionsKey{}).(FetchOptions); ok {
		if r.Mode != "" {
			o.Mode = r.Mode
		}
		if r.Credentials != "" {
			o.Credentials = r.Credentials
		}
		if r.Redirect != "" {
			o.Redirect = r.Redirect
		}
	}
	switch o.Mode {
	case "", fetch.ModeCORS, fetch.ModeNoCORS, fetch.ModeSameOrigin, fetch.ModeNavigate:
	default:
		return o, &OptionError{Member: "mode", Value: string(o.Mode)}
	}
	switch o.Credentials {
	case "", fetch.CredentialsOmit, fetch.CredentialsSameOrigin, fetch.CredentialsInclude:
	default:
		return o, &OptionError{Member: "credentials", Value: string(o.Credentials)}
	}
	switch o.Redirect {
	case "", fetch.RedirectFollow, fetch.RedirectError, fetch.RedirectManual:
	default:
		return o, &OptionError{Member: "redirect", Value: string(o.Redirect)}
	}
	return o, nil
}

// RoundTrip fetches req as script on the Transport's page would, and returns
// what that script can read, or why it gets nothing; see Transport.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	// The RoundTripper contract: the body is closed, whatever happens.
	if req.Body != nil {
		defer req.Body.Close()
	}
	if t == nil || t.page == nil {
		return nil, fmt.Errorf("corsim: Transport without a page (make it with (*Page).Transport)")
	}
	if req.URL == nil {
		return nil, fmt.Errorf("corsim: Transport: request without a URL")
	}
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	opts, err := t.options(ctx)
	if err != nil {
		return nil, err
	}
	body, err := requestBody(req)
	if err != nil {
		return nil, err
	}

	p := t.page
	init := RequestInit{
		Method:      req.Method,
		Headers:     requestHeaders(req.Header),
		Mode:        opts.Mode,
		Credentials: opts.Credentials,
		Redirect:    opts.Redirect,
	}
	if body != nil {
		// A Blob of no type: the bytes, and no implicit Content-Type.
		init.Body, init.BodyBytes = fetch.BodyBlob, body
	}
	var res *Result
	freq, serr := fetch.NewRequest(p.client, p.browser.agent.Profile, req.URL.String(), init)
	if serr != nil {
		res = &Result{Outcome: TypeError, ScriptError: serr, Profile: p.browser.agent.Profile.Name}
	} else if t.Report != nil {
		res = p.run(ctx, freq)
	} else {
		res = p.run(ctx, freq, fetch.WithoutTrace())
	}
	if t.Report != nil {
		t.Report(req, res)
	}
	switch {
	case res.NetworkError != nil:
		return nil, res.NetworkError
	case res.ScriptError != nil:
		return nil, res.ScriptError
	case res.Response == nil:
		return nil, fmt.Errorf("corsim: Transport: fetch of %s ended with neither a response nor an error", req.URL.Redacted())
	}
	return response(req, res.Response)
}

// requestBody reads req's body whole; nil means no body.
func requestBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, fmt.Errorf("corsim: Transport: reading the request body: %w", err)
	}
	if len(b) == 0 {
		return nil, nil
	}
	return b, nil
}

// requestHeaders lists h as the [name, value] pairs script would append, in
// name order (an http.Header keeps no order between names), each name's
// lines in their order.
func requestHeaders(h http.Header) [][2]string {
	if len(h) == 0 {
		return nil
	}
	var buf [16]string // most requests carry fewer names: no allocation
	names := buf[:0]
	n := 0
	for name, vs := range h {
		names = append(names, name)
		n += len(vs)
	}
	slices.Sort(names)
	pairs := make([][2]string, 0, n)
	for _, name := range names {
		for _, v := range h[name] {
			pairs = append(pairs, [2]string{name, v})
		}
	}
	return pairs
}

// response turns what script reads of a response into an *http.Response.
func response(req *http.Request, v *fetch.View) (*http.Response, error) {
	resp := &http.Response{
		StatusCode: v.Status,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     make(http.Header, len(v.Header)),
		Body:       http.NoBody,
		Request:    req,
	}
	switch v.Type {
	case fetch.TypeOpaque, fetch.TypeOpaqueRedirect:
		resp.Status = "0 " + string(v.Type)
	default:
		resp.Status = strconv.Itoa(v.Status)
		if text := http.StatusText(v.Status); text != "" {
			resp.Status += " " + text
		}
	}
	// A View's names are distinct and lowercase, each with its combined
	// value: one value per name, all in one backing array, as net/textproto
	// does when it reads a header.
	values := make([]string, len(v.Header))
	for i, h := range v.Header {
		// A View never holds Set-Cookie; checked again because this is the
		// one header an http.Client's Jar would act on.
		if safelist.ForbiddenResponseHeaderName(h.Name) {
			continue
		}
		values[i] = h.Value
		resp.Header[http.CanonicalHeaderKey(h.Name)] = values[i : i+1 : i+1]
	}
	if len(v.Body) > 0 {
		resp.Body = &responseBody{Reader: *bytes.NewReader(v.Body)}
	}
	resp.ContentLength = int64(len(v.Body))
	if req.Method == http.MethodHead {
		resp.ContentLength = -1
	}
	// Script reads the final URL of a response that was redirected
	// (response.url); an opaque response has none.
	if v.Redirected && v.URL != "" {
		u, err := url.Parse(v.URL)
		if err != nil {
			return nil, fmt.Errorf("corsim: Transport: the response URL %q does not parse as a Go URL: %w", v.URL, err)
		}
		final := new(http.Request)
		*final = *req
		final.URL = u
		final.Host = u.Host
		final.Body = nil
		resp.Request = final
	}
	return resp, nil
}

// responseBody is a response body read from memory; closing it does nothing.
type responseBody struct{ bytes.Reader }

// Close implements io.Closer.
func (*responseBody) Close() error { return nil }
