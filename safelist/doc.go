// Package safelist classifies methods, headers and statuses exactly as the
// WHATWG Fetch Standard does, byte for byte. It is the ground floor of
// corsim: whether a request needs a CORS preflight, which names go into
// Access-Control-Request-Headers, which response headers script may read
// and whether a preflight answer parses all rest on these rules.
//
// # What it models
//
//   - Header lists ([HeaderList]) and their primitives: [get], [append],
//     [combine], [set], [delete], [get, decode, and split],
//     [sort and combine], [convert header names to a sorted-lowercase set],
//     value [normalize], [header name] and [header value] validity.
//   - [Extract header list values] for the CORS response headers
//     (Access-Control-Allow-Origin, -Allow-Credentials, -Allow-Methods,
//     -Allow-Headers, -Expose-Headers, -Max-Age): [ExtractMaxAge],
//     [ExtractMethods], [ExtractHeaderNames], [ExtractAllowOrigin],
//     [ExtractAllowCredentials], telling absent, failure and parsed apart.
//   - [Methods]: CORS-safelisted (byte-exact), forbidden (case-insensitive),
//     normalization (only the six), token validity.
//   - Request headers: [forbidden request-header] ([ForbiddenRequestHeader]),
//     [CORS-safelisted request-header] with the reason a header is not one
//     ([RequestHeader] returns a [Verdict] naming the [Rule], the offending
//     byte and its offset), [CORS-unsafe request-header names] including the
//     1024-byte total ([UnsafeRequestHeaderNames],
//     [AppendUnsafeRequestHeaderNames], [AppendRequestHeaderVerdicts]), and
//     the CORS non-wildcard, privileged no-CORS, no-CORS-safelisted and
//     request-body header names.
//   - Response headers: [CORS-safelisted response-header name] given an
//     exposed list, [forbidden response-header name].
//   - [Statuses]: ok, null body, redirect, range.
//   - The MIME Sniffing Standard's [parse a MIME type] and [serialize a MIME
//     type] ([ParseMIMEType], [MIMEType]), which the Content-Type rule uses,
//     and Fetch's [parse a single range header value] ([ParseSingleRange]),
//     which the Range rule uses.
//
// # What it does not model
//
// It holds no state, does no I/O and knows nothing about requests,
// responses, origins or the preflight cache; those are the fetch and
// preflightcache packages. In particular it does not decide which headers a
// request carries: callers pass the request's header list as main fetch
// sees it, built the way the API builds it (fetch() appends, XMLHttpRequest
// combines) plus the Accept that fetch adds, but without the headers the
// user agent adds per hop (Origin, Cookie, User-Agent, ...), which never
// count toward a preflight (checklist item 26). It does not implement the
// Headers guards either, only the predicates they are made of.
//
// Engine differences (WebKit's stricter values, Chromium's extra Client
// Hints) are not here: every function is the spec's rule, and engine
// profiles layer on top.
//
// # Bytes and strings
//
// Header names and values are byte sequences held in Go strings. A byte ≥
// 0x80 stands for itself, as the spec's isomorphic decoding makes it a code
// point U+0080–U+00FF; nothing is decoded as UTF-8. Byte-case-insensitive
// means ASCII A–Z only; strings.EqualFold, which also folds U+212A KELVIN
// SIGN into "k", is never used.
//
// # Cost
//
// Classifying a header, a method or a header list allocates nothing on the
// common path: names are compared byte by byte, never lowercased into new
// strings, and [AppendUnsafeRequestHeaderNames] hands back names that are
// already lowercase (or common ones) without copying. Errors are values:
// [*ParseError] and [*HeaderError] carry the input, the offset and a
// [ParseReason]. See the benchmarks beside the tests.
//
// [get]: https://fetch.spec.whatwg.org/#concept-header-list-get
// [append]: https://fetch.spec.whatwg.org/#concept-header-list-append
// [combine]: https://fetch.spec.whatwg.org/#concept-header-list-combine
// [set]: https://fetch.spec.whatwg.org/#concept-header-list-set
// [delete]: https://fetch.spec.whatwg.org/#concept-header-list-delete
// [get, decode, and split]: https://fetch.spec.whatwg.org/#concept-header-list-get-decode-split
// [sort and combine]: https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine
// [convert header names to a sorted-lowercase set]: https://fetch.spec.whatwg.org/#convert-header-names-to-a-sorted-lowercase-set
// [normalize]: https://fetch.spec.whatwg.org/#concept-header-value-normalize
// [header name]: https://fetch.spec.whatwg.org/#header-name
// [header value]: https://fetch.spec.whatwg.org/#header-value
// [Extract header list values]: https://fetch.spec.whatwg.org/#extract-header-list-values
// [Methods]: https://fetch.spec.whatwg.org/#methods
// [forbidden request-header]: https://fetch.spec.whatwg.org/#forbidden-request-header
// [CORS-safelisted request-header]: https://fetch.spec.whatwg.org/#cors-safelisted-request-header
// [CORS-unsafe request-header names]: https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names
// [CORS-safelisted response-header name]: https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name
// [forbidden response-header name]: https://fetch.spec.whatwg.org/#forbidden-response-header-name
// [Statuses]: https://fetch.spec.whatwg.org/#statuses
// [parse a MIME type]: https://mimesniff.spec.whatwg.org/#parse-a-mime-type
// [serialize a MIME type]: https://mimesniff.spec.whatwg.org/#serialize-a-mime-type
// [parse a single range header value]: https://fetch.spec.whatwg.org/#simple-range-header-value
package safelist
