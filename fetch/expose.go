package fetch

import (
	"slices"
	"strings"

	"github.com/corsim/corsim/safelist"
)

// exposeHeaders fills the response's CORS-exposed header-name list from
// Access-Control-Expose-Headers (main fetch step 14.1).
func exposeHeaders(fp *fetchParams, resp *Response) {
	values := resp.Header.Values("Access-Control-Expose-Headers")
	names, e := safelist.ExtractHeaderNames(values)
	switch {
	case e == safelist.Absent:
		fp.trace(TraceStep{Anchor: "concept-main-fetch", Step: "14.1", Topic: "expose", Verdict: "none",
			Detail: "no Access-Control-Expose-Headers: script sees only the CORS-safelisted response headers"})
	case e == safelist.Failure && fp.agent.Profile.Response.ExposeWildcardBeforeInvalidName &&
		fp.request.API != APIXHR && fp.request.Credentials != CredentialsInclude && wildcardBeforeInvalidName(values):
		// Deviation(Firefox): a `*` before the first bad element still
		// exposes everything, for fetch() (profile
		// ExposeWildcardBeforeInvalidName).
		resp.CORSExposedHeaderNames = uniqueNames(resp.Header)
		if fp.tracing {
			fp.trace(TraceStep{Anchor: "concept-main-fetch", Step: "14.1.2", Topic: "expose", Subject: strings.Join(values, ", "), Verdict: "all",
				Detail: "Access-Control-Expose-Headers does not parse as a list of header names, but this engine reads it element by element," +
					" and the `*` before the first bad element exposes every header of the response (but Set-Cookie); the spec exposes nothing extra"})
		}
	case e == safelist.Failure:
		// Quirk Q1: the spec's wording would assign failure; an unparsable
		// list exposes nothing extra.
		if fp.tracing {
			fp.trace(TraceStep{Anchor: "concept-main-fetch", Step: "14.1.3", Topic: "expose", Subject: strings.Join(values, ", "), Verdict: "unparsable",
				Detail: "Access-Control-Expose-Headers does not parse as a list of header names, so it exposes nothing"})
		}
	case fp.request.Credentials != CredentialsInclude && slices.Contains(names, "*"):
		resp.CORSExposedHeaderNames = uniqueNames(resp.Header)
		if fp.tracing {
			fp.trace(TraceStep{Anchor: "concept-main-fetch", Step: "14.1.2", Topic: "expose", Subject: strings.Join(values, ", "), Verdict: "all",
				Detail: "`*` without credentials exposes every header of the response (but Set-Cookie)"})
		}
	default:
		resp.CORSExposedHeaderNames = names
		if fp.tracing {
			detail := "these header names are exposed besides the CORS-safelisted ones"
			if slices.Contains(names, "*") {
				detail += "; with credentials, `*` is only a header literally named `*`"
			}
			fp.trace(TraceStep{Anchor: "concept-main-fetch", Step: "14.1.3", Topic: "expose", Subject: strings.Join(names, ", "), Verdict: "listed", Detail: detail})
		}
	}
}

// wildcardBeforeInvalidName reports whether the combined value of the
// Access-Control-Expose-Headers lines, split at commas, has an element `*`
// before its first element that is not a header name (empty elements and
// the spaces and tabs around elements are skipped). This is how Firefox's
// fetch() reads the header: token by token, stopping at the first bad one.
func wildcardBeforeInvalidName(values []string) bool {
	for _, v := range values {
		for v != "" {
			elem := v
			if i := strings.IndexByte(v, ','); i >= 0 {
				elem, v = v[:i], v[i+1:]
			} else {
				v = ""
			}
			elem = strings.Trim(elem, " \t")
			switch {
			case elem == "":
			case elem == "*":
				return true
			case !safelist.ValidHeaderName(elem):
				return false
			}
		}
	}
	return false
}

// uniqueNames returns the distinct header names of l (first spelling kept).
func uniqueNames(l safelist.HeaderList) []string {
	var names []string
	for _, h := range l {
		seen := false
		for _, n := range names {
			if equalFoldASCII(n, h.Name) {
				seen = true
				break
			}
		}
		if !seen {
			names = append(names, h.Name)
		}
	}
	return names
}
