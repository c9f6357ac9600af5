package fetch

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/corsim/corsim/safelist"
)

// httpNetworkOrCacheFetch is [HTTP-network-or-cache fetch]: the per-hop copy
// of the request gets the headers the user agent adds (Content-Length, Origin,
// Fetch metadata, User-Agent, cookies) and goes to the network. corsim has no
// HTTP cache: every request reaches the network.
//
// [HTTP-network-or-cache fetch]: https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch
func httpNetworkOrCacheFetch(fp *fetchParams) (*Response, *NetworkError) {
	return networkOrCache(fp, fp.request, false, false)
}

// networkOrCache runs HTTP-network-or-cache fetch for req, which is the
// request being fetched or, for a preflight, the preflight request;
// newConnection is the algorithm's isNewConnectionFetch.
func networkOrCache(fp *fetchParams, req *Request, preflight, newConnection bool) (*Response, *NetworkError) {
	// Step 8.2.1: a clone for this hop; what is added here never reaches
	// the stored request.
	httpReq := req.hopCopy()

	// Step 8.3.
	includeCredentials := req.includeCredentials()
	// Step 8.4: no embedder policy is modelled, so COEP allows credentials.

	// Steps 8.5-8.9: Content-Length.
	switch {
	case httpReq.Body != nil && !httpReq.Body.Stream:
		httpReq.Header.Append("Content-Length", strconv.Itoa(len(httpReq.Body.Source)))
	case httpReq.Body == nil && (httpReq.Method == "POST" || httpReq.Method == "PUT"):
		httpReq.Header.Append("Content-Length", "0")
	}
	// TODO(spec step 8.10): the 64 KiB keepalive budget is not modelled.
	// TODO(spec step 8.11): the Referer header is not modelled.

	// Step 8.12.
	appendOriginHeader(fp, httpReq)
	// Step 8.13.
	appendFetchMetadata(httpReq)
	// Step 8.15.
	if !httpReq.Header.Contains("User-Agent") && fp.agent.Profile.UserAgent != "" {
		httpReq.Header.Append("User-Agent", fp.agent.Profile.UserAgent)
	}
	// Steps 8.16-8.18: only the default cache mode is modelled, which adds
	// nothing.
	// Step 8.19.
	if httpReq.Header.Contains("Range") {
		httpReq.Header.Append("Accept-Encoding", "identity")
	}
	canonicalRangeOnWire(fp, httpReq) // Deviation(Chromium): profile Request.CanonicalRangeOnWire
	// Step 8.21: credentials.
	if includeCredentials {
		appendCookieHeader(fp, httpReq)
	}
	// Steps 8.24-8.26: no HTTP cache (a preflight, whose network partition
	// key is null, would never use one anyway).

	// Step 11.2.
	resp, nerr := httpNetworkFetch(fp, httpReq, includeCredentials, preflight)
	if nerr != nil {
		return nil, nerr
	}
	// Step 12-14.
	// A clone of the URL list: request URL lists only grow, and the copy
	// is capped, so sharing the array is a clone.
	n := len(httpReq.URLList)
	resp.URLList = httpReq.URLList[:n:n]
	resp.RangeRequested = httpReq.Header.Contains("Range")
	resp.RequestIncludesCredentials = includeCredentials

	// Step 15: a 401 prompts only when tainting is not cors and credentials
	// are included; corsim has no user to prompt, so the 401 stands.
	// Step 16: a 407 without a proxy to authenticate with stands as well.
	// Step 17: a 421 is retried once on a new connection, by running this
	// algorithm again: a new copy of the request, whose headers (cookies
	// the 421 response set included) are computed afresh.
	if resp.Status == 421 && !newConnection && (req.Body == nil || !req.Body.Stream) {
		fp.trace(TraceStep{Anchor: "concept-http-network-or-cache-fetch", Step: "17", Topic: "network.retry", Subject: "421", Verdict: "retry",
			Detail: "421 Misdirected Request: the request is sent once more on a new connection"})
		return networkOrCache(fp, req, preflight, true)
	}
	// Step 19.
	return resp, nil
}

