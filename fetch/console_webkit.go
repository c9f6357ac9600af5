package fetch

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

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
	// JSDOMConvertEnumeration throws a bare TypeError for a dictionary
	// member (seen live for mode, credentials and redirect). WebKitGTK
	// 2.50's RequestInit has no duplex member (seen live: new Request(url,
	// {duplex: "full"}) does not throw).
	"InvalidEnumValue": func(in ConsoleInput) (string, error) {
		if _, err := consoleEnumType(in); err != nil {
			return "", err
		}
		if in.Member == "duplex" {
			return "", &ConsoleError{Kind: ConsoleNotApplicable, Detail: "WebKitGTK 2.50's RequestInit has no duplex member, so any value is ignored"}
		}
		return "Type error", nil
	},
}
