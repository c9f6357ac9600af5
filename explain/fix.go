package explain

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/internal/wire"
	"github.com/corsim/corsim/safelist"
	"github.com/corsim/corsim/vectors"
)

// A Fix is what the server must send, instead of what it sent, for the
// blocked steps to work under the profiles it names.
type Fix struct {
	Profiles []string `json:"profiles"`
	// Answers are the changed answers, in the order they were found.
	Answers []Answer `json:"answers,omitempty"`
	// Verified reports that the scenario was run again with Answers and
	// every step that had been blocked for a reason an answer can mend then
	// passed, while no step that passed before failed.
	Verified bool `json:"verified"`
	// Unfixable lists the steps still blocked, and why no answer mends them.
	Unfixable []Unfixable `json:"unfixable,omitempty"`
	// Assumed lists requests (method and URL) a live server was never asked,
	// which the re-run took to be answered 200 with the headers above.
	Assumed []string `json:"assumed,omitempty"`
	// Notes give advice beyond what the browser checks.
	Notes []string `json:"notes,omitempty"`
}

// An Answer is how the server must answer one request: the preflight
// (OPTIONS) or the request itself, at a URL.
type Answer struct {
	Preflight bool   `json:"preflight"`
	Method    string `json:"method"`
	URL       string `json:"url"`
	// Status is the status to answer with instead of WasStatus; 0 when the
	// status may stay.
	Status    int `json:"status,omitempty"`
	WasStatus int `json:"wasStatus,omitempty"`
	// Headers are the header lines to send, each replacing every line of
	// its name.
	Headers [][2]string `json:"headers,omitempty"`
}

// Unfixable is a step no answer can unblock.
type Unfixable struct {
	Step   int    `json:"step"` // counted from 1
	Reason string `json:"reason"`
	Why    string `json:"why"`
}

// maxRounds bounds the mend-and-rerun rounds: each round mends one failing
// check, and a scenario has only so many (origin, credentials, status,
// methods, headers, per response).
const maxRounds = 16

// findFixes finds the fix for each profile under which a step is blocked and
// groups the profiles that need the same one. replay, when not nil, makes the
// network a re-run answers from (a live server's recorded answers) and the
// function listing the requests it had to assume.
func findFixes(ctx context.Context, sc *Scenario, profiles []*corsim.Profile, runs [][]*corsim.Result, replay func() (corsim.Network, func() []string)) ([]Fix, error) {
	var fixes []Fix
	for j, p := range profiles {
		if !anyBlocked(runs[j]) {
			continue
		}
		f, err := fixFor(ctx, sc, p, runs[j], replay)
		if err != nil {
			return nil, err
		}
		merged := false
		for k := range fixes {
			if sameFix(fixes[k], f) {
				fixes[k].Profiles = append(fixes[k].Profiles, p.Name)
				merged = true
				break
			}
		}
		if !merged {
			f.Profiles = []string{p.Name}
			fixes = append(fixes, f)
		}
	}
	return fixes, nil
}

// fixFor mends the first blocked step's failing answer, runs the scenario
// again, and repeats until nothing more can be mended.
func fixFor(ctx context.Context, sc *Scenario, p *corsim.Profile, original []*corsim.Result, replay func() (corsim.Network, func() []string)) (Fix, error) {
	var f Fix
	am := &amendments{}
	results := original
	var assumed func() []string
	for round := 0; round < maxRounds; round++ {
		i := firstMendable(results)
		if i < 0 || !am.mend(results[i], includesCredentials(sc.Steps[i].Request)) {
			break
		}
		var live corsim.Network
		if replay != nil {
			live, assumed = replay()
		}
		rs, err := runScenario(ctx, sc, p, live, am.wrap)
		if err != nil {
			return f, err
		}
		results = rs
	}
	f.Answers = am.answers()
	if assumed != nil {
		f.Assumed = assumed()
	}
	f.Verified = len(f.Answers) > 0
	for i, r := range results {
		before := original[i]
		switch {
		case before.Outcome == corsim.OK && r.Outcome != corsim.OK:
			f.Verified = false
		case before.Outcome != corsim.OK && mendable(before) && r.Outcome != corsim.OK:
			f.Verified = false
		}
		if r.Outcome != corsim.OK {
			f.Unfixable = append(f.Unfixable, unfixable(i, r, len(f.Answers) > 0))
		}
	}
	f.Notes = am.notes
	return f, nil
}

