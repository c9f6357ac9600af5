package fetch

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// This file renders, for a blocked request, the text each engine prints in
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
	// HTTP/2 responses pass 1.
	HeaderLines int
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

// Chromium (Debian's 156.0.8078.79).

// chromiumPreflightPrefix opens the CORS errors Blink counts as preflight
// errors (cors_error_string.cc IsPreflightError): the CORS check on the
// preflight response, its status and a redirect. The preflight's
// Access-Control-Allow-Methods/-Headers errors do not get it.
const chromiumPreflightPrefix = "Response to preflight request doesn't pass access control check: "

// chromiumCorsSchemes is the list SchemeRegistry::ListOfCorsEnabledURLSchemes
// printed in Debian's build (seen live; it is build-dependent).
const chromiumCorsSchemes = "chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app"

// chromiumCORS opens GetErrorStringForConsoleMessage's text: the resource kind
// ("fetch" or "XMLHttpRequest"), the URL blocked, the URL it was redirected
// from, and the origin of the page (SecurityOrigin of the context).
func chromiumCORS(in ConsoleInput, target, initial string) string {
	kind := "fetch"
	if in.API == "xhr" {
		kind = "XMLHttpRequest"
	}
	var b strings.Builder
	b.WriteString("Access to " + kind + " at '" + target + "' ")
	if initial != "" && initial != target {
		b.WriteString("(redirected from '" + initial + "') ")
	}
	b.WriteString("from origin '" + chromiumPageOrigin(in) + "' has been blocked by CORS policy: ")
	return b.String()
}

func chromiumPageOrigin(in ConsoleInput) string {
	if o, ok := consoleOriginOf(in.Page); ok {
		return o
	}
	return in.Origin
}

// chromiumHint renders a failed_parameter as EncodeHint does: printable ASCII
// as is, every other byte as \u00XX (the header value's bytes are read as
// Latin-1, one character each; seen live for "https://fóo.example").
func chromiumHint(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if c := v[i]; c >= 0x20 && c <= 0x7e {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "\\u%04X", c)
		}
	}
	return b.String()
}

// chromiumCheck renders a CORS-check failure: the preflight prefix when the
// preflight response failed it, then the error text (cors.cc CheckAccess
// picks the CorsError, cors_error_string.cc words it).
func chromiumCheck(text func(in ConsoleInput) (string, error)) consoleRender {
	return func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL", "Origin"); err != nil {
			return "", err
		}
		t, err := text(in)
		if err != nil {
			return "", err
		}
		p := chromiumCORS(in, in.URL, in.InitialURL)
		if in.Preflight {
			p += chromiumPreflightPrefix
		}
		return p + t, nil
	}
}

// chromiumAllowOrigin words an Access-Control-Allow-Origin that is present
// but not the request's origin, the way cors.cc CheckAccess classifies it: a
// space or comma makes "multiple values", "null" is a mismatch, a value GURL
// cannot parse is "invalid", anything else a mismatch. fetch() adds advice.
func chromiumAllowOrigin(in ConsoleInput) (string, error) {
	v := in.Value
	var t string
	switch {
	case strings.ContainsAny(v, " ,"):
		t = "The 'Access-Control-Allow-Origin' header contains multiple values '" + chromiumHint(v) + "', but only one is allowed."
	case v != "null" && !chromiumGURLValid(v):
		t = "The 'Access-Control-Allow-Origin' header contains the invalid value '" + chromiumHint(v) + "'."
	default:
		t = "The 'Access-Control-Allow-Origin' header has a value '" + chromiumHint(v) + "' that is not equal to the supplied origin."
	}
	if in.API == "fetch" {
		t += " Have the server send the header with a valid value."
	}
	return t, nil
}

// chromiumGURLValid approximates GURL::is_valid for an
// Access-Control-Allow-Origin value: a scheme is needed, and a special
// scheme needs a host and a port below 65536. Seen live: "foo", "https://"
// and "https://foo.example:99999" are invalid, "foo:bar" is valid.
func chromiumGURLValid(v string) bool {
	scheme := consoleScheme(v)
	if scheme == "" {
		return false
	}
	switch scheme {
	case "http", "https", "ws", "wss", "ftp":
	default:
		return true
	}
	u, err := url.Parse(v)
	if err != nil || u.Hostname() == "" {
		return false
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		return err == nil && n < 65536
	}
	return true
}

const chromiumWithCredentialsHint = " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute."

// chromiumNet is the "network" console entry every failed load leaves
// (blink FrameConsole::DidFailLoading; seen live over the DevTools protocol,
// Log.entryAdded): the only thing Chromium logs for failures it has no
// message of its own for.
func chromiumNet(code string) consoleRender {
	return func(in ConsoleInput) (string, error) {
		return "Failed to load resource: net::" + code, nil
	}
}

// chromiumThrow renders a TypeError (or DOMException) message: Blink prefixes
// the exception's text with the operation that threw it.
func chromiumThrow(fetchText func(in ConsoleInput) string, xhrOp string, xhrText func(in ConsoleInput) string) consoleRender {
	return func(in ConsoleInput) (string, error) {
		if in.API == "xhr" {
			if xhrText == nil {
				return "", &ConsoleError{Kind: ConsoleNotApplicable, Detail: "XMLHttpRequest does not throw for it"}
			}
			return "Failed to execute '" + xhrOp + "' on 'XMLHttpRequest': " + xhrText(in), nil
		}
		return "Failed to execute 'fetch' on 'Window': " + fetchText(in), nil
	}
}

func consoleConst(s string) func(ConsoleInput) string { return func(ConsoleInput) string { return s } }

