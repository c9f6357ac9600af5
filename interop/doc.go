// Package interop tests corsim against the CORS middlewares Go servers run:
// github.com/rs/cors, github.com/jub0bs/cors, github.com/gorilla/handlers'
// CORS, github.com/go-chi/cors, and net/http's CrossOriginProtection beside
// them. It is a module of its own so that the corsim module keeps its small
// set of dependencies.
//
// Each middleware is built in typical configurations, including the known
// traps, and served in process to a simulated page under every engine
// profile. The tests assert what the browser must decide, from the Fetch
// Standard and from each middleware's documented behaviour and source (read
// in the module cache at the versions go.mod names), not from corsim's
// output. TestMatrix records what each profile decides in testdata/matrix.md
// (regenerate it with `go test -run TestMatrix -update`), and the benchmarks
// compare corsim's preflight cycle with the middlewares answering the same
// preflight.
//
// The package has no API; it is all tests.
package interop