func anyBlocked(rs []*corsim.Result) bool {
	for _, r := range rs {
		if r.Outcome != corsim.OK {
			return true
		}
	}
	return false
}

// firstMendable returns the index of the first result blocked for a reason an
// answer can mend, or -1.
func firstMendable(rs []*corsim.Result) int {
	for i, r := range rs {
		if r.Outcome != corsim.OK && mendable(r) {
			return i
		}
	}
	return -1
}

// mendable reports whether r failed a check that a different answer from the
// server can pass: the CORS check, the preflight's checks, or CORP.
func mendable(r *corsim.Result) bool {
	if r.NetworkError == nil {
		return false
	}
	switch r.NetworkError.Reason {
	case fetch.CORSMissingAllowOrigin, fetch.CORSAllowOriginNotMatchingOrigin, fetch.CORSMultipleAllowOriginNotAllowed,
		fetch.CORSNotSupportingCredentials, fetch.CORSMissingAllowCredentials,
		fetch.CORSPreflightDidNotSucceed, fetch.CORSPreflightRedirect,
		fetch.CORSInvalidAllowMethod, fetch.CORSMethodNotFound,
		fetch.CORSInvalidAllowHeader, fetch.CORSMissingAllowHeaderFromPreflight,
		fetch.CORPBlocked:
		return true
	}
	return false
}

// includesCredentials reports whether r's credentials mode is include
// (withCredentials for XMLHttpRequest).
func includesCredentials(r vectors.Request) bool { return r.Credentials == "include" }

// amendments are the answers changed so far.
type amendments struct {
	list  []*Answer
	notes []string
}

func (am *amendments) answers() []Answer {
	if len(am.list) == 0 {
		return nil
	}
	out := make([]Answer, len(am.list))
	for i, a := range am.list {
		out[i] = *a
		out[i].Headers = slices.Clone(a.Headers)
	}
	return out
}

// find returns the answer for a request, or nil.
func (am *amendments) find(preflight bool, method, url string) *Answer {
	for _, a := range am.list {
		if a.Preflight == preflight && a.Method == method && a.URL == url {
			return a
		}
	}
	return nil
}

// set makes a send the header line name: value, and reports whether that
// changed anything.
func (a *Answer) set(name, value string) bool {
	for i, h := range a.Headers {
		if strings.EqualFold(h[0], name) {
			if h[1] == value {
				return false
			}
			a.Headers[i][1] = value
			return true
		}
	}
	a.Headers = append(a.Headers, [2]string{name, value})
	return true
}

// mend changes the answer at fault in r's failure so that the failing check
// passes, and reports whether it changed anything (if not, mending has come
// to a fixed point and gives up).
func (am *amendments) mend(r *corsim.Result, include bool) bool {
	e := r.NetworkError
	method := e.Method
	if e.Preflight {
		method = "OPTIONS"
	}
	a := am.find(e.Preflight, method, e.URL)
	if a == nil {
		a = &Answer{Preflight: e.Preflight, Method: method, URL: e.URL}
		am.list = append(am.list, a)
	}
	changed := am.mendAnswer(a, r, include)
	if a.Status == 0 && len(a.Headers) == 0 {
		am.list = slices.DeleteFunc(am.list, func(x *Answer) bool { return x == a })
	}
	return changed
}