var chromiumConsole = map[string]consoleRender{
	"CORSMissingAllowOrigin": chromiumCheck(func(in ConsoleInput) (string, error) {
		return "No 'Access-Control-Allow-Origin' header is present on the requested resource.", nil
	}),
	"CORSMultipleAllowOriginNotAllowed": chromiumCheck(chromiumAllowOrigin),
	"CORSAllowOriginNotMatchingOrigin":  chromiumCheck(chromiumAllowOrigin),
	"CORSNotSupportingCredentials": chromiumCheck(func(in ConsoleInput) (string, error) {
		t := "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'."
		if in.API == "xhr" {
			t += chromiumWithCredentialsHint
		}
		return t, nil
	}),
	"CORSMissingAllowCredentials": chromiumCheck(func(in ConsoleInput) (string, error) {
		t := "The value of the 'Access-Control-Allow-Credentials' header in the response is '" + chromiumHint(in.Value) + "' which must be 'true' when the request's credentials mode is 'include'."
		if in.API == "xhr" {
			t += chromiumWithCredentialsHint
		}
		return t, nil
	}),
	"CORSPreflightRedirect":      chromiumPreflight(chromiumPreflightPrefix + "Redirect is not allowed for a preflight request."),
	"CORSPreflightDidNotSucceed": chromiumPreflight(chromiumPreflightPrefix + "It does not have HTTP ok status."),
	"CORSInvalidAllowMethod":     chromiumPreflight("Cannot parse Access-Control-Allow-Methods response header field in preflight response."),
	"CORSInvalidAllowHeader":     chromiumPreflight("Cannot parse Access-Control-Allow-Headers response header field in preflight response."),
	"CORSMethodNotFound": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL", "Origin", "Method"); err != nil {
			return "", err
		}
		return chromiumCORS(in, in.URL, in.InitialURL) + "Method " + chromiumHint(in.Method) + " is not allowed by Access-Control-Allow-Methods in preflight response.", nil
	},
	"CORSMissingAllowHeaderFromPreflight": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL", "Origin"); err != nil {
			return "", err
		}
		names, err := consoleHeaderList(in)
		if err != nil {
			return "", err
		}
		name := consoleFirstSortedLower(names)
		return chromiumCORS(in, in.URL, in.InitialURL) + "Request header field " + chromiumHint(name) + " is not allowed by Access-Control-Allow-Headers in preflight response.", nil
	},
	// FetchManager::Loader::Start turns fetch() of a scheme it cannot fetch
	// away itself; local files are refused by the security check before that
	// (SecurityOrigin::CanDisplay, "Not allowed to load local resource");
	// XMLHttpRequest reaches the CORS check (kCorsDisabledScheme) except for
	// ftp:, which it refuses with its own message.
	"CORSRequestNotHttp": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL", "Origin"); err != nil {
			return "", err
		}
		switch s := consoleScheme(in.URL); {
		case s == "file":
			return "Not allowed to load local resource: " + in.URL, nil
		case in.API == "fetch":
			return "Fetch API cannot load " + in.URL + ". URL scheme \"" + s + "\" is not supported.", nil
		case s == "ftp":
			return "FTP is not supported.", nil
		}
		return chromiumCORS(in, in.URL, in.InitialURL) + "Cross origin requests are only supported for protocol schemes: " + chromiumCorsSchemes + ".", nil
	},
	// FetchManager::Loader::Start checks the first URL; after a redirect the
	// frame's security check refuses the new one.
	"SameOriginModeCrossOrigin": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL", "Origin"); err != nil {
			return "", err
		}
		if consoleRedirected(in) {
			if err := consoleNeed(in, "Page"); err != nil {
				return "", err
			}
			return "Unsafe attempt to load URL " + in.URL + " from frame with URL " + in.Page + ". Domains, protocols and ports must match.\n", nil
		}
		return "Fetch API cannot load " + in.URL + ". Request mode is \"same-origin\" but the URL's origin is not same as the request origin " + in.Origin + ".", nil
	},
	"NoCORSRedirectMode": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL"); err != nil {
			return "", err
		}
		return "Fetch API cannot load " + in.URL + ". Request mode is \"no-cors\" but the redirect mode is not \"follow\".", nil
	},
	"BadPort": chromiumNet("ERR_UNSAFE_PORT"),
	// MixedContentChecker names the page's URL and the insecure URL (the
	// Location, when a redirect led there); fetch is a "resource".
	"MixedContent": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL", "Page"); err != nil {
			return "", err
		}
		target := in.URL
		if in.RedirectURL != "" {
			target = in.RedirectURL
		}
		kind := "resource"
		if in.API == "xhr" {
			kind = "XMLHttpRequest endpoint"
		}
		return "Mixed Content: The page at '" + in.Page + "' was loaded over HTTPS, but requested an insecure " + kind + " '" + target + "'. This request has been blocked; the content must be served over HTTPS.", nil
	},
	"RedirectModeError": chromiumNet("ERR_FAILED"),
	"RedirectLocationInvalid": func(in ConsoleInput) (string, error) {
		if in.HeaderLines >= 2 {
			return chromiumNet("ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION")(in)
		}
		return chromiumNet("ERR_INVALID_REDIRECT")(in)
	},
	// The network stack refuses a redirect to a local scheme
	// (ERR_UNSAFE_REDIRECT); any other scheme reaches the CORS check.
	"RedirectNotHTTP": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL", "Origin", "RedirectURL"); err != nil {
			return "", err
		}
		switch consoleScheme(in.RedirectURL) {
		case "about", "data", "file", "javascript", "blob", "filesystem":
			return chromiumNet("ERR_UNSAFE_REDIRECT")(in)
		}
		initial := in.InitialURL
		if initial == "" {
			initial = in.URL
		}
		return chromiumCORS(in, in.RedirectURL, initial) + "Cross origin requests are only supported for protocol schemes: " + chromiumCorsSchemes + ".", nil
	},
	"TooManyRedirects": chromiumNet("ERR_TOO_MANY_REDIRECTS"),
	// cors.cc CheckRedirectLocation sets no failed_parameter, so the
	// location prints as '' (seen live).
	"CORSRedirectCredentials": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL", "Origin"); err != nil {
			return "", err
		}
		return chromiumCORS(in, in.URL, in.InitialURL) + "Redirect location '' contains a username and password, which is disallowed for cross-origin requests.", nil
	},
	"RedirectStreamBody": chromiumNet("ERR_INVALID_ARGUMENT"),
	"CORPBlocked": func(in ConsoleInput) (string, error) {
		switch strings.ToLower(strings.Trim(in.Value, " \t")) {
		case "same-origin":
			return chromiumNet("ERR_BLOCKED_BY_RESPONSE.NotSameOrigin")(in)
		case "same-site":
			return chromiumNet("ERR_BLOCKED_BY_RESPONSE.NotSameSite")(in)
		}
		return "", &ConsoleError{Kind: ConsoleBadInput, Detail: fmt.Sprintf("Value %q is not a blocking Cross-Origin-Resource-Policy (same-origin or same-site)", in.Value)}
	},
	"CORSDidNotSucceed": func(in ConsoleInput) (string, error) {
		code := in.Value
		if code == "" {
			code = "ERR_CONNECTION_REFUSED"
		}
		return chromiumNet(strings.TrimPrefix(code, "net::"))(in)
	},
	// A streaming upload needs HTTP/2: over HTTP/1.1 the connection is
	// refused at ALPN (seen live).
	"StreamBodyHTTP1": chromiumNet("ERR_ALPN_NEGOTIATION_FAILED"),
	// FetchManager::Loader::Start handles about: and unknown schemes itself,
	// the blob registry has no entry, and a file: URL fails the security check.
	"UnsupportedScheme": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL"); err != nil {
			return "", err
		}
		switch s := consoleScheme(in.URL); s {
		case "file":
			return "Not allowed to load local resource: " + in.URL, nil
		case "blob":
			return chromiumNet("ERR_FILE_NOT_FOUND")(in)
		default:
			return "Fetch API cannot load " + in.URL + ". URL scheme \"" + s + "\" is not supported.", nil
		}
	},
	"OpaqueRangeResponse":            consoleUnknownText("not examined (it needs a request without Range to meet a ranged opaque response, as a service worker can arrange)"),
	"InvalidDataURL":                 chromiumNet("ERR_INVALID_URL"),
	"CORSDisabled":                   consoleNotApplicable("Firefox-only (content.cors.disable)"),
	"CORSOriginHeaderNotAdded":       consoleNotApplicable("Firefox-only (expanded principals)"),
	"CORSExternalRedirectNotAllowed": consoleNotApplicable("Firefox-only; Chromium reports a redirected preflight as CORSPreflightRedirect"),

	// Request::CreateRequestWithRequestOrString (request.cc), Headers and
	// XMLHttpRequest::open/setRequestHeader.
	"InvalidURL": chromiumThrow(
		func(in ConsoleInput) string { return "Failed to parse URL from " + in.URL },
		"open", consoleConst("Invalid URL")),
	"URLCredentials": chromiumThrow(
		func(in ConsoleInput) string {
			return "Request cannot be constructed from a URL that includes credentials: " + in.URL
		}, "", nil),
	"InvalidMethod": chromiumThrow(
		func(in ConsoleInput) string { return "'" + consoleMethodOf(in) + "' is not a valid HTTP method." },
		"open", func(in ConsoleInput) string { return "'" + consoleMethodOf(in) + "' is not a valid HTTP method." }),
	"ForbiddenMethod": chromiumThrow(
		func(in ConsoleInput) string { return "'" + consoleMethodOf(in) + "' HTTP method is unsupported." },
		"open", func(in ConsoleInput) string { return "'" + consoleMethodOf(in) + "' HTTP method is unsupported." }),
	"NoCORSMethod": chromiumThrow(
		func(in ConsoleInput) string {
			return "'" + consoleNormalizeMethod(consoleMethodOf(in)) + "' is unsupported in no-cors mode."
		}, "", nil),
	"InvalidHeaderName": chromiumThrow(consoleConst("Invalid name"),
		"setRequestHeader", func(in ConsoleInput) string {
			return "'" + consoleHeaderOf(in) + "' is not a valid HTTP header field name."
		}),
	"InvalidHeaderValue": chromiumThrow(consoleConst("Invalid value"),
		"setRequestHeader", func(in ConsoleInput) string { return "'" + in.Value + "' is not a valid HTTP header field value." }),
	"BodyWithGetOrHead":   chromiumThrow(consoleConst("Request with GET/HEAD method cannot have body."), "", nil),
	"StreamWithoutDuplex": chromiumThrow(consoleConst("The `duplex` member must be specified for a request with a streaming body"), "", nil),
	// Sic: no space before the quote.
	"StreamNoCORS":    chromiumThrow(consoleConst(`If request is made from ReadableStream, mode should be"same-origin" or "cors"`), "", nil),
	"KeepaliveStream": chromiumThrow(consoleConst("Keepalive request cannot have a ReadableStream body."), "", nil),
	"NavigateMode":    chromiumThrow(consoleConst("Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'."), "", nil),
	"NotSupported":    consoleNotApplicable("a WebKitGTK-only reason (no ReadableStream uploads)"),
}

