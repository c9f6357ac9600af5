package fetch

import (
	"github.com/corsim/corsim/safelist"
)

// ResponseType is a response's [type].
//
// [type]: https://fetch.spec.whatwg.org/#concept-response-type
type ResponseType string

// The response types a fetch can end with (a network error is not a Response
// here but a *NetworkError).
const (
	TypeBasic          ResponseType = "basic"
	TypeCORS           ResponseType = "cors"
	TypeDefault        ResponseType = "default"
	TypeOpaque         ResponseType = "opaque"
	TypeOpaqueRedirect ResponseType = "opaqueredirect"
)

// A Response is the Fetch Standard's [response]. A filtered response (basic,
// CORS, opaque, opaque-redirect) has Internal set to the response it filters
// and shows only what its type lets script see.
//
// [response]: https://fetch.spec.whatwg.org/#concept-response
type Response struct {
	Type       ResponseType
	Status     int
	StatusText string
	URLList    []*URL
	Header     safelist.HeaderList
	Body       []byte // nil: a null body

	// CORSExposedHeaderNames is the CORS-exposed header-name list main fetch
	// fills from Access-Control-Expose-Headers.
	CORSExposedHeaderNames []string

	// RangeRequested is the range-requested flag: the request carried Range.
	RangeRequested bool
	// RequestIncludesCredentials records whether credentials were included.
	RequestIncludesCredentials bool
	// RedirectTaint is the request's redirect-taint when main fetch ended.
	RedirectTaint RedirectTaint

	// Protocol is the HTTP version the response came over ("h2",
	// "HTTP/1.1"), as the network reported it.
	Protocol string

	// Internal is the response a filtered response filters; nil otherwise.
	Internal *Response
}

// URL returns the response's URL, the last of its URL list, or nil when the
// list is empty (opaque filtered responses).
func (r *Response) URL() *URL {
	if len(r.URLList) == 0 {
		return nil
	}
	return r.URLList[len(r.URLList)-1]
}

// internal returns the response a filtered response filters, or r itself.
func (r *Response) internal() *Response {
	if r.Internal != nil {
		return r.Internal
	}
	return r
}

// basicFiltered returns the [basic filtered response] of r: every header but
// the forbidden response-header names (Set-Cookie, Set-Cookie2).
//
// [basic filtered response]: https://fetch.spec.whatwg.org/#concept-filtered-response-basic
func basicFiltered(r *Response) *Response {
	f := *r
	f.Type = TypeBasic
	f.Internal = r
	f.Header = nil
	for _, h := range r.Header {
		if !safelist.ForbiddenResponseHeaderName(h.Name) {
			f.Header = append(f.Header, h)
		}
	}
	return &f
}

// corsFiltered returns the [CORS filtered response] of r: only the headers
// whose names are CORS-safelisted response-header names given r's CORS-exposed
// header-name list.
//
// [CORS filtered response]: https://fetch.spec.whatwg.org/#concept-filtered-response-cors
func corsFiltered(r *Response) *Response {
	f := *r
	f.Type = TypeCORS
	f.Internal = r
	f.Header = nil
	for _, h := range r.Header {
		if safelist.ResponseHeaderName(h.Name, r.CORSExposedHeaderNames) {
			f.Header = append(f.Header, h)
		}
	}
	return &f
}

// opaqueFiltered returns the [opaque filtered response] of r: type opaque, an
// empty URL list, status 0, no headers, a null body.
//
// [opaque filtered response]: https://fetch.spec.whatwg.org/#concept-filtered-response-opaque
func opaqueFiltered(r *Response) *Response {
	return &Response{Type: TypeOpaque, Internal: r, RedirectTaint: r.RedirectTaint}
}

// opaqueRedirectFiltered returns the [opaque-redirect filtered response] of r:
// status 0, no headers, a null body, but r's URL list.
//
// [opaque-redirect filtered response]: https://fetch.spec.whatwg.org/#concept-filtered-response-opaque-redirect
func opaqueRedirectFiltered(r *Response) *Response {
	return &Response{Type: TypeOpaqueRedirect, URLList: r.URLList, Internal: r, RedirectTaint: r.RedirectTaint}
}

// locationResult is what [location URL] gives: no Location (null), a URL, or
// failure; and, under the profile's EmptyLocationFails, an empty Location.
//
// [location URL]: https://fetch.spec.whatwg.org/#concept-response-location-url
type locationResult struct {
	url     *URL
	failure bool
	// empty reports an empty Location the profile neither parses nor
	// ignores (EmptyLocationFails).
	empty bool
	value string // the Location value that failed, for the error
	lines int    // how many Location header lines the response has
}

// locationURL is the response's [location URL] given requestFragment, the
// fragment of the request's current URL (hasFragment false when it has
// none), as the profile's redirect rules read the Location header (the zero
// RedirectKnobs: as the spec does).
//
// [location URL]: https://fetch.spec.whatwg.org/#concept-response-location-url
func (r *Response) locationURL(requestFragment string, hasFragment bool, rules *RedirectKnobs) locationResult {
	// Step 1: only redirect statuses have one.
	if !safelist.RedirectStatus(r.Status) {
		return locationResult{}
	}
	// Step 2: extract header list values for Location, a single value.
	values := r.Header.Values("Location")
	if len(values) == 0 {
		// Step 5 (location is null).
		return locationResult{}
	}
	value := values[0]
	if len(values) > 1 {
		switch {
		case rules.LocationLines == LocationLinesCombined:
			// Deviation(WebKit): the lines combined, as one value
			// (knob LocationLinesCombined).
			value = combined(r.Header, "Location")
		case rules.LocationLines == LocationLinesMustAgree && !differ(values):
			// Deviation(Chromium, Firefox): identical lines are one
			// (knob LocationLinesMustAgree; differing lines fail
			// earlier, see locationConflict).
		default:
			// Location allows one header only; several (even
			// identical) are a failure (SPEC-CHECKLIST quirk Q5).
			return locationResult{failure: true, value: combined(r.Header, "Location"), lines: len(values)}
		}
	}
	if value == "" {
		switch rules.EmptyLocation {
		case EmptyLocationAbsent:
			// Deviation(Chromium): no Location (knob EmptyLocation).
			return locationResult{}
		case EmptyLocationFails:
			// Deviation(WebKit): knob EmptyLocation.
			return locationResult{empty: true, lines: len(values)}
		}
	}
	// Step 3: parse it relative to the response's URL.
	loc, err := r.URL().Resolve(value)
	if err != nil {
		return locationResult{failure: true, value: value, lines: len(values)}
	}
	// Step 4: a location without fragment inherits the request's.
	if _, ok := loc.Fragment(); !ok && hasFragment {
		loc = loc.WithFragment(requestFragment)
	}
	// Step 5.
	return locationResult{url: loc, lines: len(values)}
}

// combined returns the combined value of name in l ("" when absent).
func combined(l safelist.HeaderList, name string) string {
	v, _ := l.Get(name)
	return v
}
