package fetch

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

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
	// The bindings' dictionary conversion (seen live for mode, credentials,
	// redirect and duplex).
	"InvalidEnumValue": func(in ConsoleInput) (string, error) {
		typ, err := consoleEnumType(in)
		if err != nil {
			return "", err
		}
		return "Failed to execute 'fetch' on 'Window': Failed to read the '" + in.Member + "' property from 'RequestInit': The provided value '" + in.Value + "' is not a valid enum value of type " + typ + ".", nil
	},
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
