package fetch

import (
	"fmt"
	"strings"

	"github.com/corsim/corsim/preflightcache"
	"github.com/corsim/corsim/safelist"
)

// httpFetch is [HTTP fetch]: the preflight decision and the cache lookup, the
// request itself, the CORS check on what comes back, and redirects.
//
// [HTTP fetch]: https://fetch.spec.whatwg.org/#concept-http-fetch
func httpFetch(fp *fetchParams, makeCORSPreflight bool) (*Response, *NetworkError) {
	req := fp.request
	// Step 3: no service workers in corsim.

	// Step 4.1: the preflight, unless the cache covers the request.
	if makeCORSPreflight {
		if needsPreflight(fp) {
			if nerr := corsPreflightFetch(fp); nerr != nil {
				// Step 4.1.2.
				return nil, nerr
			}
		}
	}
	// Step 4.2: nothing to do without service workers.

	// Step 4.3.
	resp, nerr := httpNetworkOrCacheFetch(fp)
	if nerr != nil {
		return nil, nerr
	}

	// Step 4.4: every response of a cors-tainted request is CORS-checked,
	// redirects and errors included.
	if req.ResponseTainting == TaintingCORS {
		if fail := corsCheck(fp, req, resp, false); fail != nil {
			if fp.agent.Profile.Cache.ClearOnError == preflightcache.ClearOnAnyCORSError {
				// Deviation(Firefox): any failed CORS check clears the
				// URL's cached preflights (policy ClearOnAnyCORSError).
				fp.agent.Cache.Clear(fp.cacheKey())
			}
			return nil, fail
		}
	}
	// Step 4.5: the TAO check only decides what timing data is exposed.
	if req.ResponseTainting == TaintingCORS && !resp.Header.Contains("Timing-Allow-Origin") {
		fp.trace(TraceStep{Anchor: "concept-tao-check", Topic: "tao-check", Verdict: "fail (harmless)",
			Detail: "no Timing-Allow-Origin: Resource Timing details are hidden, the response itself is not"})
	}

	// Step 5: Cross-Origin-Resource-Policy for opaque responses.
	if req.ResponseTainting == TaintingOpaque {
		if value, blocked := corpBlocks(req, resp); blocked {
			fp.trace(TraceStep{Anchor: "cross-origin-resource-policy-check", Topic: "corp-check", Subject: "Cross-Origin-Resource-Policy: " + value, Verdict: "blocked",
				Detail: "the resource allows only " + value + " requesters"})
			nerr := fp.fail(CORPBlocked, "concept-http-fetch", "5")
			nerr.Value = value
			nerr.answered(resp)
			return nil, nerr
		}
	}

	// Step 6: redirects.
	if safelist.RedirectStatus(resp.Status) {
		switch req.Redirect {
		case RedirectError:
			fp.trace(TraceStep{Anchor: "concept-http-fetch", Step: "6.3", Topic: "redirect", Subject: fmt.Sprint(resp.Status), Verdict: "error",
				Detail: "the redirect mode is error"})
			nerr := fp.fail(RedirectModeError, "concept-http-fetch", "6.3")
			nerr.answered(resp)
			return nil, nerr
		case RedirectManual:
			fp.trace(TraceStep{Anchor: "concept-http-fetch", Step: "6.3", Topic: "redirect", Subject: fmt.Sprint(resp.Status), Verdict: "opaqueredirect",
				Detail: "the redirect mode is manual: script gets an opaque-redirect response (status 0, no headers)"})
			return opaqueRedirectFiltered(resp), nil
		default:
			return httpRedirectFetch(fp, resp)
		}
	}
	// Step 7.
	return resp, nil
}

// needsPreflight asks the cache whether the request needs a preflight (HTTP
// fetch step 4.1) and traces the answer.
func needsPreflight(fp *fetchParams) bool {
	req := fp.request
	unsafe := fp.agent.unsafeHeaderNames(req.Header)
	d := fp.agent.Cache.Lookup(preflightcache.Query{
		Key:               fp.cacheKey(),
		Include:           req.Credentials == CredentialsInclude,
		Method:            req.Method,
		UseCORSPreflight:  req.UseCORSPreflight,
		UnsafeHeaderNames: unsafe,
	})
	if !fp.tracing {
		return d.Preflight
	}
	subject := req.Method
	if len(unsafe) > 0 {
		subject += " + " + strings.Join(unsafe, ",")
	}
	step := TraceStep{Anchor: "concept-http-fetch", Step: "4.1", Topic: "cache.lookup", Subject: subject}
	if d.Preflight {
		step.Verdict = "miss"
		step.Detail = "no usable CORS-preflight cache entry (" + d.Reason.String()
		if d.Name != "" {
			step.Detail += ": " + d.Name
		}
		step.Detail += "), so a preflight is sent"
		if d.Dropped {
			step.Detail += "; the cached result that did not cover it was dropped"
		}
	} else {
		step.Verdict = "hit"
		step.Detail = "the CORS-preflight cache covers the method and every CORS-unsafe header name, so no preflight is sent (" + d.Reason.String() + ")"
	}
	fp.trace(step)
	return d.Preflight
}

