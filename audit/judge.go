package audit

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/explain"
	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/internal/wire"
	"github.com/corsim/corsim/preflightcache"
	"github.com/corsim/corsim/safelist"
)

// judge turns the probes' outcomes into findings.
type judge struct {
	cfg     Config
	probes  []probe
	results map[string][]outcome
}

// The fixes, one per kind of finding.
const (
	fixAllowList = "Compare the request's Origin with an allow-list of whole serialized origins (scheme, host and port, byte for byte) and send Access-Control-Allow-Origin, with Access-Control-Allow-Credentials: true, only for a listed origin; never echo the Origin header unchecked. Send Vary: Origin with every answer that depends on it."
	fixNull      = "Never allow the origin null: sandboxed frames, data: URLs and some redirects send it, so any site can produce it."
	fixLookalike = "Compare the whole origin for equality (or parse it and compare scheme, host and port); prefix, suffix, substring and regular-expression matching lets look-alike domains that anyone can register through."
	fixHTTP      = "Allow only https origins for credentialed requests: an http page can be rewritten by anyone on the network path, so trusting it hands them the user's data."
	fixSubdomain = "List the subdomains you trust by exact origin instead of allowing every subdomain: a takeover or an XSS on any of them would read the user's data."
)

// hostileText are the titles and fixes of the hostile probes' findings.
var hostileText = map[string][2]string{
	"origin-reflected": {"any origin can read credentialed responses", fixAllowList},
	"null-origin":      {"the origin null can read credentialed responses", fixNull},
	"prefix-match":     {"an origin that merely starts with the page's origin can read credentialed responses (prefix match)", fixLookalike},
	"suffix-match":     {"an origin whose host merely ends with the page's host can read credentialed responses (suffix match)", fixLookalike},
	"substring-match":  {"an origin whose host merely contains the page's host can read credentialed responses (substring match)", fixLookalike},
	"unescaped-dot":    {"a look-alike origin with a letter in place of a dot can read credentialed responses (an unescaped dot in a pattern)", fixLookalike},
	"http-origin":      {"the http twin of the page's origin can read credentialed responses", fixHTTP},
	"subdomain":        {"any subdomain of the page's host can read credentialed responses", fixSubdomain},
}

func (j *judge) findings() []Finding {
	var fs []Finding
	fs = append(fs, j.hostile()...)
	fs = append(fs, j.trusted()...)
	fs = append(fs, j.vary()...)
	fs = append(fs, j.maxAge()...)
	fs = append(fs, j.expose()...)
	sort.SliceStable(fs, func(a, b int) bool { return fs[a].Severity > fs[b].Severity })
	return fs
}

func (j *judge) probe(id string) probe {
	for _, p := range j.probes {
		if p.id == id {
			return p
		}
	}
	return probe{}
}

// hostile judges the origins the server must not trust: a finding for each
// that reads a response under some profile; when an arbitrary origin can,
// the others are covered by that finding.
func (j *judge) hostile() []Finding {
	var fs []Finding
	arbitrary := -1
	for _, pr := range j.probes {
		if pr.class == 0 {
			continue
		}
		outs := j.results[pr.id]
		o, ok := firstReadable(outs)
		if !ok {
			continue
		}
		if pr.id == "origin-reflected-uncredentialed" {
			if arbitrary >= 0 {
				continue
			}
			fs = append(fs, j.uncredentialed(pr, outs, o))
			continue
		}
		if arbitrary >= 0 {
			fs[arbitrary].Also = append(fs[arbitrary].Also, pr.id+" ("+pr.origin+")")
			continue
		}
		text := hostileText[pr.id]
		vs := verdicts(outs, nil)
		f := Finding{ID: pr.id, Title: text[0], Severity: pr.class, Why: why(vs), Probe: probeText(pr), Verdicts: vs,
			Evidence: evidence(o), Fix: text[1]}
		if pr.id == "origin-reflected" {
			arbitrary = len(fs)
		}
		fs = append(fs, f)
	}
	return fs
}

