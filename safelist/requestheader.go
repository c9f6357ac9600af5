package safelist

import "strconv"

// Limits of the CORS-safelisted request-header rules.
const (
	// MaxSafelistedValueLength is the longest value a CORS-safelisted
	// request-header can have, in bytes (step 1).
	MaxSafelistedValueLength = 128
	// MaxSafelistedValueTotal is the largest total size of the values of
	// all CORS-safelisted request-headers of one request before they all
	// count as unsafe, in bytes (CORS-unsafe request-header names, step 5).
	MaxSafelistedValueTotal = 1024
)

// A Rule names the rule that decided a [Verdict]: [RuleSafelisted], or the
// reason the header is not a CORS-safelisted request-header.
type Rule uint8

const (
	_ Rule = iota // the zero Verdict decides nothing and is not safelisted

	// RuleSafelisted: the header is a CORS-safelisted request-header.
	RuleSafelisted
	// RuleValueTooLong: the value is longer than 128 bytes (step 1).
	RuleValueTooLong
	// RuleNameNotSafelisted: the name is none of accept, accept-language,
	// content-language, content-type, range (step 2, otherwise).
	RuleNameNotSafelisted
	// RuleUnsafeByte: an Accept or Content-Type value contains a
	// CORS-unsafe request-header byte.
	RuleUnsafeByte
	// RuleLanguageByte: an Accept-Language or Content-Language value
	// contains a byte outside 0-9 A-Z a-z SP * , - . ; =.
	RuleLanguageByte
	// RuleContentTypeUnparsable: a Content-Type value fails parse a MIME type.
	RuleContentTypeUnparsable
	// RuleContentTypeEssence: a Content-Type essence is not
	// application/x-www-form-urlencoded, multipart/form-data or text/plain.
	RuleContentTypeEssence
	// RuleRangeUnparsable: a Range value fails parse a single range header value.
	RuleRangeUnparsable
	// RuleRangeNoStart: a Range value has no start (`bytes=-500`).
	RuleRangeNoStart
	// RuleTotalTooLong: the header is safelisted on its own, but the
	// values of the request's safelisted headers add up to more than 1024
	// bytes, so every one of them is unsafe ([AppendRequestHeaderVerdicts]).
	RuleTotalTooLong
)

var ruleCodes = [...]string{
	RuleSafelisted:            "safelisted",
	RuleValueTooLong:          "value-too-long",
	RuleNameNotSafelisted:     "name-not-safelisted",
	RuleUnsafeByte:            "cors-unsafe-byte",
	RuleLanguageByte:          "language-byte",
	RuleContentTypeUnparsable: "content-type-unparsable",
	RuleContentTypeEssence:    "content-type-essence",
	RuleRangeUnparsable:       "range-unparsable",
	RuleRangeNoStart:          "range-no-start",
	RuleTotalTooLong:          "safelisted-total-too-long",
}

// String returns a stable code for the rule, such as "value-too-long",
// for machines; [Verdict.String] is the sentence for people.
func (r Rule) String() string {
	if int(r) < len(ruleCodes) && ruleCodes[r] != "" {
		return ruleCodes[r]
	}
	return "Rule(" + strconv.Itoa(int(r)) + ")"
}

// Anchor returns the URL of the spec definition the rule comes from.
func (r Rule) Anchor() string {
	const fetch = "https://fetch.spec.whatwg.org/#"
	switch r {
	case RuleUnsafeByte:
		return fetch + "cors-unsafe-request-header-byte"
	case RuleContentTypeUnparsable:
		return "https://mimesniff.spec.whatwg.org/#parse-a-mime-type"
	case RuleRangeUnparsable:
		return fetch + "simple-range-header-value"
	case RuleTotalTooLong:
		return fetch + "cors-unsafe-request-header-names"
	case 0:
		return ""
	}
	return fetch + "cors-safelisted-request-header"
}

// A Verdict says whether one header is a CORS-safelisted request-header
// and, when it is not, which rule made it unsafe and where. It is a small
// comparable value; producing one does not allocate.
type Verdict struct {
	Rule Rule
	// At is the byte offset in the value of the offending byte
	// (RuleUnsafeByte, RuleLanguageByte) or of the parse failure
	// (RuleContentTypeUnparsable, RuleRangeUnparsable), else 0.
	At int
	// Byte is the offending byte for RuleUnsafeByte and RuleLanguageByte.
	Byte byte
	// Parse is the parser's reason for RuleContentTypeUnparsable and
	// RuleRangeUnparsable.
	Parse ParseReason
	// Size is the value's length for RuleValueTooLong, and the total of
	// the safelisted values for RuleTotalTooLong.
	Size int
}

// Safelisted reports whether the verdict is [RuleSafelisted].
func (v Verdict) Safelisted() bool { return v.Rule == RuleSafelisted }

