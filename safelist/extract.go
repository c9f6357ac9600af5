package safelist

import (
	"math"
	"strconv"
)

// Extraction is the outcome of [extract header list values]: the header is
// absent (the spec's null), its values fail the header's ABNF (failure), or
// they parsed.
//
// The Extract functions take the value of every header line of one name,
// in order, as [HeaderList.Values] returns them. Each line is parsed on
// its own: header lines are never joined before parsing. Leading and
// trailing HTTP tab or space is ignored (a valid header value has none).
//
// [extract header list values]: https://fetch.spec.whatwg.org/#extract-header-list-values
type Extraction uint8

const (
	// Absent: the list does not contain the name (the spec's null).
	Absent Extraction = iota
	// Failure: a value fails the ABNF, or a single-valued header occurs
	// more than once.
	Failure
	// Parsed: the values matched the ABNF.
	Parsed
)

// String returns "absent", "failure" or "parsed".
func (e Extraction) String() string {
	switch e {
	case Absent:
		return "absent"
	case Failure:
		return "failure"
	case Parsed:
		return "parsed"
	}
	return "Extraction(" + strconv.Itoa(int(e)) + ")"
}

// ExtractMaxAge extracts [Access-Control-Max-Age], whose ABNF is a single
// `delta-seconds` (one or more ASCII digits; no sign, no fraction, no
// list). Two or more header lines are a failure, even when equal. A number
// too large for uint64 saturates at math.MaxUint64 and still parses, since
// the ABNF has no upper bound; callers clamp to their own limit.
//
// The spec's caller, [CORS-preflight fetch] steps 7.8-7.9, uses 5 seconds
// for both Absent and Failure, then step 7.10 applies the UA's cap.
//
// [Access-Control-Max-Age]: https://fetch.spec.whatwg.org/#http-access-control-max-age
// [CORS-preflight fetch]: https://fetch.spec.whatwg.org/#cors-preflight-fetch-0
func ExtractMaxAge(values []string) (seconds uint64, e Extraction) {
	v, e := single(values)
	if e != Parsed {
		return 0, e
	}
	seconds, ok := parseDeltaSeconds(v)
	if !ok {
		return 0, Failure
	}
	return seconds, Parsed
}

// parseDeltaSeconds parses 1*DIGIT, saturating at math.MaxUint64.
func parseDeltaSeconds(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		d := uint64(c - '0')
		if n > (math.MaxUint64-d)/10 {
			n = math.MaxUint64
			continue // keep checking that the rest are digits
		}
		n = n*10 + d
	}
	return n, true
}

// ExtractMethods extracts [Access-Control-Allow-Methods], whose ABNF is
// `#method`: a comma-separated list of tokens with optional whitespace
// around the commas. Empty elements are skipped (so an empty value is an
// empty list, not a failure), `*` is a token like any other, and the case
// of each method is kept: methods are compared byte for byte later.
// Several header lines are concatenated in order. [CORS-preflight fetch]
// steps 7.1-7.3 fail the preflight on Failure, even when the request did
// not need the list.
//
// [CORS-preflight fetch]: https://fetch.spec.whatwg.org/#cors-preflight-fetch-0
// [Access-Control-Allow-Methods]: https://fetch.spec.whatwg.org/#http-access-control-allow-methods
func ExtractMethods(values []string) ([]string, Extraction) {
	return extractTokenList(values)
}

// ExtractHeaderNames extracts [Access-Control-Allow-Headers] or
// [Access-Control-Expose-Headers], whose ABNF is `#field-name`, by the
// same list rules as [ExtractMethods]. Names keep the case they were sent
// in; `*` is returned as an element and is a wildcard only where the
// caller says so.
//
// [Access-Control-Allow-Headers]: https://fetch.spec.whatwg.org/#http-access-control-allow-headers
// [Access-Control-Expose-Headers]: https://fetch.spec.whatwg.org/#http-access-control-expose-headers
func ExtractHeaderNames(values []string) ([]string, Extraction) {
	return extractTokenList(values)
}

// extractTokenList implements extract header list values for a `#token`
// ABNF. In RFC 9110's recipient form, `#element` is
// `[ element ] *( OWS "," OWS [ element ] )`.
func extractTokenList(values []string) ([]string, Extraction) {
	// Step 1: absent.
	if len(values) == 0 {
		return nil, Absent
	}
	// Step 2 does not apply: a list ABNF allows several headers.
	// Step 3: values.
	list := []string{}
	// Step 4: every header's values, in order; one failure fails all.
	for _, v := range values {
		for pos := 0; pos <= len(v); {
			end := pos
			for end < len(v) && v[end] != ',' {
				end++
			}
			element := trimTabOrSpace(v[pos:end])
			pos = end + 1
			if element == "" {
				continue
			}
			if !isToken(element) {
				return nil, Failure
			}
			list = append(list, element)
		}
	}
	return list, Parsed
}

// ExtractAllowOrigin extracts [Access-Control-Allow-Origin], whose ABNF is
// `origin-or-null / "*"`, single-valued: the origin must be serialized the
// way browsers serialize it (lowercase scheme and host, no default-port
// rule, no path, no trailing slash), or be `null` or `*` exactly.
//
// The CORS check itself does not parse the header: it compares the
// combined [HeaderList.Get] value with the request's serialized origin.
// This function is for explaining why a value can never match.
//
// [Access-Control-Allow-Origin]: https://fetch.spec.whatwg.org/#http-access-control-allow-origin
func ExtractAllowOrigin(values []string) (string, Extraction) {
	v, e := single(values)
	if e != Parsed {
		return "", e
	}
	if v == "*" || v == "null" || validSerializedOrigin(v) {
		return v, Parsed
	}
	return "", Failure
}

// ExtractAllowCredentials extracts [Access-Control-Allow-Credentials],
// whose ABNF is the case-sensitive literal `true`, single-valued. It
// returns true exactly when the result is Parsed.
//
// [Access-Control-Allow-Credentials]: https://fetch.spec.whatwg.org/#http-access-control-allow-credentials
func ExtractAllowCredentials(values []string) (bool, Extraction) {
	v, e := single(values)
	if e != Parsed {
		return false, e
	}
	if v != "true" {
		return false, Failure
	}
	return true, Parsed
}

// single implements steps 1-2 of extract header list values for an ABNF
// that allows a single header, returning its trimmed value.
func single(values []string) (string, Extraction) {
	switch len(values) {
	case 0:
		// Step 1: absent.
		return "", Absent
	case 1:
		return trimTabOrSpace(values[0]), Parsed
	}
	// Step 2: more than one header where the ABNF allows one.
	return "", Failure
}