// uncredentialed judges an arbitrary origin reading without credentials:
// by design with `*`, a weakness when the server echoes any origin.
func (j *judge) uncredentialed(pr probe, outs []outcome, o outcome) Finding {
	f := Finding{ID: pr.id, Probe: probeText(pr), Verdicts: verdicts(outs, nil), Evidence: evidence(o)}
	if acao, _ := actualResponse(o).Header.Get("Access-Control-Allow-Origin"); acao == "*" {
		f.Severity, f.Title = Info, "any origin can read responses without credentials (Access-Control-Allow-Origin: *)"
		f.Fix = "Nothing to do for public data. If the answer depends on the user's network position (an intranet, an IP allow-list), `*` shares it with every site the user visits: use an allow-list of origins."
		return f
	}
	f.Severity, f.Title = Low, "the server echoes any origin: every site can read its responses without credentials"
	f.Fix = "Echoing Origin is `*` in disguise, without its safeguards (a credentialed request is refused `*`, never an echo). " + fixAllowList
	return f
}

// trusted judges the page's own requests: blocked GETs, broken preflights,
// and `*` used where it is literal.
func (j *judge) trusted() []Finding {
	var fs []Finding
	mode := ""
	if j.cfg.Credentials {
		mode = "-credentials"
	}
	credSeverity := func(resp *fetch.WireResponse) (Severity, bool) {
		if j.cfg.Credentials {
			return Medium, true
		}
		if resp != nil {
			if v, _ := resp.Header.Get("Access-Control-Allow-Credentials"); v == "true" {
				return Low, true
			}
		}
		return 0, false
	}
	credNote := " The server answers Access-Control-Allow-Credentials: true, so it means to serve credentialed requests, which fail."
	if j.cfg.Credentials {
		credNote = " The page sends credentials, so its requests fail."
	}

	// `*` as the origin of a credentialed answer (CORS check step 4).
	for _, id := range []string{"trusted-get-credentials", "trusted-preflight-credentials"} {
		outs := j.results[id]
		if o, ok := firstReason(outs, fetch.CORSNotSupportingCredentials); ok {
			if sev, ok := credSeverity(lastResponse(o)); ok {
				fs = append(fs, Finding{ID: "wildcard-credentials", Severity: sev,
					Title: "Access-Control-Allow-Origin: * with credentials: browsers refuse to share the answer." + credNote,
					Probe: probeText(j.probe(id)), Verdicts: verdicts(outs, nil), Evidence: evidence(o),
					Fix: "`*` never works with credentials. Send the exact origin from an allow-list, with Access-Control-Allow-Credentials: true and Vary: Origin."})
				break
			}
		}
	}

	// The page's own GET, blocked for any other reason.
	get := j.results["trusted-get"+mode]
	if o, ok := firstBlocked(get); ok && o.res.NetworkError != nil && o.res.NetworkError.Reason != fetch.CORSNotSupportingCredentials {
		fs = append(fs, Finding{ID: "trusted-blocked", Severity: Medium,
			Title: "the page's own GET is blocked (" + string(o.res.NetworkError.Reason) + ")",
			Probe: probeText(j.probe("trusted-get" + mode)), Verdicts: verdicts(get, nil), Evidence: evidence(o),
			Fix: "Run `corsim explain --origin " + j.cfg.Origin + " " + j.cfg.URL + "` to see the failing check and the headers that pass it."})
	}

	// The preflight's status: any non-2xx answer fails it (CORS-preflight
	// fetch step 7), 405 being the usual missing OPTIONS handler.
	for _, id := range []string{"trusted-preflight" + mode, "trusted-preflight-credentials", "trusted-authorization" + mode} {
		outs := j.results[id]
		o, resp, ok := badPreflightStatus(outs)
		if !ok {
			continue
		}
		title := fmt.Sprintf("the preflight is answered %d, not an ok status: the page's non-simple requests are blocked", resp.Status)
		if resp.Status == 405 {
			title = "the preflight is answered 405 Method Not Allowed (no OPTIONS handler): the page's non-simple requests are blocked"
		}
		fs = append(fs, Finding{ID: "preflight-status", Severity: Medium, Title: title,
			Probe: probeText(j.probe(id)), Verdicts: verdicts(outs, nil), Evidence: evidence(o),
			Fix: "Answer OPTIONS preflights with 204 (any 2xx) and the Access-Control-Allow-* headers, before authentication, routing or method checks can reject them."})
		break
	}

	// `*` in Allow-Methods or Allow-Headers with credentials: only a
	// literal name (CORS-preflight fetch steps 7.5 and 7.7).
	pre := j.results["trusted-preflight-credentials"]
	if o, ok := firstReason(pre, fetch.CORSMethodNotFound); ok {
		resp := preflightResponse(o)
		if listsStar(resp, "Access-Control-Allow-Methods", false) {
			if sev, ok := credSeverity(resp); ok {
				fs = append(fs, Finding{ID: "wildcard-methods-credentials", Severity: sev,
					Title: "Access-Control-Allow-Methods: * with credentials allows only a method named *." + credNote,
					Probe: probeText(j.probe("trusted-preflight-credentials")), Verdicts: verdicts(pre, nil), Evidence: evidence(o),
					Fix: "With credentials, list the methods by name: Access-Control-Allow-Methods: GET, POST, PUT, DELETE (those the API serves)."})
			}
		}
	}
	if o, ok := firstReason(pre, fetch.CORSMissingAllowHeaderFromPreflight); ok {
		resp := preflightResponse(o)
		if listsStar(resp, "Access-Control-Allow-Headers", true) {
			if sev, ok := credSeverity(resp); ok {
				fs = append(fs, Finding{ID: "wildcard-headers-credentials", Severity: sev,
					Title: "Access-Control-Allow-Headers: * with credentials allows only a header named *." + credNote,
					Probe: probeText(j.probe("trusted-preflight-credentials")), Verdicts: verdicts(pre, nil), Evidence: evidence(o),
					Fix: "With credentials, list the request headers by name: Access-Control-Allow-Headers: Content-Type, " + probeHeader + " (those the page sends)."})
			}
		}
	}

	// Authorization is never covered by `*` (step 7.6).
	auth := j.results["trusted-authorization"+mode]
	for _, o := range auth {
		e := o.res.NetworkError
		if e == nil || e.Reason != fetch.CORSMissingAllowHeaderFromPreflight || !strings.EqualFold(e.Header, "Authorization") {
			continue
		}
		if listsStar(preflightResponse(o), "Access-Control-Allow-Headers", true) {
			fs = append(fs, Finding{ID: "authorization-wildcard", Severity: Medium,
				Title: "Access-Control-Allow-Headers: * does not cover Authorization: the page's requests with a token are blocked",
				Probe: probeText(j.probe("trusted-authorization" + mode)), Verdicts: verdicts(auth, nil), Evidence: evidence(o),
				Fix: "Name Authorization in Access-Control-Allow-Headers (e.g. `*, Authorization`); `*` never covers it."})
		}
		break
	}
	return fs
}