// String explains the verdict in one sentence.
func (v Verdict) String() string {
	switch v.Rule {
	case RuleSafelisted:
		return "CORS-safelisted request-header"
	case RuleValueTooLong:
		return "value is " + strconv.Itoa(v.Size) + " bytes, longer than 128"
	case RuleNameNotSafelisted:
		return "name is not Accept, Accept-Language, Content-Language, Content-Type or Range"
	case RuleUnsafeByte:
		return "value contains the CORS-unsafe request-header byte " + quoteByte(v.Byte) + " at " + strconv.Itoa(v.At)
	case RuleLanguageByte:
		return "value contains " + quoteByte(v.Byte) + " at " + strconv.Itoa(v.At) + ", not one of 0-9 A-Z a-z space * , - . ; ="
	case RuleContentTypeUnparsable:
		return "value is not a MIME type: " + v.Parse.String() + " at " + strconv.Itoa(v.At)
	case RuleContentTypeEssence:
		return "MIME type is not application/x-www-form-urlencoded, multipart/form-data or text/plain"
	case RuleRangeUnparsable:
		return "value is not a single byte range: " + v.Parse.String() + " at " + strconv.Itoa(v.At)
	case RuleRangeNoStart:
		return "range has no start (a suffix range)"
	case RuleTotalTooLong:
		return "safelisted values total " + strconv.Itoa(v.Size) + " bytes, more than 1024"
	}
	return "no verdict"
}

// RequestHeader implements [CORS-safelisted request-header] for (name,
// value) and says why when it is not one. A header that is not safelisted
// makes a cross-origin request from fetch() or XMLHttpRequest need a
// preflight, and its lowercased name goes into
// Access-Control-Request-Headers.
//
// Only this header is judged: the 1024-byte total over a whole request is
// [UnsafeRequestHeaderNames]'s business. It does not allocate.
//
// [CORS-safelisted request-header]: https://fetch.spec.whatwg.org/#cors-safelisted-request-header
func RequestHeader(name, value string) Verdict {
	// Step 1: no value longer than 128 bytes, whatever the name.
	if len(value) > MaxSafelistedValueLength {
		return Verdict{Rule: RuleValueTooLong, Size: len(value)}
	}
	// Step 2: switch on the byte-lowercased name.
	switch {
	case equalFold(name, "accept"):
		// No CORS-unsafe request-header byte; no grammar.
		if i := indexUnsafeByte(value); i >= 0 {
			return Verdict{Rule: RuleUnsafeByte, At: i, Byte: value[i]}
		}
	case equalFold(name, "accept-language"), equalFold(name, "content-language"):
		// Only 0-9 A-Z a-z SP * , - . ; =.
		for i := 0; i < len(value); i++ {
			if !languageByte[value[i]] {
				return Verdict{Rule: RuleLanguageByte, At: i, Byte: value[i]}
			}
		}
	case equalFold(name, "content-type"):
		// Step 2.1: no CORS-unsafe request-header byte.
		if i := indexUnsafeByte(value); i >= 0 {
			return Verdict{Rule: RuleUnsafeByte, At: i, Byte: value[i]}
		}
		// Steps 2.2-2.3: the isomorphic decoding parses as a MIME type.
		p := parseEssence(value)
		if p.reason != 0 {
			return Verdict{Rule: RuleContentTypeUnparsable, At: p.at, Parse: p.reason}
		}
		// Step 2.4: the essence is one of three (the parser lowercases it).
		typ, subtype := value[p.typ:p.slash], value[p.slash+1:p.subtypeEnd]
		if !(equalFold(typ, "application") && equalFold(subtype, "x-www-form-urlencoded") ||
			equalFold(typ, "multipart") && equalFold(subtype, "form-data") ||
			equalFold(typ, "text") && equalFold(subtype, "plain")) {
			return Verdict{Rule: RuleContentTypeEssence}
		}
	case equalFold(name, "range"):
		// Steps 2.1-2.2: a single byte range, no whitespace allowed.
		r, reason, at := parseSingleRange(value, false)
		if reason != 0 {
			return Verdict{Rule: RuleRangeUnparsable, At: at, Parse: reason}
		}
		// Step 2.3: with a start; browsers never send bytes=-500.
		if !r.HasStart {
			return Verdict{Rule: RuleRangeNoStart}
		}
	default:
		// Otherwise: not safelistable.
		return Verdict{Rule: RuleNameNotSafelisted}
	}
	// Step 3.
	return Verdict{Rule: RuleSafelisted}
}

// UnsafeByte reports whether b is a [CORS-unsafe request-header byte]: a
// byte below 0x20 other than HT, one of " ( ) : < > ? @ [ \ ] { }, or DEL.
// Note that , / ; = and bytes ≥ 0x80 are not unsafe.
//
// [CORS-unsafe request-header byte]: https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte
func UnsafeByte(b byte) bool { return unsafeByte[b] }

// indexUnsafeByte returns the offset of the first CORS-unsafe
// request-header byte in value, or -1.
func indexUnsafeByte(value string) int {
	for i := 0; i < len(value); i++ {
		if unsafeByte[value[i]] {
			return i
		}
	}
	return -1
}

var unsafeByte = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = c != '\t'
	}
	for _, c := range []byte(`"():<>?@[\]{}`) {
		t[c] = true
	}
	t[0x7F] = true
	return t
}()

// languageByte marks the bytes Accept-Language and Content-Language values
// may contain.
var languageByte = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
		t[c+('a'-'A')] = true
	}
	for _, c := range []byte(" *,-.;=") {
		t[c] = true
	}
	return t
}()
