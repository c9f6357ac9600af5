package conformance

import (
	"net"
	"net/url"
	"strings"

	"github.com/corsim/corsim/vectors"
)

// matchRoute returns the index of the route answering method and rawURL, or
// -1: the first route, in the step's order, whose method is method (or "*")
// and whose URL is rawURL, and which has not yet answered its times; uses
// counts the answers given so far, route by route, and is updated. A route
// with times 0 answers without limit.
func matchRoute(routes []vectors.Route, uses []int, method, rawURL string) int {
	want := canonicalURL(rawURL)
	for i, rt := range routes {
		if rt.Method != "*" && rt.Method != method {
			continue
		}
		if canonicalURL(rt.URL) != want {
			continue
		}
		if rt.Times > 0 && uses[i] >= rt.Times {
			continue
		}
		uses[i]++
		return i
	}
	return -1
}

// routeAnswer is the wire answer of rt: its status, exactly its header lines
// and its body (vectors.DefaultBody when it gives none).
func routeAnswer(rt vectors.Route) *wireResponse {
	resp := &wireResponse{Status: rt.Status, Body: []byte(vectors.DefaultBody)}
	if rt.Body != nil {
		resp.Body = []byte(*rt.Body)
	}
	for _, h := range rt.Headers {
		resp.Fields = append(resp.Fields, Field{h.Name, h.Value})
	}
	return resp
}

// canonicalURL puts an absolute URL in the form the wire side is written in,
// so that a route's URL and a request's URL compare equal when a browser
// would send the one to reach the other: scheme and host lowercased, a
// default port dropped, an empty path made "/", the fragment dropped. Path and
// query are kept byte for byte. A string that does not parse is returned as is
// (it then matches only itself).
func canonicalURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if p := u.Port(); p != "" && !(scheme == "https" && p == "443") && !(scheme == "http" && p == "80") {
		host = net.JoinHostPort(strings.Trim(host, "[]"), p)
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	s := scheme + "://" + host + path
	if u.RawQuery != "" || u.ForceQuery {
		s += "?" + u.RawQuery
	}
	return s
}