// vary judges answers that echo the request's Origin without Vary: Origin.
func (j *judge) vary() []Finding {
	mode := ""
	if j.cfg.Credentials {
		mode = "-credentials"
	}
	for _, id := range []string{"trusted-get" + mode, "origin-reflected", "origin-reflected-uncredentialed"} {
		for _, o := range j.results[id] {
			for _, x := range o.res.Exchanges {
				if x.Response == nil || x.Request.Preflight {
					continue
				}
				acao, ok := x.Response.Header.Get("Access-Control-Allow-Origin")
				sent, _ := x.Request.Header.Get("Origin")
				if !ok || acao == "*" || acao != sent || wire.VaryOrigin(x.Response.Header) {
					continue
				}
				return []Finding{{ID: "vary-origin", Severity: Low,
					Title: "Access-Control-Allow-Origin echoes the request's origin without Vary: Origin: a shared cache can serve one origin's answer to another",
					Probe: probeText(j.probe(id)), Verdicts: verdicts(j.results[id], nil), Evidence: []Exchange{exchange(x)},
					Fix: "Send Vary: Origin with every response whose CORS headers depend on the Origin header (also when the origin is refused)."}}
			}
		}
	}
	return nil
}

// maxAge judges Access-Control-Max-Age as each profile's cache applies it.
func (j *judge) maxAge() []Finding {
	for _, id := range []string{"trusted-preflight", "trusted-preflight-credentials", "trusted-authorization", "trusted-authorization-credentials"} {
		outs := j.results[id]
		for _, o := range outs {
			resp := preflightResponse(o)
			if resp == nil {
				continue
			}
			values := resp.Header.Values("Access-Control-Max-Age")
			if len(values) == 0 {
				continue
			}
			var capped, bad bool
			note := func(o outcome) string {
				ma := o.profile.Cache.ParseMaxAge(values)
				switch {
				case !ma.Store:
					return "not cached (" + ma.Source.String() + ")"
				case ma.Source == preflightcache.MaxAgeCapped:
					capped = true
				case ma.Source == preflightcache.MaxAgeNegative || ma.Source == preflightcache.MaxAgeInvalid:
					bad = true
				}
				return fmt.Sprintf("cached for %s (%s)", ma.Duration, ma.Source)
			}
			vs := verdicts(outs, note)
			for _, o := range outs {
				if ma := o.profile.Cache.ParseMaxAge(values); !ma.Store && ma.Source == preflightcache.MaxAgeRejected {
					bad = true
				}
			}
			value := strings.Join(values, ", ")
			ev := evidenceOf(o, true)
			switch {
			case strings.TrimSpace(value) == "0":
				return []Finding{{ID: "max-age-zero", Severity: Info, Probe: probeText(j.probe(id)), Verdicts: vs, Evidence: ev,
					Title: "Access-Control-Max-Age: 0: every non-simple request is preflighted again",
					Fix:   "Allow the cache a few minutes (Access-Control-Max-Age: 600) unless the policy changes that often."}}
			case bad:
				return []Finding{{ID: "max-age-invalid", Severity: Low, Probe: probeText(j.probe(id)), Verdicts: vs, Evidence: ev,
					Title: "Access-Control-Max-Age: " + value + " is not a number of seconds every engine reads alike",
					Fix:   "Send a non-negative integer of seconds; to disable caching send 0, not -1 (which the spec reads as the 5 s default)."}}
			case capped:
				return []Finding{{ID: "max-age-capped", Severity: Low, Probe: probeText(j.probe(id)), Verdicts: vs, Evidence: ev,
					Title: "Access-Control-Max-Age: " + value + " exceeds an engine's cap, which cuts it down",
					Fix:   "Chromium keeps preflights at most 7200 s and WebKit 600 s (observed); ask for no more than you get, or expect those engines to preflight sooner."}}
			}
			return nil
		}
	}
	return nil
}