// chromiumPreflight renders a preflight failure of fixed wording.
func chromiumPreflight(text string) consoleRender {
	return func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL", "Origin"); err != nil {
			return "", err
		}
		return chromiumCORS(in, in.URL, in.InitialURL) + text, nil
	}
}

// Firefox (Debian's Firefox ESR 153.7). The CORS texts are the
// security.properties strings (read from the installed omni.ja) that
// nsCORSListenerProxy.cpp LogBlockedRequest fills with the channel's URL and
// one parameter; note the typographic quotes.

func firefoxBlocked(url, reason string) string {
	return "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + url + ". (Reason: " + reason + ")."
}

// firefoxDidNotSucceed is CORSDidNotSucceed2 as CheckRequestApproved logs it
// for a channel that failed: without a status parameter, which
// FormatLocalizedString prints as "(null)".
func firefoxDidNotSucceed(url string) string {
	return "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + url + ". (Reason: CORS request did not succeed). Status code: (null)."
}

// firefoxThen appends the CORSDidNotSucceed2 message Firefox logs for the
// request's own channel when its preflight failed (seen live for every
// preflight reason).
func firefoxThen(in ConsoleInput, msg string) string {
	if in.Preflight {
		return msg + "\n" + firefoxDidNotSucceed(in.URL)
	}
	return msg
}

