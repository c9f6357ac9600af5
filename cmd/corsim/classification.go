package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/corsim/corsim/safelist"
)

const spec = "https://fetch.spec.whatwg.org/#"

// api is the script API that builds the request.
type api string

const (
	apiFetch api = "fetch" // fetch(): Headers append, TypeErrors
	apiXHR   api = "xhr"   // XMLHttpRequest: setRequestHeader combines, DOMExceptions
)

// request is what classify is asked about, as given on the command line.
type request struct {
	API            api
	Method         string
	Headers        []safelist.Header // raw, in order, not yet normalized
	UploadListener bool              // xhr: listeners on xhr.upload
	StreamBody     bool              // fetch: a ReadableStream body
}

// classification is classify's answer; it is printed as text or JSON.
type classification struct {
	API         string `json:"api"`
	MethodGiven string `json:"methodGiven"`
	// Method is the normalized method: the request's method, and ACRM.
	Method           string `json:"method"`
	MethodSafelisted bool   `json:"methodSafelisted"`
	// UseCORSPreflight names what set the use-CORS-preflight flag, if anything.
	UseCORSPreflight string `json:"useCORSPreflight,omitempty"`
	Preflight        bool   `json:"preflight"`
	// Reasons says why a preflight is needed; empty when it is not.
	Reasons []finding `json:"reasons"`
	// The preflight's headers; empty when there is no preflight, and ACRH
	// also when no header name is unsafe (the spec omits it then).
	RequestMethod  string `json:"accessControlRequestMethod,omitempty"`
	RequestHeaders string `json:"accessControlRequestHeaders,omitempty"`
	// Headers is the request's header list as main fetch sees it.
	Headers              []headerVerdict `json:"headers"`
	SafelistedValueBytes int             `json:"safelistedValueBytes"`
	Notes                []string        `json:"notes"`
}

// A finding is one reason for a preflight.
type finding struct {
	Rule      string `json:"rule"`
	Detail    string `json:"detail"`
	Checklist string `json:"checklist"`
	Anchor    string `json:"anchor"`
}

// headerVerdict is one entry of the header list and its verdict.
type headerVerdict struct {
	Name       string `json:"name"`
	Value      string `json:"value"`
	AddedBy    string `json:"addedBy"` // "script" or "browser"
	Safelisted bool   `json:"safelisted"`
	Rule       string `json:"rule"`
	Reason     string `json:"reason"`
	Checklist  string `json:"checklist"`
	Anchor     string `json:"anchor"`
}

// A rejection is a request the browser refuses before anything is sent, or
// a header it silently drops, which corsim refuses rather than ignore.
type rejection struct {
	What      string // what was wrong, naming the input
	Browser   string // what the browser does about it
	Checklist string
	Anchor    string
}

func (r *rejection) Error() string {
	return fmt.Sprintf("%s; %s (%s %s)", r.What, r.Browser, r.Checklist, r.Anchor)
}

