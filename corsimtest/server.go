package corsimtest

import (
	"context"
	"fmt"
	"net/http"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/fetch"
)

// TB is the part of testing.TB the assertions use; *testing.T and *testing.B
// satisfy it. When the value also has a Context method (testing.TB does since
// Go 1.24), requests are made under that context.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
}

// DefaultBase is the base URL of a Handler server: a Request whose URL is a
// path ("/items") goes to this host.
const DefaultBase = "https://api.example"

// A Server is the server whose CORS policy is under test, and the engine
// profiles its assertions run under. A Server is an immutable value, safe for
// concurrent use by parallel tests.
type Server struct {
	network  corsim.Network
	base     *fetch.URL
	err      error // a bad base URL, reported by every assertion
	profiles []*corsim.Profile
}

// Handler returns a Server that serves every request with h in process, with
// no sockets. Request URLs that are paths resolve against DefaultBase; an
// absolute URL on any host also reaches h.
func Handler(h http.Handler) *Server {
	s := &Server{network: corsim.Handler(h)}
	s.base, s.err = parseBase(DefaultBase)
	return s
}

// URL returns a Server reached over the network through rt (nil means
// http.DefaultTransport), for a server that is already running: an
// httptest.Server's URL, or a deployed one. Request URLs that are paths
// resolve against base. A base that is not an absolute http(s) URL makes every
// assertion fail with an error saying so.
//
// The browser's requests go out as it would send them (Origin, Sec-Fetch-*,
// no cookies unless the jar has some), without following redirects itself:
// rt must not follow redirects or keep cookies (an http.Transport does
// neither; an http.Client does both, so pass a transport).
func URL(base string, rt http.RoundTripper) *Server {
	if rt == nil {
		rt = http.DefaultTransport
	}
	s := &Server{network: corsim.RoundTripper(rt)}
	s.base, s.err = parseBase(base)
	return s
}

func parseBase(base string) (*fetch.URL, error) {
	u, err := fetch.ParseURL(base)
	if err != nil {
		return nil, fmt.Errorf("corsimtest: base URL %q: %w", base, err)
	}
	if !u.IsHTTPScheme() {
		return nil, fmt.Errorf("corsimtest: base URL %q: the scheme must be http or https", base)
	}
	return u, nil
}

// Under returns a copy of s whose assertions run under profiles only (by
// default, every one of corsim.Profiles). With no profiles, it restores the
// default.
func (s *Server) Under(profiles ...*corsim.Profile) *Server {
	c := *s
	c.profiles = append([]*corsim.Profile(nil), profiles...)
	if len(c.profiles) == 0 {
		c.profiles = nil
	}
	return &c
}

// Profiles returns the profiles s's assertions run under.
func (s *Server) Profiles() []*corsim.Profile {
	if len(s.profiles) > 0 {
		return append([]*corsim.Profile(nil), s.profiles...)
	}
	return append([]*corsim.Profile(nil), corsim.Profiles...)
}

// resolve returns the absolute URL of a request URL, a path resolving against
// the base.
func (s *Server) resolve(ref string) (string, error) {
	if s.err != nil {
		return "", s.err
	}
	if ref == "" {
		return "", fmt.Errorf("corsimtest: the request has no URL")
	}
	u, err := s.base.Resolve(ref)
	if err != nil {
		return "", fmt.Errorf("corsimtest: request URL %q: %w", ref, err)
	}
	return u.Serialize(false), nil
}

// contextOf returns the test's context when it has one.
func contextOf(t TB) context.Context {
	if c, ok := t.(interface{ Context() context.Context }); ok {
		if ctx := c.Context(); ctx != nil {
			return ctx
		}
	}
	return context.Background()
}