// firefoxTail is the message Firefox logs when a cross-origin request's
// channel fails (CheckRequestApproved runs only once the request has gone
// cross-site): the trailer of every redirect failure.
func firefoxTail(in ConsoleInput) string {
	if consoleCrossOrigin(in) {
		return firefoxDidNotSucceed(in.URL)
	}
	return ""
}

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

// firefoxCheck renders a CORS-check or preflight failure.
func firefoxCheck(text func(in ConsoleInput) (string, error), fields ...string) consoleRender {
	return func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, append([]string{"URL"}, fields...)...); err != nil {
			return "", err
		}
		t, err := text(in)
		if err != nil {
			return "", err
		}
		return firefoxThen(in, t), nil
	}
}

// firefoxMismatch is CORSAllowOriginNotMatchingOrigin with the value as
// received, decoded as UTF-8 (NS_ConvertUTF8toUTF16).
func firefoxMismatch(in ConsoleInput) (string, error) {
	return firefoxBlocked(in.URL, "CORS header ‘Access-Control-Allow-Origin’ does not match ‘"+strings.ToValidUTF8(in.Value, "\uFFFD")+"’"), nil
}

// firefoxThrow renders a TypeError from fetch() ("Window.fetch: " and the
// dom/bindings/Errors.msg text) or the XMLHttpRequest exception message.
func firefoxThrow(fetchText, xhrText func(in ConsoleInput) string) consoleRender {
	return func(in ConsoleInput) (string, error) {
		if in.API == "xhr" {
			if xhrText == nil {
				return "", &ConsoleError{Kind: ConsoleNotApplicable, Detail: "XMLHttpRequest does not throw for it"}
			}
			return xhrText(in), nil
		}
		return "Window.fetch: " + fetchText(in), nil
	}
}

// firefoxNoStreams: Firefox ESR 153 cannot upload a ReadableStream; it sends
// the text "[object ReadableStream]" instead (ENGINES.md, seen live), so no
// stream rule ever fails a request.
var firefoxNoStreams = consoleNotApplicable("Firefox ESR 153 has no ReadableStream uploads: it sends the stream's string form as the body")

