package corsim

import (
	"context"

	"fmt"

	"github.com/corsim/corsim/fetch"
)

// Profile is an engine profile; see fetch.Profile.
type Profile = fetch.Profile

// The four profiles: the Fetch Standard, and the engines as corsim knows them.
var (
	Spec     = &fetch.Spec
	Chromium = &fetch.Chromium
	Firefox  = &fetch.Firefox
	WebKit   = &fetch.WebKit
)

// Profiles lists the four profiles in a fixed order.
var Profiles = []*Profile{Spec, Chromium, Firefox, WebKit}

// ProfileByName returns the profile named name ("spec", "chromium",
// "firefox", "webkit").
func ProfileByName(name string) (*Profile, error) {
	if p, ok := fetch.ProfileByName(name); ok {
		return p, nil
	}
	return nil, fmt.Errorf("corsim: unknown profile %q (want spec, chromium, firefox or webkit)", name)
}

// RequestInit is what script passes to fetch(); see fetch.RequestInit.
type RequestInit = fetch.RequestInit

// A Browser is one engine: a profile, its CORS-preflight cache and cookie jar,
// and a clock, talking to one network. It is safe for concurrent use; its
// pages share its cache and jar as a browser's tabs do.
type Browser struct {
	agent *fetch.Agent
}

// An Option configures NewBrowser.
type Option func(*options)

type options struct {
	clock Clock
}

// WithClock makes the browser run on c (a *FakeClock to step the preflight
// cache and cookies through time) instead of the system clock.
func WithClock(c Clock) Option { return func(o *options) { o.clock = c } }

// NewBrowser returns a browser of profile p on network n.
func NewBrowser(p *Profile, n Network, opts ...Option) (*Browser, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	// A nil Clock converts to a nil preflightcache.Clock: the system clock.
	a, err := fetch.NewAgent(p, n, fetch.AgentOptions{Clock: o.clock})
	if err != nil {
		return nil, err
	}
	return &Browser{agent: a}, nil
}

// Profile returns the browser's profile.
func (b *Browser) Profile() *Profile { return b.agent.Profile }

// Agent returns the browser's user agent, for what the package API does not
// cover (its cache and jar).
func (b *Browser) Agent() *fetch.Agent { return b.agent }

// A Page is a document of one origin in a Browser, possibly embedded under a
// top-level document of another origin.
type Page struct {
	browser *Browser
	client  *fetch.Client
}

// A PageOption configures Open.
type PageOption func(*pageOptions)

type pageOptions struct{ topLevel string }

// EmbeddedIn makes the page a frame under a top-level document of origin
// topLevel (which sets the network partition key and the site for cookies).
func EmbeddedIn(topLevel string) PageOption {
	return func(o *pageOptions) { o.topLevel = topLevel }
}

// Open returns a page of origin, a serialized origin such as
// "https://app.example" or "null" for an opaque origin (a sandboxed frame).
func (b *Browser) Open(origin string, opts ...PageOption) (*Page, error) {
	var o pageOptions
	for _, opt := range opts {
		opt(&o)
	}
	own, err := fetch.ParseOrigin(origin)
	if err != nil {
		return nil, fmt.Errorf("corsim: page origin: %w", err)
	}
	top := own
	if o.topLevel != "" {
		if top, err = fetch.ParseOrigin(o.topLevel); err != nil {
			return nil, fmt.Errorf("corsim: top-level origin: %w", err)
		}
	}
	return &Page{browser: b, client: fetch.NewClient(own, top)}, nil
}

// Origin returns the page's serialized origin.
func (p *Page) Origin() string { return p.client.Origin.Serialize() }

// Outcome is how a call ended.
type Outcome string

// The outcomes.
const (
	// OK: script got a response.
	OK Outcome = "ok"
	// NetworkError: fetch() rejected with a TypeError, XMLHttpRequest fired
	// error; see Result.NetworkError.
	NetworkError Outcome = "network-error"
	// TypeError: the API threw before anything was sent; see
	// Result.ScriptError.
	TypeError Outcome = "type-error"
)