// expose judges Access-Control-Expose-Headers for a credentialed request:
// `*` is a literal name there, and Set-Cookie is never exposed.
func (j *judge) expose() []Finding {
	outs := j.results["trusted-get-credentials"]
	for _, o := range outs {
		if o.res.Response == nil {
			continue
		}
		resp := actualResponse(o)
		names, e := safelist.ExtractHeaderNames(resp.Header.Values("Access-Control-Expose-Headers"))
		if e != safelist.Parsed {
			continue
		}
		acac, _ := resp.Header.Get("Access-Control-Allow-Credentials")
		if !j.cfg.Credentials && acac != "true" {
			continue
		}
		var hidden []string
		for _, n := range names {
			switch {
			case n == "*" && !resp.Header.Contains("*"):
				hidden = append(hidden, "* (literal with credentials)")
			case safelist.ForbiddenResponseHeaderName(n) && resp.Header.Contains(n):
				hidden = append(hidden, n+" (never exposed)")
			}
		}
		if len(hidden) == 0 {
			return nil
		}
		note := func(o outcome) string {
			if o.res.Response == nil {
				return ""
			}
			var read []string
			for _, h := range o.res.Response.Header {
				read = append(read, h.Name)
			}
			return "script reads: " + strings.Join(read, ", ")
		}
		return []Finding{{ID: "expose-credentials", Severity: Low,
			Title: "Access-Control-Expose-Headers lists names that cannot work with credentials: " + strings.Join(hidden, ", "),
			Probe: probeText(j.probe("trusted-get-credentials")), Verdicts: verdicts(outs, note), Evidence: evidence(o),
			Fix: "With credentials, list every response header script needs by name; Set-Cookie and Set-Cookie2 can never be exposed."}}
	}
	return nil
}

