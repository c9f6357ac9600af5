package fetch

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/corsim/corsim/safelist"
)

// hopMemory is what an engine remembers of a request across its redirect
// hops beyond the Fetch Standard's request, for the profile's RedirectKnobs.
// The spec's request carries nothing from one hop's decisions to the next:
// main fetch decides every hop afresh from the current method and header
// list.
type hopMemory struct {
	// scriptUnsafe is the CORS-unsafe request-header names of the
	// request's header list as it was before the first redirect changed
	// it: the list script built, with the user agent's Accept and
	// Accept-Language. Valid when kept is set.
	scriptUnsafe []string
	kept         bool
	// preflightNeeded records that a hop of this fetch took main fetch's
	// CORS-with-preflight branch (whether the preflight was sent or served
	// from the cache).
	preflightNeeded bool
	// forced records that this hop takes the preflight branch only because
	// of PreflightStaysRequired: the cache then judges it as it would a
	// request with the use-CORS-preflight flag set.
	forced bool
}

// keepScriptHeader remembers the CORS-unsafe names of req's header list
// before a redirect changes it, when the profile has a knob that reads them
// later.
func keepScriptHeader(fp *fetchParams, req *Request) {
	rules := &fp.agent.Profile.Redirect
	if req.hops.kept || !rules.PreflightStaysRequired && !rules.PreflightHeadersFromScript {
		return
	}
	req.hops.scriptUnsafe = fp.agent.unsafeHeaderNames(req.Header)
	req.hops.kept = true
}

// httpFetchRedirect is HTTP fetch step 6, for a response with a redirect
// status: what the request's redirect mode makes of it. The spec switches on
// the mode before anything reads the Location; the profile's LocationLines,
// EmptyLocation, ErrorModeNeedsLocation and LocationParsedInEveryMode change
// that.
//
// [HTTP fetch]: https://fetch.spec.whatwg.org/#concept-http-fetch
func httpFetchRedirect(fp *fetchParams, resp *Response) (*Response, *NetworkError) {
	req := fp.request
	rules := &fp.agent.Profile.Redirect
	var (
		loc      locationResult
		computed bool
	)
	location := func() locationResult {
		if !computed {
			fragment, hasFragment := req.CurrentURL().Fragment()
			loc, computed = resp.internal().locationURL(fragment, hasFragment, rules), true
		}
		return loc
	}

	// Deviation(Chromium): the Location is parsed whatever the mode
	// (knob LocationParsedInEveryMode).
	if rules.LocationParsedInEveryMode && req.Redirect != RedirectFollow && location().failure {
		return nil, locationFailure(fp, resp, location(), "this engine parses the Location whatever the redirect mode, and it cannot be used")
	}

	switch req.Redirect {
	case RedirectError:
		// Deviation(Chromium, WebKit): without a Location (or with an
		// empty one) the 3xx is no redirect (knob ErrorModeNeedsLocation).
		if rules.ErrorModeNeedsLocation {
			if l := location(); l.url == nil && !l.failure {
				fp.trace(TraceStep{Anchor: "concept-http-fetch", Step: "6.3", Topic: "redirect", Subject: strconv.Itoa(resp.Status), Verdict: "not followed",
					Detail: "the redirect mode is error, but this engine fails only a redirect that has a Location; without one the 3xx is the response"})
				return resp, nil
			}
		}
		fp.trace(TraceStep{Anchor: "concept-http-fetch", Step: "6.3", Topic: "redirect", Subject: strconv.Itoa(resp.Status), Verdict: "error",
			Detail: "the redirect mode is error"})
		nerr := fp.fail(RedirectModeError, "concept-http-fetch", "6.3")
		nerr.answered(resp)
		return nil, nerr
	case RedirectManual:
		fp.trace(TraceStep{Anchor: "concept-http-fetch", Step: "6.3", Topic: "redirect", Subject: strconv.Itoa(resp.Status), Verdict: "opaqueredirect",
			Detail: "the redirect mode is manual: script gets an opaque-redirect response (status 0, no headers)"})
		return opaqueRedirectFiltered(resp), nil
	}
	return httpRedirectFetch(fp, resp, location())
}

// locationConflict fails a response, whatever its status, whose Location
// header lines differ, under the profile's LocationLinesMustAgree; nil
// otherwise. The spec reads Location only for a redirect status, in
// HTTP-redirect fetch.
func locationConflict(fp *fetchParams, resp *Response) *NetworkError {
	if fp.agent.Profile.Redirect.LocationLines != LocationLinesMustAgree {
		return nil
	}
	values := resp.Header.Values("Location")
	if len(values) < 2 || !differ(values) {
		return nil
	}
	value := combined(resp.Header, "Location")
	fp.trace(TraceStep{Anchor: "concept-response-location-url", Step: "2", Topic: "redirect", Subject: "Location: " + value, Verdict: "fail",
		Detail: fmt.Sprintf("the response has %d Location header lines that differ; this engine fails any such response, whatever its status and the redirect mode", len(values))})
	nerr := fp.fail(RedirectLocationInvalid, "concept-response-location-url", "2")
	nerr.Header, nerr.Value, nerr.HeaderLines = "Location", value, len(values)
	nerr.answered(resp)
	return nerr
}

// differ reports whether values holds two different strings.
func differ(values []string) bool {
	for _, v := range values[1:] {
		if v != values[0] {
			return true
		}
	}
	return false
}