// classify builds the request's header list the way the chosen API does,
// then decides whether main fetch takes the preflight branch (checklist #99)
// for a cross-origin request in CORS mode with an empty preflight cache.
func classify(req request) (*classification, error) {
	xhr := req.API == apiXHR

	// The method: a token (#16), not forbidden (#14), normalized (#15).
	if !safelist.ValidMethod(req.Method) {
		return nil, &rejection{
			What:      fmt.Sprintf("method %q is not a token", req.Method),
			Browser:   pick(xhr, "XMLHttpRequest.open() throws a SyntaxError", "fetch() throws a TypeError"),
			Checklist: "#16", Anchor: spec + "concept-method",
		}
	}
	if safelist.ForbiddenMethod(req.Method) {
		return nil, &rejection{
			What:      fmt.Sprintf("method %q is a forbidden method", req.Method),
			Browser:   pick(xhr, "XMLHttpRequest.open() throws a SecurityError", "fetch() throws a TypeError"),
			Checklist: "#14", Anchor: spec + "forbidden-method",
		}
	}
	method := safelist.NormalizeMethod(req.Method)
	if req.StreamBody && (method == "GET" || method == "HEAD") {
		return nil, &rejection{
			What:      fmt.Sprintf("a %s request cannot have a body, and --stream-body gives it one", method),
			Browser:   "fetch() throws a TypeError",
			Checklist: "#216", Anchor: spec + "dom-request",
		}
	}

	// The header list: normalize, validate, drop forbidden, then append
	// (fetch, #3) or combine (XHR, #4, #228).
	var list safelist.HeaderList
	for _, h := range req.Headers {
		value := safelist.NormalizeHeaderValue(h.Value)
		err := safelist.CheckHeaderName(h.Name)
		if err == nil {
			err = safelist.CheckHeaderValue(h.Name, value)
		}
		if err != nil {
			anchor := "header-value"
			if he := (*safelist.HeaderError)(nil); errors.As(err, &he) &&
				(he.Reason == safelist.ReasonNameEmpty || he.Reason == safelist.ReasonNameNotToken) {
				anchor = "header-name"
			}
			return nil, &rejection{
				What:      err.Error(),
				Browser:   pick(xhr, "setRequestHeader() throws a SyntaxError", "fetch() throws a TypeError"),
				Checklist: "#6", Anchor: spec + anchor,
			}
		}
		if safelist.ForbiddenRequestHeader(h.Name, value) {
			return nil, &rejection{
				What:      fmt.Sprintf("%q is a forbidden request-header", h.Name+": "+value),
				Browser:   pick(xhr, "setRequestHeader() silently ignores it", "fetch() silently drops it") + ", so it neither triggers nor appears in a preflight; leave it out",
				Checklist: forbiddenItem(h.Name), Anchor: spec + "forbidden-request-header",
			}
		}
		if xhr {
			list.Combine(h.Name, value)
		} else {
			list.Append(h.Name, value)
		}
	}
	// fetch appends Accept: */* before main fetch when script set none
	// (#89); it counts toward the 1024-byte total (#30).
	scriptHeaders := len(list)
	if !list.Contains("Accept") {
		list.Append("Accept", "*/*")
	}

	c := &classification{
		API:              string(req.API),
		MethodGiven:      req.Method,
		Method:           method,
		MethodSafelisted: safelist.SafelistedMethod(method),
		Reasons:          []finding{},
		Headers:          []headerVerdict{},
		Notes: []string{
			"assumes a cross-origin request in CORS mode and an empty preflight cache (#99, #116)",
			"the browser's own Accept-Language value is implementation-defined and not counted (#90)",
		},
	}

	// The per-header verdicts, the 1024-byte total included (#17-#28).
	verdicts := safelist.AppendRequestHeaderVerdicts(nil, list)
	for i, h := range list {
		v := verdicts[i]
		if v.Safelisted() || v.Rule == safelist.RuleTotalTooLong {
			c.SafelistedValueBytes += len(h.Value)
		}
		c.Headers = append(c.Headers, headerVerdict{
			Name:       h.Name,
			Value:      h.Value,
			AddedBy:    pick(i < scriptHeaders, "script", "browser"),
			Safelisted: v.Safelisted(),
			Rule:       v.Rule.String(),
			Reason:     v.String(),
			Checklist:  ruleItem(v.Rule, h.Name),
			Anchor:     v.Rule.Anchor(),
		})
	}

	// Main fetch step 12, the preflight branch (#99): the use-CORS-preflight
	// flag, or a method that is not safelisted, or CORS-unsafe header names.
	switch {
	case req.UploadListener:
		c.UseCORSPreflight = "upload-listener"
		c.Reasons = append(c.Reasons, finding{
			Rule:      "use-cors-preflight-flag",
			Detail:    "an event listener on xhr.upload sets the use-CORS-preflight flag",
			Checklist: "#226", Anchor: spec + "use-cors-preflight-flag",
		})
	case req.StreamBody:
		c.UseCORSPreflight = "stream-body"
		c.Reasons = append(c.Reasons, finding{
			Rule:      "use-cors-preflight-flag",
			Detail:    "a ReadableStream body sets the use-CORS-preflight flag",
			Checklist: "#217", Anchor: spec + "use-cors-preflight-flag",
		})
	}
	if !c.MethodSafelisted {
		c.Reasons = append(c.Reasons, finding{
			Rule:      "method-not-safelisted",
			Detail:    fmt.Sprintf("method %s is not GET, HEAD or POST", method),
			Checklist: "#13", Anchor: spec + "cors-safelisted-method",
		})
	}
	unsafeNames := safelist.UnsafeRequestHeaderNames(list)
	if len(unsafeNames) > 0 {
		c.Reasons = append(c.Reasons, finding{
			Rule:      "cors-unsafe-request-header-names",
			Detail:    "headers that are not CORS-safelisted: " + strings.Join(unsafeNames, ", "),
			Checklist: "#28", Anchor: spec + "cors-unsafe-request-header-names",
		})
	}
	c.Preflight = len(c.Reasons) > 0
	if c.Preflight {
		// ACRM is the normalized method, case kept (#158); ACRH the unsafe
		// names joined with "," and no space, omitted when empty (#157, #159).
		c.RequestMethod = method
		c.RequestHeaders = strings.Join(unsafeNames, ",")
	}
	return c, nil
}