// mendAnswer changes a, the answer at fault in r's failure.
func (am *amendments) mendAnswer(a *Answer, r *corsim.Result, include bool) bool {
	e := r.NetworkError
	req, resp := atFault(r, a.Preflight, a.Method, a.URL)
	var have safelist.HeaderList
	if resp != nil {
		have = resp.Header
	}
	switch e.Reason {
	case fetch.CORSMissingAllowOrigin, fetch.CORSAllowOriginNotMatchingOrigin,
		fetch.CORSMultipleAllowOriginNotAllowed, fetch.CORSNotSupportingCredentials:
		// The CORS check wants the request's serialized origin, byte for
		// byte ("null" once a redirect has tainted it).
		changed := a.set("Access-Control-Allow-Origin", e.Origin)
		if changed && e.Origin != "null" && !wire.VaryOrigin(have) {
			am.note("Access-Control-Allow-Origin names one origin here: when a server picks it from the request's Origin header, it must also send Vary: Origin, so that caches keep the answers for different origins apart.")
		}
		return changed
	case fetch.CORSMissingAllowCredentials:
		return a.set("Access-Control-Allow-Credentials", "true")
	case fetch.CORSPreflightDidNotSucceed, fetch.CORSPreflightRedirect:
		if a.Status == http.StatusNoContent {
			return false
		}
		a.WasStatus, a.Status = e.Status, http.StatusNoContent
		return true
	case fetch.CORSInvalidAllowMethod:
		return a.set("Access-Control-Allow-Methods", e.Method)
	case fetch.CORSMethodNotFound:
		methods, _ := safelist.ExtractMethods(have.Values("Access-Control-Allow-Methods"))
		return a.set("Access-Control-Allow-Methods", strings.Join(append(methods, e.Method), ", "))
	case fetch.CORSInvalidAllowHeader, fetch.CORSMissingAllowHeaderFromPreflight:
		var names []string
		if e.Reason == fetch.CORSMissingAllowHeaderFromPreflight {
			names, _ = safelist.ExtractHeaderNames(have.Values("Access-Control-Allow-Headers"))
		}
		wildcard := slices.Contains(names, "*") && !include
		var asked []string
		if req != nil {
			if v, ok := req.Header.Get("Access-Control-Request-Headers"); ok {
				asked = strings.Split(v, ",")
			}
		}
		if e.Header != "" {
			asked = append(asked, strings.ToLower(e.Header))
		}
		for _, n := range asked {
			// Step 7.7 of CORS-preflight fetch: a name is covered when listed
			// (ASCII case-insensitively), or by `*` without credentials;
			// step 7.6: Authorization only when listed.
			covered := slices.ContainsFunc(names, func(x string) bool { return strings.EqualFold(x, n) }) ||
				wildcard && !safelist.NonWildcardRequestHeaderName(n)
			if !covered {
				names = append(names, n)
			}
		}
		return a.set("Access-Control-Allow-Headers", strings.Join(names, ", "))
	case fetch.CORPBlocked:
		return a.set("Cross-Origin-Resource-Policy", "cross-origin")
	}
	return false
}

func (am *amendments) note(s string) {
	if !slices.Contains(am.notes, s) {
		am.notes = append(am.notes, s)
	}
}

// atFault returns the last exchange of r matching the answer's request.
func atFault(r *corsim.Result, preflight bool, method, url string) (*fetch.WireRequest, *fetch.WireResponse) {
	for i := len(r.Exchanges) - 1; i >= 0; i-- {
		x := r.Exchanges[i]
		if x.Request.Preflight == preflight && x.Request.Method == method && x.Request.URL.Serialize(true) == url {
			return x.Request, x.Response
		}
	}
	return nil, nil
}

// wrap puts the amendments between the browser and net.
func (am *amendments) wrap(net corsim.Network) corsim.Network {
	return amendedNetwork{net: net, am: am}
}

type amendedNetwork struct {
	net corsim.Network
	am  *amendments
}

