package fetch

import (
	"github.com/corsim/corsim/safelist"
)

// Mode is a request's [mode].
//
// [mode]: https://fetch.spec.whatwg.org/#concept-request-mode
type Mode string

// The modes script can reach (navigate requests are made by navigations only).
const (
	ModeSameOrigin Mode = "same-origin"
	ModeCORS       Mode = "cors"
	ModeNoCORS     Mode = "no-cors"
	ModeNavigate   Mode = "navigate"
)

// CredentialsMode is a request's [credentials mode].
//
// [credentials mode]: https://fetch.spec.whatwg.org/#concept-request-credentials-mode
type CredentialsMode string

// The credentials modes.
const (
	CredentialsOmit       CredentialsMode = "omit"
	CredentialsSameOrigin CredentialsMode = "same-origin"
	CredentialsInclude    CredentialsMode = "include"
)

// RedirectMode is a request's [redirect mode].
//
// [redirect mode]: https://fetch.spec.whatwg.org/#concept-request-redirect-mode
type RedirectMode string

// The redirect modes.
const (
	RedirectFollow RedirectMode = "follow"
	RedirectError  RedirectMode = "error"
	RedirectManual RedirectMode = "manual"
)

// Tainting is a request's [response tainting].
//
// [response tainting]: https://fetch.spec.whatwg.org/#concept-request-response-tainting
type Tainting string

// The response taintings.
const (
	TaintingBasic  Tainting = "basic"
	TaintingCORS   Tainting = "cors"
	TaintingOpaque Tainting = "opaque"
)

// RedirectTaint is the result of computing a request's [redirect-taint].
//
// [redirect-taint]: https://fetch.spec.whatwg.org/#concept-request-tainted-origin
type RedirectTaint string

// The redirect-taint values.
const (
	TaintSameOrigin RedirectTaint = "same-origin"
	TaintSameSite   RedirectTaint = "same-site"
	TaintCrossSite  RedirectTaint = "cross-site"
)

// API names the script interface that made a request; it changes nothing in
// the algorithms but the words of console messages.
type API string

// The script APIs.
const (
	APIFetch API = "fetch"
	APIXHR   API = "xhr"
)

// A Client is the environment a request comes from: the page (its origin) and
// where it is embedded (the top-level origin, which makes the network
// partition key and the site for cookies).
type Client struct {
	// Origin is the page's origin, possibly opaque (a sandboxed iframe).
	Origin Origin
	// TopLevel is the top-level document's origin; the zero Origin means
	// Origin itself (the page is the top-level document).
	TopLevel Origin
	// hasTopLevel tells a given TopLevel from the zero Origin.
	hasTopLevel bool
}

// NewClient returns the client of a page at origin embedded under the
// top-level document topLevel; pass origin twice for a top-level page.
func NewClient(origin, topLevel Origin) *Client {
	return &Client{Origin: origin, TopLevel: topLevel, hasTopLevel: true}
}

// topLevel returns the top-level origin.
func (c *Client) topLevel() Origin {
	if c.hasTopLevel {
		return c.TopLevel
	}
	return c.Origin
}

// hasCrossSiteAncestor reports whether the page is embedded under a document
// of another site (HTML's "has cross-site ancestor", with one level of
// nesting: the top-level document).
func (c *Client) hasCrossSiteAncestor() bool {
	return !SameSite(c.Origin, c.topLevel())
}

// parseURL parses s, a URL script passed to fetch() or XMLHttpRequest's
// open(), with the page's API base URL, as the Request constructor (step
// 5.1) and open() (step 5) do. corsim knows the page's origin, not its URL,
// so the base is the root of the origin (its serialization and "/"): a
// relative URL resolves as it would on a page at that root, and "/api" as on
// any page of the origin. A page of an opaque origin has no base corsim can
// name, so there s must be an absolute URL.
func (c *Client) parseURL(s string) (*URL, error) {
	// A canonical absolute http(s) URL is itself, whatever the base.
	if u, ok := parseCanonicalHTTP(s); ok {
		return u, nil
	}
	if c.Origin.IsOpaque() {
		return ParseURL(s)
	}
	base, err := ParseURL(c.baseURL())
	if err != nil {
		// A tuple origin always serializes to a URL; fail closed anyway.
		return nil, err
	}
	return base.Resolve(s)
}

// baseURL is the serialization of the page's URL as corsim takes it, the
// root of its origin; "" for an opaque origin.
func (c *Client) baseURL() string {
	if c == nil || c.Origin.IsOpaque() {
		return ""
	}
	return c.Origin.Serialize() + "/"
}

// urlErrorNote says why a relative URL failed for c: "" for a tuple
// origin, whose root is the base URL.
func (c *Client) urlErrorNote() string {
	if c.Origin.IsOpaque() {
		return " (the page's origin is opaque, so corsim has no base URL for a relative URL)"
	}
	return ""
}

