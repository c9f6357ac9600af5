// Package audit probes a server's CORS policy the way an attacker would and
// judges every finding by what the browsers do with the answers: the CLI's
// `corsim audit`, as a library a server's own tests can call with an
// http.Handler (corsim.Handler) and no sockets.
//
// Run sends a fixed set of probes to one URL, each a request made by script
// on a page of some origin, and runs every probe in the simulator under each
// engine profile against the server's real answers:
//
//   - origins the server must not trust, each asking with credentials:
//     an arbitrary origin (also without credentials), the opaque origin
//     `null` (sandboxed frames), look-alikes that defeat prefix, suffix,
//     substring and unescaped-dot matching, the http twin of an https page
//     origin, and a subdomain of it;
//   - the trusted page origin's own requests: a simple GET, a preflighted
//     PUT with a custom header, and a GET carrying Authorization, with and
//     without credentials, to find a preflight answered 405 or another
//     non-2xx status, `*` in Access-Control-Allow-Methods or -Headers used
//     with credentials (where it is a literal name), `*` expected to cover
//     Authorization, `*` in Access-Control-Allow-Origin with credentials,
//     a reflected Access-Control-Allow-Origin without Vary: Origin, an
//     Access-Control-Max-Age above an engine's cap or negative, and
//     Access-Control-Expose-Headers that cannot work with credentials.
//
// A Finding's Severity answers one question: can a hostile origin read a
// credentialed response, and in which engine (see Severity). Each finding
// carries the verdict under every profile (with whether the engine sent the
// probe's cookie, which a first-party visit stored in each fresh browser),
// the exchange that proves it, and the fix.
//
// Run is bounded: each distinct request goes to the server once, whatever
// the number of profiles (internal/wire.Memo), a budget caps the total, and
// nothing but GET, HEAD and OPTIONS preflights is ever sent: a preflighted
// PUT is judged by its preflight, and the PUT itself is not sent.
package audit
