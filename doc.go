// Package corsim simulates the browser side of CORS exactly: given a page's
// origin and a request made by script (fetch() or XMLHttpRequest), it decides
// whether a preflight is needed and what it looks like, keeps the Max-Age
// preflight cache, runs the CORS check, follows redirects as a browser does,
// and says which parts of the response script may see or, when the browser
// blocks it, why, in the words the browser would print.
//
// The reference is the WHATWG Fetch Standard (https://fetch.spec.whatwg.org/)
// and the real engines: a Profile (Spec, Chromium, Firefox, WebKit) holds every
// place where an engine deviates or the standard leaves a choice.
//
// A Browser is one engine profile with its preflight cache, cookie jar and
// clock, talking to one network: an http.Handler served in process, a real
// http.RoundTripper, or canned routes. It opens Pages (an origin, embedded
// under a top-level origin) that make fetch() and XMLHttpRequest calls; each
// call returns a Result with what script sees, every wire exchange, and the
// trace of the browser's decisions.
//
// Transport wraps a Browser's page as an http.RoundTripper that enforces CORS
// like the browser would, for crawlers and headless tools.
package corsim
