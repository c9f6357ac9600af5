package fetch

import (
	"slices"
	"strings"

	"github.com/corsim/corsim/safelist"
)

// A headerVerdict is the verdict on one request-header under a profile: the
// spec's (package safelist), or the engine's where a RequestKnobs field
// changes it. knob names that field, for the trace; hint is the Client Hint
// whose rule decided, under ClientHintsSafelisted.
type headerVerdict struct {
	safelist.Verdict
	knob string
	hint clientHint
}

// requestHeaderVerdict is [CORS-safelisted request-header] for (name,
// value) under the knobs: the spec's rule (safelist.RequestHeader), with the
// engine's changes to it.
//
// [CORS-safelisted request-header]: https://fetch.spec.whatwg.org/#cors-safelisted-request-header
func (k *RequestKnobs) requestHeaderVerdict(name, value string) headerVerdict {
	v := safelist.RequestHeader(name, value)
	switch v.Rule {
	case safelist.RuleNameNotSafelisted:
		// Deviation(Chromium): Client Hints (knob ClientHintsSafelisted).
		if !k.ClientHintsSafelisted {
			break
		}
		if h, ok := lookupClientHint(name); ok {
			if h.accepts(value) {
				v = safelist.Verdict{Rule: safelist.RuleSafelisted}
			}
			return headerVerdict{Verdict: v, knob: "ClientHintsSafelisted", hint: h}
		}
	case safelist.RuleRangeUnparsable:
		// Deviation(WebKit): the unit in any case (knob
		// RangeUnitCaseInsensitive); the rest of the value is judged as
		// the spec says.
		if k.RangeUnitCaseInsensitive && equalFoldASCII(name, "range") && len(value) >= 6 &&
			value[:6] != "bytes=" && equalFoldASCII(value[:6], "bytes=") {
			return headerVerdict{Verdict: safelist.RequestHeader(name, "bytes="+value[6:]), knob: "RangeUnitCaseInsensitive"}
		}
	case safelist.RuleSafelisted:
		// Deviation(Firefox): bytes 0x80-0xFF are CORS-unsafe (knob
		// HighBytesUnsafe); only Accept and Content-Type let them through
		// in the spec.
		if k.HighBytesUnsafe && (equalFoldASCII(name, "accept") || equalFoldASCII(name, "content-type")) {
			if i := indexHighByte(value); i >= 0 {
				return headerVerdict{Verdict: safelist.Verdict{Rule: safelist.RuleUnsafeByte, At: i, Byte: value[i]}, knob: "HighBytesUnsafe"}
			}
		}
	}
	return headerVerdict{Verdict: v}
}

// indexHighByte returns the offset of the first byte of s at or above 0x80,
// or -1.
func indexHighByte(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return i
		}
	}
	return -1
}

// noCORSSafelisted is [no-CORS-safelisted request-header] under the knobs:
// the name is Accept, Accept-Language, Content-Language or Content-Type, and
// the header is CORS-safelisted under the knobs (HighBytesUnsafe acts here
// too).
//
// [no-CORS-safelisted request-header]: https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header
func (k *RequestKnobs) noCORSSafelisted(name, value string) bool {
	return safelist.NoCORSSafelistedRequestHeaderName(name) && k.requestHeaderVerdict(name, value).Safelisted()
}

// appendRequestHeaderVerdicts appends one verdict per header of l, in order:
// requestHeaderVerdict's, except that when the safelisted values add up to
// more than 1024 bytes each safelisted header gets safelist.RuleTotalTooLong
// instead (CORS-unsafe request-header names step 5), unless the knobs leave
// that step out.
func (k *RequestKnobs) appendRequestHeaderVerdicts(dst []headerVerdict, l safelist.HeaderList) []headerVerdict {
	start := len(dst)
	size := 0
	for _, h := range l {
		v := k.requestHeaderVerdict(h.Name, h.Value)
		if v.Safelisted() {
			size += len(h.Value)
		}
		dst = append(dst, v)
	}
	// Deviation(Firefox): no total (knob NoSafelistedValueTotal).
	if size > safelist.MaxSafelistedValueTotal && !k.NoSafelistedValueTotal {
		for i := start; i < len(dst); i++ {
			if dst[i].Safelisted() {
				dst[i] = headerVerdict{Verdict: safelist.Verdict{Rule: safelist.RuleTotalTooLong, Size: size}}
			}
		}
	}
	return dst
}

// unsafeNames returns the [CORS-unsafe request-header names] of l, whose
// verdicts vs are (appendRequestHeaderVerdicts): the byte-lowercased names of
// the headers that are not safelisted, byte-sorted, each once, or once per
// header under DuplicateUnsafeNames; nil when there are none.
//
// [CORS-unsafe request-header names]: https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names
func (k *RequestKnobs) unsafeNames(l safelist.HeaderList, vs []headerVerdict) []string {
	var names []string
	for i, v := range vs {
		if !v.Safelisted() {
			names = append(names, l[i].Name)
		}
	}
	if !k.DuplicateUnsafeNames {
		return safelist.SortedLowercaseSet(names)
	}
	// Deviation(Firefox): repeats stay (knob DuplicateUnsafeNames).
	for i, name := range names {
		names[i] = strings.ToLower(name)
	}
	slices.Sort(names)
	return names
}

