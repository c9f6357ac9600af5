package fetch

import (
	"fmt"
	"strconv"
	"strings"
)

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
		if firefoxHeaderLines(in) >= 2 {
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
	// dom/bindings' MSG_INVALID_ENUM_VALUE (seen live for mode, credentials
	// and redirect). Firefox ESR 153's RequestInit has no duplex member
	// (seen live: new Request(url, {duplex: "full"}) does not throw).
	"InvalidEnumValue": func(in ConsoleInput) (string, error) {
		typ, err := consoleEnumType(in)
		if err != nil {
			return "", err
		}
		if in.Member == "duplex" {
			return "", &ConsoleError{Kind: ConsoleNotApplicable, Detail: "Firefox ESR 153's RequestInit has no duplex member, so any value is ignored"}
		}
		return "Window.fetch: '" + in.Value + "' (value of '" + in.Member + "' member of RequestInit) is not a valid value for enumeration " + typ + ".", nil
	},
}

// firefoxHeaderLines is how many lines of the header at fault Firefox
// counts: the lines as received over HTTP/1.x or an unknown protocol, one
// over HTTP/2 (seen live: the lines arrive merged into one value) and, not
// observed but taken to be alike, HTTP/3.
func firefoxHeaderLines(in ConsoleInput) int {
	if in.Protocol != "" && !strings.HasPrefix(in.Protocol, "HTTP/1") && in.HeaderLines > 1 {
		return 1
	}
	return in.HeaderLines
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
