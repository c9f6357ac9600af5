package vectors

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// An Error is one problem in a vector file.
type Error struct {
	File   string // the file's path
	Vector string // the vector's name, or vectors[i] when it has none, or "-"
	Field  string // the field's path, e.g. steps[0].expect.status, or "-"
	Msg    string
}

func (e *Error) Error() string {
	return e.File + ": " + e.Vector + ": " + e.Field + ": " + e.Msg
}

// The format's enumerations.
var (
	apis        = []string{"fetch", "xhr"}
	modes       = []string{"cors", "no-cors", "same-origin"}
	credentials = []string{"omit", "same-origin", "include"}
	bodies      = []string{"text", "blob", "formdata", "urlsearchparams", "stream"}
	duplexes    = []string{"half", "none"}
	redirects   = []string{"follow", "error", "manual"}
	outcomes    = []string{OK, NetworkError, TypeError}
	types       = []string{"basic", "cors", "opaque", "opaqueredirect"}
)

// maxAdvance bounds a step's advance; anything larger is surely a typo.
const maxAdvance = 10 * 365 * 24 * time.Hour

var (
	schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)
	originRE = regexp.MustCompile(`^([a-z][a-z0-9+.-]*)://([^/?#@\s:]+|\[[0-9a-f:.]+\])(:([0-9]{1,5}))?$`)
	tokenRE  = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
	reasonRE = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)
)

// decoder turns the parsed tree of one file into vectors, collecting every
// problem rather than stopping at the first.
type decoder struct {
	file   string
	vector string
	errs   []error
}