// httpNetworkFetch is [HTTP-network fetch]: the request goes on the wire, and
// Set-Cookie is processed as soon as the response arrives, before any CORS
// check.
//
// [HTTP-network fetch]: https://fetch.spec.whatwg.org/#concept-http-network-fetch
func httpNetworkFetch(fp *fetchParams, req *Request, includeCredentials, preflight bool) (*Response, *NetworkError) {
	url := req.CurrentURL()
	// The request target carries neither the fragment nor userinfo, which
	// an XMLHttpRequest URL or a same-origin redirect's Location may have:
	// browsers never send credentials from a URL on the wire.
	// TODO: XMLHttpRequest's URL credentials answer a 401 challenge
	// (open() with a username and password, HTTP-network-or-cache fetch step
	// 15); corsim prompts for nothing and retries nothing, so they are unused.
	wire := &WireRequest{Method: req.Method, URL: url.WithoutFragment().WithoutCredentials(), Header: req.Header, Preflight: preflight}
	if req.Body != nil {
		wire.Body, wire.Stream = req.Body.Source, req.Body.Stream
	}
	// Step 8.3: a stream body needs HTTP/2 or later.
	if wire.Stream {
		if pn, ok := fp.agent.Network.(ProtocolNetwork); ok && http1(pn.Protocol(url)) {
			fp.trace(TraceStep{Anchor: "concept-http-network-fetch", Step: "8.3", Topic: "network", Subject: pn.Protocol(url), Verdict: "blocked",
				Detail: "a body read from a stream cannot go over an HTTP/1.x connection"})
			return nil, fp.fail(StreamBodyHTTP1, "concept-http-network-fetch", "8.3")
		}
	}
	// Step 8.5.
	index := len(fp.result.Exchanges)
	wr, err := fp.agent.Network.RoundTrip(fp.ctx, wire)
	fp.result.Exchanges = append(fp.result.Exchanges, Exchange{Request: wire, Response: wr, Err: err})
	topic := "network.request"
	if preflight {
		topic = "network.preflight"
	}
	if err != nil {
		fp.traceExchange(TraceStep{Anchor: "concept-http-network-fetch", Step: "8.5", Topic: topic, Subject: wire.Method + " " + wire.URL.Serialize(true), Verdict: "no response",
			Detail: err.Error()}, index)
		nerr := fp.fail(CORSDidNotSucceed, "concept-http-network-fetch", "8.5")
		nerr.Err, nerr.Preflight = err, preflight
		return nil, nerr
	}
	if fp.tracing {
		status := strconv.Itoa(wr.Status)
		fp.traceExchange(TraceStep{Anchor: "concept-http-network-fetch", Step: "8.5", Topic: topic, Subject: wire.Method + " " + wire.URL.Serialize(true),
			Verdict: status, Detail: "sent; the server answered " + status}, index)
	}
	if wire.Stream && http1(wr.Protocol) {
		return nil, fp.fail(StreamBodyHTTP1, "concept-http-network-fetch", "8.3")
	}

	header, bad := responseHeaderList(wr, fp.agent.Profile.Response.PaddedHTTP2Values)
	if bad != nil {
		fp.traceExchange(TraceStep{Anchor: "concept-http-network-fetch", Step: "8.5", Topic: "network.response", Subject: bad.Name + ": " + bad.Value, Verdict: "malformed",
			Detail: "over HTTP/2 a field value may not start or end with a space or tab, nor hold NUL, CR or LF: HTTP forbids the client to accept the response"}, index)
		nerr := fp.fail(CORSDidNotSucceed, "concept-http-network-fetch", "8.5")
		nerr.Preflight, nerr.Status, nerr.Header, nerr.Value, nerr.Protocol = preflight, wr.Status, bad.Name, bad.Value, wr.Protocol
		nerr.HeaderLines = len(wr.Header.Values(bad.Name))
		nerr.Err = fmt.Errorf("malformed response: header %s has the value %q", bad.Name, bad.Value)
		return nil, nerr
	}
	resp := &Response{
		Type: TypeDefault, Status: wr.Status, StatusText: wr.StatusText,
		Header: header, Body: wr.Body, Protocol: wr.Protocol,
	}
	if fp.agent.Profile.Response.SpdyResponseHeader && !http1(wr.Protocol) {
		// Deviation(Firefox): X-Firefox-Spdy on HTTP/2 responses (profile
		// SpdyResponseHeader).
		resp.Header.Append("X-Firefox-Spdy", "h2")
	}
	// Step 10 (in parallel, as the response arrives): Set-Cookie.
	if includeCredentials {
		storeCookies(fp, req, resp)
	}
	return resp, nil
}

