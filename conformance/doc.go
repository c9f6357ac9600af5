// Package conformance runs corsim's scenario vectors in real browser engines
// (Debian's Chromium, Firefox ESR and WebKitGTK) and judges what each engine
// did against the vector's expectation for that engine. It is the engine of
// `corsim browser`.
//
// What is observed, and how:
//
//   - The network is a small HTTP/1.1 and HTTP/2 server of this package
//     (wire.go), listening on a loopback address at every port the vectors
//     name. It plays the current step's routes exactly: a route's status,
//     exactly its header lines (no Date, Content-Type, Content-Length or
//     framing header is added: HTTP/1.1 answers are delimited by closing the
//     connection) and its body; a request no route matches gets 404 with no
//     header lines. It records every request as it arrived: method, absolute
//     URL, header lines in arrival order (HTTP/2 header blocks are decoded
//     with hpack and nothing else; cookie crumbs are joined with "; " as RFC
//     9113 §8.2.3 asks). This is a step's "sent". Go's net/http is not used:
//     it rejects header values with control bytes that script may send,
//     merges and reorders header lines, and adds response headers.
//   - TLS (ALPN h2 and http/1.1) with a certificate for every host, issued
//     by a CA made at run time (ca.go). Engines trust the CA the ordinary way,
//     never by ignoring certificate errors, so Secure cookies behave as on
//     the web: Chromium through an NSS database in its $HOME, Firefox through
//     certutil in its profile, WebKitGTK through the system CA bundle
//     (bind-mounted, with the CA appended, for its process tree only).
//   - Host names are kept as the vector writes them and resolved to the
//     instance's loopback address through a private /etc/hosts: every engine
//     runs in a mount and PID namespace of its own (process.go; root and
//     util-linux's unshare), with /etc/hosts and /etc/resolv.conf (pointing
//     at 127.0.0.1, where nothing answers) bind-mounted over. So no lookup
//     and no request leaves loopback, and killing the jail's first process
//     ends every process the engine spawned. Chromium's --host-resolver-rules
//     ("MAP * addr") was compared on all vectors: the same results, except that
//     it routes Chromium's own background requests (component updates to
//     update.googleapis.com, sent despite --disable-component-update) to the
//     server, where they show up among a step's requests.
//   - The page: the engine is started on a harness page (harness.go,
//     harness.js) served under HarnessPrefix at the vector's top-level
//     origin. Its script asks the server for each step, performs it with
//     fetch() (through new Request(...) then fetch(request), so a TypeError
//     thrown before anything is fetched is told from a network error) or
//     XMLHttpRequest, and reports what script saw: the exception and where
//     it was thrown, or the response's type, status, URL, redirected flag,
//     every readable header and the body. A vector whose origin differs from
//     its top-level origin runs its requests in a frame at its origin; origin
//     "null" uses a sandboxed frame (allow-scripts only) in a page at
//     https://foo.example.
//   - Each vector starts with an empty preflight cache, cookie jar and HTTP
//     cache: a fresh profile per engine process, and, within a process that
//     runs a batch of vectors, host names of its own per vector (rename.go).
//   - advance: Chromium and WebKitGTK run under libfaketime when a vector
//     advances the clock, and the server moves the engine's clock (a
//     timestamp file read on every clock call) between a step's report and
//     the next step's request. Chromium needs it only in its utility
//     processes (--utility-cmd-prefix), where the network service keeps the
//     preflight cache and the cookie store. Firefox ESR 153.7 deadlocks at
//     start-up under libfaketime 0.9.10, whatever its settings (even with
//     faking switched off): a static initializer calls clock_gettime before
//     mozjemalloc is ready, libfaketime's lazy set-up calls dlsym, dlsym's
//     failure message calls malloc, and mozjemalloc's init lock is already
//     held (seen in gdb). A preloaded shim defining the symbols libfaketime
//     fails to find (__ftime, timer_settime@GLIBC_2.2) gets past those
//     lookups, only to deadlock the same way in libfaketime's sem_open of its
//     shared state. So Firefox waits for short advances in real time
//     (Options.MaxRealWait) and skips vectors with longer ones, reported as
//     skipped with the reason, never as passed.
//
// The environment: each engine gets a fresh $HOME and XDG directories,
// LANG=en_US.UTF-8 (under the C locale WebKitGTK sends "Accept-Language:
// C") and TZ=UTC, and nothing else from the caller's environment. Engines
// use their default cookie policies: Chromium and WebKitGTK (MiniBrowser's
// no-third-party, which is WebKitGTK's default) block third-party cookies,
// Firefox partitions them. WebKitGTK decides "third party" by registrable
// domain through libpsl, and a host under a suffix the public suffix list
// lacks (.example, .other, .party) is its own registrable domain there, so
// api.foo.example is third-party to foo.example in WebKitGTK, and its
// cookies are blocked, where Chromium and Firefox treat the last label as the
// suffix and call them same-site (seen by running the cookie vectors with
// their hosts moved under .com, .net and .org: WebKitGTK then sends them).
//
// Judging: a step's expectation for the engine (vectors.Step.ExpectFor) is
// compared with what was observed by vectors.Compare, minus what no script
// can see: the reason code (simulator only), and through XMLHttpRequest the
// response type and redirected flag. Outcomes are read as follows: the
// Request constructor threw, an XHR method threw, or fetch() rejected with
// an exception other than TypeError (WebKitGTK's NotSupportedError for a
// stream body) → type-error; fetch() rejected with a TypeError, or an XHR
// error event → network-error; a response → ok.
//
// Cost, measured on the 2-core machine (shared with other work, so the
// figures vary by a third from run to run), per vector:
//
//	                         Chromium 156   Firefox ESR 153   WebKitGTK 2.50
//	one process per vector   1.0 s          2.7 s             1.4 s
//	batches of 16            0.24 s         0.52 s            0.36 s
//	batches of 16, 2 at once 0.17 s         0.37 s            0.28 s
//
// (the full suite of about 550 vectors: about 1.5, 3.5 and 2.5 minutes with
// the defaults). Batching was checked against one process per vector on the
// whole suite in each engine (525 vectors in Chromium, 555 in Firefox and
// WebKitGTK): the same verdicts and the same mismatches, and in Chromium
// also the same script results and the same requests on the wire, header
// for header (but multipart boundaries and session ids).
package conformance
