package fetch

import "fmt"

// A NetworkError is a fetch that ended in a [network error]: fetch() rejects
// with a TypeError, XMLHttpRequest fires error. Script learns nothing more;
// the fields say what the browser knew, for people and tests.
//
// [network error]: https://fetch.spec.whatwg.org/#concept-network-error
type NetworkError struct {
	// Reason is the first failing step's code.
	Reason Reason
	// Anchor and Step locate that step in the Fetch Standard: the
	// algorithm's anchor id (https://fetch.spec.whatwg.org/#<Anchor>) and the
	// number of the step that tests the failing condition. That is not
	// always the step that returns the network error: the CORS check's
	// failure for Access-Control-Allow-Credentials is step 7 (the value is
	// not `true`), not step 8 (return failure); a preflight's status is
	// step 7 of CORS-preflight fetch, not step 8 (otherwise, a network
	// error); a URL scheme fetch has nothing for is step 3 (the switch
	// on the scheme), not step 4. Step is "" only where the spec numbers no
	// step.
	Anchor string
	Step   string

	API       API    // the script interface that made the request
	Method    string // the request's method
	URL       string // the request's current URL when it failed
	Origin    string // the serialized request origin at that moment
	Preflight bool   // the response at fault answered a preflight

	// InitialURL is the URL the request started at, when redirects led
	// to URL; "" when there were none.
	InitialURL string
	// Page is the URL of the page that made the request, as far as corsim
	// knows it: the root of the page's origin (its serialization and "/"),
	// the base URL script's relative URLs resolve against. It is "" for a
	// page of an opaque origin.
	Page string

	Header      string // the header the failure is about, if any
	Value       string // the offending value, if any
	Status      int    // the status of the response at fault; 0 when none
	RedirectURL string // the Location at fault, for redirect reasons
	// HeaderLines is how many field lines of the response at fault carried
	// Header (0 when the failure is about no response header). Engines
	// word repeated lines differently from one line with several values.
	HeaderLines int
	// Protocol is the HTTP version the response at fault came over, as
	// the network reported it ("h2", "HTTP/1.1"); "" when there was no
	// response or the network did not say.
	Protocol string

	// Err is the transport error behind CORSDidNotSucceed.
	Err error
}

func (e *NetworkError) Error() string {
	s := "network error (" + string(e.Reason) + "): " + e.describe()
	if e.Anchor != "" {
		s += " [" + e.Anchor
		if e.Step != "" {
			s += " step " + e.Step
		}
		s += "]"
	}
	return s
}

// Unwrap returns the transport error, if any.
func (e *NetworkError) Unwrap() error { return e.Err }

// describe says in a sentence what went wrong.
func (e *NetworkError) describe() string {
	resp := "the response"
	if e.Preflight {
		resp = "the preflight response"
	}
	req := e.Method + " " + e.URL
	switch e.Reason {
	case CORSMissingAllowOrigin:
		return fmt.Sprintf("%s to %s has no Access-Control-Allow-Origin header", resp, req)
	case CORSMultipleAllowOriginNotAllowed:
		return fmt.Sprintf("%s to %s has Access-Control-Allow-Origin %q: several values, which cannot equal the origin %s", resp, req, e.Value, e.Origin)
	case CORSNotSupportingCredentials:
		return fmt.Sprintf("%s to %s has Access-Control-Allow-Origin \"*\", which a request with credentials cannot use", resp, req)
	case CORSAllowOriginNotMatchingOrigin:
		return fmt.Sprintf("%s to %s has Access-Control-Allow-Origin %q, not the request's origin %q", resp, req, e.Value, e.Origin)
	case CORSMissingAllowCredentials:
		if e.Value == "" {
			return fmt.Sprintf("%s to %s lacks Access-Control-Allow-Credentials: true, which a request with credentials needs", resp, req)
		}
		return fmt.Sprintf("%s to %s has Access-Control-Allow-Credentials %q, not exactly \"true\"", resp, req, e.Value)
	case CORSPreflightRedirect:
		return fmt.Sprintf("the preflight for %s was answered with the redirect status %d; preflights never follow redirects", req, e.Status)
	case CORSPreflightDidNotSucceed:
		return fmt.Sprintf("the preflight for %s was answered with status %d, not an ok status (200-299)", req, e.Status)
	case CORSInvalidAllowMethod:
		return fmt.Sprintf("the preflight response's Access-Control-Allow-Methods %q does not parse as a list of methods", e.Value)
	case CORSInvalidAllowHeader:
		return fmt.Sprintf("the preflight response's Access-Control-Allow-Headers %q does not parse as a list of header names", e.Value)
	case CORSMethodNotFound:
		return fmt.Sprintf("the method %s is not in the preflight response's Access-Control-Allow-Methods %q", e.Method, e.Value)
	case CORSMissingAllowHeaderFromPreflight:
		return fmt.Sprintf("the header %s is not allowed by the preflight response's Access-Control-Allow-Headers %q", e.Header, e.Value)
	case CORSRequestNotHttp:
		return fmt.Sprintf("a cors-mode request to %s, whose scheme is not http or https", e.URL)
	case SameOriginModeCrossOrigin:
		return fmt.Sprintf("a same-origin-mode request to %s, which is not same origin with %s", e.URL, e.Origin)
	case NoCORSRedirectMode:
		return fmt.Sprintf("a no-cors request to %s with a redirect mode other than follow", e.URL)
	case BadPort:
		return fmt.Sprintf("%s uses a bad port", e.URL)
	case MixedContent:
		return fmt.Sprintf("a secure page's request to the insecure URL %s is mixed content", e.URL)
	case RedirectModeError:
		return fmt.Sprintf("%s redirected (status %d) and the redirect mode is error", e.URL, e.Status)
	case RedirectLocationInvalid:
		return fmt.Sprintf("%s redirected (status %d) with an unusable Location %q", e.URL, e.Status, e.Value)
	case RedirectNotHTTP:
		return fmt.Sprintf("%s redirected to %s, whose scheme is not http or https", e.URL, e.RedirectURL)
	case TooManyRedirects:
		return fmt.Sprintf("%s redirected a 21st time", e.URL)
	case CORSRedirectCredentials:
		return fmt.Sprintf("%s redirected to %s, a URL with credentials, in a CORS request", e.URL, e.RedirectURL)
	case RedirectStreamBody:
		return fmt.Sprintf("%s redirected (status %d) a request whose body came from a stream, which cannot be sent again", e.URL, e.Status)
	case StreamBodyHTTP1:
		return fmt.Sprintf("a request to %s with a stream body over an HTTP/1.x connection", e.URL)
	case CORPBlocked:
		return fmt.Sprintf("the response from %s has Cross-Origin-Resource-Policy %q, which blocks %s", e.URL, e.Value, e.Origin)
	case UnsupportedScheme:
		return fmt.Sprintf("scheme fetch has no response for %s (no about: URL but about:blank, no blob: or file: URL, no other scheme)", e.URL)
	case OpaqueRangeResponse:
		return fmt.Sprintf("the opaque response from %s answers a range request (status %d), but the request carried no Range header", e.URL, e.Status)
	case InvalidDataURL:
		return fmt.Sprintf("%s is a data: URL that the data: URL processor cannot process", e.URL)
	case CORSDidNotSucceed:
		if e.Err != nil {
			return fmt.Sprintf("no response to %s: %v", req, e.Err)
		}
		return fmt.Sprintf("no response to %s", req)
	}
	return req + " failed"
}

