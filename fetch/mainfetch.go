package fetch

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/corsim/corsim/safelist"
)

// mainFetch is [main fetch]. With recursive set (a redirect hop) it returns
// the unfiltered response; otherwise it applies the final filter.
//
// [main fetch]: https://fetch.spec.whatwg.org/#concept-main-fetch
func mainFetch(fp *fetchParams, recursive bool) (*Response, *NetworkError) {
	// Step 1.
	req := fp.request
	url := req.CurrentURL()

	// Step 3: the local-URLs-only flag is never set for fetch() and XHR.
	// Steps 4-6: CSP and upgrades are not modelled.
	// TODO(spec step 5-6): upgrade-insecure-requests and mixed-content
	// autoupgrades (they do not apply to fetch() and XHR destinations).

	// Step 7: early blocks, before anything is sent.
	if req.CurrentURL().IsHTTPScheme() && BlockBadPort(url) {
		fp.trace(TraceStep{Anchor: "block-bad-port", Topic: "main-fetch.block", Subject: url.Serialize(true), Verdict: "blocked",
			Detail: "the port is on the Fetch Standard's bad-port list"})
		return nil, fp.fail(BadPort, "concept-main-fetch", "7")
	}
	if mixedContent(req.Client, url) {
		fp.trace(TraceStep{Anchor: "concept-main-fetch", Step: "7", Topic: "main-fetch.block", Subject: url.Serialize(true), Verdict: "blocked",
			Detail: "a secure page may not fetch a URL that is not potentially trustworthy (mixed content)"})
		return nil, fp.fail(MixedContent, "concept-main-fetch", "7")
	}

	// Step 8: the referrer policy defaults to the client's
	// (strict-origin-when-cross-origin unless the page says otherwise).
	if req.ReferrerPolicy == "" {
		req.ReferrerPolicy = "strict-origin-when-cross-origin"
	}
	// TODO(spec step 9): the Referer header is not modelled.
	// TODO(spec step 10): HSTS and HTTPS DNS records are not modelled; an
	// http URL stays http.

	// Step 12: choose how to fetch.
	var (
		resp *Response
		nerr *NetworkError
	)
	switch {
	case SameOrigin(url.Origin(), req.Origin) && req.ResponseTainting == TaintingBasic ||
		url.Scheme() == "data" || req.Mode == ModeNavigate:
		if fp.tracing {
			fp.trace(TraceStep{Anchor: "concept-main-fetch", Step: "12", Topic: "main-fetch.branch", Subject: url.Serialize(true), Verdict: "basic",
				Detail: branchDetail(req, url)})
		}
		req.ResponseTainting = TaintingBasic
		resp, nerr = schemeFetch(fp)

	case req.Mode == ModeSameOrigin:
		fp.trace(TraceStep{Anchor: "concept-main-fetch", Step: "12", Topic: "main-fetch.branch", Subject: url.Serialize(true), Verdict: "blocked",
			Detail: fmt.Sprintf("mode is same-origin but %s is not same origin with %s", url.Origin().Serialize(), req.Origin.Serialize())})
		return nil, fp.fail(SameOriginModeCrossOrigin, "concept-main-fetch", "12")

	case req.Mode == ModeNoCORS:
		if req.Redirect != RedirectFollow {
			fp.trace(TraceStep{Anchor: "concept-main-fetch", Step: "12", Topic: "main-fetch.branch", Subject: string(req.Redirect), Verdict: "blocked",
				Detail: "a no-cors request must use the redirect mode follow"})
			return nil, fp.fail(NoCORSRedirectMode, "concept-main-fetch", "12")
		}
		fp.trace(TraceStep{Anchor: "concept-main-fetch", Step: "12", Topic: "main-fetch.branch", Subject: url.Serialize(true), Verdict: "opaque",
			Detail: "a cross-origin no-cors request: no CORS check, and script gets an opaque response"})
		req.ResponseTainting = TaintingOpaque
		resp, nerr = schemeFetch(fp)

	case !url.IsHTTPScheme():
		fp.trace(TraceStep{Anchor: "concept-main-fetch", Step: "12", Topic: "main-fetch.branch", Subject: url.Serialize(true), Verdict: "blocked",
			Detail: "a cross-origin CORS request can only be made to an http or https URL"})
		return nil, fp.fail(CORSRequestNotHttp, "concept-main-fetch", "12")

	default:
		// A cross-origin request in cors mode: the preflight decision, on
		// the flags, the method and each header of the header list.
		unsafe := classifyRequestHeaders(fp)
		fp.unsafe = unsafe
		req.ResponseTainting = TaintingCORS
		preflight := req.UseCORSPreflight || req.UnsafeRequest && (!safelist.SafelistedMethod(req.Method) || len(unsafe) > 0)
		sticky := !preflight && stickyPreflight(fp)
		req.hops.forced = sticky
		if sticky {
			preflight = true
			if fp.tracing {
				fp.trace(TraceStep{Anchor: "concept-main-fetch", Step: "12", Topic: "main-fetch.branch", Subject: url.Serialize(true), Verdict: "cors-with-preflight",
					Detail: "the spec would send this hop without a preflight, but this engine keeps a request preflighted across redirects once a hop needed one or script's headers held a CORS-unsafe one"})
			}
		}
		if preflight && req.UnsafeRequest {
			req.hops.preflightNeeded = true
		}
		if !preflight {
			fp.trace(TraceStep{Anchor: "concept-main-fetch", Step: "12", Topic: "main-fetch.branch", Subject: url.Serialize(true), Verdict: "cors",
				Detail: "a cross-origin request with a CORS-safelisted method and only CORS-safelisted headers: no preflight, but the response is CORS-checked"})
			resp, nerr = httpFetch(fp, false)
			break
		}
		if fp.tracing && !sticky {
			fp.trace(TraceStep{Anchor: "concept-main-fetch", Step: "12", Topic: "main-fetch.branch", Subject: url.Serialize(true), Verdict: "cors-with-preflight",
				Detail: preflightBranchDetail(req, unsafe)})
		}
		resp, nerr = httpFetch(fp, true)
		if nerr != nil {
			// Step 12, preflight branch: a network error clears the cache
			// entries for the request's current URL.
			clearOnPreflightBranchError(fp)
		}
	}

	// Step 13.
	if recursive || nerr != nil {
		return resp, nerr
	}
	return finishMainFetch(fp, resp)
}