var firefoxConsole = map[string]consoleRender{
	"CORSMissingAllowOrigin": firefoxCheck(func(in ConsoleInput) (string, error) {
		return firefoxBlocked(in.URL, "CORS header ‘Access-Control-Allow-Origin’ missing") + " Status code: " + strconv.Itoa(in.Status) + ".", nil
	}, "Status"),
	// CheckOriginHeader counts the original header lines; an HTTP/2
	// response's repeated lines arrive merged, and one line with a comma is
	// a mismatch like any other value.
	"CORSMultipleAllowOriginNotAllowed": firefoxCheck(func(in ConsoleInput) (string, error) {
		if in.HeaderLines >= 2 {
			return firefoxBlocked(in.URL, "Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed"), nil
		}
		return firefoxMismatch(in)
	}),
	"CORSAllowOriginNotMatchingOrigin": firefoxCheck(firefoxMismatch),
	// Sic: this one string quotes the URL.
	"CORSNotSupportingCredentials": firefoxCheck(func(in ConsoleInput) (string, error) {
		return "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘" + in.URL + "’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).", nil
	}),
	"CORSMissingAllowCredentials": firefoxCheck(func(in ConsoleInput) (string, error) {
		return firefoxBlocked(in.URL, "expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’"), nil
	}),
	// nsCORSPreflightListener::AsyncOnChannelRedirect refuses the redirect,
	// then the preflight's status is judged, then the request's channel fails.
	"CORSPreflightRedirect": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL", "Status"); err != nil {
			return "", err
		}
		return consoleJoin(
			firefoxBlocked(in.URL, "CORS request external redirect not allowed"),
			firefoxBlocked(in.URL, "CORS preflight response did not succeed")+" Status code: "+strconv.Itoa(in.Status)+".",
			firefoxDidNotSucceed(in.URL)), nil
	},
	"CORSPreflightDidNotSucceed": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL", "Status"); err != nil {
			return "", err
		}
		return consoleJoin(
			firefoxBlocked(in.URL, "CORS preflight response did not succeed")+" Status code: "+strconv.Itoa(in.Status)+".",
			firefoxDidNotSucceed(in.URL)), nil
	},
	"CORSInvalidAllowMethod": firefoxPreflightToken("Access-Control-Allow-Methods"),
	"CORSInvalidAllowHeader": firefoxPreflightToken("Access-Control-Allow-Headers"),
	"CORSMethodNotFound": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL"); err != nil {
			return "", err
		}
		return consoleJoin(firefoxBlocked(in.URL, "Did not find method in CORS header ‘Access-Control-Allow-Methods’"), firefoxDidNotSucceed(in.URL)), nil
	},
	// The preflight's header list is lowercased and sorted; the first one
	// not allowed is named.
	"CORSMissingAllowHeaderFromPreflight": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL"); err != nil {
			return "", err
		}
		names, err := consoleHeaderList(in)
		if err != nil {
			return "", err
		}
		name := consoleFirstSortedLower(names)
		return consoleJoin(firefoxBlocked(in.URL, "header ‘"+name+"’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response"), firefoxDidNotSucceed(in.URL)), nil
	},
	// A file: URL is refused by nsScriptSecurityManager::CheckLoadURIWithPrincipal
	// before CORS (security.properties CheckLoadURIError); other schemes reach
	// CheckPreflightNeeded.
	"CORSRequestNotHttp": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL"); err != nil {
			return "", err
		}
		if consoleScheme(in.URL) == "file" {
			if err := consoleNeed(in, "Page"); err != nil {
				return "", err
			}
			return "Security Error: Content at " + in.Page + " may not load or link to " + in.URL + ".", nil
		}
		return firefoxBlocked(in.URL, "CORS request not http"), nil
	},
	// nsContentSecurityManager: CheckMayLoad fails (CheckSameOriginError),
	// before and after a redirect alike.
	"SameOriginModeCrossOrigin": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL", "Page"); err != nil {
			return "", err
		}
		return "Security Error: Content at " + in.Page + " may not load data from " + in.URL + ".", nil
	},
	"NoCORSRedirectMode": consoleSilent,
	"BadPort":            consoleSilent,
	"MixedContent": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL"); err != nil {
			return "", err
		}
		if in.RedirectURL != "" {
			return consoleJoin("Blocked loading mixed active content “"+in.RedirectURL+"”", firefoxTail(in)), nil
		}
		return "Blocked loading mixed active content “" + in.URL + "”", nil
	},
	"RedirectModeError":       consoleSilent,
	"RedirectLocationInvalid": firefoxRedirect,
	// A redirect to another scheme fails UpdateChannel's
	// CheckPreflightNeeded (CORSRequestNotHttp) for the new URL, except data:,
	// which the redirect check refuses silently.
	"RedirectNotHTTP": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL", "Origin", "RedirectURL"); err != nil {
			return "", err
		}
		if consoleScheme(in.RedirectURL) == "data" {
			return firefoxTail(in), nil
		}
		return consoleJoin(firefoxBlocked(in.RedirectURL, "CORS request not http"), firefoxTail(in)), nil
	},
	"TooManyRedirects": firefoxRedirect,
	// UpdateChannel refuses the Location's userinfo without logging.
	"CORSRedirectCredentials": firefoxRedirect,
	"RedirectStreamBody":      firefoxNoStreams,
	// necko.properties CORPBlocked, with the MDN link as the engine prints it.
	"CORPBlocked": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL"); err != nil {
			return "", err
		}
		return "The resource at “" + in.URL + "” was blocked due to its Cross-Origin-Resource-Policy header (or lack thereof). See https://developer.mozilla.org/docs/Web/HTTP/Cross-Origin_Resource_Policy_(CORP)#", nil
	},
	"CORSDidNotSucceed": firefoxRedirect,
	"StreamBodyHTTP1":   firefoxNoStreams,
	// Only a file: URL is logged (the security manager's CheckLoadURIError);
	// about:, blob: and unknown schemes fail silently (seen live).
	"UnsupportedScheme": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL"); err != nil {
			return "", err
		}
		if consoleScheme(in.URL) != "file" {
			return "", nil
		}
		if err := consoleNeed(in, "Page"); err != nil {
			return "", err
		}
		return "Security Error: Content at " + in.Page + " may not load or link to " + in.URL + ".", nil
	},
	"OpaqueRangeResponse": consoleUnknownText("not examined"),
	"InvalidDataURL":      consoleSilent,
	// Reserved codes: the security.properties strings, never produced by
	// corsim's vectors.
	"CORSDisabled":                   firefoxFixed("CORS disabled"),
	"CORSOriginHeaderNotAdded":       firefoxFixed("CORS header ‘Origin’ cannot be added"),
	"CORSExternalRedirectNotAllowed": firefoxFixed("CORS request external redirect not allowed"),

	// dom/fetch/Request.cpp with dom/bindings/Errors.msg; XMLHttpRequestMainThread.
	"InvalidURL": firefoxThrow(
		func(in ConsoleInput) string { return in.URL + " is not a valid URL." },
		func(in ConsoleInput) string { return "XMLHttpRequest.open: '" + in.URL + "' is not a valid URL." }),
	"URLCredentials": firefoxThrow(
		func(in ConsoleInput) string { return in.URL + " is an url with embedded credentials." }, nil),
	"InvalidMethod": firefoxThrow(
		func(in ConsoleInput) string { return "Invalid request method " + consoleMethodOf(in) + "." },
		consoleConst("An invalid or illegal string was specified")),
	"ForbiddenMethod": firefoxThrow(
		func(in ConsoleInput) string { return "Invalid request method " + consoleMethodOf(in) + "." },
		consoleConst("The operation is insecure.")),
	"NoCORSMethod": firefoxThrow(
		func(in ConsoleInput) string {
			return "Invalid request method " + consoleNormalizeMethod(consoleMethodOf(in)) + "."
		}, nil),
	// The name is lowercased before it is checked; the value is printed as
	// a C string, so it stops at a NUL (seen live: "a\x00b" prints "a").
	// XMLHttpRequest says "header name" for a bad value too (sic).
	"InvalidHeaderName": firefoxThrow(
		func(in ConsoleInput) string {
			return strings.ToLower(consoleHeaderOf(in)) + " is an invalid header name."
		},
		consoleConst("Invalid header name.")),
	"InvalidHeaderValue": firefoxThrow(
		func(in ConsoleInput) string {
			v, _, _ := strings.Cut(in.Value, "\x00")
			return v + " is an invalid header value."
		},
		consoleConst("Invalid header name.")),
	"BodyWithGetOrHead":   firefoxThrow(consoleConst("HEAD or GET Request cannot have a body."), nil),
	"NavigateMode":        firefoxThrow(consoleConst("Invalid request mode navigate."), nil),
	"StreamWithoutDuplex": firefoxNoStreams,
	"StreamNoCORS":        firefoxNoStreams,
	"KeepaliveStream":     firefoxNoStreams,
	"NotSupported":        consoleNotApplicable("a WebKitGTK-only reason (no ReadableStream uploads)"),
}