// ConsoleMessage returns what engine ("chromium", "firefox" or "webkit")
// prints in the page's console for e.
func (e *NetworkError) ConsoleMessage(engine string) (string, error) {
	return ConsoleMessage(engine, e.ConsoleInput())
}

// ConsoleInput returns what the engines' console messages about e are made
// from, for a caller that knows more (the page's real URL) to amend before
// calling ConsoleMessage.
func (e *NetworkError) ConsoleInput() ConsoleInput {
	return ConsoleInput{
		API:         string(e.API),
		URL:         e.URL,
		Origin:      e.Origin,
		Method:      e.Method,
		Reason:      string(e.Reason),
		Preflight:   e.Preflight,
		Header:      e.Header,
		Value:       e.Value,
		Status:      e.Status,
		RedirectURL: e.RedirectURL,
		InitialURL:  e.InitialURL,
		Page:        e.Page,
		HeaderLines: e.HeaderLines,
		Protocol:    e.Protocol,
	}
}

// answered records the response at fault: its status and protocol, and,
// when e is about one of its headers, how many lines carried it.
func (e *NetworkError) answered(resp *Response) {
	e.Status, e.Protocol = resp.Status, resp.Protocol
	if e.Header != "" {
		e.HeaderLines = len(resp.Header.Values(e.Header))
	}
}

// A ScriptError is an exception the script API throws before anything is
// sent: a TypeError from fetch()/Request, or XMLHttpRequest's SyntaxError or
// SecurityError, or an engine's NotSupportedError.
type ScriptError struct {
	Reason Reason
	// Name is the exception's name: "TypeError", "SyntaxError",
	// "SecurityError", "NotSupportedError".
	Name  string
	API   API
	Value string // the offending input (a URL, method, header name or value)
	// Header is the name of the header whose name or value was refused
	// (InvalidHeaderName, InvalidHeaderValue), as script wrote it.
	Header string
	// Member is the RequestInit member whose value is no value of its
	// enumeration (InvalidEnumValue): "mode", "credentials", "redirect",
	// "duplex"; "body" for a body kind corsim does not know.
	Member string
	// Msg says what was wrong.
	Msg string
}

func (e *ScriptError) Error() string {
	return e.Name + " (" + string(e.Reason) + "): " + e.Msg
}

// ConsoleMessage returns the exception message engine shows for e.
func (e *ScriptError) ConsoleMessage(engine string) (string, error) {
	return ConsoleMessage(engine, ConsoleInput{API: string(e.API), Reason: string(e.Reason), Value: e.Value, URL: e.Value,
		Header: e.Header, Member: e.Member})
}

// about records the header a ScriptError is about and returns e.
func (e *ScriptError) about(header string) *ScriptError {
	e.Header = header
	return e
}

// idlTypeError is the TypeError Web IDL throws when an argument does not
// convert (a ByteString with a character above U+00FF, an unknown
// enumeration value), before the API's own steps and whatever the API.
func idlTypeError(api API, reason Reason, value, format string, args ...any) *ScriptError {
	return &ScriptError{Reason: reason, Name: "TypeError", API: api, Value: value, Msg: fmt.Sprintf(format, args...)}
}

func typeError(api API, reason Reason, value, format string, args ...any) *ScriptError {
	name := "TypeError"
	if api == APIXHR {
		switch reason {
		case InvalidMethod, InvalidHeaderName, InvalidHeaderValue, InvalidURL:
			name = "SyntaxError"
		case ForbiddenMethod:
			name = "SecurityError"
		}
	}
	if reason == NotSupported {
		name = "NotSupportedError"
	}
	return &ScriptError{Reason: reason, Name: name, API: api, Value: value, Msg: fmt.Sprintf(format, args...)}
}
