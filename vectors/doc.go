// Package vectors reads corsim's scenario files and judges results against them.
//
// A scenario file (the format is shared with the browser runner and with anyone's
// own vector directory) holds vectors; a vector is a page origin and a sequence of
// steps made by that page in one browser; a step is a request made by script, the
// canned routes the servers answer with, and what the spec (and, where they
// deviate, each engine) says happens. See spec_vectors/README.md for the format.
//
// Loading is strict: an unknown field, a value of the wrong type or outside its
// enumeration, a missing required field, a duplicate JSON key or a duplicate
// vector name is an error naming the file, the vector and the field, so a typo
// never passes silently. Defaults are applied on load, so a Request always has
// its API, method, mode, credentials mode and redirect mode filled in.
//
// Judging is done by [Compare], which checks an [Observed] result (what the
// simulator or a real engine did) against a step's [Expect] for one engine,
// field by field, and returns the mismatches in a stable order. The package
// knows nothing of how the result was produced.
package vectors
