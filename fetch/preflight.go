package fetch

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/corsim/corsim/safelist"
)

// corsPreflightFetch is [CORS-preflight fetch]: the OPTIONS request that asks
// the server whether the actual request may be made, the checks on its answer,
// and the storing of that answer in the CORS-preflight cache. It returns nil
// when the actual request may go ahead.
//
// [CORS-preflight fetch]: https://fetch.spec.whatwg.org/#cors-preflight-fetch-0
func corsPreflightFetch(fp *fetchParams) *NetworkError {
	req := fp.request
	// Step 1: a new request, sharing the actual request's URL list (so its
	// redirect-taint and current URL), origin, referrer and mode.
	preflight := &Request{
		Method:           "OPTIONS",
		URLList:          append([]*URL(nil), req.URLList...),
		Client:           req.Client,
		Origin:           req.Origin,
		Mode:             ModeCORS,
		Credentials:      CredentialsSameOrigin, // with cors tainting: no credentials
		Redirect:         RedirectFollow,
		Destination:      req.Destination,
		Initiator:        req.Initiator,
		ReferrerPolicy:   req.ReferrerPolicy,
		ResponseTainting: TaintingCORS,
		API:              req.API,
	}
	// checked is the request the preflight's CORS check serializes the
	// origin of: the actual request, whose URL list the preflight shares.
	checked := req
	if fp.agent.Profile.Response.PreflightIgnoresRedirectTaint && len(req.URLList) > 1 {
		// Deviation(Firefox): the preflight goes to the current URL with no
		// redirect history, so neither its Origin header nor its CORS check
		// sees the taint (profile PreflightIgnoresRedirectTaint).
		preflight.URLList = preflight.URLList[len(preflight.URLList)-1:]
		c := *req
		c.URLList = preflight.URLList
		checked = &c
	}
	// Step 2.
	preflight.Header.Append("Accept", "*/*")
	if fp.agent.Profile.Request.PreflightAcceptLanguage && fp.agent.Profile.AcceptLanguage != "" {
		// Deviation(Chromium, Firefox, WebKit): the user agent's own
		// Accept-Language (knob PreflightAcceptLanguage).
		preflight.Header.Append("Accept-Language", fp.agent.Profile.AcceptLanguage)
	}
	// Step 3.
	preflight.Header.Append("Access-Control-Request-Method", req.Method)
	// Steps 4-5: the CORS-unsafe names, joined by "," without spaces.
	var unsafe []string
	if fp.agent.Profile.Redirect.PreflightHeadersFromScript && req.hops.kept {
		// Deviation(WebKit): the names script gave, not the current ones
		// (knob PreflightHeadersFromScript).
		unsafe = req.hops.scriptUnsafe
	} else {
		unsafe = fp.unsafe
	}
	if len(unsafe) > 0 {
		preflight.Header.Append("Access-Control-Request-Headers", strings.Join(unsafe, ","))
	}
	if fp.tracing {
		detail := preflightRequestDetail(req.Method, unsafe)
		if checked != req && checked.SerializedOrigin() != req.SerializedOrigin() {
			detail += "; this engine sends it as a new request to the current URL, without the redirects before it," +
				" so its Origin is " + checked.SerializedOrigin() + " where the spec's copy of the URL list gives " + req.SerializedOrigin()
		}
		fp.trace(TraceStep{Anchor: "cors-preflight-fetch-0", Step: "1-5", Topic: "preflight.request",
			Subject: "OPTIONS " + req.CurrentURL().Serialize(true), Verdict: "built", Detail: detail})
	}

	// Step 6.
	resp, nerr := networkOrCache(fp, preflight, true, false)
	if nerr != nil {
		nerr.Method, nerr.Preflight = req.Method, true
		return nerr
	}

	// Step 7: the CORS check, with the actual request's credentials mode,
	// and an ok status.
	if nerr := corsCheck(fp, checked, resp, true); nerr != nil {
		return nerr
	}
	if !safelist.OKStatus(resp.Status) {
		reason, detail := CORSPreflightDidNotSucceed, "the preflight response's status is not an ok status (200-299)"
		if safelist.RedirectStatus(resp.Status) {
			reason, detail = CORSPreflightRedirect, "a preflight is never redirected; a redirect status fails it"
		}
		fp.trace(TraceStep{Anchor: "cors-preflight-fetch-0", Step: "7", Topic: "preflight.status", Subject: fmt.Sprint(resp.Status), Verdict: "fail", Detail: detail})
		nerr := fp.fail(reason, "cors-preflight-fetch-0", "7")
		nerr.Preflight = true
		nerr.answered(resp)
		return nerr
	}
	if fp.tracing {
		fp.trace(TraceStep{Anchor: "cors-preflight-fetch-0", Step: "7", Topic: "preflight.status", Subject: strconv.Itoa(resp.Status), Verdict: "pass",
			Detail: "the preflight passed the CORS check and has an ok status"})
	}

	// Steps 7.1-7.3.
	methodValues := resp.Header.Values("Access-Control-Allow-Methods")
	headerValues := resp.Header.Values("Access-Control-Allow-Headers")
	methods, me := safelist.ExtractMethods(methodValues)
	headerNames, he := safelist.ExtractHeaderNames(headerValues)
	preflightFail := func(reason Reason, step, header, values, detail string) *NetworkError {
		fp.trace(TraceStep{Anchor: "cors-preflight-fetch-0", Step: step, Topic: "preflight.check", Subject: header + ": " + values, Verdict: "fail", Detail: detail})
		nerr := fp.fail(reason, "cors-preflight-fetch-0", step)
		nerr.Preflight, nerr.Value = true, values
		nerr.answered(resp)
		return nerr
	}
	if me == safelist.Failure {
		return preflightFail(CORSInvalidAllowMethod, "7.3", "Access-Control-Allow-Methods", strings.Join(methodValues, ", "),
			"Access-Control-Allow-Methods is not a comma-separated list of methods")
	}
	if he == safelist.Failure {
		nerr := preflightFail(CORSInvalidAllowHeader, "7.3", "Access-Control-Allow-Headers", strings.Join(headerValues, ", "),
			"Access-Control-Allow-Headers is not a comma-separated list of header names")
		return nerr
	}
	// Step 7.4.
	// Deviation(Chromium, Firefox, WebKit): no engine takes this step
	// (profile AbsentAllowMethodsAllowsNone).
	methodFromFlag := me == safelist.Absent && req.UseCORSPreflight && !fp.agent.Profile.Response.AbsentAllowMethodsAllowsNone
	if methodFromFlag {
		methods = []string{req.Method}
	}
	include := req.Credentials == CredentialsInclude
	allowedMethods := strings.Join(methodValues, ", ")
	allowedHeaders := strings.Join(headerValues, ", ")
	store := func() {
		age := fp.agent.Profile.Cache.ParseMaxAge(resp.Header.Values("Access-Control-Max-Age"))
		key := fp.cacheKey()
		st := fp.agent.Cache.Store(key, include, methods, headerNames, age)
		if !fp.tracing {
			return
		}
		fp.trace(TraceStep{Anchor: "cors-preflight-fetch-0", Step: "7.8-7.15", Topic: "cache.store",
			Subject: "Access-Control-Max-Age: " + strings.Join(resp.Header.Values("Access-Control-Max-Age"), ", "),
			Verdict: storeVerdict(age.Store, st.Skipped.String()),
			Detail:  fmt.Sprintf("max-age %s (%s); %s created, %d refreshed", age.Duration, age.Source, entries(st.Created), st.Refreshed)})
	}

	// Step 7.5: the method.
	if !slices.Contains(methods, req.Method) && !safelist.SafelistedMethod(req.Method) && (include || !slices.Contains(methods, "*")) {
		if fp.agent.Profile.Cache.CacheFailedPreflight {
			store() // Deviation(WebKit): the result is stored before the checks.
		}
		detail := fmt.Sprintf("the method %s is not in Access-Control-Allow-Methods (compared byte for byte)", req.Method)
		if include && slices.Contains(methods, "*") {
			detail += "; `*` is no wildcard for a request with credentials"
		}
		if me == safelist.Absent && req.UseCORSPreflight {
			detail += "; there is none, and this engine does not let the use-CORS-preflight flag stand for the request's method (step 7.4)"
		}
		nerr := preflightFail(CORSMethodNotFound, "7.5", "Access-Control-Allow-Methods", allowedMethods, detail)
		nerr.Header, nerr.HeaderLines = "Access-Control-Allow-Methods", len(methodValues)
		return nerr
	}
	if fp.tracing {
		fp.trace(TraceStep{Anchor: "cors-preflight-fetch-0", Step: "7.5", Topic: "preflight.check", Subject: "method " + req.Method, Verdict: "pass",
			Detail: methodPassDetail(req.Method, methods, include, methodFromFlag)})
	}

	// Step 7.6: Authorization must be listed by name.
	// Deviation(Chromium, Firefox, WebKit): `*` covers it for a request
	// without credentials (profile WildcardAllowHeadersCoversAuthorization).
	starCoversAll := fp.agent.Profile.Response.WildcardAllowHeadersCoversAuthorization && !include && slices.Contains(headerNames, "*")
	for _, h := range req.Header {
		if starCoversAll {
			break
		}
		if safelist.NonWildcardRequestHeaderName(h.Name) && !containsFold(headerNames, h.Name) {
			if fp.agent.Profile.Cache.CacheFailedPreflight {
				store()
			}
			nerr := preflightFail(CORSMissingAllowHeaderFromPreflight, "7.6", "Access-Control-Allow-Headers", allowedHeaders,
				fmt.Sprintf("%s must be listed by name in Access-Control-Allow-Headers; `*` does not cover it", h.Name))
			nerr.Header = h.Name
			return nerr
		}
	}
	if starCoversAll && fp.tracing {
		for _, h := range req.Header {
			if safelist.NonWildcardRequestHeaderName(h.Name) && !containsFold(headerNames, h.Name) {
				fp.trace(TraceStep{Anchor: "cors-preflight-fetch-0", Step: "7.6", Topic: "preflight.check", Subject: h.Name, Verdict: "pass",
					Detail: "this engine lets Access-Control-Allow-Headers `*` cover " + h.Name + " for a request without credentials; the spec requires it listed by name"})
				break
			}
		}
	}
	// Step 7.7: every CORS-unsafe name.
	for _, name := range unsafe {
		if !containsFold(headerNames, name) && (include || !slices.Contains(headerNames, "*")) {
			if fp.agent.Profile.Cache.CacheFailedPreflight {
				store()
			}
			detail := fmt.Sprintf("the header %s is not in Access-Control-Allow-Headers", name)
			if include && slices.Contains(headerNames, "*") {
				detail += "; `*` is no wildcard for a request with credentials"
			}
			nerr := preflightFail(CORSMissingAllowHeaderFromPreflight, "7.7", "Access-Control-Allow-Headers", allowedHeaders, detail)
			nerr.Header = name
			return nerr
		}
	}
	if len(unsafe) > 0 && fp.tracing {
		fp.trace(TraceStep{Anchor: "cors-preflight-fetch-0", Step: "7.7", Topic: "preflight.check", Subject: strings.Join(unsafe, ","), Verdict: "pass",
			Detail: "every CORS-unsafe request-header name is allowed"})
	}

	// Steps 7.8-7.15: max-age and the cache.
	store()
	// Step 7.16.
	return nil
}

