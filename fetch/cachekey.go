package fetch

import (
	"strings"

	"github.com/corsim/corsim/preflightcache"
)

// needsPreflight asks the cache whether the request needs a preflight (HTTP
// fetch step 4.1) and traces the answer.
func needsPreflight(fp *fetchParams) bool {
	req := fp.request
	unsafe := fp.unsafe
	d := fp.agent.Cache.Lookup(preflightcache.Query{
		Key:               fp.cacheKey(),
		Include:           req.Credentials == CredentialsInclude,
		Method:            req.Method,
		UseCORSPreflight:  req.UseCORSPreflight || req.hops.forced,
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
	switch {
	case policy.TaintedOriginUnshared && !req.Origin.IsOpaque() && req.SerializedOrigin() == "null",
		policy.OpaqueOriginUnshared && req.Origin.IsOpaque():
		// Deviation(Chromium, WebKit): the request's origin is a fresh
		// opaque one, shared by no other request (policies
		// TaintedOriginUnshared, OpaqueOriginUnshared).
		k.Unshared = true
	}
	k.URL = req.CurrentURL().Serialize(false)
	return k
}

// clearOnPreflightBranchError runs clear cache entries for a fetch that took
// main fetch's CORS-with-preflight branch and ended in a network error (main
// fetch step 12), as the profile's cache policy says.
func clearOnPreflightBranchError(fp *fetchParams) {
	if rule := fp.agent.Profile.Cache.ClearOnError; rule != preflightcache.ClearOnPreflightBranchError && rule != preflightcache.ClearOnAnyCORSError {
		return
	}
	key := fp.cacheKey()
	if fp.agent.Cache.Clear(key) {
		fp.trace(TraceStep{Anchor: "concept-cache-clear", Topic: "cache.clear", Subject: key.URL, Verdict: "cleared",
			Detail: "the preflighted fetch ended in a network error, so its cached preflight entries are removed"})
	}
}

// clearOnCORSCheckFailure clears the request's cache entries when a response
// fails its CORS check and the profile's cache policy says so.
//
// Deviation(Firefox): any failed CORS check clears the URL's cached
// preflights (policy ClearOnAnyCORSError).
func clearOnCORSCheckFailure(fp *fetchParams) {
	if fp.agent.Profile.Cache.ClearOnError == preflightcache.ClearOnAnyCORSError {
		fp.agent.Cache.Clear(fp.cacheKey())
	}
}