// finishMainFetch is main fetch's steps 14 to 22 on the final response.
func finishMainFetch(fp *fetchParams, resp *Response) (*Response, *NetworkError) {
	req := fp.request
	// Steps 16-17, done before filtering because a filtered response shows
	// its internal response's URL list (but an opaque one, which has none).
	internal := resp.internal()
	if len(internal.URLList) == 0 {
		internal.URLList = append([]*URL(nil), req.URLList...)
	}
	internal.RedirectTaint = req.RedirectTaint()

	// Step 14: filter, unless a filtered response came back already
	// (opaque-redirect).
	if resp.Internal == nil {
		if req.ResponseTainting == TaintingCORS {
			exposeHeaders(fp, resp)
		}
		switch req.ResponseTainting {
		case TaintingBasic:
			resp = basicFiltered(resp)
		case TaintingCORS:
			resp = corsFiltered(resp)
		case TaintingOpaque:
			resp = opaqueFiltered(resp)
		}
	}
	resp.RedirectTaint = internal.RedirectTaint

	// Step 20: MIME-type and nosniff blocking apply to script-like and
	// media destinations only; fetch() and XHR have the empty destination,
	// so neither ever blocks here. Mixed content and CSP were checked at
	// step 7.

	// Step 21: the opaque range-response safeguard.
	if resp.Type == TypeOpaque && safelist.RangeStatus(internal.Status) && internal.RangeRequested && !req.Header.Contains("Range") {
		nerr := fp.fail(OpaqueRangeResponse, "concept-main-fetch", "21")
		nerr.answered(internal)
		return nil, nerr
	}

	// Step 22: HEAD and null body statuses have no body.
	if req.Method == "HEAD" || req.Method == "CONNECT" || safelist.NullBodyStatus(internal.Status) {
		internal.Body = nil
		if resp != internal {
			resp.Body = nil
		}
	}
	// TODO(spec step 23): integrity metadata is not modelled (fetch() with
	// integrity is not in corsim's request model).
	return resp, nil
}

