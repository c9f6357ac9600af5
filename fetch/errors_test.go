package fetch

import (
	"errors"
	"strings"
	"testing"
)

// networkErrorReasons are the reasons a NetworkError can carry (REASONS.md).
var networkErrorReasons = []Reason{
	CORSMissingAllowOrigin, CORSMultipleAllowOriginNotAllowed, CORSNotSupportingCredentials,
	CORSAllowOriginNotMatchingOrigin, CORSMissingAllowCredentials,
	CORSPreflightRedirect, CORSPreflightDidNotSucceed, CORSInvalidAllowMethod, CORSInvalidAllowHeader,
	CORSMethodNotFound, CORSMissingAllowHeaderFromPreflight,
	CORSRequestNotHttp, SameOriginModeCrossOrigin, NoCORSRedirectMode, BadPort, MixedContent,
	RedirectModeError, RedirectLocationInvalid, RedirectNotHTTP, TooManyRedirects, CORSRedirectCredentials,
	RedirectStreamBody, StreamBodyHTTP1, CORPBlocked, CORSDidNotSucceed, UnsupportedScheme,
	OpaqueRangeResponse, InvalidDataURL,
}

// TestNetworkErrorText checks that every reason renders a sentence of its
// own that names the request, and that Error() carries the reason and where
// in the spec it was raised.
func TestNetworkErrorText(t *testing.T) {
	seen := map[string]Reason{}
	for _, r := range networkErrorReasons {
		e := &NetworkError{Reason: r, Anchor: "concept-main-fetch", Step: "12", API: APIFetch, Method: "GET",
			URL: "https://b.example/x", Origin: "https://a.example", Header: "X-H", Value: "v", Status: 302, RedirectURL: "https://c.example/"}
		d := e.describe()
		if d == "GET https://b.example/x failed" {
			t.Errorf("%s: no sentence of its own: %q", r, d)
		}
		// The preflight's list checks name the list's value instead (the
		// error's URL says the rest).
		if !strings.Contains(d, "b.example") && !strings.Contains(d, `"v"`) {
			t.Errorf("%s: %q names neither the URL nor the value at fault", r, d)
		}
		if other, ok := seen[d]; ok {
			t.Errorf("%s and %s render the same sentence %q", r, other, d)
		}
		seen[d] = r
		msg := e.Error()
		for _, part := range []string{"network error (" + string(r) + ")", "[concept-main-fetch step 12]"} {
			if !strings.Contains(msg, part) {
				t.Errorf("%s: Error() = %q, lacks %q", r, msg, part)
			}
		}
	}
	transport := errors.New("connection refused")
	e := &NetworkError{Reason: CORSDidNotSucceed, Method: "GET", URL: "https://b.example/", Err: transport}
	if !errors.Is(e, transport) || !strings.Contains(e.Error(), "connection refused") {
		t.Errorf("the transport error is not reachable: %v", e)
	}
	if got := (&NetworkError{Reason: BadPort, URL: "https://b.example:25/"}).Error(); strings.Contains(got, "[") {
		t.Errorf("an error without anchor renders %q", got)
	}
}

// TestScriptErrorNames checks which exception each API throws for a reason.
func TestScriptErrorNames(t *testing.T) {
	tests := []struct {
		api    API
		reason Reason
		want   string
	}{
		{APIFetch, InvalidMethod, "TypeError"},
		{APIFetch, ForbiddenMethod, "TypeError"},
		{APIFetch, InvalidHeaderName, "TypeError"},
		{APIFetch, NotSupported, "NotSupportedError"},
		{APIXHR, InvalidMethod, "SyntaxError"},
		{APIXHR, InvalidURL, "SyntaxError"},
		{APIXHR, InvalidHeaderValue, "SyntaxError"},
		{APIXHR, ForbiddenMethod, "SecurityError"},
	}
	for _, tc := range tests {
		e := typeError(tc.api, tc.reason, "v", "what %s", "happened")
		if e.Name != tc.want || e.Msg != "what happened" || !strings.HasPrefix(e.Error(), tc.want+" ("+string(tc.reason)+"): ") {
			t.Errorf("%s %s: %+v, want %s", tc.api, tc.reason, e, tc.want)
		}
	}
	if e := idlTypeError(APIXHR, InvalidMethod, "v", "x"); e.Name != "TypeError" {
		t.Errorf("a Web IDL conversion error is a %s, want TypeError", e.Name)
	}
}