// A Result is what a call did.
type Result struct {
	Outcome Outcome
	// Response is what script can read, with outcome OK.
	Response *fetch.View
	// NetworkError says why the browser blocked the fetch, with outcome
	// NetworkError.
	NetworkError *fetch.NetworkError
	// ScriptError is the exception thrown, with outcome TypeError.
	ScriptError *fetch.ScriptError
	// Exchanges lists every request that reached a server and the answer,
	// in order; preflights are marked. A preflight-cache hit shows as a
	// missing preflight.
	Exchanges []fetch.Exchange
	// Trace lists the browser's decisions, each tied to the spec.
	Trace []fetch.TraceStep
	// Profile names the browser's profile.
	Profile string
}

// Err returns the network error or script error as an error, nil with
// outcome OK.
func (r *Result) Err() error {
	switch {
	case r.NetworkError != nil:
		return r.NetworkError
	case r.ScriptError != nil:
		return r.ScriptError
	}
	return nil
}

// ConsoleMessage returns what engine ("chromium", "firefox", "webkit") would
// print in its console about this result, "" with outcome OK.
func (r *Result) ConsoleMessage(engine string) (string, error) {
	switch {
	case r.NetworkError != nil:
		return r.NetworkError.ConsoleMessage(engine)
	case r.ScriptError != nil:
		return r.ScriptError.ConsoleMessage(engine)
	}
	return "", nil
}

// Fetch calls fetch(url, init) in the page and waits for the outcome.
func (p *Page) Fetch(ctx context.Context, url string, init RequestInit) *Result {
	req, serr := fetch.NewRequest(p.client, p.browser.agent.Profile, url, init)
	if serr != nil {
		return &Result{Outcome: TypeError, ScriptError: serr, Profile: p.browser.agent.Profile.Name}
	}
	return p.run(ctx, req)
}

// XHRRequest is an XMLHttpRequest as script sets it up before send().
type XHRRequest struct {
	Method  string
	URL     string
	Headers [][2]string // setRequestHeader calls, in order
	Body    fetch.BodyKind
	// BodyBytes is the content of the body send() is given, for a text,
	// blob or urlsearchparams body; nil means corsim's placeholder (see
	// fetch.RequestInit.BodyBytes).
	BodyBytes []byte
	// WithCredentials is xhr.withCredentials.
	WithCredentials bool
	// UploadListeners registers a listener on xhr.upload before send().
	UploadListeners bool
}

// XHR makes an XMLHttpRequest in the page: open(), setRequestHeader() for
// each header, send().
func (p *Page) XHR(ctx context.Context, x XHRRequest) *Result {
	xhr := fetch.NewXHR(p.client)
	xhr.WithCredentials, xhr.UploadListeners, xhr.BodyBytes = x.WithCredentials, x.UploadListeners, x.BodyBytes
	fail := func(e *fetch.ScriptError) *Result {
		return &Result{Outcome: TypeError, ScriptError: e, Profile: p.browser.agent.Profile.Name}
	}
	if e := xhr.Open(x.Method, x.URL); e != nil {
		return fail(e)
	}
	for _, h := range x.Headers {
		if e := xhr.SetRequestHeader(h[0], h[1]); e != nil {
			return fail(e)
		}
	}
	req, e := xhr.Request(x.Body)
	if e != nil {
		return fail(e)
	}
	return p.run(ctx, req)
}

func (p *Page) run(ctx context.Context, req *fetch.Request, opts ...fetch.FetchOption) *Result {
	fr := p.browser.agent.Fetch(ctx, req, opts...)
	r := &Result{Exchanges: fr.Exchanges, Trace: fr.Trace, Profile: p.browser.agent.Profile.Name}
	if fr.Err != nil {
		r.Outcome, r.NetworkError = NetworkError, fr.Err
		return r
	}
	v := fr.Response.View()
	r.Outcome, r.Response = OK, &v
	return r
}
