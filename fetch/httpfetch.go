package fetch

import (
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
	// Deviation(Chromium, Firefox): Location lines that differ fail any
	// response (knob LocationLinesMustAgree).
	if nerr := locationConflict(fp, resp); nerr != nil {
		return nil, nerr
	}

	// Step 4.4: every response of a cors-tainted request is CORS-checked,
	// redirects and errors included.
	if req.ResponseTainting == TaintingCORS {
		if fail := corsCheck(fp, redirectCheckRequest(fp, req, resp), resp, false); fail != nil {
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
		return httpFetchRedirect(fp, resp)
	}
	// Step 7.
	return resp, nil
}
