// Package corsimtest tests a server's CORS policy from `go test`, as the
// browsers would exercise it.
//
// A Server is what is under test: an http.Handler served in process (Handler)
// or a server reached over the network (URL). Its assertions open a page of
// an origin in a fresh simulated browser of each engine profile (corsim's
// Spec, Chromium, Firefox and WebKit, or those chosen with Server.Under), make
// one fetch() call, and compare the browser's verdict with what the test
// wants:
//
//   - Server.CanRead: script of an origin can read the response (with
//     credentials when the Request asks for them).
//   - Server.CannotRead: the browser blocks the response from script.
//   - Server.HeaderReadable: script can read the named response headers.
//   - Server.PreflightCached: the preflight of a request is cached for N
//     seconds in one engine, probed on a fake clock at N-1 and N+1 seconds.
//   - Server.Check: any Scenario, with a Verdict per profile.
//
// A failure is reported through the test's Errorf as a go-cmp diff
// (-want +got) of the Verdict, followed by the wire exchange (the preflight and
// the actual request as the browser sent them, and the server's answers) and
// the message each engine prints in its console, which is what a developer
// would search for. Profiles that disagree with the test in the same way share
// one failure, which names them all.
//
// The verdicts are corsim's, and so are its limits: the browser's HTTP cache
// is not modelled, so a response that reflects Origin without `Vary: Origin`
// passes here although a cache could serve it to another origin; each
// assertion starts with an empty cookie jar, so a handler that needs a session
// cookie must be given one some other way (an Authorization header, or a test
// handler that skips the session check).
//
// The Fetch Standard sections the verdicts come from:
// [CORS protocol], [CORS check], [CORS-preflight fetch] and the
// [CORS-preflight cache].
//
// [CORS protocol]: https://fetch.spec.whatwg.org/#http-cors-protocol
// [CORS check]: https://fetch.spec.whatwg.org/#concept-cors-check
// [CORS-preflight fetch]: https://fetch.spec.whatwg.org/#cors-preflight-fetch-0
// [CORS-preflight cache]: https://fetch.spec.whatwg.org/#concept-cache
package corsimtest