// ruleItem returns the checklist item that states the rule; for a
// safelisted header, the item of its name's rule.
func ruleItem(r safelist.Rule, name string) string {
	switch r {
	case safelist.RuleValueTooLong:
		return "#17"
	case safelist.RuleNameNotSafelisted:
		return "#18"
	case safelist.RuleUnsafeByte:
		return pick(strings.EqualFold(name, "content-type"), "#21", "#19")
	case safelist.RuleLanguageByte:
		return "#20"
	case safelist.RuleContentTypeUnparsable:
		return "#22"
	case safelist.RuleContentTypeEssence:
		return "#23"
	case safelist.RuleRangeUnparsable, safelist.RuleRangeNoStart:
		return "#25"
	case safelist.RuleTotalTooLong:
		return "#28"
	}
	switch strings.ToLower(name) {
	case "accept":
		return "#19"
	case "accept-language", "content-language":
		return "#20"
	case "content-type":
		return "#23"
	case "range":
		return "#25"
	}
	return ""
}

// forbiddenItem returns the checklist item that makes name forbidden.
func forbiddenItem(name string) string {
	lower := strings.ToLower(name)
	switch {
	case strings.HasPrefix(lower, "proxy-"), strings.HasPrefix(lower, "sec-"):
		return "#36"
	case lower == "x-http-method", lower == "x-http-method-override", lower == "x-method-override":
		return "#37"
	}
	return "#35"
}

func pick(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}

// text renders the classification for people.
func (c *classification) text() string {
	var b strings.Builder
	if c.Preflight {
		b.WriteString("preflight: yes\n")
		for _, r := range c.Reasons {
			fmt.Fprintf(&b, "  - %s (%s %s)\n", r.Detail, r.Checklist, r.Anchor)
		}
	} else {
		b.WriteString("preflight: no (the request goes out directly; its response still needs CORS headers)\n")
	}
	fmt.Fprintf(&b, "method: %s", c.Method)
	if c.Method != c.MethodGiven {
		fmt.Fprintf(&b, " (normalized from %q)", c.MethodGiven)
	}
	b.WriteString("\n")
	if c.Preflight {
		b.WriteString("preflight request: OPTIONS\n")
		fmt.Fprintf(&b, "  Access-Control-Request-Method: %s\n", c.RequestMethod)
		if c.RequestHeaders != "" {
			fmt.Fprintf(&b, "  Access-Control-Request-Headers: %s\n", c.RequestHeaders)
		}
	}
	fmt.Fprintf(&b, "headers (%s):\n", pick(c.API == string(apiXHR), "XMLHttpRequest combines repeated names", "fetch() keeps each one"))
	for _, h := range c.Headers {
		fmt.Fprintf(&b, "  %s: %s", h.Name, h.Value)
		if h.AddedBy == "browser" {
			b.WriteString("  [added by the browser]")
		}
		b.WriteString("\n")
		verdict := "unsafe: " + h.Reason
		if h.Safelisted {
			verdict = "safelisted"
		}
		fmt.Fprintf(&b, "    %s (%s %s)\n", verdict, h.Checklist, h.Anchor)
	}
	fmt.Fprintf(&b, "safelisted values: %d of %d bytes\n", c.SafelistedValueBytes, safelist.MaxSafelistedValueTotal)
	for _, n := range c.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	return b.String()
}
