package explain

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/fetch"
)

// A RouteError is one problem in a routes file.
type RouteError struct {
	File  string // the file's name
	Field string // where: routes[2].status, or "-" for the file as a whole
	Msg   string
}

func (e *RouteError) Error() string { return e.File + ": " + e.Field + ": " + e.Msg }

var methodToken = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

// ParseRoutes reads a routes file: a JSON array of routes in the scenario
// format (VECTORS.md, ROUTE: method, url, status, headers, times, body), the
// canned answers of `corsim explain --server FILE`. Unlike vector files it
// may name loopback hosts, and headers may be left out (no header lines).
// Every problem is reported, each a *RouteError naming the file and the
// field; an unknown or repeated field is one.
func ParseRoutes(file string, data []byte) ([]corsim.Route, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	p := &routeParser{file: file, dec: dec}
	routes := p.parse()
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return routes, nil
}

type routeParser struct {
	file string
	dec  *json.Decoder
	errs []error
}

func (p *routeParser) bad(field, format string, args ...any) {
	p.errs = append(p.errs, &RouteError{File: p.file, Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (p *routeParser) parse() []corsim.Route {
	tok, err := p.dec.Token()
	if err != nil {
		p.bad("-", "not JSON: %v", err)
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		p.bad("-", "want a JSON array of routes, got %s", describe(tok))
		return nil
	}
	var routes []corsim.Route
	for i := 0; p.dec.More(); i++ {
		var raw json.RawMessage
		if err := p.dec.Decode(&raw); err != nil {
			p.bad(fmt.Sprintf("routes[%d]", i), "not JSON: %v", err)
			return nil
		}
		if r, ok := p.route(fmt.Sprintf("routes[%d]", i), raw); ok {
			routes = append(routes, r)
		}
	}
	if _, err := p.dec.Token(); err != nil {
		p.bad("-", "not JSON: %v", err)
		return nil
	}
	if _, err := p.dec.Token(); err != io.EOF {
		p.bad("-", "trailing data after the array")
	}
	if len(routes) == 0 && len(p.errs) == 0 {
		p.bad("-", "no routes")
	}
	return routes
}

// members decodes a JSON object keeping its members in order, reporting a
// repeated name.
func (p *routeParser) members(field string, raw json.RawMessage) (map[string]json.RawMessage, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	tok, err := dec.Token()
	if d, ok := tok.(json.Delim); err != nil || !ok || d != '{' {
		p.bad(field, "want an object, got %s", strings.TrimSpace(string(raw)))
		return nil, false
	}
	m := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			p.bad(field, "not JSON: %v", err)
			return nil, false
		}
		name := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			p.bad(field+"."+name, "not JSON: %v", err)
			return nil, false
		}
		if _, dup := m[name]; dup {
			p.bad(field+"."+name, "repeated field")
			continue
		}
		m[name] = v
	}
	return m, true
}

func (p *routeParser) route(field string, raw json.RawMessage) (corsim.Route, bool) {
	var r corsim.Route
	m, ok := p.members(field, raw)
	if !ok {
		return r, false
	}
	n := len(p.errs)
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		switch name {
		case "method", "url", "status", "headers", "times", "body":
		default:
			p.bad(field+"."+name, "unknown field (want method, url, status, headers, times, body)")
		}
	}
	str := func(name string, required bool) (string, bool) {
		v, ok := m[name]
		if !ok {
			if required {
				p.bad(field+"."+name, "missing")
			}
			return "", false
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil || isNull(v) {
			p.bad(field+"."+name, "want a string, got %s", v)
			return "", false
		}
		return s, true
	}
	integer := func(name string, required bool) (int, bool) {
		v, ok := m[name]
		if !ok {
			if required {
				p.bad(field+"."+name, "missing")
			}
			return 0, false
		}
		var i int
		if err := json.Unmarshal(v, &i); err != nil || isNull(v) {
			p.bad(field+"."+name, "want an integer, got %s", v)
			return 0, false
		}
		return i, true
	}
	if s, ok := str("method", true); ok {
		if s != "*" && !methodToken.MatchString(s) {
			p.bad(field+".method", "%q is not a method token or *", s)
		}
		r.Method = s
	}
	if s, ok := str("url", true); ok {
		if _, err := fetch.ParseURL(s); err != nil {
			p.bad(field+".url", "%q is not an absolute URL: %v", s, err)
		}
		r.URL = s
	}
	if st, ok := integer("status", true); ok {
		if st < 100 || st > 999 {
			p.bad(field+".status", "%d is not a 3-digit status code", st)
		}
		r.Status = st
	}
	if v, ok := m["headers"]; ok {
		var pairs [][]string
		if err := json.Unmarshal(v, &pairs); err != nil || isNull(v) {
			p.bad(field+".headers", "want [[name, value], ...], got %s", v)
		}
		for j, pair := range pairs {
			if len(pair) != 2 {
				p.bad(fmt.Sprintf("%s.headers[%d]", field, j), "want [name, value], got %d strings", len(pair))
				continue
			}
			if !methodToken.MatchString(pair[0]) {
				p.bad(fmt.Sprintf("%s.headers[%d]", field, j), "%q is not a header name", pair[0])
			}
			if strings.ContainsAny(pair[1], "\x00\r\n") {
				p.bad(fmt.Sprintf("%s.headers[%d]", field, j), "the value of %s holds NUL, CR or LF", pair[0])
			}
			r.Header = append(r.Header, [2]string{pair[0], pair[1]})
		}
	}
	if t, ok := integer("times", false); ok {
		if t < 1 {
			p.bad(field+".times", "must be a positive integer, got %d", t)
		}
		r.Times = t
	}
	if b, ok := str("body", false); ok {
		r.Body = &b
	}
	return r, len(p.errs) == n
}

// isNull reports whether v is JSON null, which json.Unmarshal accepts for
// any type without complaint.
func isNull(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }

func describe(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		return string(t)
	case string:
		return fmt.Sprintf("the string %q", t)
	case nil:
		return "null"
	}
	return fmt.Sprint(tok)
}
