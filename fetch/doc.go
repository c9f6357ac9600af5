// Package fetch models the browser side of the [Fetch Standard] for requests
// that script makes with fetch() or XMLHttpRequest: how a browser builds the
// request, decides whether a CORS preflight is needed, sends it, runs the
// CORS check, follows redirects, attaches and stores cookies, and what of the
// response script may see. Its purpose is to predict, exactly and with the
// reasons, what Chromium, Firefox and WebKit do with a cross-origin request,
// so that server developers can test their CORS policy and crawlers can
// enforce it.
//
// The package is in layers. The foundations every algorithm stands on:
//
//   - URL: URLs parsed and serialized as browsers do (the [URL Standard]),
//     so hosts, IPv4 forms and default ports canonicalise like in a browser
//     (with a fast path for URLs already in canonical form); reference
//     resolution for Location headers, and the fragment handling of the
//     [location URL] algorithm. Script's relative URLs resolve against the
//     root of the page's origin: corsim knows a page's origin, not its URL.
//   - Origin: tuple and opaque [origins], their ASCII serialization (the
//     Origin header value, "null" for opaque), same origin, and ParseOrigin
//     for scenario files.
//   - Site: HTML's [sites] from the Public Suffix List, same site and
//     schemelessly same site, and the [network partition key] that keys the
//     preflight cache.
//   - BadPort: the [bad port] list that blocks a fetch before it is sent.
//   - Jar: a cookie store following the layered cookie specification that
//     Fetch calls into ([append a request `Cookie` header], [parse and store
//     response `Set-Cookie` headers]), SameSite enforcement by the request's
//     [same-site mode], on an injectable clock, usable as an http.CookieJar.
//
// On these, the request model (mode, credentials mode, tainting,
// redirect-taint, URL list) and the algorithms (main fetch, HTTP fetch,
// CORS-preflight fetch, CORS check, HTTP-redirect fetch, the Headers guards
// of fetch() and XMLHttpRequest) are written one function per algorithm,
// each citing its anchor and numbering its steps as fetch.bs does. The
// network is an interface; every decision becomes a trace step, unless the
// fetch runs WithoutTrace (for callers that only need the outcome).
//
// Where engines differ from the specification or from each other, the
// difference is a knob of a policy value (CookiePolicy here), chosen by the
// engine profiles of package corsim and documented with its evidence:
// behaviour observed in a real engine, or read in its source.
//
// Not modelled: navigations and their cookies (Lax cookies on top-level
// navigations, the Lax+POST exception), document.cookie and other non-HTTP
// cookie APIs, the CHIPS Partitioned attribute, service workers, the HTTP
// cache, HSTS, mixed-content upgrades (blocking is modelled) and CSP, file:
// URLs (their origins are opaque),
// and blob: URL stores (a blob URL's origin is taken from its path).
// Private/Local Network Access is Chromium's and outside the Fetch Standard.
//
// All exported types are values or immutable pointers safe for concurrent
// use, except where a type's documentation says it holds state (Jar does,
// behind a mutex).
//
// [Fetch Standard]: https://fetch.spec.whatwg.org/
// [URL Standard]: https://url.spec.whatwg.org/
// [location URL]: https://fetch.spec.whatwg.org/#concept-response-location-url
// [origins]: https://html.spec.whatwg.org/multipage/browsers.html#concept-origin
// [sites]: https://html.spec.whatwg.org/multipage/browsers.html#site
// [network partition key]: https://fetch.spec.whatwg.org/#network-partition-key
// [bad port]: https://fetch.spec.whatwg.org/#bad-port
// [append a request `Cookie` header]: https://fetch.spec.whatwg.org/#append-a-request-cookie-header
// [parse and store response `Set-Cookie` headers]: https://fetch.spec.whatwg.org/#parse-and-store-response-set-cookie-headers
// [same-site mode]: https://fetch.spec.whatwg.org/#determine-the-same-site-mode
package fetch