func (n amendedNetwork) RoundTrip(ctx context.Context, wr *fetch.WireRequest) (*fetch.WireResponse, error) {
	resp, err := n.net.RoundTrip(ctx, wr)
	a := n.am.find(wr.Preflight, wr.Method, wr.URL.Serialize(true))
	if err != nil || a == nil {
		return resp, err
	}
	c := *resp
	c.Header = slices.Clone(resp.Header)
	if a.Status != 0 {
		c.Status, c.StatusText = a.Status, http.StatusText(a.Status)
	}
	for _, h := range a.Headers {
		c.Header.Set(h[0], h[1])
	}
	return &c, nil
}

// unfixable says why step i is still blocked.
func unfixable(i int, r *corsim.Result, mended bool) Unfixable {
	u := Unfixable{Step: i + 1}
	switch {
	case r.ScriptError != nil:
		u.Reason = string(r.ScriptError.Reason)
		u.Why = "script throws " + r.ScriptError.Name + " before anything is sent; the page's code must change, not the server"
		return u
	case r.NetworkError == nil:
		u.Reason, u.Why = string(r.Outcome), "no failure recorded"
		return u
	}
	e := r.NetworkError
	u.Reason = string(e.Reason)
	if mendable(r) {
		u.Why = "this check still fails after the changes above"
		if !mended {
			u.Why = "no change of the answer was found that passes this check"
		}
		return u
	}
	u.Why = whyUnmendable(e)
	return u
}

// whyUnmendable says, for a failure no response header mends, what must
// change instead.
func whyUnmendable(e *fetch.NetworkError) string {
	switch e.Reason {
	case fetch.CORSRequestNotHttp:
		return "CORS requests go to http and https URLs only; the URL must be one"
	case fetch.SameOriginModeCrossOrigin:
		return `mode "same-origin" refuses a cross-origin URL; the page must use mode "cors"`
	case fetch.NoCORSRedirectMode:
		return `a no-cors request must follow redirects; the page must use redirect "follow"`
	case fetch.BadPort:
		return "browsers never fetch from this port; the server must listen on another"
	case fetch.MixedContent:
		return "a secure page may not fetch an http URL; the server must be reachable over https"
	case fetch.RedirectModeError:
		return `the page asked for redirect "error"; the server must answer without a redirect, or the page must follow redirects`
	case fetch.RedirectLocationInvalid:
		return "the redirect must carry exactly one Location header holding a URL"
	case fetch.RedirectNotHTTP:
		return "a redirect must lead to an http or https URL"
	case fetch.TooManyRedirects:
		return "the server redirected more than 20 times; the chain must be shorter"
	case fetch.CORSRedirectCredentials:
		return "the redirect's Location carries a username or password; it must not"
	case fetch.RedirectStreamBody:
		return "a streamed body cannot be sent twice; the server must not answer it with a 301, 302, 307 or 308 redirect"
	case fetch.StreamBodyHTTP1:
		return "a streamed body needs HTTP/2; the server must speak HTTP/2"
	case fetch.CORSDidNotSucceed:
		if e.Err != nil {
			return "no HTTP response came (" + e.Err.Error() + "); the server must be reachable"
		}
		return "no HTTP response came; the server must be reachable"
	}
	return "no change to the server's answers mends this"
}

// sameFix reports whether two fixes say the same (their profiles aside).
func sameFix(a, b Fix) bool {
	if a.Verified != b.Verified || !slices.Equal(a.Assumed, b.Assumed) || !slices.Equal(a.Notes, b.Notes) ||
		!slices.Equal(a.Unfixable, b.Unfixable) || len(a.Answers) != len(b.Answers) {
		return false
	}
	for i := range a.Answers {
		x, y := a.Answers[i], b.Answers[i]
		if x.Preflight != y.Preflight || x.Method != y.Method || x.URL != y.URL || x.Status != y.Status ||
			x.WasStatus != y.WasStatus || !slices.Equal(x.Headers, y.Headers) {
			return false
		}
	}
	return true
}