// unsafeHeaderNames returns the [CORS-unsafe request-header names] of l under
// the profile: the preflight's Access-Control-Request-Headers and what the
// preflight cache must cover.
//
// [CORS-unsafe request-header names]: https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names
func (a *Agent) unsafeHeaderNames(l safelist.HeaderList) []string {
	k := &a.Profile.Request
	if k.judgesLikeSpec() {
		return safelist.UnsafeRequestHeaderNames(l)
	}
	var buf [8]headerVerdict
	return k.unsafeNames(l, k.appendRequestHeaderVerdicts(buf[:0], l))
}

// classifyRequestHeaders returns the CORS-unsafe request-header names of the
// request's header list, which decide with its method whether main fetch
// takes the preflight branch (step 12), and traces the verdict on each
// header: one request.header step per header, in the list's order, naming
// the rule that decided it (the 1024-byte total of the safelisted values
// included) and the profile's deviation where one decided.
func classifyRequestHeaders(fp *fetchParams) []string {
	l := fp.request.Header
	k := &fp.agent.Profile.Request
	if !fp.tracing {
		return fp.agent.unsafeHeaderNames(l)
	}
	var buf [8]headerVerdict
	vs := k.appendRequestHeaderVerdicts(buf[:0], l)
	var unsafe []string
	if k.judgesLikeSpec() {
		unsafe = safelist.UnsafeRequestHeaderNames(l)
	} else {
		unsafe = k.unsafeNames(l, vs)
	}
	for i, v := range vs {
		h := l[i]
		step := TraceStep{Topic: "request.header", Subject: h.Name + ": " + h.Value}
		step.Anchor, step.Step = verdictAnchor(v.Rule)
		step.Verdict, step.Detail = "unsafe", verdictDetail(v)
		if v.Safelisted() {
			step.Verdict = "safelisted"
		}
		fp.trace(step)
	}
	return unsafe
}

// verdictDetail explains a verdict in the trace: the rule that decided it
// and, where a knob of the profile decided, how the engine departs from the
// spec.
func verdictDetail(v headerVerdict) string {
	const listed = "; its name goes into Access-Control-Request-Headers"
	switch {
	case v.knob == "ClientHintsSafelisted" && v.Safelisted():
		// Deviation(Chromium): profile ClientHintsSafelisted.
		return "a CORS-safelisted request-header under this profile, which safelists the Client Hint `" + v.hint.name +
			"` with " + v.hint.describe() + " as its value (the spec safelists none): it calls for no preflight (rule safelisted)"
	case v.knob == "ClientHintsSafelisted":
		return "not a CORS-safelisted request-header: this profile safelists the Client Hint `" + v.hint.name +
			"` only with " + v.hint.describe() + " as its value, and the spec not at all (rule " + v.Rule.String() + ")" + listed
	case v.Safelisted():
		s := "a CORS-safelisted request-header: it calls for no preflight (rule safelisted)"
		if v.knob == "RangeUnitCaseInsensitive" {
			// Deviation(WebKit): profile RangeUnitCaseInsensitive.
			s += "; this profile accepts the Range unit `bytes` in any case, where the spec wants it lowercase"
		}
		return s
	case v.Rule == safelist.RuleTotalTooLong:
		return "a CORS-safelisted request-header on its own, but the " + v.String() +
			", so every safelisted header counts as CORS-unsafe (rule " + v.Rule.String() + ")" + listed
	}
	s := "not a CORS-safelisted request-header: the " + v.String() + " (rule " + v.Rule.String() + ")" + listed
	if v.knob == "HighBytesUnsafe" {
		// Deviation(Firefox): profile HighBytesUnsafe.
		s += "; this profile counts the bytes 0x80 to 0xFF as CORS-unsafe, where the spec does not"
	}
	return s
}

// verdictAnchor returns the Fetch Standard anchor and step of the rule that
// decided a safelist verdict. The rules defined elsewhere (parsing a MIME
// type) are cited at the step of CORS-safelisted request-header that uses
// them.
func verdictAnchor(r safelist.Rule) (anchor, step string) {
	const base = "https://fetch.spec.whatwg.org/#"
	switch r {
	case safelist.RuleSafelisted:
		return "cors-safelisted-request-header", "3"
	case safelist.RuleValueTooLong:
		return "cors-safelisted-request-header", "1"
	case safelist.RuleNameNotSafelisted, safelist.RuleLanguageByte:
		return "cors-safelisted-request-header", "2"
	case safelist.RuleContentTypeUnparsable:
		return "cors-safelisted-request-header", "2.3"
	case safelist.RuleContentTypeEssence:
		return "cors-safelisted-request-header", "2.4"
	case safelist.RuleRangeNoStart:
		return "cors-safelisted-request-header", "2.3"
	case safelist.RuleTotalTooLong:
		return "cors-unsafe-request-header-names", "5"
	}
	// RuleUnsafeByte, RuleRangeUnparsable: a definition without steps.
	return strings.TrimPrefix(r.Anchor(), base), ""
}
