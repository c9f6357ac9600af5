package fetch

import (
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
	case e == safelist.Failure:
		// Quirk Q1: the spec's wording would assign failure; an unparsable
		// list exposes nothing extra.
		if fp.tracing {
			fp.trace(TraceStep{Anchor: "concept-main-fetch", Step: "14.1.3", Topic: "expose", Subject: strings.Join(values, ", "), Verdict: "unparsable",
				Detail: "Access-Control-Expose-Headers does not parse as a list of header names, so it exposes nothing"})
		}
	case fp.request.Credentials != CredentialsInclude && containsExact(names, "*"):
		resp.CORSExposedHeaderNames = uniqueNames(resp.Header)
		if fp.tracing {
			fp.trace(TraceStep{Anchor: "concept-main-fetch", Step: "14.1.2", Topic: "expose", Subject: strings.Join(values, ", "), Verdict: "all",
				Detail: "`*` without credentials exposes every header of the response (but Set-Cookie)"})
		}
	default:
		resp.CORSExposedHeaderNames = names
		if fp.tracing {
			detail := "these header names are exposed besides the CORS-safelisted ones"
			if containsExact(names, "*") {
				detail += "; with credentials, `*` is only a header literally named `*`"
			}
			fp.trace(TraceStep{Anchor: "concept-main-fetch", Step: "14.1.3", Topic: "expose", Subject: strings.Join(names, ", "), Verdict: "listed", Detail: detail})
		}
	}
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