// firefoxRedirect is a failure Firefox logs only as the request channel's
// CORSDidNotSucceed2 (and only for a cross-origin request).
func firefoxRedirect(in ConsoleInput) (string, error) {
	if err := consoleNeed(in, "URL", "Origin"); err != nil {
		return "", err
	}
	return firefoxTail(in), nil
}

// firefoxPreflightToken renders CORSInvalidAllowMethod/-Header: Firefox names
// the first member of the header that is not a token.
func firefoxPreflightToken(header string) consoleRender {
	return func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL"); err != nil {
			return "", err
		}
		tok, ok := consoleFirstBadToken(in.Value)
		if !ok {
			return "", &ConsoleError{Kind: ConsoleBadInput, Detail: fmt.Sprintf("Value %q has no member that is not a token", in.Value)}
		}
		return consoleJoin(firefoxBlocked(in.URL, "invalid token ‘"+tok+"’ in CORS header ‘"+header+"’"), firefoxDidNotSucceed(in.URL)), nil
	}
}

const (
	firefoxCORSDocs  = "https://developer.mozilla.org/docs/Web/HTTP/Guides/CORS/Errors/"
	firefoxCORSUTM   = "?utm_source=devtools&utm_medium=firefox-cors-errors&utm_campaign=default"
	firefoxOtherUTM  = "?utm_source=devtools&utm_medium=firefox-console-errors&utm_campaign=default"
	firefoxMixedDocs = "https://developer.mozilla.org/docs/Web/Security/Mixed_content"
)

// firefoxDocs maps a distinctive part of a Firefox message to its Learn More
// link (errordocs.js CorsErrorDocs and ErrorCategories["Mixed Content
// Blocker"], with getMdnLinkParams' utm parameters).
var firefoxDocs = []consoleDoc{
	{"(Reason: CORS header ‘Access-Control-Allow-Origin’ missing)", firefoxCORSDocs + "CORSMissingAllowOrigin" + firefoxCORSUTM},
	{"(Reason: Multiple CORS header", firefoxCORSDocs + "CORSMultipleAllowOriginNotAllowed" + firefoxCORSUTM},
	{"(Reason: CORS header ‘Access-Control-Allow-Origin’ does not match", firefoxCORSDocs + "CORSAllowOriginNotMatchingOrigin" + firefoxCORSUTM},
	{"(Reason: Credential is not supported", firefoxCORSDocs + "CORSNotSupportingCredentials" + firefoxCORSUTM},
	{"(Reason: expected ‘true’", firefoxCORSDocs + "CORSMissingAllowCredentials" + firefoxCORSUTM},
	{"(Reason: CORS request external redirect not allowed)", firefoxCORSDocs + "CORSExternalRedirectNotAllowed" + firefoxCORSUTM},
	{"(Reason: CORS preflight response did not succeed)", firefoxCORSDocs + "CORSPreflightDidNotSucceed" + firefoxCORSUTM},
	{"in CORS header ‘Access-Control-Allow-Methods’)", firefoxCORSDocs + "CORSInvalidAllowMethod" + firefoxCORSUTM},
	{"in CORS header ‘Access-Control-Allow-Headers’)", firefoxCORSDocs + "CORSInvalidAllowHeader" + firefoxCORSUTM},
	{"(Reason: Did not find method", firefoxCORSDocs + "CORSMethodNotFound" + firefoxCORSUTM},
	{"is not allowed according to header ‘Access-Control-Allow-Headers’", firefoxCORSDocs + "CORSMissingAllowHeaderFromPreflight" + firefoxCORSUTM},
	{"(Reason: CORS request not http)", firefoxCORSDocs + "CORSRequestNotHttp" + firefoxCORSUTM},
	{"(Reason: CORS request did not succeed)", firefoxCORSDocs + "CORSDidNotSucceed" + firefoxCORSUTM},
	{"(Reason: CORS disabled)", firefoxCORSDocs + "CORSDisabled" + firefoxCORSUTM},
	{"(Reason: CORS header ‘Origin’ cannot be added)", firefoxCORSDocs + "CORSOriginHeaderNotAdded" + firefoxCORSUTM},
	{"Blocked loading mixed active content", firefoxMixedDocs + firefoxOtherUTM},
}

// firefoxFixed renders a CORS message whose reason takes no parameter.
func firefoxFixed(reason string) consoleRender {
	return func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL"); err != nil {
			return "", err
		}
		return firefoxBlocked(in.URL, reason), nil
	}
}

// WebKit (Debian's WebKitGTK 2.50.6). The cause comes from
// Source/WebCore/loader/CrossOriginAccessControl.cpp (the CORS check),
// CrossOriginPreflightResultCache / NetworkCORSPreflightChecker (preflight)
// and Source/WebKit/NetworkProcess/NetworkLoadChecker.cpp (redirects, ports,
// mixed content); DocumentThreadableLoader::logErrorAndFail then adds the
// "cannot load ... due to access control checks." line.

