package preflightcache

import "fmt"

// Reason says why a lookup did or did not find what a request needs. The
// names are stable codes for machines; [Reason.String] gives them as
// kebab-case words for traces.
type Reason uint8

const (
	// NotRequired: the request needs no preflight whatever the cache
	// holds: a CORS-safelisted method, no use-CORS-preflight flag, no
	// CORS-unsafe request-header names.
	NotRequired Reason = iota
	// Hit: cached entries cover the method (where it needs one) and every
	// CORS-unsafe header name, so no preflight is sent.
	Hit
	// NoResult: nothing is cached for this partition, origin and URL (and,
	// for Firefox, credentials mode). Only policies that need a stored
	// result (Replace or RequireResult) give it; for the spec a missing
	// method or header entry is MethodNotCached or HeaderNotCached.
	NoResult
	// Expired: the entry or result that would have matched has outlived
	// its max-age.
	Expired
	// CredentialsMismatch: the matching entry was stored by a preflight
	// whose request did not include credentials, and this one does (the
	// credentials rule of cache entry match). For Firefox: only the other
	// credentials mode has a result.
	CredentialsMismatch
	// MethodNotCached: no entry for this method (byte for byte) or `*`.
	MethodNotCached
	// HeaderNotCached: no entry for this header name (in any case) or `*`.
	HeaderNotCached
	// WildcardNotApplicable: a `*` entry is cached, but the policy does not
	// let it stand for this request (a credentialed request or preflight,
	// see [Wildcard]; or, for Firefox, never).
	WildcardNotApplicable
	// AuthorizationNotCovered: a `*` header-name entry is cached, but
	// Authorization, the CORS non-wildcard request-header name, must be
	// listed by name.
	AuthorizationNotCovered
	// UnsharedOrigin: the request's Key is Unshared: its origin is one no
	// cached preflight can share (Chromium and WebKit after a tainting
	// redirect, Chromium for an opaque page).
	UnsharedOrigin
)

var reasonNames = [...]string{
	NotRequired:             "not-required",
	Hit:                     "hit",
	NoResult:                "no-result",
	Expired:                 "expired",
	CredentialsMismatch:     "credentials-mismatch",
	MethodNotCached:         "method-not-cached",
	HeaderNotCached:         "header-not-cached",
	WildcardNotApplicable:   "wildcard-not-applicable",
	AuthorizationNotCovered: "authorization-not-covered",
	UnsharedOrigin:          "unshared-origin",
}

// String returns the reason's stable code in kebab-case, such as
// "credentials-mismatch".
func (r Reason) String() string {
	if int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return fmt.Sprintf("Reason(%d)", uint8(r))
}

// weight ranks the reasons a miss can have, so that a lookup reports the
// most telling one: an expired entry for the very name says more than a
// `*` that does not apply.
func (r Reason) weight() int {
	switch r {
	case Expired:
		return 4
	case CredentialsMismatch:
		return 3
	case AuthorizationNotCovered:
		return 2
	case WildcardNotApplicable:
		return 1
	}
	return 0
}

// worse returns whichever of r and s says more.
func (r Reason) worse(s Reason) Reason {
	if s.weight() > r.weight() {
		return s
	}
	return r
}