// responseHeaderList returns the header list of the response wr as Fetch
// sees it (HTTP-network fetch step 8.5: "follow the relevant requirements
// from HTTP"). Over HTTP/1.x the spaces and tabs around a field value are
// not part of it (RFC 9112 §5) and are dropped. Over HTTP/2 and later (an
// empty protocol counts as HTTP/2) a field value that starts or ends with
// one makes the response malformed (RFC 9113 §8.2.1), and a client must not
// accept it (§8.1.1): the offending header is returned, unless padded (the
// profile's PaddedHTTP2Values) says the engine trims or keeps such values.
// A NUL, CR or LF in a value is malformed in every version.
func responseHeaderList(wr *WireResponse, padded PaddedValues) (safelist.HeaderList, *safelist.Header) {
	h1 := http1(wr.Protocol)
	l := make(safelist.HeaderList, 0, len(wr.Header))
	for i, h := range wr.Header {
		if strings.ContainsAny(h.Value, "\x00\r\n") {
			return nil, &wr.Header[i]
		}
		if v := strings.Trim(h.Value, " \t"); v != h.Value {
			switch {
			case h1 || padded == PaddedTrimmed:
				// Deviation(Chromium, Firefox): trimmed over HTTP/2 too.
				h.Value = v
			case padded == PaddedKept:
				// Deviation(WebKit): kept as received.
			default:
				return nil, &wr.Header[i]
			}
		}
		l = append(l, h)
	}
	return l, nil
}

// A ProtocolNetwork is a Network that can tell, before sending, which HTTP
// version a request to a URL would use.
type ProtocolNetwork interface {
	Network
	Protocol(u *URL) string
}

// http1 reports whether protocol names HTTP/1.x. An unknown protocol counts
// as HTTP/2.
func http1(protocol string) bool {
	return strings.HasPrefix(protocol, "HTTP/1")
}

// appendOriginHeader is [append a request `Origin` header].
//
// [append a request `Origin` header]: https://fetch.spec.whatwg.org/#append-a-request-origin-header
func appendOriginHeader(fp *fetchParams, req *Request) {
	// Step 2.
	serialized := req.SerializedOrigin()
	// Step 3: cors tainting always sends Origin.
	if req.ResponseTainting == TaintingCORS {
		req.Header.Append("Origin", serialized)
		return
	}
	// Step 4: otherwise only for methods other than GET and HEAD.
	if req.Method == "GET" || req.Method == "HEAD" {
		if fp.agent.Profile.Response.KeepOriginOnSameOriginRedirect {
			if kept, ok := sameOriginHopOrigin(fp, req); ok {
				// Deviation(WebKit): the Origin the previous hop carried
				// stays (profile KeepOriginOnSameOriginRedirect).
				req.Header.Append("Origin", kept)
				if fp.tracing {
					fp.trace(TraceStep{Anchor: "append-a-request-origin-header", Step: "4", Topic: "request.header", Subject: "Origin: " + kept, Verdict: "kept",
						Detail: "the redirect stayed within one origin, and this engine keeps the Origin header the previous hop carried, although the spec adds none to a " + req.Method + " without cors tainting"})
				}
			}
		}
		return
	}
	// Step 4.1: the referrer policy may hide it, outside cors mode.
	if req.Mode != ModeCORS {
		switch req.ReferrerPolicy {
		case "no-referrer":
			serialized = "null"
		case "no-referrer-when-downgrade", "strict-origin", "strict-origin-when-cross-origin":
			if !req.Origin.IsOpaque() && req.Origin.Scheme() == "https" && req.CurrentURL().Scheme() != "https" {
				serialized = "null"
			}
		case "same-origin":
			if !SameOrigin(req.Origin, req.CurrentURL().Origin()) {
				serialized = "null"
			}
		}
	}
	// Step 4.2.
	req.Header.Append("Origin", serialized)
}

// sameOriginHopOrigin returns the Origin header of the request sent on the
// previous hop of req's redirect chain, when req's current URL has the same
// origin as that hop's URL and it carried one.
func sameOriginHopOrigin(fp *fetchParams, req *Request) (string, bool) {
	n := len(req.URLList)
	if n < 2 || !SameOrigin(req.URLList[n-2].Origin(), req.URLList[n-1].Origin()) {
		return "", false
	}
	// The last request sent that was not a preflight is the previous
	// hop's (or, for a 421 retry, this hop's first try, which had the
	// same origin).
	ex := fp.result.Exchanges
	for i := len(ex) - 1; i >= 0; i-- {
		if !ex[i].Request.Preflight {
			return ex[i].Request.Header.Get("Origin")
		}
	}
	return "", false
}

