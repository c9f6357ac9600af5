// Package explain tells, step by step, what a browser does with a
// cross-origin request and why: the CLI's `corsim explain`, as a library.
//
// A Scenario is a page's origin and the requests its script makes, answered
// either by canned routes (the scenario format of package vectors) or by a
// real server. Explain runs it in the simulator under one or more engine
// profiles and returns an Explanation:
//
//   - the decisions the browser made, numbered, each one a step of the trace
//     that the simulator records (package fetch's TraceStep) and tied to the
//     Fetch Standard section that makes it; the wire exchanges, the
//     preflight's OPTIONS request first of all, are shown as the HTTP text
//     that was sent and received. Nothing here is worded apart from the
//     trace: Explain renders the simulator's decisions, it does not make its
//     own.
//   - the verdict under each profile, with the message each engine prints in
//     its console for a blocked request, and what script can read otherwise;
//   - when a request is blocked, the fix: what the server must send instead,
//     header by header. The fix is not guessed from the error: Explain
//     amends the server's answers, runs the scenario again, and repeats
//     until it passes, so every fix it reports was seen to work under the
//     profiles it names. Failures no response header can mend (a mixed-content
//     block, a TypeError thrown before anything is sent) are said to be so.
//
// Text renders an Explanation for people (with ANSI colour on request);
// an Explanation marshals to JSON as the same data.
//
// Not modelled here: anything the simulator does not model (see package
// fetch). A live server is asked once per distinct request (see
// internal/wire.Memo); the fix's re-runs replay its recorded answers and never
// send anything, so a request the server was never asked is assumed to be
// answered 200 with the fix's headers, and the Fix says which.
//
// [Fetch Standard]: https://fetch.spec.whatwg.org/
package explain
