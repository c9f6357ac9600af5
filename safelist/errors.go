package safelist

import (
	"strconv"
	"strings"
)

// ParseReason says why a parser or validator of this package rejected its
// input. The zero value means no failure.
type ParseReason uint8

// Reasons for [CheckHeaderName] and [CheckHeaderValue] (a [*HeaderError]),
// [ParseMIMEType] and [ParseSingleRange] (a [*ParseError]).
const (
	_ ParseReason = iota

	// ReasonNameEmpty: a header name is empty.
	ReasonNameEmpty
	// ReasonNameNotToken: a header name has a byte outside the token production.
	ReasonNameNotToken
	// ReasonValueEdgeWhitespace: a header value starts or ends with HT or SP.
	ReasonValueEdgeWhitespace
	// ReasonValueForbiddenByte: a header value contains NUL, CR or LF.
	ReasonValueForbiddenByte

	// ReasonTypeEmpty: a MIME type has nothing before the "/".
	ReasonTypeEmpty
	// ReasonTypeNotToken: a MIME type's type has a non-token byte.
	ReasonTypeNotToken
	// ReasonNoSlash: a MIME type has no "/".
	ReasonNoSlash
	// ReasonSubtypeEmpty: a MIME type has nothing after the "/".
	ReasonSubtypeEmpty
	// ReasonSubtypeNotToken: a MIME type's subtype has a non-token byte.
	ReasonSubtypeNotToken

	// ReasonNoBytesUnit: a range does not start with "bytes" (case-sensitive).
	ReasonNoBytesUnit
	// ReasonNoEquals: "=" does not follow the unit.
	ReasonNoEquals
	// ReasonNoDash: "-" does not follow the start.
	ReasonNoDash
	// ReasonTrailingData: something follows the end of the range.
	ReasonTrailingData
	// ReasonNoStartOrEnd: the range has neither a start nor an end.
	ReasonNoStartOrEnd
	// ReasonStartAfterEnd: the range's start is greater than its end.
	ReasonStartAfterEnd
)

var parseReasonText = [...]string{
	ReasonNameEmpty:           "header name is empty",
	ReasonNameNotToken:        "header name contains a byte that is not a token code point",
	ReasonValueEdgeWhitespace: "header value starts or ends with a tab or space",
	ReasonValueForbiddenByte:  "header value contains a NUL, CR or LF byte",
	ReasonTypeEmpty:           "type is empty",
	ReasonTypeNotToken:        "type contains a byte that is not an HTTP token code point",
	ReasonNoSlash:             `no "/" after the type`,
	ReasonSubtypeEmpty:        "subtype is empty",
	ReasonSubtypeNotToken:     "subtype contains a byte that is not an HTTP token code point",
	ReasonNoBytesUnit:         `does not start with "bytes"`,
	ReasonNoEquals:            `no "=" after "bytes"`,
	ReasonNoDash:              `no "-" after the start`,
	ReasonTrailingData:        "unexpected bytes after the range",
	ReasonNoStartOrEnd:        "neither a start nor an end",
	ReasonStartAfterEnd:       "start is greater than end",
}

// String describes the reason in a few words.
func (r ParseReason) String() string {
	if int(r) < len(parseReasonText) && parseReasonText[r] != "" {
		return parseReasonText[r]
	}
	return "ParseReason(" + strconv.Itoa(int(r)) + ")"
}

// A ParseError reports input that [ParseMIMEType] or [ParseSingleRange]
// rejected: which function, the input as given, the byte offset where
// parsing stopped, and why.
type ParseError struct {
	Func   string // "ParseMIMEType" or "ParseSingleRange"
	Input  string
	At     int // byte offset into Input
	Reason ParseReason
}

// Error renders the failure as
//
//	safelist.ParseMIMEType("text /plain"): type contains a byte that is not an HTTP token code point (at 4: ' ')
func (e *ParseError) Error() string {
	return "safelist." + e.Func + "(" + strconv.Quote(e.Input) + "): " + e.Reason.String() + at(e.Input, e.At)
}

// A HeaderError reports a header name or value that is not a valid
// [header name] or [header value]. At is the byte offset of the offending
// byte in Name (for the name reasons) or Value (for the value reasons).
//
// [header name]: https://fetch.spec.whatwg.org/#header-name
// [header value]: https://fetch.spec.whatwg.org/#header-value
type HeaderError struct {
	Name, Value string
	At          int
	Reason      ParseReason
}

// Error renders the failure as, for example,
//
//	invalid header "X-A": header value contains a NUL, CR or LF byte (at 1: '\n')
func (e *HeaderError) Error() string {
	var b strings.Builder
	b.WriteString("invalid header ")
	b.WriteString(strconv.Quote(e.Name))
	b.WriteString(": ")
	b.WriteString(e.Reason.String())
	switch e.Reason {
	case ReasonNameNotToken:
		b.WriteString(at(e.Name, e.At))
	case ReasonValueEdgeWhitespace, ReasonValueForbiddenByte:
		b.WriteString(at(e.Value, e.At))
	}
	return b.String()
}

// at renders " (at N: 'c')" for the byte at offset i of s, or " (at N)"
// past its end.
func at(s string, i int) string {
	if i < 0 || i >= len(s) {
		return " (at " + strconv.Itoa(i) + ")"
	}
	return " (at " + strconv.Itoa(i) + ": " + quoteByte(s[i]) + ")"
}

// quoteByte renders a byte as a Go character literal, 0x.. for bytes ≥ 0x80
// (which stand for themselves, not for UTF-8).
func quoteByte(c byte) string {
	if c >= 0x80 {
		return "0x" + strconv.FormatUint(uint64(c), 16)
	}
	return strconv.QuoteRune(rune(c))
}
