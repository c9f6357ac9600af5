package vectors

import "time"

// Engine names as the format spells them (expectByEngine keys).
const (
	Chromium = "chromium"
	Firefox  = "firefox"
	WebKit   = "webkit"
)

// Engines lists the engine names in a fixed order.
var Engines = []string{Chromium, Firefox, WebKit}

// A Vector is one scenario: a page in a fresh browser making requests in order.
type Vector struct {
	Name   string   // area/what-it-shows, unique across the loaded files
	About  string   // one sentence: what the scenario teaches
	Spec   []string // Fetch Standard anchor ids exercised
	Source string   // where the case comes from
	Note   string   // caveats, spec/engine disagreements

	Origin   string // the page's origin, serialized, or "null" for an opaque origin
	TopLevel string // the top-level page's origin when it differs; "" when it is Origin

	Steps []Step

	File string // the file the vector was read from
}

// A Step is one request made by script, the routes that answer it, and what
// should happen.
type Step struct {
	// Advance is how far the clock moves before the step.
	Advance time.Duration

	Request Request
	Server  []Route

	Expect         Expect
	ExpectByEngine map[string]Patch
}

// ExpectFor returns what the step expects of engine: Expect with the fields of
// the engine's patch, if any, replacing those of Expect. An empty engine name,
// or "spec", gives Expect itself.
func (s *Step) ExpectFor(engine string) Expect {
	p, ok := s.ExpectByEngine[engine]
	if !ok {
		return s.Expect
	}
	return s.Expect.patched(p.Expect)
}

// A Header is one [name, value] pair, in the order given.
type Header struct {
	Name, Value string
}

// A Request is what script asks for. Loading fills in the defaults, so every
// field holds its effective value.
type Request struct {
	API     string // "fetch" or "xhr"
	Method  string // as script passes it; "GET" by default
	URL     string
	Headers []Header // in the order script sets them

	Mode        string // fetch: "cors" (default), "no-cors" or "same-origin"; xhr: always "cors"
	Credentials string // "omit", "same-origin" (default) or "include"
	Body        string // "" (no body), "text", "blob", "formdata", "urlsearchparams" or "stream"
	Duplex      string // fetch: "half" or "none"; "half" by default when Body is "stream", else ""
	Redirect    string // fetch: "follow" (default), "error" or "manual"; xhr: always "follow"

	UploadListeners bool // xhr: a listener registered on xhr.upload before send()
	Keepalive       bool // fetch
}

// A Route is how a server answers during a step.
type Route struct {
	Method  string // the method answered, or "*" for any
	URL     string // the absolute URL answered, query included
	Status  int
	Headers []Header // response header lines, repeated names kept
	Times   int      // how many requests this route answers; 0 means no limit
	Body    *string  // nil: a short fixed text
}

// DefaultBody is the response body a route without a body field answers with.
const DefaultBody = "corsim"

// Outcome values.
const (
	OK           = "ok"            // script gets a response
	NetworkError = "network-error" // fetch rejects with a TypeError / xhr fires error
	TypeError    = "type-error"    // the API throws before anything is sent
)

// Expect is what should happen for one step. A nil field is not checked.
type Expect struct {
	Outcome        string
	Sent           *[]Sent
	Type           *string
	Status         *int
	URL            *string
	Redirected     *bool
	ExposedHeaders *[]string
	HeaderValues   map[string]*string // lowercase name → value, nil value = hidden
	Reason         *string
}

// A Patch is an engine's deviation from the spec's Expect, with the evidence.
type Patch struct {
	Expect
	Why string
}

// Sent is a request expected on the wire.
type Sent struct {
	Method  string
	URL     string
	Headers map[string]*string // lowercase name → value, nil value = must be absent
}

// patched returns e with the fields given in p replacing its own.
func (e Expect) patched(p Expect) Expect {
	if p.Outcome != "" {
		e.Outcome = p.Outcome
	}
	if p.Sent != nil {
		e.Sent = p.Sent
	}
	if p.Type != nil {
		e.Type = p.Type
	}
	if p.Status != nil {
		e.Status = p.Status
	}
	if p.URL != nil {
		e.URL = p.URL
	}
	if p.Redirected != nil {
		e.Redirected = p.Redirected
	}
	if p.ExposedHeaders != nil {
		e.ExposedHeaders = p.ExposedHeaders
	}
	if p.HeaderValues != nil {
		e.HeaderValues = p.HeaderValues
	}
	if p.Reason != nil {
		e.Reason = p.Reason
	}
	return e
}
