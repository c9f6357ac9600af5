package fetch

import (
	"fmt"
	"strconv"

	"github.com/corsim/corsim/safelist"
)

// httpRedirectFetch is [HTTP-redirect fetch]: it checks the Location, rewrites
// the request as the status says, and runs main fetch again for the new URL.
//
// [HTTP-redirect fetch]: https://fetch.spec.whatwg.org/#concept-http-redirect-fetch
func httpRedirectFetch(fp *fetchParams, resp *Response) (*Response, *NetworkError) {
	// Steps 1-2.
	req := fp.request
	internal := resp.internal()
	from := req.CurrentURL()
	redirectFail := func(reason Reason, step, location, detail string) *NetworkError {
		fp.trace(TraceStep{Anchor: "concept-http-redirect-fetch", Step: step, Topic: "redirect", Subject: location, Verdict: "fail", Detail: detail})
		nerr := fp.fail(reason, "concept-http-redirect-fetch", step)
		nerr.RedirectURL = location
		nerr.answered(internal)
		return nerr
	}

	// Step 3.
	fragment, hasFragment := from.Fragment()
	loc := internal.locationURL(fragment, hasFragment)
	// Step 4: no Location, the redirect response is the response.
	if loc.url == nil && !loc.failure {
		fp.trace(TraceStep{Anchor: "concept-http-redirect-fetch", Step: "4", Topic: "redirect", Subject: strconv.Itoa(internal.Status), Verdict: "not followed",
			Detail: "the redirect response has no Location header, so it is the response"})
		return resp, nil
	}
	// Step 5.
	if loc.failure {
		nerr := redirectFail(RedirectLocationInvalid, "5", loc.value, fmt.Sprintf("the Location %q cannot be used (several Location headers, or it does not parse)", loc.value))
		nerr.Header, nerr.Value = "Location", loc.value
		nerr.HeaderLines = len(internal.Header.Values("Location"))
		return nil, nerr
	}
	location := loc.url.Serialize(false)
	// Step 6.
	if !loc.url.IsHTTPScheme() {
		return nil, redirectFail(RedirectNotHTTP, "6", location, "a redirect may only lead to an http or https URL")
	}
	// Steps 7-8.
	if req.RedirectCount == 20 {
		return nil, redirectFail(TooManyRedirects, "7", location, "20 redirects were followed already; the 21st is a network error")
	}
	req.RedirectCount++
	// Step 9.
	if req.Mode == ModeCORS && loc.url.HasCredentials() && !SameOrigin(req.Origin, loc.url.Origin()) {
		return nil, redirectFail(CORSRedirectCredentials, "9", location, "a CORS request may not be redirected to a URL with credentials of another origin")
	}
	// Step 10.
	if req.ResponseTainting == TaintingCORS && loc.url.HasCredentials() {
		return nil, redirectFail(CORSRedirectCredentials, "10", location, "a CORS-tainted request may not be redirected to a URL with credentials")
	}
	// Step 11.
	if internal.Status != 303 && req.Body != nil && req.Body.Stream {
		return nil, redirectFail(RedirectStreamBody, "11", location, "a body read from a stream cannot be sent again, so only a 303 can be followed")
	}
	// Step 12.
	if (internal.Status == 301 || internal.Status == 302) && req.Method == "POST" ||
		internal.Status == 303 && req.Method != "GET" && req.Method != "HEAD" {
		fp.trace(TraceStep{Anchor: "concept-http-redirect-fetch", Step: "12", Topic: "redirect.rewrite", Subject: fmt.Sprintf("%d %s", internal.Status, req.Method), Verdict: "GET",
			Detail: "the method becomes GET, the body is dropped, and so are the request-body headers"})
		req.Method = "GET"
		req.Body = nil
		kept := req.Header[:0]
		for _, h := range req.Header {
			if !safelist.RequestBodyHeaderName(h.Name) {
				kept = append(kept, h)
			}
		}
		req.Header = kept
	}
	// Step 13: Authorization does not cross origins.
	if !SameOrigin(from.Origin(), loc.url.Origin()) && req.Header.Contains("Authorization") {
		req.Header.Delete("Authorization")
		fp.trace(TraceStep{Anchor: "concept-http-redirect-fetch", Step: "13", Topic: "redirect.rewrite", Subject: "Authorization", Verdict: "removed",
			Detail: "the redirect leaves the origin, so the Authorization header is removed for the rest of the chain"})
	}
	// Step 14: a body with a source is extracted again (the bytes are kept).
	// Step 18.
	req.URLList = append(req.URLList, loc.url)
	if fp.tracing {
		fp.trace(TraceStep{Anchor: "concept-http-redirect-fetch", Step: "18", Topic: "redirect", Subject: location, Verdict: "follow",
			Detail: fmt.Sprintf("redirect %d of 20 (status %d); main fetch runs again for the new URL", req.RedirectCount, internal.Status)})
	}
	// TODO(spec step 19): the Referrer-Policy of the redirect response is not
	// modelled.
	// Steps 20-22: main fetch again (recursive: no service workers, manual
	// redirects only for navigations).
	return mainFetch(fp, true)
}
