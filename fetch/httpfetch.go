package fetch

import (
	"fmt"

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
			clearOnCORSCheckFailure(fp)
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
