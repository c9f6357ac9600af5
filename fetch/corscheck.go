package fetch

import (
	"fmt"
	"strings"
)

// corsCheck is the [CORS check] of resp for req; the preflight's check uses
// the actual request (its credentials mode; its URL list unless the profile's
// PreflightIgnoresRedirectTaint gives the preflight its own). It returns nil
// on success.
//
// [CORS check]: https://fetch.spec.whatwg.org/#concept-cors-check
func corsCheck(fp *fetchParams, req *Request, resp *Response, preflight bool) *NetworkError {
	fail := func(reason Reason, step, value, detail string) *NetworkError {
		fp.trace(TraceStep{Anchor: "concept-cors-check", Step: step, Topic: "cors-check", Subject: "Access-Control-Allow-Origin: " + value, Verdict: "fail", Detail: detail})
		nerr := fp.fail(reason, "concept-cors-check", step)
		nerr.Preflight, nerr.Value = preflight, value
		nerr.Header = "Access-Control-Allow-Origin"
		// The origin compared: for a preflight that ignores the redirect
		// taint (profile PreflightIgnoresRedirectTaint) not the request's.
		nerr.Origin = req.SerializedOrigin()
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
