package fetch

import (
	"strings"

	"github.com/corsim/corsim/safelist"
)

// unsafeHeaderNames returns the [CORS-unsafe request-header names] of l under
// the profile.
//
// [CORS-unsafe request-header names]: https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names
func (a *Agent) unsafeHeaderNames(l safelist.HeaderList) []string {
	if a.Profile.RangeUnitCaseInsensitive {
		l = lowerRangeUnit(l)
	}
	return safelist.UnsafeRequestHeaderNames(l)
}

// classifyRequestHeaders returns the CORS-unsafe request-header names of the
// request's header list, which decide with its method whether main fetch
// takes the preflight branch (step 12), and traces the verdict on each
// header: one request.header step per header, in the list's order, naming
// the rule that decided it (the 1024-byte total of the safelisted values
// included).
func classifyRequestHeaders(fp *fetchParams) []string {
	l := fp.request.Header
	judged := l
	if fp.agent.Profile.RangeUnitCaseInsensitive {
		judged = lowerRangeUnit(l)
	}
	unsafe := safelist.UnsafeRequestHeaderNames(judged)
	if !fp.tracing {
		return unsafe
	}
	var buf [8]safelist.Verdict
	for i, v := range safelist.AppendRequestHeaderVerdicts(buf[:0], judged) {
		h := l[i]
		step := TraceStep{Topic: "request.header", Subject: h.Name + ": " + h.Value}
		step.Anchor, step.Step = verdictAnchor(v.Rule)
		switch v.Rule {
		case safelist.RuleSafelisted:
			step.Verdict = "safelisted"
			step.Detail = "a CORS-safelisted request-header: it calls for no preflight (rule safelisted)"
			if judged[i].Value != h.Value {
				// Deviation(WebKit): profile RangeUnitCaseInsensitive.
				step.Detail += "; this profile accepts the Range unit `bytes` in any case, where the spec wants it lowercase"
			}
		case safelist.RuleTotalTooLong:
			step.Verdict = "unsafe"
			step.Detail = "a CORS-safelisted request-header on its own, but the " + v.String() +
				", so every safelisted header counts as CORS-unsafe (rule " + v.Rule.String() + "); its name goes into Access-Control-Request-Headers"
		default:
			step.Verdict = "unsafe"
			step.Detail = "not a CORS-safelisted request-header: the " + v.String() +
				" (rule " + v.Rule.String() + "); its name goes into Access-Control-Request-Headers"
		}
		fp.trace(step)
	}
	return unsafe
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

// lowerRangeUnit returns l with the unit of its Range values lowercased when
// it is `bytes` in some other case, so that the spec's rule accepts it; l
// itself when there is nothing to change.
//
// Deviation(WebKit): ENGINES.md, `Range: BYTES=0-` is sent without a preflight.
func lowerRangeUnit(l safelist.HeaderList) safelist.HeaderList {
	var out safelist.HeaderList
	for i, h := range l {
		if !equalFoldASCII(h.Name, "range") || len(h.Value) < 6 || h.Value[:6] == "bytes=" || !equalFoldASCII(h.Value[:6], "bytes=") {
			continue
		}
		if out == nil {
			out = append(safelist.HeaderList(nil), l...)
		}
		out[i].Value = "bytes=" + h.Value[6:]
	}
	if out == nil {
		return l
	}
	return out
}
