package fetch

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/corsim/corsim/preflightcache"
)

// An Agent is the user agent: one engine profile with its CORS-preflight cache
// and cookie jar, on one clock, talking to one network. Pages share it the way
// tabs share a browser's caches. An Agent is safe for concurrent use.
type Agent struct {
	Profile *Profile
	Cache   *preflightcache.Cache
	Jar     *Jar
	Network Network
	clock   preflightcache.Clock
}

// AgentOptions configures NewAgent. The zero value is usable.
type AgentOptions struct {
	// Clock is the agent's time; nil means the system clock.
	Clock preflightcache.Clock
	// Cache is a preflight cache to share (it must follow the profile's
	// cache policy); nil makes a new one.
	Cache *preflightcache.Cache
	// Jar is a cookie jar to share; nil makes a new one.
	Jar *Jar
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// NewAgent returns a user agent with the given profile, talking to n.
func NewAgent(p *Profile, n Network, o AgentOptions) (*Agent, error) {
	if p == nil {
		return nil, fmt.Errorf("fetch: NewAgent: no profile")
	}
	if n == nil {
		return nil, fmt.Errorf("fetch: NewAgent: no network")
	}
	clock := o.Clock
	if clock == nil {
		clock = systemClock{}
	}
	cache := o.Cache
	if cache == nil {
		c, err := preflightcache.New(p.Cache, preflightcache.WithClock(clock))
		if err != nil {
			return nil, fmt.Errorf("fetch: NewAgent: profile %s: %w", p.Name, err)
		}
		cache = c
	}
	jar := o.Jar
	if jar == nil {
		jar = NewJar(JarOptions{Policy: p.Cookies, Now: clock.Now})
	}
	return &Agent{Profile: p, Cache: cache, Jar: jar, Network: n, clock: clock}, nil
}

// Now returns the agent's current time.
func (a *Agent) Now() time.Time { return a.clock.Now() }

// A Result is the outcome of one fetch: the response script gets or the
// network error, every wire exchange in order, and the trace of decisions.
type Result struct {
	// Response is the (filtered) response handed to script; nil when Err
	// is set.
	Response *Response
	// Err is the network error the fetch ended with, or nil.
	Err *NetworkError
	// Exchanges lists every request that reached the network and what came
	// back, in order; preflights are marked on their request.
	Exchanges []Exchange
	// Trace lists the decisions made, in order; nil when the fetch ran
	// WithoutTrace.
	Trace []TraceStep

	// exchanges backs Exchanges for the common fetch of one or two round
	// trips (a request, a preflight and its request), saving an allocation.
	exchanges [2]Exchange
}

// A FetchOption changes how Agent.Fetch runs.
type FetchOption func(*fetchParams)

// WithoutTrace makes Fetch record no trace: Result.Trace stays nil, and the
// sentences of the trace steps are never built. The decisions, the
// exchanges and the outcome are the same; a caller that reads only them
// (the enforcing http.RoundTripper, with no one to explain to) saves the
// trace's cost.
func WithoutTrace() FetchOption {
	return func(fp *fetchParams) { fp.tracing = false }
}

// traceCapacity is the room made for a trace: a cross-origin fetch with a
// preflight makes about twenty steps.
const traceCapacity = 24

// fetchParams carries one fetch through the algorithms (the spec's fetch
// params, reduced to what the simulation needs).
type fetchParams struct {
	agent   *Agent
	ctx     context.Context
	request *Request
	result  *Result
	// tracing is false when nobody reads the trace (WithoutTrace): trace
	// records nothing, and call sites skip building their sentences.
	tracing bool
	// unsafe is the CORS-unsafe request-header names main fetch found in
	// the current hop's header list (step 12), which HTTP fetch's cache
	// lookup and the preflight read again: nothing changes the list in
	// between.
	unsafe []string
}

// trace records a decision that is about no wire exchange in particular:
// its Exchange is -1, whatever s says. Call sites whose step costs
// allocations to build check fp.tracing first.
func (fp *fetchParams) trace(s TraceStep) {
	if !fp.tracing {
		return
	}
	s.Exchange = -1
	fp.result.Trace = append(fp.result.Trace, s)
}

// traceExchange records a decision about the wire exchange at index in the
// result's exchanges (0 is the first).
func (fp *fetchParams) traceExchange(s TraceStep, index int) {
	if !fp.tracing {
		return
	}
	s.Exchange = index
	fp.result.Trace = append(fp.result.Trace, s)
}

// fail builds a network error about the request's current state.
func (fp *fetchParams) fail(reason Reason, anchor, step string) *NetworkError {
	r := fp.request
	e := &NetworkError{
		Reason: reason, Anchor: anchor, Step: step,
		API: r.API, Method: r.Method, URL: r.CurrentURL().Serialize(true), Origin: r.SerializedOrigin(),
	}
	if len(r.URLList) > 1 {
		e.InitialURL = r.URLList[0].Serialize(true)
	}
	if base := r.Client.baseURL(); base != "" {
		e.Page = base
	}
	return e
}

// Fetch runs the Fetch Standard's [fetch] for req, a request made by script
// (see NewRequest and XHR), and returns what script gets. req is changed as
// the algorithms go (its URL list, tainting and headers); use it once.
//
// [fetch]: https://fetch.spec.whatwg.org/#concept-fetch
func (a *Agent) Fetch(ctx context.Context, req *Request, opts ...FetchOption) *Result {
	res := &Result{}
	res.Exchanges = res.exchanges[:0]
	fp := &fetchParams{agent: a, ctx: ctx, request: req, result: res, tracing: true}
	for _, o := range opts {
		o(fp)
	}
	if fp.tracing {
		res.Trace = make([]TraceStep, 0, traceCapacity)
	}

	// The engine's own steps of XMLHttpRequest's send().
	if req.API == APIXHR {
		xhrEngineRules(fp)
	}

	// Populate request from client: the request's origin becomes the
	// client's.
	req.Origin = req.Client.Origin
	if req.ResponseTainting == "" {
		req.ResponseTainting = TaintingBasic
	}

	// Step: a request without Accept gets `*/*` (destination "").
	if !req.Header.Contains("Accept") {
		req.Header.Append("Accept", "*/*")
		fp.trace(TraceStep{Anchor: "concept-fetch", Topic: "request.ua-header", Subject: "Accept: */*", Verdict: "added",
			Detail: "script set no Accept header, so the user agent appends `*/*` before main fetch"})
	}
	// Step: and an Accept-Language the user agent chooses.
	if !req.Header.Contains("Accept-Language") && a.Profile.AcceptLanguage != "" {
		req.Header.Append("Accept-Language", a.Profile.AcceptLanguage)
		if fp.tracing {
			fp.trace(TraceStep{Anchor: "concept-fetch", Topic: "request.ua-header", Subject: "Accept-Language: " + a.Profile.AcceptLanguage, Verdict: "added",
				Detail: "script set no Accept-Language header, so the user agent appends its own before main fetch"})
		}
	}

	resp, nerr := mainFetch(fp, false)
	if len(res.Exchanges) == 0 {
		res.Exchanges = nil // nothing was sent, as before the buffer
	}
	if nerr != nil {
		fp.result.Err = nerr
		if fp.tracing {
			fp.trace(TraceStep{Anchor: nerr.Anchor, Step: nerr.Step, Topic: "result", Subject: nerr.URL, Verdict: "network error",
				Detail: nerr.describe()})
		}
		return fp.result
	}
	fp.result.Response = resp
	if fp.tracing {
		fp.trace(TraceStep{Anchor: "concept-main-fetch", Topic: "result", Subject: string(resp.Type), Verdict: "response",
			Detail: "script gets a " + string(resp.Type) + " response with status " + strconv.Itoa(resp.Status)})
	}
	return fp.result
}

// equalFoldASCII reports whether s and t are a byte-case-insensitive match:
// equal after ASCII lowercasing (strings.EqualFold would also fold
// non-ASCII letters such as "ſ" to "s").
func equalFoldASCII(s, t string) bool {
	if len(s) != len(t) {
		return false
	}
	for i := 0; i < len(s); i++ {
		a, b := s[i], t[i]
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}