// webkitCannotLoad is the JS error line naming the URL of the failed load.
func webkitCannotLoad(in ConsoleInput, url string) string {
	api := "Fetch API"
	if in.API == "xhr" {
		api = "XMLHttpRequest"
	}
	return api + " cannot load " + url + " due to access control checks."
}

// webkitBlocked renders a cause and the "cannot load" line for in.URL.
func webkitBlocked(cause func(in ConsoleInput) string, fields ...string) consoleRender {
	return func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, append([]string{"URL"}, fields...)...); err != nil {
			return "", err
		}
		return cause(in) + "\n" + webkitCannotLoad(in, in.URL), nil
	}
}

// webkitAllowOrigin words an Access-Control-Allow-Origin that is absent or
// not the request's origin: a comma means several origins; anything else,
// absence included, is "not allowed", with the response's status.
func webkitAllowOrigin(in ConsoleInput) string {
	if in.Reason != "CORSMissingAllowOrigin" && strings.Contains(in.Value, ",") {
		return "Access-Control-Allow-Origin cannot contain more than one origin."
	}
	return "Origin " + in.Origin + " is not allowed by Access-Control-Allow-Origin. Status code: " + strconv.Itoa(in.Status)
}

// webkitNonCORSScheme is NetworkLoadChecker's refusal of a redirect whose
// Location is not an HTTP(S) URL, or not a URL at all.
func webkitNonCORSScheme(in ConsoleInput) (string, error) {
	if err := consoleNeed(in, "URL", "RedirectURL"); err != nil {
		return "", err
	}
	return "Cross-origin redirection to " + in.RedirectURL + " denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme\n" + webkitCannotLoad(in, in.URL), nil
}

// webkitThrow renders a TypeError from fetch() (FetchRequest.cpp,
// FetchHeaders.cpp) or the XMLHttpRequest exception's message.
func webkitThrow(fetchText, xhrText func(in ConsoleInput) string) consoleRender {
	return func(in ConsoleInput) (string, error) {
		if in.API == "xhr" {
			if xhrText == nil {
				return "", &ConsoleError{Kind: ConsoleNotApplicable, Detail: "XMLHttpRequest does not throw for it"}
			}
			return xhrText(in), nil
		}
		return fetchText(in), nil
	}
}

// webkitNoStreams: WebKitGTK rejects any ReadableStream body with
// NotSupportedError before the stream rules are checked (ENGINES.md, seen
// live), which corsim reports as NotSupported.
var webkitNoStreams = consoleNotApplicable("WebKitGTK rejects every ReadableStream upload with NotSupportedError (reason NotSupported) first")

const webkitPatternMismatch = "The string did not match the expected pattern."