// appendFetchMetadata appends the Fetch Metadata request headers
// (Sec-Fetch-Site, -Mode, -Dest) for a potentially trustworthy URL.
func appendFetchMetadata(req *Request) {
	url := req.CurrentURL()
	if url.Scheme() != "https" && !localhostHost(url.Host()) {
		return
	}
	site := "same-origin"
	for _, u := range req.URLList {
		switch o := u.Origin(); {
		case SameOrigin(req.Origin, o):
		case SameSite(req.Origin, o):
			if site == "same-origin" {
				site = "same-site"
			}
		default:
			site = "cross-site"
		}
	}
	dest := req.Destination
	if dest == "" {
		dest = "empty"
	}
	req.Header.Append("Sec-Fetch-Dest", dest)
	req.Header.Append("Sec-Fetch-Mode", string(req.Mode))
	req.Header.Append("Sec-Fetch-Site", site)
}

// cookieContext describes req to the cookie jar.
func cookieContext(req *Request) CookieContext {
	c := req.Client
	siteForCookies := ObtainSite(c.topLevel())
	if c.hasCrossSiteAncestor() {
		siteForCookies = Site{} // opaque: every request is cross-site
	}
	return CookieContext{
		URL:               req.CurrentURL(),
		SiteForCookies:    siteForCookies,
		TopLevelSite:      ObtainSite(c.topLevel()),
		CrossSiteRedirect: req.RedirectTaint() == TaintCrossSite,
	}
}

// appendCookieHeader is [append a request `Cookie` header].
//
// [append a request `Cookie` header]: https://fetch.spec.whatwg.org/#append-a-request-cookie-header
func appendCookieHeader(fp *fetchParams, req *Request) {
	ctx := cookieContext(req)
	value := fp.agent.Jar.CookieHeader(ctx)
	if value == "" {
		if ctx.ThirdParty() && fp.agent.Profile.Cookies.BlockThirdParty {
			fp.trace(TraceStep{Anchor: "append-a-request-cookie-header", Step: "1", Topic: "cookies.send", Subject: req.CurrentURL().Serialize(true), Verdict: "blocked",
				Detail: "third-party cookies are blocked by this engine's default settings"})
		}
		return
	}
	req.Header.Append("Cookie", value)
	if fp.tracing {
		fp.trace(TraceStep{Anchor: "append-a-request-cookie-header", Topic: "cookies.send", Subject: "Cookie: " + value, Verdict: "sent",
			Detail: "credentials are included, so the cookies stored for this URL are sent"})
	}
}

// storeCookies is [parse and store response `Set-Cookie` headers].
//
// [parse and store response `Set-Cookie` headers]: https://fetch.spec.whatwg.org/#parse-and-store-response-set-cookie-headers
func storeCookies(fp *fetchParams, req *Request, resp *Response) {
	ctx := cookieContext(req)
	for _, h := range resp.Header {
		if !equalFoldASCII(h.Name, "Set-Cookie") {
			continue
		}
		c, err := fp.agent.Jar.ParseAndStore(ctx, h.Value)
		if !fp.tracing {
			continue
		}
		if err != nil {
			fp.trace(TraceStep{Anchor: "parse-and-store-response-set-cookie-headers", Topic: "cookies.store", Subject: "Set-Cookie: " + h.Value, Verdict: "ignored",
				Detail: err.Error()})
			continue
		}
		if c.expired(fp.agent.Now()) {
			// An expiry-time in the past (Max-Age=0, an old Expires) is how
			// a server deletes a cookie: storing it replaces the cookie and
			// garbage collection removes it at once.
			fp.trace(TraceStep{Anchor: "parse-and-store-response-set-cookie-headers", Topic: "cookies.store", Subject: "Set-Cookie: " + h.Value, Verdict: "deleted",
				Detail: fmt.Sprintf("cookie %s has already expired, so storing it deletes the cookie of that name, domain and path, if there was one; done as the response arrived, whatever the CORS check will say", c.Name)})
			continue
		}
		fp.trace(TraceStep{Anchor: "parse-and-store-response-set-cookie-headers", Topic: "cookies.store", Subject: "Set-Cookie: " + h.Value, Verdict: "stored",
			Detail: fmt.Sprintf("cookie %s stored as the response arrived, whatever the CORS check will say", c.Name)})
	}
}