func preflightRequestDetail(method string, unsafe []string) string {
	s := "OPTIONS with Access-Control-Request-Method: " + method
	if len(unsafe) > 0 {
		s += " and Access-Control-Request-Headers: " + strings.Join(unsafe, ",")
	}
	return s + "; no cookies, no author headers"
}

// methodPassDetail says why step 7.5 let the method through; fromFlag
// reports that step 7.4 made the request's method the whole list.
func methodPassDetail(method string, methods []string, include, fromFlag bool) string {
	switch {
	case fromFlag:
		return "there is no Access-Control-Allow-Methods, and as the use-CORS-preflight flag is set the request's own method stands for the list (step 7.4)"
	case slices.Contains(methods, method):
		return "the method is listed in Access-Control-Allow-Methods"
	case safelist.SafelistedMethod(method):
		return "the method is CORS-safelisted, so it needs no listing"
	}
	return "Access-Control-Allow-Methods has `*` and the request has no credentials"
}

// entries says how many cache entries, in words: "1 entry", "5 entries".
func entries(n int) string {
	if n == 1 {
		return "1 entry"
	}
	return strconv.Itoa(n) + " entries"
}

func storeVerdict(stored bool, skipped string) string {
	if !stored {
		return "not cached"
	}
	if skipped != "" && skipped != "stored" {
		return skipped
	}
	return "cached"
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if equalFoldASCII(x, s) {
			return true
		}
	}
	return false
}
