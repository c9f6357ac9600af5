package corsimtest

import (
	"slices"
	"strings"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/safelist"
)

// CanRead asserts that script of a page of origin can read the response to
// req under each of s's profiles: fetch() resolves, whatever the status.
// Set req.Credentials to "include" to assert that a credentialed response is
// readable, which needs Access-Control-Allow-Origin naming the origin and
// Access-Control-Allow-Credentials: true, on the preflight too.
//
// A no-cors request is refused: its response is opaque, never readable.
func (s *Server) CanRead(t TB, origin string, req Request) bool {
	t.Helper()
	if req.Mode == fetch.ModeNoCORS {
		t.Errorf("corsimtest: CanRead: %v: a no-cors response is opaque; script never reads it", req)
		return false
	}
	return s.expectAll(t, "corsimtest: CanRead: ", origin, req, Verdict{Outcome: corsim.OK})
}

// CannotRead asserts that the browser keeps the response to req from script
// of a page of origin under each of s's profiles: fetch() rejects with a
// network error. The request may still have reached the server: CORS keeps
// responses from script, it does not stop requests that need no preflight.
//
// A no-cors request is refused: its response is opaque, and fetch() resolves.
func (s *Server) CannotRead(t TB, origin string, req Request) bool {
	t.Helper()
	if req.Mode == fetch.ModeNoCORS {
		t.Errorf("corsimtest: CannotRead: %v: a no-cors fetch resolves with an opaque response; assert with Check", req)
		return false
	}
	return s.expectAll(t, "corsimtest: CannotRead: ", origin, req, Verdict{Outcome: corsim.NetworkError})
}

func (s *Server) expectAll(t TB, prefix, origin string, req Request, want Verdict) bool {
	t.Helper()
	var js []judgement
	for _, p := range s.Profiles() {
		j, err := s.judge(contextOf(t), p, origin, "", nil, req, want)
		if err != nil {
			t.Errorf("%s%v from %s: %v", prefix, req, origin, err)
			return false
		}
		js = append(js, j)
	}
	return report(t, prefix, origin, nil, req, js)
}

// HeaderReadable asserts that script of a page of origin can read each of
// the named response headers of the response to req, under each of s's
// profiles: the response is readable, and the header is a CORS-safelisted
// response header, or exposed by Access-Control-Expose-Headers (where `*`
// counts only for requests without credentials), and present.
func (s *Server) HeaderReadable(t TB, origin string, req Request, names ...string) bool {
	t.Helper()
	const prefix = "corsimtest: HeaderReadable: "
	if len(names) == 0 {
		t.Errorf("%s%v: no header name given", prefix, req)
		return false
	}
	want := Verdict{Outcome: corsim.OK, Readable: make([]string, 0, len(names))}
	for _, n := range names {
		if !safelist.ValidHeaderName(n) {
			t.Errorf("%s%v: %q is not a header name", prefix, req, n)
			return false
		}
		want.Readable = append(want.Readable, strings.ToLower(n))
	}
	slices.Sort(want.Readable)
	want.Readable = slices.Compact(want.Readable)

	var js []judgement
	for _, p := range s.Profiles() {
		j, err := s.judge(contextOf(t), p, origin, "", nil, req, want)
		if err != nil {
			t.Errorf("%s%v from %s: %v", prefix, req, origin, err)
			return false
		}
		// Only the headers asked about count; the note says what else
		// script can read.
		all := VerdictOf(j.res).Readable
		j.got.Readable = slices.DeleteFunc(slices.Clone(j.got.Readable), func(n string) bool {
			return !slices.Contains(want.Readable, n)
		})
		if j.res.Outcome == corsim.OK {
			readable := strings.Join(all, ", ")
			if readable == "" {
				readable = "no header"
			}
			j.note = "script can read: " + readable
		}
		js = append(js, j)
	}
	return report(t, prefix, origin, nil, req, js)
}
