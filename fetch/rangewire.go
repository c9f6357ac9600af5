package fetch

import (
	"strconv"
	"strings"
)

// canonicalRangeOnWire rewrites the Range header of req, the copy of a
// request for one hop (HTTP-network-or-cache fetch), into its canonical form
// when the profile's knob CanonicalRangeOnWire says the engine's HTTP stack
// does: only a value that parses as exactly one valid byte range changes
// (chromiumByteRange). Every CORS decision was made before, on the value
// script set.
//
// Deviation(Chromium): profile Request.CanonicalRangeOnWire.
func canonicalRangeOnWire(fp *fetchParams, req *Request) {
	if !fp.agent.Profile.Request.CanonicalRangeOnWire {
		return
	}
	for i, h := range req.Header {
		if !equalFoldASCII(h.Name, "Range") {
			continue
		}
		canonical, ok := chromiumByteRange(h.Value)
		if !ok || canonical == h.Value {
			continue
		}
		req.Header[i].Value = canonical
		if fp.tracing {
			fp.trace(TraceStep{Anchor: "simple-range-header-value", Topic: "request.header", Subject: h.Name + ": " + h.Value, Verdict: "rewritten",
				Detail: "this profile's HTTP stack sends a Range that parses as one byte range in its canonical form, `" + canonical +
					"`; the CORS decisions were made on the value script set"})
		}
	}
}

// chromiumByteRange parses value as Chromium's HTTP cache does before it
// sends a Range header again (net's HttpUtil::ParseRangeHeader, then
// PartialData, which keeps a single valid range), and returns the canonical
// serialization of that range (HttpByteRange::GetHeaderValue).
//
// The unit before the first `=` is `bytes` in any case, spaces and tabs
// around it allowed; the ranges are separated by commas, empty elements
// skipped; each range is first-last, first- or -suffix, spaces and tabs
// around the numbers allowed, numbers decimal and at most 2^63-1; a range
// is valid when the suffix is above 0 or the last byte is not before the
// first. ok is false when the value is not one valid range.
func chromiumByteRange(value string) (canonical string, ok bool) {
	unit, set, found := strings.Cut(value, "=")
	if !found || !equalFoldASCII(strings.Trim(unit, " \t"), "bytes") {
		return "", false
	}
	canonical, ranges := "", 0
	for elem := range strings.SplitSeq(set, ",") {
		elem = strings.Trim(elem, " \t")
		if elem == "" {
			continue
		}
		first, last, found := strings.Cut(elem, "-")
		if !found {
			return "", false
		}
		first, last = strings.Trim(first, " \t"), strings.Trim(last, " \t")
		f, hasFirst, okF := rangeNumber(first)
		l, hasLast, okL := rangeNumber(last)
		switch {
		case !okF || !okL || !hasFirst && !hasLast:
			return "", false
		case !hasFirst: // a suffix
			if l <= 0 {
				return "", false
			}
			canonical = "bytes=-" + strconv.FormatInt(l, 10)
		case !hasLast:
			canonical = "bytes=" + strconv.FormatInt(f, 10) + "-"
		default:
			if l < f {
				return "", false
			}
			canonical = "bytes=" + strconv.FormatInt(f, 10) + "-" + strconv.FormatInt(l, 10)
		}
		ranges++
	}
	if ranges != 1 {
		return "", false
	}
	return canonical, true
}

// rangeNumber parses one position of a byte range: "" is absent (ok), else
// decimal digits up to 2^63-1.
func rangeNumber(s string) (n int64, present, ok bool) {
	if s == "" {
		return 0, false, true
	}
	if !onlyDigits(s) {
		return 0, true, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, true, err == nil
}