var webkitConsole = map[string]consoleRender{
	"CORSMissingAllowOrigin":            webkitBlocked(webkitAllowOrigin, "Origin", "Status"),
	"CORSMultipleAllowOriginNotAllowed": webkitBlocked(webkitAllowOrigin, "Origin"),
	"CORSAllowOriginNotMatchingOrigin":  webkitBlocked(webkitAllowOrigin, "Origin", "Status"),
	"CORSNotSupportingCredentials": webkitBlocked(func(ConsoleInput) string {
		return "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."
	}),
	"CORSMissingAllowCredentials": webkitBlocked(func(ConsoleInput) string {
		return `Credentials flag is true, but Access-Control-Allow-Credentials is not "true".`
	}),
	// NetworkCORSPreflightChecker judges a redirected preflight by its status.
	"CORSPreflightRedirect": webkitBlocked(func(in ConsoleInput) string {
		return "Preflight response is not successful. Status code: " + strconv.Itoa(in.Status)
	}, "Status"),
	"CORSPreflightDidNotSucceed": webkitBlocked(func(in ConsoleInput) string {
		return "Preflight response is not successful. Status code: " + strconv.Itoa(in.Status)
	}, "Status"),
	"CORSInvalidAllowMethod": webkitBlocked(func(in ConsoleInput) string {
		return "Header Access-Control-Allow-Methods has an invalid value: " + in.Value
	}),
	"CORSInvalidAllowHeader": webkitBlocked(func(in ConsoleInput) string {
		return "Header Access-Control-Allow-Headers has an invalid value: " + in.Value
	}),
	"CORSMethodNotFound": webkitBlocked(func(in ConsoleInput) string {
		return "Method " + in.Method + " is not allowed by Access-Control-Allow-Methods."
	}, "Method"),
	// The first disallowed header in the request's header list, as written.
	"CORSMissingAllowHeaderFromPreflight": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL"); err != nil {
			return "", err
		}
		names, err := consoleHeaderList(in)
		if err != nil {
			return "", err
		}
		return "Request header field " + names[0] + " is not allowed by Access-Control-Allow-Headers.\n" + webkitCannotLoad(in, in.URL), nil
	},
	"CORSRequestNotHttp": webkitBlocked(func(ConsoleInput) string {
		return "Cross origin requests are only supported for HTTP."
	}),
	// FetchLoader refuses the first URL with a bare message; after a
	// redirect NetworkLoadChecker refuses the new URL.
	"SameOriginModeCrossOrigin": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL", "Origin"); err != nil {
			return "", err
		}
		if consoleRedirected(in) {
			return "Unsafe attempt to load URL " + in.URL + " from origin " + in.Origin + ". Domains, protocols and ports must match.\n\n" + webkitCannotLoad(in, in.URL), nil
		}
		return "Fetch API cannot load " + in.URL + ".", nil
	},
	"NoCORSRedirectMode": webkitBlocked(func(ConsoleInput) string {
		return "No-Cors mode requires follow redirect mode\nNot allowed to request resource"
	}),
	"BadPort": func(in ConsoleInput) (string, error) {
		u, err := url.Parse(in.URL)
		if err != nil || u.Port() == "" {
			return "", &ConsoleError{Kind: ConsoleBadInput, Detail: fmt.Sprintf("URL %q has no port", in.URL)}
		}
		return "Not allowed to use restricted network port " + u.Port() + ": " + in.URL, nil
	},
	// MixedContentChecker's warning ends with a newline; a blocked first
	// request also gets "Not allowed to request resource".
	"MixedContent": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL", "Page"); err != nil {
			return "", err
		}
		target, more := in.URL, "\nNot allowed to request resource"
		if in.RedirectURL != "" {
			target, more = in.RedirectURL, ""
		}
		return "[blocked] The page at " + in.Page + " requested insecure content from " + target + ". This content was blocked and must be served over HTTPS.\n" + more + "\n" + webkitCannotLoad(in, in.URL), nil
	},
	"RedirectModeError": webkitBlocked(func(in ConsoleInput) string {
		return "Not allowed to follow a redirection while loading " + in.URL
	}),
	// Repeated Location lines are joined with ", " and followed as one URL
	// (seen live), so only an unparsable Location fails.
	"RedirectLocationInvalid": func(in ConsoleInput) (string, error) {
		if in.HeaderLines >= 2 {
			return "", &ConsoleError{Kind: ConsoleNotApplicable, Detail: "WebKit joins repeated Location lines and follows the result"}
		}
		return webkitNonCORSScheme(in)
	},
	"RedirectNotHTTP": func(in ConsoleInput) (string, error) {
		if consoleScheme(in.RedirectURL) == "ftp" {
			return webkitBlocked(func(ConsoleInput) string { return "FTP URLs are disabled" })(in)
		}
		return webkitNonCORSScheme(in)
	},
	"TooManyRedirects": webkitBlocked(func(ConsoleInput) string {
		return "Load cannot follow more than 20 redirections"
	}),
	"CORSRedirectCredentials": webkitBlocked(func(in ConsoleInput) string {
		return "Cross-origin redirection to " + consoleStripUserinfo(in.RedirectURL) + " denied by Cross-Origin Resource Sharing policy: redirection URL " + in.RedirectURL + " has credentials"
	}, "RedirectURL"),
	"RedirectStreamBody": webkitNoStreams,
	"CORPBlocked": webkitBlocked(func(in ConsoleInput) string {
		return "Cancelled load to " + in.URL + " because it violates the resource's Cross-Origin-Resource-Policy response header."
	}),
	"CORSDidNotSucceed": consoleSilent,
	"StreamBodyHTTP1":   webkitNoStreams,
	// A file: URL is refused as a local resource, an unknown scheme as
	// insecure content; about: and a missing blob: fail silently (seen live).
	"UnsupportedScheme": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL"); err != nil {
			return "", err
		}
		switch consoleScheme(in.URL) {
		case "about", "blob":
			return "", nil
		case "file":
			return "Not allowed to load local resource: " + in.URL + "\nNot allowed to request resource\n" + webkitCannotLoad(in, in.URL), nil
		}
		if err := consoleNeed(in, "Page"); err != nil {
			return "", err
		}
		return "[blocked] The page at " + in.Page + " requested insecure content from " + in.URL + ". This content was blocked and must be served over HTTPS.\n\nNot allowed to request resource\n" + webkitCannotLoad(in, in.URL), nil
	},
	"OpaqueRangeResponse": consoleUnknownText("not examined"),
	// FetchLoader fails a data: URL it cannot decode with a bare message.
	"InvalidDataURL": func(in ConsoleInput) (string, error) {
		if err := consoleNeed(in, "URL"); err != nil {
			return "", err
		}
		return "Fetch API cannot load " + in.URL + ".", nil
	},
	"CORSDisabled":                   consoleNotApplicable("Firefox-only (content.cors.disable)"),
	"CORSOriginHeaderNotAdded":       consoleNotApplicable("Firefox-only (expanded principals)"),
	"CORSExternalRedirectNotAllowed": consoleNotApplicable("Firefox-only; WebKit reports a redirected preflight as CORSPreflightRedirect"),

	"InvalidURL":     webkitThrow(consoleConst("URL is not valid or contains user credentials."), consoleConst(webkitPatternMismatch)),
	"URLCredentials": webkitThrow(consoleConst("URL is not valid or contains user credentials."), nil),
	"InvalidMethod":  webkitThrow(consoleConst("Method is not a valid HTTP token."), consoleConst(webkitPatternMismatch)),
	"ForbiddenMethod": webkitThrow(consoleConst("Method is forbidden."),
		consoleConst("The operation is insecure.")),
	"NoCORSMethod": webkitThrow(consoleConst("Method must be GET, POST or HEAD in no-cors mode."), nil),
	"InvalidHeaderName": webkitThrow(
		func(in ConsoleInput) string { return "Invalid header name: '" + consoleHeaderOf(in) + "'" },
		consoleConst(webkitPatternMismatch)),
	"InvalidHeaderValue": webkitThrow(
		func(in ConsoleInput) string {
			return "Header '" + in.Header + "' has invalid value: '" + in.Value + "'"
		},
		consoleConst(webkitPatternMismatch)),
	"BodyWithGetOrHead": webkitThrow(
		func(in ConsoleInput) string {
			return "Request has method '" + consoleNormalizeMethod(consoleMethodOf(in)) + "' and cannot have a body"
		}, nil),
	"StreamWithoutDuplex": webkitNoStreams,
	"StreamNoCORS":        webkitNoStreams,
	// Checked before stream support (seen live).
	"KeepaliveStream": webkitThrow(consoleConst("Request cannot have a ReadableStream body and keepalive set to true"), nil),
	"NavigateMode":    webkitThrow(consoleConst("Request constructor does not accept navigate fetch mode."), nil),
	"NotSupported":    webkitThrow(consoleConst("ReadableStream uploading is not supported"), nil),
}
