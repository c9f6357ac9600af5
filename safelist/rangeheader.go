package safelist

import (
	"math"
	"strings"
)

// A ByteRange is the result of [ParseSingleRange]: a start, an end, or
// both (`bytes=0-`, `bytes=-500`, `bytes=100-200`). The spec reads the
// numbers as decimal numbers of any size; here they saturate at
// math.MaxUint64, while the start-after-end check is done exactly on the
// digits.
type ByteRange struct {
	Start, End       uint64
	HasStart, HasEnd bool
}

// ParseSingleRange implements [parse a single range header value]: the
// literal `bytes` (case-sensitive), `=`, an optional start, `-`, an
// optional end, and nothing else; at least one of start and end, and start
// ≤ end when both are given. With allowWhitespace, tabs and spaces are
// allowed around `=` and `-`. The error is a [*ParseError].
//
// The parser accepts a suffix range such as `bytes=-500`; the
// Range rule of [RequestHeader] additionally requires a start.
//
// [parse a single range header value]: https://fetch.spec.whatwg.org/#simple-range-header-value
func ParseSingleRange(value string, allowWhitespace bool) (ByteRange, error) {
	r, reason, at := parseSingleRange(value, allowWhitespace)
	if reason != 0 {
		return ByteRange{}, &ParseError{Func: "ParseSingleRange", Input: value, At: at, Reason: reason}
	}
	return r, nil
}

// parseSingleRange is ParseSingleRange without the error allocation.
func parseSingleRange(value string, allowWhitespace bool) (r ByteRange, reason ParseReason, at int) {
	// Step 1: isomorphic decoding is the identity on these bytes.
	data := value
	// Step 2: the unit, case-sensitive.
	if !strings.HasPrefix(data, "bytes") {
		i := 0
		for i < len(data) && i < 5 && data[i] == "bytes"[i] {
			i++
		}
		return r, ReasonNoBytesUnit, i
	}
	// Step 3: position after "bytes".
	pos := 5
	skip := func() {
		for allowWhitespace && pos < len(data) && isTabOrSpace(data[pos]) {
			pos++
		}
	}
	// Step 4.
	skip()
	// Steps 5-6: "=".
	if pos >= len(data) || data[pos] != '=' {
		return r, ReasonNoEquals, pos
	}
	pos++
	// Step 7.
	skip()
	// Steps 8-9: the start, if any.
	startDigits := collectDigits(data, &pos)
	r.Start, r.HasStart = decimal(startDigits)
	// Step 10.
	skip()
	// Steps 11-12: "-".
	if pos >= len(data) || data[pos] != '-' {
		return ByteRange{}, ReasonNoDash, pos
	}
	pos++
	// Step 13.
	skip()
	// Steps 14-15: the end, if any.
	endAt := pos
	endDigits := collectDigits(data, &pos)
	r.End, r.HasEnd = decimal(endDigits)
	// Step 16: nothing may follow.
	if pos < len(data) {
		return ByteRange{}, ReasonTrailingData, pos
	}
	// Step 17: at least one number.
	if !r.HasStart && !r.HasEnd {
		return ByteRange{}, ReasonNoStartOrEnd, pos
	}
	// Step 18: start ≤ end, compared exactly.
	if r.HasStart && r.HasEnd && digitsGreater(startDigits, endDigits) {
		return ByteRange{}, ReasonStartAfterEnd, endAt
	}
	// Step 19.
	return r, 0, 0
}

// collectDigits collects a sequence of ASCII digits from s at *pos.
func collectDigits(s string, pos *int) string {
	start := *pos
	for *pos < len(s) && '0' <= s[*pos] && s[*pos] <= '9' {
		*pos++
	}
	return s[start:*pos]
}

// decimal interprets ASCII digits as a number, saturating; "" is null.
func decimal(digits string) (uint64, bool) {
	if digits == "" {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(digits); i++ {
		d := uint64(digits[i] - '0')
		if n > (math.MaxUint64-d)/10 {
			return math.MaxUint64, true
		}
		n = n*10 + d
	}
	return n, true
}

// digitsGreater reports whether the decimal number a is greater than b,
// for any length.
func digitsGreater(a, b string) bool {
	a = strings.TrimLeft(a, "0")
	b = strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a > b
}