func branchDetail(req *Request, url *URL) string {
	switch {
	case url.Scheme() == "data":
		return "a data: URL is fetched directly and its response is basic"
	case req.Mode == ModeNavigate:
		return "a navigation is never CORS-checked"
	}
	return fmt.Sprintf("%s is same origin with the request's origin %s: no CORS, every header but Set-Cookie readable", url.Origin().Serialize(), req.Origin.Serialize())
}

// stickyPreflight reports whether the profile's PreflightStaysRequired
// sends this hop down the preflight branch though the spec would not: an
// earlier hop of the same fetch needed a preflight, or the header list script
// gave the request holds a CORS-unsafe request-header.
func stickyPreflight(fp *fetchParams) bool {
	req := fp.request
	if !fp.agent.Profile.Redirect.PreflightStaysRequired || !req.UnsafeRequest {
		return false
	}
	if req.hops.preflightNeeded {
		return true
	}
	return len(req.hops.scriptUnsafe) > 0
}

// preflightBranchDetail says why main fetch takes the preflight branch.
func preflightBranchDetail(req *Request, unsafe []string) string {
	var why []string
	if req.UseCORSPreflight {
		why = append(why, "the use-CORS-preflight flag is set")
	}
	if req.UnsafeRequest && !safelist.SafelistedMethod(req.Method) {
		why = append(why, fmt.Sprintf("the method %s is not CORS-safelisted", req.Method))
	}
	if req.UnsafeRequest && len(unsafe) > 0 {
		why = append(why, "CORS-unsafe request-header names: "+strings.Join(unsafe, ","))
	}
	return "a preflight may be needed: " + strings.Join(why, "; ")
}

// mixedContent reports whether a request from client to url is blockable
// mixed content: the client is a secure context and url is not potentially
// trustworthy (Mixed Content, "should fetching request be blocked as mixed
// content"; fetch() and XHR are blockable).
func mixedContent(c *Client, url *URL) bool {
	if !secureContext(c) {
		return false
	}
	switch url.Scheme() {
	case "http", "ws":
		return !localhostHost(url.Host())
	}
	return false
}

// secureContext approximates HTML's secure context for the client: its
// origin (or, when opaque, its top-level origin) is https, wss, or localhost.
func secureContext(c *Client) bool {
	o := c.Origin
	if o.IsOpaque() {
		o = c.topLevel()
	}
	if o.IsOpaque() {
		return false
	}
	switch o.Scheme() {
	case "https", "wss":
		return true
	case "http", "ws":
		return localhostHost(o.Host())
	}
	return false
}

// localhostHost reports whether host (a serialized host) is potentially
// trustworthy by name or address (Secure Contexts, "is origin potentially
// trustworthy?"): a localhost name, or an address in 127.0.0.0/8 or ::1/128.
// A domain that merely starts with "127." is neither.
func localhostHost(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	// A serialized host is an address only when it starts with a digit
	// (IPv4) or "[" (IPv6); a domain skips the parse, whose error
	// allocates.
	if host == "" || host[0] != '[' && (host[0] < '0' || host[0] > '9') {
		return false
	}
	addr, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	return err == nil && addr.IsLoopback()
}