// locationFailure is the network error of a Location that cannot be used
// (HTTP-redirect fetch step 5).
func locationFailure(fp *fetchParams, resp *Response, loc locationResult, detail string) *NetworkError {
	fp.trace(TraceStep{Anchor: "concept-http-redirect-fetch", Step: "5", Topic: "redirect", Subject: loc.value, Verdict: "fail", Detail: detail})
	nerr := fp.fail(RedirectLocationInvalid, "concept-http-redirect-fetch", "5")
	nerr.RedirectURL = loc.value
	nerr.Header, nerr.Value = "Location", loc.value
	nerr.HeaderLines = loc.lines
	nerr.answered(resp.internal())
	return nerr
}

// redirectCheckRequest returns the request whose credentials mode the CORS
// check of resp reads (HTTP fetch step 4.4): req itself, or, for a redirect
// that the profile's CredentialedRedirectChecks checks as credentialed, a
// copy of req whose credentials mode is include.
func redirectCheckRequest(fp *fetchParams, req *Request, resp *Response) *Request {
	if !fp.agent.Profile.Redirect.CredentialedRedirectChecks || req.Credentials != CredentialsSameOrigin ||
		req.Redirect != RedirectFollow || !safelist.RedirectStatus(resp.Status) {
		return req
	}
	if v, ok := resp.Header.Get("Location"); !ok || v == "" {
		return req // not followed: checked as the final response
	}
	if !SameOrigin(req.URLList[0].Origin(), req.Origin) {
		return req
	}
	// Deviation(WebKit): knob CredentialedRedirectChecks.
	if fp.tracing {
		fp.trace(TraceStep{Anchor: "concept-cors-check", Topic: "cors-check", Subject: strconv.Itoa(resp.Status) + " " + req.CurrentURL().Serialize(true), Verdict: "credentialed",
			Detail: "the fetch began at " + req.Origin.Serialize() + " with credentials mode same-origin, and this engine CORS-checks the redirects that follow as if credentials were included: " +
				"Access-Control-Allow-Origin must be the origin itself and Access-Control-Allow-Credentials true"})
	}
	c := *req
	c.Credentials = CredentialsInclude
	return &c
}

// httpRedirectFetch is [HTTP-redirect fetch]: it checks the Location, rewrites
// the request as the status says, and runs main fetch again for the new URL.
// loc is the response's location URL, computed by the caller.
//
// [HTTP-redirect fetch]: https://fetch.spec.whatwg.org/#concept-http-redirect-fetch
func httpRedirectFetch(fp *fetchParams, resp *Response, loc locationResult) (*Response, *NetworkError) {
	// Steps 1-2.
	req := fp.request
	rules := &fp.agent.Profile.Redirect
	internal := resp.internal()
	from := req.CurrentURL()
	redirectFail := func(reason Reason, step, location, detail string) *NetworkError {
		fp.trace(TraceStep{Anchor: "concept-http-redirect-fetch", Step: step, Topic: "redirect", Subject: location, Verdict: "fail", Detail: detail})
		nerr := fp.fail(reason, "concept-http-redirect-fetch", step)
		nerr.RedirectURL = location
		nerr.answered(internal)
		return nerr
	}

	// Step 3: loc. Step 4: no Location, the redirect response is the
	// response.
	if loc.url == nil && !loc.failure && !loc.empty {
		fp.trace(TraceStep{Anchor: "concept-http-redirect-fetch", Step: "4", Topic: "redirect", Subject: strconv.Itoa(internal.Status), Verdict: "not followed",
			Detail: locationAbsentDetail(internal, rules)})
		return resp, nil
	}
	// Step 5.
	if loc.empty {
		// Deviation(WebKit): knob EmptyLocationFails.
		return nil, locationFailure(fp, resp, loc, "the Location is empty; this engine does not follow it and fails the fetch")
	}
	if loc.failure {
		return nil, locationFailure(fp, resp, loc, fmt.Sprintf("the Location %q cannot be used (several Location headers, or it does not parse)", loc.value))
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
	keepScriptHeader(fp, req)
	crossOrigin := !SameOrigin(from.Origin(), loc.url.Origin())
	// Step 12.
	switch {
	case (internal.Status == 301 || internal.Status == 302) && req.Method == "POST" ||
		internal.Status == 303 && req.Method != "GET" && req.Method != "HEAD":
		fp.trace(TraceStep{Anchor: "concept-http-redirect-fetch", Step: "12", Topic: "redirect.rewrite", Subject: fmt.Sprintf("%d %s", internal.Status, req.Method), Verdict: "GET",
			Detail: "the method becomes GET, the body is dropped, and so are the request-body headers"})
		req.Method = "GET"
		req.Body = nil
		req.Header = slices.DeleteFunc(req.Header, func(h safelist.Header) bool { return safelist.RequestBodyHeaderName(h.Name) })
	case rules.CrossOriginDeleteBecomesGET && req.Method == "DELETE" && crossOrigin:
		// Deviation(WebKit): knob CrossOriginDeleteBecomesGET.
		fp.trace(TraceStep{Anchor: "concept-http-redirect-fetch", Step: "12", Topic: "redirect.rewrite", Subject: fmt.Sprintf("%d %s", internal.Status, req.Method), Verdict: "GET",
			Detail: "the spec keeps the method, but this engine turns a DELETE redirected to another origin into a GET: the body is dropped, the headers are kept"})
		req.Method = "GET"
		req.Body = nil
	}
	// Step 13: Authorization does not cross origins.
	if crossOrigin && req.Header.Contains("Authorization") {
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

// locationAbsentDetail says why a redirect response is not followed.
func locationAbsentDetail(r *Response, rules *RedirectKnobs) string {
	if rules.EmptyLocation == EmptyLocationAbsent {
		if v, ok := r.Header.Get("Location"); ok && v == "" {
			return "the Location header is empty, and this engine takes an empty Location for none, so the 3xx is the response"
		}
	}
	return "the redirect response has no Location header, so it is the response"
}