// cacheKey is the request's CORS-preflight cache key under the profile.
func (fp *fetchParams) cacheKey() preflightcache.Key {
	req := fp.request
	policy := fp.agent.Profile.Cache
	var k preflightcache.Key
	if policy.PartitionByTopOrigin {
		// Deviation(WebKit): keyed by the top-level origin (policy
		// PartitionByTopOrigin).
		k.Partition = req.Client.topLevel().Serialize()
		if req.Client.topLevel().IsOpaque() {
			k.Partition = req.Client.PartitionKey().String()
		}
	} else {
		k.Partition = req.Client.PartitionKey().String()
	}
	if policy.KeyOriginIgnoresTaint {
		// Deviation(Chromium, Firefox): keyed by the page's origin, tainted
		// or not (policy KeyOriginIgnoresTaint); opaque origins kept apart.
		k.Origin = req.Origin.Serialize()
		if req.Origin.IsOpaque() {
			k.Origin = "null#" + req.Origin.opaqueID()
		}
	} else {
		k.Origin = req.SerializedOrigin()
	}
	k.URL = req.CurrentURL().Serialize(false)
	return k
}

// corsCheck is the [CORS check] of resp for req; the preflight's check uses
// the actual request (its credentials mode). It returns nil on success.
//
// [CORS check]: https://fetch.spec.whatwg.org/#concept-cors-check
func corsCheck(fp *fetchParams, req *Request, resp *Response, preflight bool) *NetworkError {
	fail := func(reason Reason, step, value, detail string) *NetworkError {
		fp.trace(TraceStep{Anchor: "concept-cors-check", Step: step, Topic: "cors-check", Subject: "Access-Control-Allow-Origin: " + value, Verdict: "fail", Detail: detail})
		nerr := fp.fail(reason, "concept-cors-check", step)
		nerr.Preflight, nerr.Value = preflight, value
		nerr.Header = "Access-Control-Allow-Origin"
		nerr.answered(resp)
		return nerr
	}
	// Step 1.
	origin, ok := resp.Header.Get("Access-Control-Allow-Origin")
	// Step 2.
	if !ok {
		return fail(CORSMissingAllowOrigin, "2", "", "the response has no Access-Control-Allow-Origin header")
	}
	include := req.Credentials == CredentialsInclude
	// Step 3.
	if !include && origin == "*" {
		fp.trace(TraceStep{Anchor: "concept-cors-check", Step: "3", Topic: "cors-check", Subject: "Access-Control-Allow-Origin: *", Verdict: "pass",
			Detail: "`*` allows any origin for a request without credentials"})
		return nil
	}
	// Step 4.
	serialized := req.SerializedOrigin()
	if origin != serialized {
		switch {
		case include && origin == "*":
			return fail(CORSNotSupportingCredentials, "4", origin, "`*` cannot be used when the request's credentials mode is include")
		case len(resp.Header.Values("Access-Control-Allow-Origin")) > 1 || strings.Contains(origin, ","):
			return fail(CORSMultipleAllowOriginNotAllowed, "4", origin,
				fmt.Sprintf("the combined value %q holds several values and cannot equal %q", origin, serialized))
		default:
			return fail(CORSAllowOriginNotMatchingOrigin, "4", origin,
				fmt.Sprintf("%q is not byte for byte the request's serialized origin %q", origin, serialized))
		}
	}
	// Step 5.
	if !include {
		if fp.tracing {
			fp.trace(TraceStep{Anchor: "concept-cors-check", Step: "5", Topic: "cors-check", Subject: "Access-Control-Allow-Origin: " + origin, Verdict: "pass",
				Detail: "the value is the request's origin, and the request has no credentials"})
		}
		return nil
	}
	// Step 6.
	creds, hasCreds := resp.Header.Get("Access-Control-Allow-Credentials")
	// Step 7: the test that decides, whichever way it goes (step 8 only
	// returns failure).
	if creds == "true" {
		fp.trace(TraceStep{Anchor: "concept-cors-check", Step: "7", Topic: "cors-check", Subject: "Access-Control-Allow-Credentials: true", Verdict: "pass",
			Detail: "the value is the request's origin and credentials are allowed"})
		return nil
	}
	detail := "a request with credentials needs Access-Control-Allow-Credentials: true"
	if hasCreds {
		detail = fmt.Sprintf("Access-Control-Allow-Credentials is %q, not exactly `true`", creds)
	}
	fp.trace(TraceStep{Anchor: "concept-cors-check", Step: "7", Topic: "cors-check", Subject: "Access-Control-Allow-Credentials: " + creds, Verdict: "fail", Detail: detail})
	nerr := fp.fail(CORSMissingAllowCredentials, "concept-cors-check", "7")
	nerr.Preflight, nerr.Header, nerr.Value = preflight, "Access-Control-Allow-Credentials", creds
	nerr.answered(resp)
	return nerr
}

// corpBlocks runs the [cross-origin resource policy check] for an opaque
// response (with no embedder policy: COEP is not modelled) and returns the
// policy value when it blocks.
//
// [cross-origin resource policy check]: https://fetch.spec.whatwg.org/#cross-origin-resource-policy-check
func corpBlocks(req *Request, resp *Response) (string, bool) {
	// Internal check step: the header, as a single exact token.
	policy, ok := resp.Header.Get("Cross-Origin-Resource-Policy")
	if !ok {
		return "", false
	}
	origin := req.Origin
	respOrigin := resp.URL().Origin()
	switch policy {
	case "same-origin":
		return policy, !SameOrigin(origin, respOrigin)
	case "same-site":
		if !SchemelesslySameSite(origin, respOrigin) {
			return policy, true
		}
		return policy, !(origin.Scheme() == "https" || respOrigin.Scheme() != "https")
	}
	// `cross-origin`, or anything else (several values combined, a typo):
	// treated as absent.
	return "", false
}
