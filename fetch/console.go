package fetch

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// This file and one file per engine (console_chromium.go,
// console_firefox.go, console_webkit.go, each holding that engine's table of
// renderers) render, for a blocked request, the text each engine prints in
// its developer console (or, for a TypeError thrown before anything is sent,
// the exception's message). The texts are engine output: each one was read
// from the engine's source, and most were checked against Debian's builds
// (Chromium 156.0.8078.79, Firefox ESR 153.7, WebKitGTK 2.50.6) by loading a
// page over HTTPS on loopback and capturing the console (see
// console_test.go for which rows were seen live and how).
//
// What "the console message" means per engine:
//
//   - Chromium: the message Blink adds with source "javascript" or "security"
//     (third_party/blink/renderer/platform/loader/cors/cors_error_string.cc
//     GetErrorStringForConsoleMessage for CORS errors; FetchManager and
//     MixedContentChecker for the rest). Every failed load also leaves a
//     second entry with source "network", "Failed to load resource:
//     net::ERR_FAILED", which DevTools renders as "GET <url> net::ERR_FAILED
//     <status>"; that entry is left out when Chromium prints a message of
//     its own about the block, and it is the result when it is all Chromium
//     prints (bad port, redirect failures, CORP, transport errors).
//   - Firefox: the nsIScriptError messages netwerk/protocol/http/
//     nsCORSListenerProxy.cpp LogBlockedRequest formats from
//     dom/locales/en-US/chrome/security/security.properties, plus the
//     mixed-content, CORP and security-manager messages. After a failed
//     preflight, or a failed redirect of a cross-origin request, Firefox also
//     logs "CORS request did not succeed" for the request's own channel; that
//     second message is part of the result.
//   - WebKit: the SECURITY message naming the cause, then the JS error
//     "Fetch API cannot load <url> due to access control checks." (or
//     "XMLHttpRequest cannot load ...") that DocumentThreadableLoader adds.
//
// Several messages are joined with "\n", in the order the engine logs them.
// Some engine messages end with a newline of their own ("... Domains,
// protocols and ports must match.\n"); it is kept.

// ConsoleInput is what an engine's console message about a blocked request is made from.
type ConsoleInput struct {
	API    string // "fetch" or "xhr"
	URL    string // the URL of the request that was blocked (the current URL; for a preflight failure, the actual request's URL)
	Origin string // the serialized request origin, e.g. "https://foo.example" or "null"
	Method string // the request method (for CORSMethodNotFound)
	Reason string // a reason code from REASONS.md
	// Preflight reports that the failure happened on the preflight response.
	Preflight bool
	// Header is the offending header name, when the reason is about one. For
	// CORSMissingAllowHeaderFromPreflight it may list every request header the
	// preflight did not allow, comma-separated in the request's header-list
	// order: WebKit names the first of them, Chromium and Firefox the first in
	// lowercase sorted order.
	Header string
	// Value is the offending value (e.g. the Access-Control-Allow-Origin
	// received), as bytes: the combined value when the header came on
	// several lines. For CORPBlocked it is the Cross-Origin-Resource-Policy
	// value; for CORSDidNotSucceed, optionally, Chromium's net error name
	// (default "ERR_CONNECTION_REFUSED").
	Value string
	// Status is the HTTP status of the response at fault (0 when none).
	Status int
	// RedirectURL is, for redirect reasons, the Location URL (for
	// RedirectLocationInvalid, the Location value as received).
	RedirectURL string

	// InitialURL is the URL the request started at, when redirects led to
	// URL ("" or URL itself when there were none). Chromium names it: "Access
	// to fetch at '<URL>' (redirected from '<InitialURL>') ...".
	InitialURL string
	// Page is the URL of the document that made the request. Mixed-content
	// and same-origin-mode messages name it, and Chromium's CORS messages
	// name its origin (not the request's, which is "null" once a redirect
	// has crossed origins). When Page is empty, Origin stands in for the
	// page's origin; reasons whose message names the page URL need it.
	Page string
	// HeaderLines is how many field lines carried the header at fault (0 is
	// taken as 1). Firefox words repeated Access-Control-Allow-Origin lines
	// differently from one comma-separated line, and Chromium repeated
	// Location lines differently from an unparsable one. Firefox 153 merges
	// repeated lines of an HTTP/2 response before looking (observed), so for
	// HTTP/2 responses pass 1, or pass the lines as received and the
	// protocol in Protocol.
	HeaderLines int
	// Protocol is the HTTP version the response at fault came over, as a
	// network reports it ("h2", "HTTP/1.1"); "" when unknown, and then
	// HeaderLines is taken as the engine saw it. Firefox 153 merges the
	// repeated lines of a response over HTTP/2 (observed) or later before
	// it counts them.
	Protocol string
	// Member is the RequestInit member whose value its Web IDL enumeration
	// does not list, for InvalidEnumValue: "mode", "credentials",
	// "redirect" or "duplex". "body" stands for a body kind corsim does not
	// know, which is no browser error.
	Member string
}