// PartitionKey is the network partition key of requests made by c.
func (c *Client) PartitionKey() NetworkPartitionKey {
	return DetermineNetworkPartitionKey(c.topLevel())
}

// A Body is a request body.
type Body struct {
	// Source is the body's bytes, from which it can be re-extracted on a
	// redirect; nil with Stream set.
	Source []byte
	// Stream reports a body read from a ReadableStream: its source is
	// null, so it can be sent only once and never over HTTP/1.x.
	Stream bool
}

// A Request is the Fetch Standard's [request], reduced to what CORS depends on.
// The script APIs (NewRequest, XHR) build one; the algorithms change it as the
// spec says (its URL list grows with redirects, its method and headers may be
// rewritten, its tainting is set by main fetch).
//
// [request]: https://fetch.spec.whatwg.org/#concept-request
type Request struct {
	Method  string
	URLList []*URL
	Header  safelist.HeaderList
	Body    *Body // nil: a null body

	Client      *Client
	Origin      Origin // the request's origin (the client's, once fetch starts)
	Mode        Mode
	Credentials CredentialsMode
	Redirect    RedirectMode
	Destination string // "" for fetch() and XMLHttpRequest
	Initiator   string // "" for fetch() and XMLHttpRequest
	Keepalive   bool

	// ReferrerPolicy is the request's referrer policy ("" until main fetch
	// fills it in from the client's default).
	ReferrerPolicy string

	// UnsafeRequest is the unsafe-request flag: set by fetch() and
	// XMLHttpRequest, it lets methods and headers trigger a preflight.
	UnsafeRequest bool
	// UseCORSPreflight is the use-CORS-preflight flag: XHR upload listeners
	// and ReadableStream bodies set it.
	UseCORSPreflight bool

	RedirectCount    int
	ResponseTainting Tainting

	// API says which script interface made the request (console messages).
	API API

	// hops is what an engine remembers of the request across redirect
	// hops, beyond the spec's request (see hopMemory, redirect.go).
	hops hopMemory
}

// CurrentURL returns the request's [current URL], the last of its URL list.
//
// [current URL]: https://fetch.spec.whatwg.org/#concept-request-current-url
func (r *Request) CurrentURL() *URL { return r.URLList[len(r.URLList)-1] }

// Clone returns a copy of r that can be changed without changing r: its own
// URL list and header list. The body's source is shared; it is never written.
func (r *Request) Clone() *Request {
	c := *r
	c.URLList = append([]*URL(nil), r.URLList...)
	c.Header = append(safelist.HeaderList(nil), r.Header...)
	return &c
}

// hopCopy returns the copy of r that HTTP-network-or-cache fetch makes for
// one hop: its own header list, with room for the headers the hop appends,
// and r's URL list, shared but capped so that an append cannot write into
// r's (the hop only reads it).
func (r *Request) hopCopy() *Request {
	c := *r
	n := len(r.URLList)
	c.URLList = r.URLList[:n:n]
	c.Header = append(make(safelist.HeaderList, 0, len(r.Header)+hopHeaders), r.Header...)
	return &c
}

// hopHeaders is how many headers a hop may append: Content-Length, Origin,
// three Sec-Fetch-*, User-Agent, Accept-Encoding, Cookie.
const hopHeaders = 8

// RedirectTaint computes the request's [redirect-taint] from its URL list.
//
// [redirect-taint]: https://fetch.spec.whatwg.org/#concept-request-tainted-origin
func (r *Request) RedirectTaint() RedirectTaint {
	// Steps 2-3.
	taint := TaintSameOrigin
	// Step 4: walk consecutive pairs of the URL list.
	for i := 1; i < len(r.URLList); i++ {
		last, url := r.URLList[i-1].Origin(), r.URLList[i].Origin()
		// Step 4.2.
		if !SameSite(url, last) && !SameSite(r.Origin, last) {
			return TaintCrossSite
		}
		// Step 4.3.
		if !SameOrigin(url, last) && !SameOrigin(r.Origin, last) {
			taint = TaintSameSite
		}
	}
	// Step 5.
	return taint
}

// SerializedOrigin is [serializing a request origin]: `null` once the
// request's redirect-taint is not same-origin, otherwise its origin serialized.
//
// [serializing a request origin]: https://fetch.spec.whatwg.org/#serializing-a-request-origin
func (r *Request) SerializedOrigin() string {
	// Step 2.
	if r.RedirectTaint() != TaintSameOrigin {
		return "null"
	}
	// Step 3.
	return r.Origin.Serialize()
}

// includeCredentials reports whether the credentials mode includes credentials
// for the request's current tainting (HTTP-network-or-cache fetch step 8.3).
func (r *Request) includeCredentials() bool {
	return r.Credentials == CredentialsInclude ||
		r.Credentials == CredentialsSameOrigin && r.ResponseTainting == TaintingBasic
}