// summaries say how each probe went.
func (j *judge) summaries() []ProbeSummary {
	var out []ProbeSummary
	for _, pr := range j.probes {
		s := ProbeSummary{ID: pr.id, What: pr.what, Origin: pr.origin, Call: explain.Call(pr.req)}
		for _, o := range j.results[pr.id] {
			s.Outcomes = append(s.Outcomes, o.profile.Name+": "+short(o))
		}
		out = append(out, s)
	}
	return out
}

// short says in a few words how o went.
func short(o outcome) string {
	r := o.res
	switch {
	case r.Outcome == corsim.OK:
		return "readable"
	case r.NetworkError != nil:
		var ns *NotSentError
		if errors.As(r.NetworkError.Err, &ns) {
			return "preflight passed (" + ns.Method + " not sent)"
		}
		return "blocked (" + string(r.NetworkError.Reason) + ")"
	case r.ScriptError != nil:
		return "throws (" + string(r.ScriptError.Reason) + ")"
	}
	return string(r.Outcome)
}

func probeText(pr probe) string {
	return explain.Call(pr.req) + " on a page of " + pr.origin
}

// verdicts gives each outcome's verdict; note, when not nil, adds a remark.
func verdicts(outs []outcome, note func(outcome) string) []Verdict {
	var vs []Verdict
	for _, o := range outs {
		v := Verdict{Profile: o.profile.Name, Outcome: string(o.res.Outcome), Readable: o.res.Outcome == corsim.OK, Cookie: cookie(o)}
		switch e := o.res.NetworkError; {
		case e != nil:
			v.Reason = string(e.Reason)
			var ns *NotSentError
			if errors.As(e.Err, &ns) {
				v.Reason = "preflight passed; " + ns.Method + " not sent"
				break
			}
			if slices.Contains(fetch.ConsoleEngines, o.profile.Name) {
				if msg, err := o.res.ConsoleMessage(o.profile.Name); err == nil {
					v.Console = msg
				}
			}
		case o.res.ScriptError != nil:
			v.Reason = string(o.res.ScriptError.Reason)
		}
		if note != nil {
			v.Note = note(o)
		}
		vs = append(vs, v)
	}
	return vs
}

// cookie says whether the probe's cookie went with the request, from the
// trace; "" for a request without credentials.
func cookie(o outcome) string {
	if !o.include || !sentActual(o) {
		return ""
	}
	for _, s := range o.res.Trace {
		if s.Topic == "cookies.send" {
			if s.Verdict == "sent" {
				return "sent"
			}
			return "not sent: " + s.Detail
		}
	}
	return "not sent: none of the API's cookies is available to this page under the engine's cookie policy"
}

// sentActual reports whether o's request itself (not only its preflight)
// went on the wire.
func sentActual(o outcome) bool {
	for _, x := range o.res.Exchanges {
		if !x.Request.Preflight && x.Err == nil {
			return true
		}
	}
	return false
}

// why says, for a hostile origin's read, under which profiles the user's
// cookie went along: the severity holds where it did.
func why(vs []Verdict) string {
	var with, without []string
	for _, v := range vs {
		switch {
		case !v.Readable:
		case v.Cookie == "sent":
			with = append(with, v.Profile)
		default:
			without = append(without, v.Profile)
		}
	}
	switch {
	case len(without) == 0:
		return "Readable with the user's cookie under " + strings.Join(with, ", ") + "."
	case len(with) == 0:
		return "Readable under " + strings.Join(without, ", ") + ", though the default cookie policy kept the user's cookie back; a browser that allows third-party cookies, or a cookie of the same site, sends it."
	}
	return "Readable with the user's cookie under " + strings.Join(with, ", ") + "; " + strings.Join(without, ", ") +
		" read it too, though their default cookie policy kept the cookie back (a user who allows third-party cookies sends it)."
}