// ConsoleEngines lists the engines ConsoleMessage knows, in a fixed order.
var ConsoleEngines = []string{"chromium", "firefox", "webkit"}

// ConsoleErrorKind says why no console message could be given.
type ConsoleErrorKind uint8

const (
	// ConsoleUnknownEngine: the engine is not one of ConsoleEngines.
	ConsoleUnknownEngine ConsoleErrorKind = iota + 1
	// ConsoleUnknownReason: the reason is not a REASONS.md code.
	ConsoleUnknownReason
	// ConsoleBadInput: a field the message is made from is missing or malformed.
	ConsoleBadInput
	// ConsoleNotApplicable: the engine never fails a request for this reason
	// (with this API), so it has no message for it.
	ConsoleNotApplicable
	// ConsoleUnknownText: the engine can fail this way, but its words for it
	// have not been established (neither read nor observed).
	ConsoleUnknownText
)

// ConsoleError is the error ConsoleMessage returns.
type ConsoleError struct {
	Kind   ConsoleErrorKind
	Engine string
	Reason string
	API    string
	Detail string // what was wrong, or why the engine has no such failure
}

// Error renders the problem as a sentence.
func (e *ConsoleError) Error() string {
	switch e.Kind {
	case ConsoleUnknownEngine:
		return fmt.Sprintf("fetch: console message: unknown engine %q (want chromium, firefox or webkit)", e.Engine)
	case ConsoleUnknownReason:
		return fmt.Sprintf("fetch: console message: unknown reason code %q", e.Reason)
	case ConsoleNotApplicable:
		return fmt.Sprintf("fetch: console message: %s never fails a %s request with %s: %s", e.Engine, e.API, e.Reason, e.Detail)
	case ConsoleUnknownText:
		return fmt.Sprintf("fetch: console message: what %s prints for %s (%s) is not known: %s", e.Engine, e.Reason, e.API, e.Detail)
	}
	return fmt.Sprintf("fetch: console message for %s %s (%s): %s", e.Engine, e.Reason, e.API, e.Detail)
}

// consoleRender makes one engine's text for one reason. It returns "" when
// the engine prints nothing for the failure.
type consoleRender func(in ConsoleInput) (string, error)

// consoleTables maps engine, then reason, to the engine's renderer. Every
// engine has an entry for every reason code, so a missing entry is an
// unknown reason.
var consoleTables = map[string]map[string]consoleRender{
	"chromium": chromiumConsole,
	"firefox":  firefoxConsole,
	"webkit":   webkitConsole,
}

// ConsoleMessage returns the text engine ("chromium", "firefox" or "webkit") prints in its console for in.
//
// For a reason that is a TypeError (or, for XMLHttpRequest, a DOMException)
// thrown before anything is sent, the text is the exception's message, as a
// page in a window sees it (the console shows it after "Uncaught (in promise)
// TypeError: ", or "Uncaught SyntaxError: " and the like for XMLHttpRequest,
// when script does not catch it). The empty string with a nil
// error means the engine prints nothing for the failure: script sees only the
// rejection ("Failed to fetch", "NetworkError when attempting to fetch
// resource.", "Load failed"). An error, always a *ConsoleError, reports an
// unknown engine or reason, input the message cannot be made from, or a
// failure the engine never produces.
func ConsoleMessage(engine string, in ConsoleInput) (string, error) {
	table, ok := consoleTables[engine]
	if !ok {
		return "", &ConsoleError{Kind: ConsoleUnknownEngine, Engine: engine, Reason: in.Reason, API: in.API}
	}
	render, ok := table[in.Reason]
	if !ok {
		return "", &ConsoleError{Kind: ConsoleUnknownReason, Engine: engine, Reason: in.Reason, API: in.API}
	}
	if in.API != "fetch" && in.API != "xhr" {
		return "", consoleBad(engine, in, fmt.Sprintf("API %q is neither \"fetch\" nor \"xhr\"", in.API))
	}
	if in.API == "xhr" {
		if consoleFetchOnly[in.Reason] {
			return "", consoleNA(engine, in, "the reason concerns a fetch() option or check that XMLHttpRequest does not have")
		}
		if consoleFetchObserved[in.Reason] {
			return "", &ConsoleError{Kind: ConsoleUnknownText, Engine: engine, Reason: in.Reason, API: in.API, Detail: "only fetch() was examined"}
		}
	}
	msg, err := render(in)
	if err != nil {
		var ce *ConsoleError
		if e, ok := err.(*ConsoleError); ok {
			ce = e
		} else {
			ce = &ConsoleError{Kind: ConsoleBadInput, Detail: err.Error()}
		}
		ce.Engine, ce.Reason, ce.API = engine, in.Reason, in.API
		return "", ce
	}
	return msg, nil
}