func (d *decoder) bad(field, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Vector: d.vector, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// object checks that v is an object with no members outside allowed.
func (d *decoder) object(field string, v *value, allowed ...string) bool {
	if v.kind != kindObject {
		d.bad(field, "must be an object, not %s", v.kind)
		return false
	}
	for _, m := range v.members {
		if !contains(allowed, m.key) {
			d.bad(join(field, m.key), "unknown field (allowed: %s)", strings.Join(allowed, ", "))
		}
	}
	return true
}

func (d *decoder) required(field string, obj *value, key string) *value {
	v := obj.get(key)
	if v == nil {
		d.bad(join(field, key), "required field missing")
	}
	return v
}

func (d *decoder) str(field string, v *value, nonEmpty bool) (string, bool) {
	if v.kind != kindString {
		d.bad(field, "must be a string, not %s", v.kind)
		return "", false
	}
	if nonEmpty && strings.TrimSpace(v.str) == "" {
		d.bad(field, "must not be empty")
		return "", false
	}
	return v.str, true
}

func (d *decoder) enum(field string, v *value, allowed []string) (string, bool) {
	if v.kind != kindString || !contains(allowed, v.str) {
		d.bad(field, "%s is not one of %s", show(v), strings.Join(allowed, " | "))
		return "", false
	}
	return v.str, true
}

func (d *decoder) boolean(field string, v *value) bool {
	if v.kind != kindBool {
		d.bad(field, "must be true or false, not %s", v.kind)
		return false
	}
	return v.boolean
}

func (d *decoder) integer(field string, v *value) (int, bool) {
	if v.kind != kindNumber {
		d.bad(field, "must be an integer, not %s", v.kind)
		return 0, false
	}
	n, err := strconv.ParseInt(v.num.String(), 10, 32)
	if err != nil {
		d.bad(field, "must be an integer, not %s", v.num)
		return 0, false
	}
	return int(n), true
}

// url checks an absolute URL: a scheme, and a host for the special schemes.
// Whether it parses is left to the simulator (an unparsable request URL is a
// scenario of its own).
func (d *decoder) url(field string, v *value) (string, bool) {
	s, ok := d.str(field, v, true)
	if !ok {
		return "", false
	}
	if s != strings.TrimSpace(s) {
		d.bad(field, "URL has leading or trailing whitespace")
		return "", false
	}
	if !schemeRE.MatchString(s) {
		d.bad(field, "not an absolute URL (no scheme): %q", s)
		return "", false
	}
	scheme, rest, _ := strings.Cut(s, ":")
	switch strings.ToLower(scheme) {
	case "http", "https", "ws", "wss", "ftp":
		host := hostOf(rest)
		if !strings.HasPrefix(rest, "//") || host == "" {
			d.bad(field, "%s URL without a host: %q", scheme, s)
			return "", false
		}
		if loopback(host) {
			d.bad(field, "names a loopback host (%s); vectors use hosts such as foo.example", host)
			return "", false
		}
	}
	return s, true
}

func (d *decoder) origin(field string, v *value) string {
	s, ok := d.str(field, v, true)
	if !ok || s == "null" {
		return s
	}
	m := originRE.FindStringSubmatch(s)
	if m == nil {
		d.bad(field, "%q is not a serialized origin (scheme://host[:port], lowercase, no path) or \"null\"", s)
		return ""
	}
	if m[4] != "" {
		if port, _ := strconv.Atoi(m[4]); port > 65535 {
			d.bad(field, "port out of range")
		}
	}
	if loopback(m[2]) {
		d.bad(field, "names a loopback host (%s); vectors use hosts such as foo.example", m[2])
	}
	return s
}

func (d *decoder) headerPairs(field string, v *value, tokenNames bool) []Header {
	if v.kind != kindArray {
		d.bad(field, "must be an array of [name, value] pairs, not %s", v.kind)
		return nil
	}
	hs := make([]Header, 0, len(v.items))
	for i, h := range v.items {
		f := fmt.Sprintf("%s[%d]", field, i)
		if h.kind != kindArray || len(h.items) != 2 || h.items[0].kind != kindString || h.items[1].kind != kindString {
			d.bad(f, "must be a 2-element array of strings [name, value]")
			continue
		}
		name, val := h.items[0].str, h.items[1].str
		if name == "" {
			d.bad(f, "empty header name")
			continue
		}
		if tokenNames && !tokenRE.MatchString(name) {
			d.bad(f, "response header name %q is not a token", name)
			continue
		}
		hs = append(hs, Header{name, val})
	}
	return hs
}

// headerMap reads {lowercase-name: value or null}.
func (d *decoder) headerMap(field string, v *value) map[string]*string {
	if v.kind != kindObject {
		d.bad(field, "must be an object {lowercase-name: value or null}, not %s", v.kind)
		return nil
	}
	m := make(map[string]*string, len(v.members))
	for _, mem := range v.members {
		f := join(field, mem.key)
		if mem.key == "" || mem.key != strings.ToLower(mem.key) {
			d.bad(f, "header names here are lowercase and non-empty")
			continue
		}
		switch mem.val.kind {
		case kindNull:
			m[mem.key] = nil
		case kindString:
			s := mem.val.str
			m[mem.key] = &s
		default:
			d.bad(f, "must be a string or null, not %s", mem.val.kind)
		}
	}
	return m
}

func (d *decoder) decodeFile(root *value) []Vector {
	d.vector = "-"
	if !d.object("-", root, "vectors") {
		return nil
	}
	list := d.required("", root, "vectors")
	if list == nil {
		return nil
	}
	if list.kind != kindArray {
		d.bad("vectors", "must be an array, not %s", list.kind)
		return nil
	}
	if len(list.items) == 0 {
		d.bad("vectors", "empty array")
	}
	var out []Vector
	for i, v := range list.items {
		d.vector = fmt.Sprintf("vectors[%d]", i)
		if vec, ok := d.decodeVector(v); ok {
			out = append(out, vec)
		}
	}
	return out
}

func (d *decoder) decodeVector(v *value) (Vector, bool) {
	errsBefore := len(d.errs)
	vec := Vector{File: d.file}
	if v.kind != kindObject {
		d.bad("-", "a vector must be an object, not %s", v.kind)
		return vec, false
	}
	if n := v.get("name"); n != nil && n.kind == kindString && n.str != "" {
		d.vector = n.str
	}
	d.object("", v, "name", "about", "spec", "source", "note", "origin", "topLevel", "steps")

	if n := d.required("", v, "name"); n != nil {
		if name, ok := d.str("name", n, true); ok {
			switch {
			case strings.ContainsAny(name, " \t\r\n"):
				d.bad("name", "contains whitespace")
			case !strings.Contains(name, "/") || strings.HasPrefix(name, "/") || strings.HasSuffix(name, "/"):
				d.bad("name", "must look like area/what-it-shows")
			default:
				vec.Name = name
			}
		}
	}
	for _, f := range []struct {
		key string
		dst *string
	}{{"about", &vec.About}, {"source", &vec.Source}, {"note", &vec.Note}} {
		if x := v.get(f.key); x != nil {
			*f.dst, _ = d.str(f.key, x, true)
		}
	}
	if s := v.get("spec"); s != nil {
		vec.Spec = d.anchors(s)
	}
	if o := d.required("", v, "origin"); o != nil {
		vec.Origin = d.origin("origin", o)
	}
	if t := v.get("topLevel"); t != nil {
		vec.TopLevel = d.origin("topLevel", t)
	}
	if s := d.required("", v, "steps"); s != nil {
		switch {
		case s.kind != kindArray:
			d.bad("steps", "must be an array, not %s", s.kind)
		case len(s.items) == 0:
			d.bad("steps", "needs at least one step")
		default:
			for i, st := range s.items {
				vec.Steps = append(vec.Steps, d.decodeStep(fmt.Sprintf("steps[%d]", i), st))
			}
		}
	}
	return vec, len(d.errs) == errsBefore
}

func (d *decoder) anchors(s *value) []string {
	if s.kind != kindArray {
		d.bad("spec", "must be an array of anchor ids, not %s", s.kind)
		return nil
	}
	var out []string
	for i, a := range s.items {
		f := fmt.Sprintf("spec[%d]", i)
		id, ok := d.str(f, a, true)
		switch {
		case !ok:
		case strings.ContainsAny(id, " \t\r\n"):
			d.bad(f, "anchor id contains whitespace")
		case contains(out, id):
			d.bad(f, "repeated anchor id %q", id)
		default:
			out = append(out, id)
		}
	}
	return out
}

func (d *decoder) decodeStep(field string, v *value) Step {
	var st Step
	if !d.object(field, v, "advance", "request", "server", "expect", "expectByEngine") {
		return st
	}
	if a := v.get("advance"); a != nil {
		st.Advance = d.advance(join(field, "advance"), a)
	}
	if r := d.required(field, v, "request"); r != nil {
		st.Request = d.decodeRequest(join(field, "request"), r)
	}
	if s := v.get("server"); s != nil {
		f := join(field, "server")
		if s.kind != kindArray {
			d.bad(f, "must be an array of routes, not %s", s.kind)
		} else {
			for i, r := range s.items {
				st.Server = append(st.Server, d.decodeRoute(fmt.Sprintf("%s[%d]", f, i), r))
			}
		}
	}
	if e := d.required(field, v, "expect"); e != nil {
		st.Expect = d.decodeExpect(join(field, "expect"), e, false)
		d.consistent(join(field, "expect"), st.Expect, nil)
	}
	if ebe := v.get("expectByEngine"); ebe != nil {
		st.ExpectByEngine = d.decodePatches(join(field, "expectByEngine"), ebe, st.Expect)
	}
	return st
}

func (d *decoder) advance(field string, a *value) time.Duration {
	if a.kind != kindNumber {
		d.bad(field, "must be a number of seconds, not %s", a.kind)
		return 0
	}
	secs, err := strconv.ParseFloat(a.num.String(), 64)
	if err != nil || math.IsNaN(secs) || secs < 0 || secs > maxAdvance.Seconds() {
		d.bad(field, "%s is out of range [0, %.0f] seconds", a.num, maxAdvance.Seconds())
		return 0
	}
	return time.Duration(secs * float64(time.Second))
}

func (d *decoder) decodeRequest(field string, v *value) Request {
	r := Request{API: "fetch", Method: "GET", Mode: "cors", Credentials: "same-origin", Redirect: "follow"}
	if !d.object(field, v, "api", "method", "url", "headers", "mode", "credentials", "body",
		"duplex", "uploadListeners", "redirect", "keepalive") {
		return r
	}
	if x := v.get("api"); x != nil {
		r.API, _ = d.enum(join(field, "api"), x, apis)
	}
	if x := v.get("method"); x != nil {
		r.Method, _ = d.str(join(field, "method"), x, false)
	}
	if x := d.required(field, v, "url"); x != nil {
		r.URL, _ = d.url(join(field, "url"), x)
	}
	if x := v.get("headers"); x != nil {
		r.Headers = d.headerPairs(join(field, "headers"), x, false)
	}
	if x := v.get("mode"); x != nil {
		r.Mode, _ = d.enum(join(field, "mode"), x, modes)
	}
	if x := v.get("credentials"); x != nil {
		r.Credentials, _ = d.enum(join(field, "credentials"), x, credentials)
	}
	if x := v.get("body"); x != nil && x.kind != kindNull {
		r.Body, _ = d.enum(join(field, "body"), x, bodies)
	}
	if x := v.get("duplex"); x != nil {
		r.Duplex, _ = d.enum(join(field, "duplex"), x, duplexes)
	} else if r.Body == "stream" {
		r.Duplex = "half"
	}
	if x := v.get("uploadListeners"); x != nil {
		r.UploadListeners = d.boolean(join(field, "uploadListeners"), x)
	}
	if x := v.get("redirect"); x != nil {
		r.Redirect, _ = d.enum(join(field, "redirect"), x, redirects)
	}
	if x := v.get("keepalive"); x != nil {
		r.Keepalive = d.boolean(join(field, "keepalive"), x)
	}

	// Members of one API have no meaning for the other; an explicit default is tolerated.
	switch r.API {
	case "xhr":
		if r.Mode != "cors" {
			d.bad(join(field, "mode"), "fetch only: an xhr request is always mode cors")
		}
		if r.Redirect != "follow" {
			d.bad(join(field, "redirect"), "fetch only: an xhr request always follows redirects")
		}
		if v.get("duplex") != nil {
			d.bad(join(field, "duplex"), "fetch only (RequestInit.duplex)")
		}
		if r.Keepalive {
			d.bad(join(field, "keepalive"), "fetch only")
		}
		if r.Body == "stream" {
			d.bad(join(field, "body"), "xhr cannot send a ReadableStream body")
		}
	case "fetch":
		if r.UploadListeners {
			d.bad(join(field, "uploadListeners"), "xhr only")
		}
	}
	return r
}

func (d *decoder) decodeRoute(field string, v *value) Route {
	var rt Route
	if !d.object(field, v, "method", "url", "status", "headers", "times", "body") {
		return rt
	}
	if x := d.required(field, v, "method"); x != nil {
		if m, ok := d.str(join(field, "method"), x, true); ok {
			if m != "*" && !tokenRE.MatchString(m) {
				d.bad(join(field, "method"), "%q is not a method token or *", m)
			}
			rt.Method = m
		}
	}
	if x := d.required(field, v, "url"); x != nil {
		rt.URL, _ = d.url(join(field, "url"), x)
	}
	if x := d.required(field, v, "status"); x != nil {
		if st, ok := d.integer(join(field, "status"), x); ok {
			if st < 100 || st > 999 {
				d.bad(join(field, "status"), "%d is not a 3-digit status code", st)
			}
			rt.Status = st
		}
	}
	if x := d.required(field, v, "headers"); x != nil {
		rt.Headers = d.headerPairs(join(field, "headers"), x, true)
	}
	if x := v.get("times"); x != nil {
		if t, ok := d.integer(join(field, "times"), x); ok {
			if t < 1 {
				d.bad(join(field, "times"), "must be a positive integer")
			}
			rt.Times = t
		}
	}
	if x := v.get("body"); x != nil {
		if b, ok := d.str(join(field, "body"), x, false); ok {
			rt.Body = &b
		}
	}
	return rt
}

func (d *decoder) decodeExpect(field string, v *value, patch bool) Expect {
	var e Expect
	allowed := []string{"outcome", "sent", "type", "status", "url", "redirected", "exposedHeaders", "headerValues", "reason"}
	if patch {
		allowed = append(allowed, "why")
	}
	if !d.object(field, v, allowed...) {
		return e
	}
	if x := v.get("outcome"); x != nil {
		e.Outcome, _ = d.enum(join(field, "outcome"), x, outcomes)
	} else if !patch {
		d.bad(join(field, "outcome"), "required field missing")
	}
	if x := v.get("sent"); x != nil {
		f := join(field, "sent")
		if x.kind != kindArray {
			d.bad(f, "must be an array of {method, url, headers}, not %s", x.kind)
		} else {
			sent := make([]Sent, 0, len(x.items))
			for i, s := range x.items {
				sent = append(sent, d.decodeSent(fmt.Sprintf("%s[%d]", f, i), s))
			}
			e.Sent = &sent
		}
	}
	if x := v.get("type"); x != nil {
		if t, ok := d.enum(join(field, "type"), x, types); ok {
			e.Type = &t
		}
	}
	if x := v.get("status"); x != nil {
		if st, ok := d.integer(join(field, "status"), x); ok {
			if st != 0 && (st < 100 || st > 999) {
				d.bad(join(field, "status"), "%d is neither 0 nor a 3-digit status code", st)
			}
			e.Status = &st
		}
	}
	if x := v.get("url"); x != nil {
		if u, ok := d.url(join(field, "url"), x); ok {
			e.URL = &u
		}
	}
	if x := v.get("redirected"); x != nil {
		b := d.boolean(join(field, "redirected"), x)
		e.Redirected = &b
	}
	if x := v.get("exposedHeaders"); x != nil {
		e.ExposedHeaders = d.exposed(join(field, "exposedHeaders"), x)
	}
	if x := v.get("headerValues"); x != nil {
		e.HeaderValues = d.headerMap(join(field, "headerValues"), x)
	}
	if x := v.get("reason"); x != nil {
		if r, ok := d.str(join(field, "reason"), x, true); ok {
			if !reasonRE.MatchString(r) {
				d.bad(join(field, "reason"), "%q is not a reason code (CamelCase, e.g. CORSMissingAllowOrigin)", r)
			}
			e.Reason = &r
		}
	}
	return e
}

func (d *decoder) exposed(field string, x *value) *[]string {
	if x.kind != kindArray {
		d.bad(field, "must be an array of lowercase names, not %s", x.kind)
		return nil
	}
	names := make([]string, 0, len(x.items))
	for i, it := range x.items {
		f := fmt.Sprintf("%s[%d]", field, i)
		n, ok := d.str(f, it, true)
		switch {
		case !ok:
			continue
		case n != strings.ToLower(n):
			d.bad(f, "%q is not lowercase", n)
		case len(names) > 0 && n == names[len(names)-1]:
			d.bad(f, "repeated name %q", n)
		case len(names) > 0 && n < names[len(names)-1]:
			d.bad(f, "not sorted: %q after %q", n, names[len(names)-1])
		}
		names = append(names, n)
	}
	return &names
}

func (d *decoder) decodeSent(field string, v *value) Sent {
	var s Sent
	if !d.object(field, v, "method", "url", "headers") {
		return s
	}
	if x := d.required(field, v, "method"); x != nil {
		if m, ok := d.str(join(field, "method"), x, true); ok {
			if !tokenRE.MatchString(m) {
				d.bad(join(field, "method"), "%q is not a method token", m)
			}
			s.Method = m
		}
	}
	if x := d.required(field, v, "url"); x != nil {
		s.URL, _ = d.url(join(field, "url"), x)
	}
	if x := v.get("headers"); x != nil {
		s.Headers = d.headerMap(join(field, "headers"), x)
	}
	return s
}

func (d *decoder) decodePatches(field string, v *value, base Expect) map[string]Patch {
	if v.kind != kindObject {
		d.bad(field, "must be an object {engine: patch}, not %s", v.kind)
		return nil
	}
	out := make(map[string]Patch, len(v.members))
	for _, m := range v.members {
		f := join(field, m.key)
		if !contains(Engines, m.key) {
			d.bad(f, "unknown engine (not one of %s)", strings.Join(Engines, " | "))
			continue
		}
		if m.val.kind != kindObject {
			d.bad(f, "a patch must be an object, not %s", m.val.kind)
			continue
		}
		p := Patch{Expect: d.decodeExpect(f, m.val, true)}
		if w := m.val.get("why"); w == nil {
			d.bad(join(f, "why"), "required field missing (every patch says why: bug link or observation)")
		} else {
			p.Why, _ = d.str(join(f, "why"), w, true)
		}
		if len(m.val.members) == 1 && m.val.get("why") != nil {
			d.bad(f, "patch changes no expect field")
		}
		given := map[string]bool{}
		for _, mem := range m.val.members {
			given[mem.key] = true
		}
		d.consistent(f, base.patched(p.Expect), given)
		out[m.key] = p
	}
	return out
}

// consistent checks the rules the format states between the fields of one
// expectation. For a patch, only problems involving a field the patch gives
// are reported (a patch cannot remove a field of expect).
func (d *decoder) consistent(field string, e Expect, only map[string]bool) {
	rel := func(keys ...string) bool {
		if only == nil {
			return true
		}
		for _, k := range keys {
			if only[k] {
				return true
			}
		}
		return false
	}
	if e.Outcome == NetworkError || e.Outcome == TypeError {
		okOnly := map[string]bool{
			"type": e.Type != nil, "url": e.URL != nil, "redirected": e.Redirected != nil,
			"exposedHeaders": e.ExposedHeaders != nil, "headerValues": e.HeaderValues != nil,
		}
		for _, k := range []string{"type", "url", "redirected", "exposedHeaders", "headerValues"} {
			if okOnly[k] && rel(k) {
				d.bad(join(field, k), "only with outcome ok (outcome is %s)", e.Outcome)
			}
		}
		if e.Status != nil && *e.Status != 0 && rel("status") {
			d.bad(join(field, "status"), "must be 0 (or absent) when outcome is %s", e.Outcome)
		}
	}
	if e.Outcome == OK && e.Reason != nil && rel("reason", "outcome") {
		d.bad(join(field, "reason"), "a reason code goes with a network error, not outcome ok")
	}
	if e.Outcome == TypeError && e.Sent != nil && len(*e.Sent) > 0 && rel("sent", "outcome") {
		d.bad(join(field, "sent"), "outcome type-error means nothing was sent; sent must be []")
	}
	if e.Type != nil && (*e.Type == "opaque" || *e.Type == "opaqueredirect") && e.Status != nil && *e.Status != 0 && rel("type", "status") {
		d.bad(join(field, "status"), "must be 0 when type is %s", *e.Type)
	}
}

func join(field, key string) string {
	if key == "" {
		key = `""`
	}
	if field == "" || field == "-" {
		return key
	}
	return field + "." + key
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func show(v *value) string {
	switch v.kind {
	case kindString:
		return strconv.Quote(v.str)
	case kindNumber:
		return v.num.String()
	case kindBool:
		return strconv.FormatBool(v.boolean)
	}
	return v.kind.String()
}

// hostOf returns the host of the part of an absolute URL after its scheme's colon.
func hostOf(rest string) string {
	rest, ok := strings.CutPrefix(rest, "//")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	if strings.HasPrefix(rest, "[") {
		if i := strings.IndexByte(rest, ']'); i >= 0 {
			return strings.ToLower(rest[:i+1])
		}
		return strings.ToLower(rest)
	}
	host, _, _ := strings.Cut(rest, ":")
	return strings.ToLower(host)
}

// loopback reports whether host names this machine: vectors name hosts and the
// runners map them to loopback themselves.
func loopback(host string) bool {
	h := strings.TrimRight(strings.Trim(strings.ToLower(host), "[]"), ".")
	return h == "localhost" || strings.HasSuffix(h, ".localhost") || strings.HasPrefix(h, "127.") ||
		h == "::1" || h == "0:0:0:0:0:0:0:1" || h == "0.0.0.0"
}

// errorList joins errs, nil when there are none.
func errorList(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	return errors.Join(errs...)
}