func firstReadable(outs []outcome) (outcome, bool) {
	for _, o := range outs {
		if o.res.Outcome == corsim.OK {
			return o, true
		}
	}
	return outcome{}, false
}

// firstBlocked returns the first outcome blocked other than by the audit's
// refusal to send an unsafe request.
func firstBlocked(outs []outcome) (outcome, bool) {
	for _, o := range outs {
		if o.res.Outcome == corsim.OK {
			continue
		}
		var ns *NotSentError
		if e := o.res.NetworkError; e != nil && errors.As(e.Err, &ns) {
			continue
		}
		return o, true
	}
	return outcome{}, false
}

func firstReason(outs []outcome, r fetch.Reason) (outcome, bool) {
	for _, o := range outs {
		if e := o.res.NetworkError; e != nil && e.Reason == r {
			return o, true
		}
	}
	return outcome{}, false
}

// lastResponse is the last answer o got, preflight or not.
func lastResponse(o outcome) *fetch.WireResponse {
	for i := len(o.res.Exchanges) - 1; i >= 0; i-- {
		if r := o.res.Exchanges[i].Response; r != nil {
			return r
		}
	}
	return nil
}

// actualResponse is the last answer to a request that was not a preflight;
// an empty response when there is none.
func actualResponse(o outcome) *fetch.WireResponse {
	for i := len(o.res.Exchanges) - 1; i >= 0; i-- {
		x := o.res.Exchanges[i]
		if !x.Request.Preflight && x.Response != nil {
			return x.Response
		}
	}
	return &fetch.WireResponse{}
}

// preflightResponse is the answer to o's last preflight, or nil.
func preflightResponse(o outcome) *fetch.WireResponse {
	for i := len(o.res.Exchanges) - 1; i >= 0; i-- {
		x := o.res.Exchanges[i]
		if x.Request.Preflight {
			return x.Response
		}
	}
	return nil
}

// badPreflightStatus returns an outcome whose preflight was answered with a
// status that is not ok, blocking the request.
func badPreflightStatus(outs []outcome) (outcome, *fetch.WireResponse, bool) {
	for _, o := range outs {
		if resp := preflightResponse(o); resp != nil && !safelist.OKStatus(resp.Status) && o.res.Outcome != corsim.OK {
			return o, resp, true
		}
	}
	return outcome{}, nil, false
}

// listsStar reports whether resp's header name lists `*`.
func listsStar(resp *fetch.WireResponse, name string, headerNames bool) bool {
	if resp == nil {
		return false
	}
	var list []string
	if headerNames {
		list, _ = safelist.ExtractHeaderNames(resp.Header.Values(name))
	} else {
		list, _ = safelist.ExtractMethods(resp.Header.Values(name))
	}
	return slices.Contains(list, "*")
}

// evidence is every exchange of o.
func evidence(o outcome) []Exchange { return evidenceOf(o, false) }

// evidenceOf is o's exchanges, only the preflights when preflightOnly.
func evidenceOf(o outcome, preflightOnly bool) []Exchange {
	var out []Exchange
	for _, x := range o.res.Exchanges {
		if preflightOnly && !x.Request.Preflight {
			continue
		}
		var ns *NotSentError
		if errors.As(x.Err, &ns) {
			continue
		}
		out = append(out, exchange(x))
	}
	return out
}

func exchange(x fetch.Exchange) Exchange {
	proto := "HTTP/1.1"
	if x.Response != nil {
		proto = wire.Proto(x.Response.Protocol)
	}
	e := Exchange{Request: wire.RequestText(x.Request, proto)}
	if x.Response != nil {
		e.Response = wire.ResponseText(x.Response)
	}
	if x.Err != nil {
		e.Error = x.Err.Error()
	}
	return e
}