// ConsoleLearnMore returns the "Learn More" link the engine's console shows
// beside its (first) message for in, or "" when it shows none. Only Firefox
// links its CORS and mixed-content messages to MDN
// (devtools/server/actors/errordocs.js GetURL, keyed by the message's
// security.properties key).
func ConsoleLearnMore(engine string, in ConsoleInput) (string, error) {
	msg, err := ConsoleMessage(engine, in)
	if err != nil {
		return "", err
	}
	first, _, _ := strings.Cut(msg, "\n")
	for _, d := range consoleLearnMoreDocs[engine] {
		if strings.Contains(first, d.marker) {
			return d.url, nil
		}
	}
	return "", nil
}

// consoleLearnMoreDocs lists, per engine, the links its console shows
// beside messages it recognizes by a distinctive part.
var consoleLearnMoreDocs = map[string][]consoleDoc{"firefox": firefoxDocs}

// A consoleDoc links the messages containing marker to url.
type consoleDoc struct{ marker, url string }

// consoleFetchOnly are the reasons that only fetch() can run into:
// XMLHttpRequest has no mode, redirect mode, keepalive or stream body, always
// follows redirects, and accepts a URL with credentials.
var consoleFetchOnly = map[string]bool{
	"SameOriginModeCrossOrigin": true,
	"NoCORSRedirectMode":        true,
	"RedirectModeError":         true,
	"RedirectStreamBody":        true,
	"CORPBlocked":               true,
	"URLCredentials":            true,
	"NoCORSMethod":              true,
	"BodyWithGetOrHead":         true,
	"StreamWithoutDuplex":       true,
	"StreamNoCORS":              true,
	"KeepaliveStream":           true,
	"StreamBodyHTTP1":           true,
	"NavigateMode":              true,
}

// consoleFetchObserved are reasons XMLHttpRequest can run into too, whose
// messages were established for fetch() only.
var consoleFetchObserved = map[string]bool{
	"UnsupportedScheme": true,
	"InvalidDataURL":    true,
}

func consoleBad(engine string, in ConsoleInput, detail string) *ConsoleError {
	return &ConsoleError{Kind: ConsoleBadInput, Engine: engine, Reason: in.Reason, API: in.API, Detail: detail}
}

func consoleNA(engine string, in ConsoleInput, detail string) *ConsoleError {
	return &ConsoleError{Kind: ConsoleNotApplicable, Engine: engine, Reason: in.Reason, API: in.API, Detail: detail}
}

// consoleNotApplicable makes a renderer for a failure the engine never produces.
func consoleNotApplicable(detail string) consoleRender {
	return func(ConsoleInput) (string, error) {
		return "", &ConsoleError{Kind: ConsoleNotApplicable, Detail: detail}
	}
}

// consoleUnknownText is the renderer for a failure whose words are not known.
func consoleUnknownText(detail string) consoleRender {
	return func(ConsoleInput) (string, error) {
		return "", &ConsoleError{Kind: ConsoleUnknownText, Detail: detail}
	}
}

// consoleMethodOf is the method a message names: Method, or Value when
// Method is empty (an exception's offending input).
func consoleMethodOf(in ConsoleInput) string {
	if in.Method != "" {
		return in.Method
	}
	return in.Value
}

// consoleHeaderOf is the header name a message names: Header, or Value when
// Header is empty (an exception's offending input).
func consoleHeaderOf(in ConsoleInput) string {
	if in.Header != "" {
		return in.Header
	}
	return in.Value
}

// consoleEnumType returns the Web IDL enumeration of the RequestInit member
// an InvalidEnumValue is about. XMLHttpRequest takes no enumeration, and
// corsim's body kinds are none: a browser converts whatever script passes
// as a body.
func consoleEnumType(in ConsoleInput) (string, error) {
	if in.API == "xhr" || in.Member == "body" {
		return "", &ConsoleError{Kind: ConsoleNotApplicable,
			Detail: "an unknown body kind is corsim's own error: a browser converts whatever script passes as a body"}
	}
	switch in.Member {
	case "mode":
		return "RequestMode", nil
	case "credentials":
		return "RequestCredentials", nil
	case "redirect":
		return "RequestRedirect", nil
	case "duplex":
		return "RequestDuplex", nil
	}
	return "", &ConsoleError{Kind: ConsoleBadInput, Detail: fmt.Sprintf("Member %q is not a RequestInit member with an enumeration (mode, credentials, redirect, duplex)", in.Member)}
}

// consoleSilent is the renderer for a failure the engine logs nothing about.
func consoleSilent(ConsoleInput) (string, error) { return "", nil }

// consoleNeed reports the first of the named fields that is empty.
func consoleNeed(in ConsoleInput, fields ...string) error {
	for _, f := range fields {
		var v string
		switch f {
		case "URL":
			v = in.URL
		case "Origin":
			v = in.Origin
		case "Method":
			v = in.Method
		case "Header":
			v = in.Header
		case "RedirectURL":
			v = in.RedirectURL
		case "Page":
			v = in.Page
		case "Status":
			if in.Status > 0 {
				v = "set"
			}
		}
		if v == "" {
			return &ConsoleError{Kind: ConsoleBadInput, Detail: f + " is needed for this message"}
		}
	}
	return nil
}

// consoleRedirected reports whether redirects led from InitialURL to URL.
func consoleRedirected(in ConsoleInput) bool {
	return in.InitialURL != "" && in.InitialURL != in.URL
}

// consoleOriginOf serializes the origin of an absolute http(s) or ws(s) URL,
// omitting the scheme's default port; ok is false for anything else.
func consoleOriginOf(raw string) (origin string, ok bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", false
	}
	scheme := strings.ToLower(u.Scheme)
	def := map[string]string{"http": "80", "https": "443", "ws": "80", "wss": "443"}[scheme]
	if def == "" {
		return "", false
	}
	host := strings.ToLower(u.Hostname())
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if p := u.Port(); p != "" && p != def {
		host += ":" + p
	}
	return scheme + "://" + host, true
}

// consoleCrossOrigin reports whether URL is cross-origin to the request's
// origin (always true for an opaque "null" origin).
func consoleCrossOrigin(in ConsoleInput) bool {
	o, ok := consoleOriginOf(in.URL)
	return !ok || o != in.Origin
}

// consoleScheme returns the ASCII-lowercased scheme of a URL string, or "".
func consoleScheme(raw string) string {
	i := strings.IndexByte(raw, ':')
	if i <= 0 {
		return ""
	}
	for j := 0; j < i; j++ {
		c := raw[j]
		alpha := 'a' <= c|0x20 && c|0x20 <= 'z'
		if !alpha && (j == 0 || !('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return ""
		}
	}
	return strings.ToLower(raw[:i])
}

// consoleNormalizeMethod byte-uppercases DELETE, GET, HEAD, OPTIONS, POST and
// PUT, as fetch's method normalization does; other methods keep their case.
func consoleNormalizeMethod(m string) string {
	switch u := strings.ToUpper(m); u {
	case "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT":
		return u
	}
	return m
}

// consoleHeaderNames splits Header into the names it lists.
func consoleHeaderNames(h string) []string {
	var names []string
	for _, n := range strings.Split(h, ",") {
		if n = strings.Trim(n, " \t"); n != "" {
			names = append(names, n)
		}
	}
	return names
}

// consoleHeaderList returns the names Header lists, or an error when it
// lists none.
func consoleHeaderList(in ConsoleInput) ([]string, error) {
	names := consoleHeaderNames(in.Header)
	if len(names) == 0 {
		return nil, &ConsoleError{Kind: ConsoleBadInput, Detail: fmt.Sprintf("Header %q names no header", in.Header)}
	}
	return names, nil
}

// consoleFirstSortedLower returns the first of names in byte order after
// ASCII-lowercasing them: the header Chromium and Firefox name when a
// preflight allowed several request headers too few.
func consoleFirstSortedLower(names []string) string {
	lower := make([]string, len(names))
	for i, n := range names {
		lower[i] = strings.ToLower(n)
	}
	sort.Strings(lower)
	return lower[0]
}

// consoleIsToken reports whether s is an HTTP token.
func consoleIsToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// consoleFirstBadToken returns the first comma-separated member of v (HTTP
// whitespace trimmed, empty members skipped) that is not a token: the one
// Firefox names for CORSInvalidAllowMethod and CORSInvalidAllowHeader.
func consoleFirstBadToken(v string) (string, bool) {
	for _, m := range strings.Split(v, ",") {
		m = strings.Trim(m, " \t")
		if m != "" && !consoleIsToken(m) {
			return m, true
		}
	}
	return "", false
}

// consoleStripUserinfo removes the username and password from an absolute URL string.
func consoleStripUserinfo(raw string) string {
	i := strings.Index(raw, "://")
	if i < 0 {
		return raw
	}
	rest := raw[i+3:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
		return raw[:i+3] + rest[at+1:]
	}
	return raw
}

// consoleConst renders a fixed text.
func consoleConst(s string) func(ConsoleInput) string { return func(ConsoleInput) string { return s } }

// consoleJoin joins an engine's messages, skipping the empty ones.
func consoleJoin(lines ...string) string {
	var kept []string
	for _, l := range lines {
		if l != "" {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, "\n")
}
