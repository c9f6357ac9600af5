package fetch

import "github.com/corsim/corsim/safelist"

// BodyKind is the kind of body script passes (a BodyInit), which decides the
// implicit Content-Type ([extract a body]).
//
// [extract a body]: https://fetch.spec.whatwg.org/#concept-bodyinit-extract
type BodyKind string

// The body kinds.
const (
	NoBody              BodyKind = ""
	BodyText            BodyKind = "text"            // a string: text/plain;charset=UTF-8
	BodyBlob            BodyKind = "blob"            // a Blob with an empty type: no Content-Type
	BodyFormData        BodyKind = "formdata"        // FormData: multipart/form-data; boundary=…
	BodyURLSearchParams BodyKind = "urlsearchparams" // application/x-www-form-urlencoded;charset=UTF-8
	BodyStream          BodyKind = "stream"          // a ReadableStream: no Content-Type, no source
)

// streamText is what an engine without ReadableStream bodies sends: the
// stream object converted to a string.
const streamText = "[object ReadableStream]"

// formBoundary is the multipart boundary corsim's FormData bodies use.
const formBoundary = "----corsimFormBoundary7MA4YWxkTrZu0gW"

// extractBody is [extract a body] for a body of kind k: its bytes and type.
// content is the body's bytes for a text, blob or urlsearchparams body (a
// string's UTF-8 encoding, a Blob's bytes, the parameters serialized); nil
// stands for corsim's placeholder text.
//
// [extract a body]: https://fetch.spec.whatwg.org/#concept-bodyinit-extract
func extractBody(k BodyKind, content []byte) (body *Body, contentType string) {
	or := func(placeholder string) []byte {
		if content != nil {
			return content
		}
		return []byte(placeholder)
	}
	switch k {
	case BodyText:
		return &Body{Source: or("corsim")}, "text/plain;charset=UTF-8"
	case BodyBlob:
		return &Body{Source: or("corsim")}, ""
	case BodyFormData:
		src := "--" + formBoundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ncorsim\r\n--" + formBoundary + "--\r\n"
		return &Body{Source: []byte(src)}, "multipart/form-data; boundary=" + formBoundary
	case BodyURLSearchParams:
		return &Body{Source: or("a=corsim")}, "application/x-www-form-urlencoded;charset=UTF-8"
	case BodyStream:
		return &Body{Stream: true}, ""
	}
	return nil, ""
}

// checkBodyBytes reports a ScriptError when content is given with a body
// kind that cannot carry it (none, formdata, stream): corsim's own input
// error, not a browser's.
func checkBodyBytes(api API, k BodyKind, content []byte) *ScriptError {
	if content == nil {
		return nil
	}
	switch k {
	case BodyText, BodyBlob, BodyURLSearchParams:
		return nil
	}
	kind := string(k)
	if k == NoBody {
		kind = "no body"
	}
	e := idlTypeError(api, InvalidEnumValue, kind, "BodyBytes is the content of a text, blob or urlsearchparams body, not of %s", kind)
	e.Member = "body"
	return e
}

// RequestInit is what script passes to fetch() or new Request(): the
// dictionary members corsim models. Strings are JavaScript strings, so
// header names and values and the method go through the ByteString
// conversion: a character above U+00FF throws, U+0080 to U+00FF become one
// byte each. Mode, Credentials, Redirect and Duplex are Web IDL
// enumerations and Body one of the BodyKind constants: any other non-empty
// value throws a TypeError with reason InvalidEnumValue, as a mistyped
// enumeration value does in a browser.
type RequestInit struct {
	Method string // "" means the member is absent (GET)
	// EmptyMethod passes the member method as the empty string, which is
	// not a method and throws (for scenarios; Method must be "").
	EmptyMethod bool
	Headers     [][2]string // [name, value] pairs appended in order
	Body        BodyKind
	// BodyBytes is the body's content for a text body (the string, as
	// UTF-8), a blob body (the Blob's bytes) or a urlsearchparams body (the
	// parameters serialized, e.g. "a=1&b=2"); nil means corsim's
	// placeholder ("corsim", "a=corsim"). Only the length reaches the
	// CORS decisions (Content-Length); the bytes reach the wire. It must be
	// nil for other body kinds (a FormData and a stream keep their fixed
	// forms): NewRequest returns a ScriptError (InvalidEnumValue, member
	// "body") otherwise.
	BodyBytes   []byte
	Mode        Mode            // "" means cors
	Credentials CredentialsMode // "" means same-origin
	Redirect    RedirectMode    // "" means follow
	// Duplex is "half", or "" when the member is absent (a stream body then
	// throws).
	Duplex    string
	Keepalive bool
}

// NewRequest runs the [Request constructor] for a string input url made by a
// page of client, as fetch(url, init) does, under the profile p. A relative
// url is resolved against the root of the page's origin (corsim knows the
// page's origin, not its URL), so fetch("/api") works as on any page of the
// origin; a page of an opaque origin needs an absolute url. A ScriptError is
// the exception script would see; nothing is sent then.
//
// [Request constructor]: https://fetch.spec.whatwg.org/#dom-request
func NewRequest(client *Client, p *Profile, url string, init RequestInit) (*Request, *ScriptError) {
	if client == nil || p == nil {
		return nil, &ScriptError{Reason: InvalidURL, Name: "TypeError", API: APIFetch, Msg: "no client or profile"}
	}
	// Web IDL converts the init dictionary before the constructor's steps
	// run; its conversion errors come first.
	in, serr := convertRequestInit(init)
	if serr != nil {
		return nil, serr
	}
	// Steps 5.1-5.3: parse with the page's base URL.
	parsed, err := client.parseURL(url)
	if err != nil {
		return nil, typeError(APIFetch, InvalidURL, url, "%q is not a valid URL: %v%s", url, err, client.urlErrorNote())
	}
	if parsed.HasCredentials() {
		return nil, typeError(APIFetch, URLCredentials, url, "%q includes credentials (a username or password)", url)
	}
	// Step 12: a new request, with the unsafe-request flag.
	req := &Request{
		Method: "GET", URLList: []*URL{parsed}, Client: client, Origin: client.Origin,
		// Room for the headers, a body's Content-Type, and the Accept and
		// Accept-Language fetch appends.
		Header: make(safelist.HeaderList, 0, len(in.headers)+3),
		Mode:   ModeCORS, Credentials: CredentialsSameOrigin, Redirect: RedirectFollow,
		UnsafeRequest: true, ResponseTainting: TaintingBasic, API: APIFetch,
	}
	// Steps 16-18.
	if init.Mode == ModeNavigate {
		return nil, typeError(APIFetch, NavigateMode, string(init.Mode), "mode navigate cannot be used by script")
	}
	if init.Mode != "" {
		req.Mode = init.Mode
	}
	// Steps 19, 22, 24.
	if init.Credentials != "" {
		req.Credentials = init.Credentials
	}
	if init.Redirect != "" {
		req.Redirect = init.Redirect
	}
	req.Keepalive = init.Keepalive
	// Step 25: the method.
	if in.hasMethod {
		if !safelist.ValidMethod(in.method) {
			return nil, typeError(APIFetch, InvalidMethod, init.Method, "%q is not a valid HTTP method", init.Method)
		}
		if safelist.ForbiddenMethod(in.method) {
			return nil, typeError(APIFetch, ForbiddenMethod, init.Method, "%q is a forbidden method", init.Method)
		}
		req.Method = safelist.NormalizeMethod(in.method)
	}
	// Steps 31-32: the headers guard.
	guard := guardRequest
	if req.Mode == ModeNoCORS {
		if !safelist.SafelistedMethod(req.Method) {
			return nil, typeError(APIFetch, NoCORSMethod, req.Method, "%q is not a CORS-safelisted method, which no-cors mode requires", req.Method)
		}
		guard = guardRequestNoCORS
	}
	// Step 33: fill the headers through the guard.
	k := &p.Request
	for _, h := range in.headers {
		if err := appendHeader(&req.Header, k, guard, h[0], h[1]); err != nil {
			return nil, err
		}
	}
	// Step 35.
	if init.Body != NoBody && (req.Method == "GET" || req.Method == "HEAD") {
		return nil, typeError(APIFetch, BodyWithGetOrHead, req.Method, "a request with method %s cannot have a body", req.Method)
	}
	kind := init.Body
	if kind == BodyStream && k.StreamUploads == StreamUploadsAsText {
		// Deviation(Firefox): the stream is converted to a string
		// (profile Request.StreamUploads).
		kind = BodyText
	}
	// Step 37: extract the body; its type goes through the guard.
	if kind != NoBody {
		if kind == BodyStream && req.Keepalive {
			return nil, typeError(APIFetch, KeepaliveStream, "keepalive", "a keepalive request cannot have a ReadableStream body")
		}
		if kind == BodyStream && k.StreamUploads == StreamUploadsRejected {
			// Deviation(WebKit): fetch() rejects with a NotSupportedError
			// once the Request constructor's keepalive check has passed;
			// its duplex and mode checks are never reached (profile
			// Request.StreamUploads).
			return nil, typeError(APIFetch, NotSupported, "ReadableStream", "ReadableStream uploading is not supported")
		}
		body, contentType := extractBody(kind, init.BodyBytes)
		if kind == BodyText && init.Body == BodyStream {
			body.Source = []byte(streamText)
		}
		req.Body = body
		if contentType != "" && !req.Header.Contains("Content-Type") {
			if err := appendHeader(&req.Header, k, guard, "Content-Type", contentType); err != nil {
				return nil, err
			}
		}
	}
	// Step 39: a body without a source (a stream).
	if req.Body != nil && req.Body.Stream {
		if init.Duplex != "half" {
			return nil, typeError(APIFetch, StreamWithoutDuplex, init.Duplex, "a ReadableStream body needs duplex: \"half\"")
		}
		if req.Mode != ModeSameOrigin && req.Mode != ModeCORS {
			return nil, typeError(APIFetch, StreamNoCORS, string(req.Mode), "a ReadableStream body cannot be sent in %s mode", req.Mode)
		}
		req.UseCORSPreflight = true
	}
	return req, nil
}

// requestInit is a RequestInit after Web IDL's conversion: its strings are
// byte strings.
type requestInit struct {
	headers   [][2]string
	method    string
	hasMethod bool
}

// convertRequestInit converts init to the IDL dictionary RequestInit as Web
// IDL does before the constructor runs: member by member in lexicographic
// order (body, credentials, duplex, headers, method, mode, redirect), each
// enumeration value checked and each ByteString converted, the first
// failure thrown as a TypeError.
func convertRequestInit(init RequestInit) (requestInit, *ScriptError) {
	var in requestInit
	enum := func(member, value string, allowed ...string) *ScriptError {
		if value == "" {
			return nil // the member is absent
		}
		for _, a := range allowed {
			if value == a {
				return nil
			}
		}
		e := idlTypeError(APIFetch, InvalidEnumValue, value, "%q is not a valid value for the member %s of RequestInit", value, member)
		e.Member = member
		return e
	}
	switch init.Body {
	case NoBody, BodyText, BodyBlob, BodyFormData, BodyURLSearchParams, BodyStream:
	default:
		e := idlTypeError(APIFetch, InvalidEnumValue, string(init.Body), "%q is not a body kind corsim knows", init.Body)
		e.Member = "body"
		return in, e
	}
	if e := checkBodyBytes(APIFetch, init.Body, init.BodyBytes); e != nil {
		return in, e
	}
	if err := enum("credentials", string(init.Credentials), string(CredentialsOmit), string(CredentialsSameOrigin), string(CredentialsInclude)); err != nil {
		return in, err
	}
	if err := enum("duplex", init.Duplex, "half"); err != nil {
		return in, err
	}
	for _, h := range init.Headers {
		n, ok := byteString(h[0])
		if !ok {
			return in, idlTypeError(APIFetch, InvalidHeaderName, h[0], "the header name %q has a character above U+00FF", h[0]).about(h[0])
		}
		v, ok := byteString(h[1])
		if !ok {
			return in, idlTypeError(APIFetch, InvalidHeaderValue, h[1], "the value of %s has a character above U+00FF", h[0]).about(h[0])
		}
		in.headers = append(in.headers, [2]string{n, v})
	}
	if init.Method != "" || init.EmptyMethod {
		m, ok := byteString(init.Method)
		if !ok {
			return in, idlTypeError(APIFetch, InvalidMethod, init.Method, "the method %q has a character above U+00FF", init.Method)
		}
		in.method, in.hasMethod = m, true
	}
	if err := enum("mode", string(init.Mode), string(ModeNavigate), string(ModeSameOrigin), string(ModeNoCORS), string(ModeCORS)); err != nil {
		return in, err
	}
	if err := enum("redirect", string(init.Redirect), string(RedirectFollow), string(RedirectError), string(RedirectManual)); err != nil {
		return in, err
	}
	return in, nil
}

// guard is a Headers object's [guard].
//
// [guard]: https://fetch.spec.whatwg.org/#concept-headers-guard
type guard uint8

const (
	guardRequest guard = iota
	guardRequestNoCORS
)

// appendHeader is the Headers object's [append] for guard g of (n, value),
// byte strings: normalize, validate (throwing), then let the guard drop what
// it forbids, as the engine's request knobs k say.
//
// [append]: https://fetch.spec.whatwg.org/#concept-headers-append
func appendHeader(l *safelist.HeaderList, k *RequestKnobs, g guard, n, value string) *ScriptError {
	// Step 1: normalize.
	v := safelist.NormalizeHeaderValue(value)
	// Step 2: validate.
	if !safelist.ValidHeaderName(n) {
		return typeError(APIFetch, InvalidHeaderName, n, "%q is not a valid header name", n).about(n)
	}
	if !safelist.ValidHeaderValue(v) {
		return typeError(APIFetch, InvalidHeaderValue, value, "%q is not a valid value for %s", value, n).about(n)
	}
	switch g {
	case guardRequest:
		if safelist.ForbiddenRequestHeader(n, v) {
			return nil // silently ignored
		}
		if k.UserAgentForbidden && equalFoldASCII(n, "User-Agent") {
			// Deviation(Chromium): profile Request.UserAgentForbidden.
			return nil
		}
	case guardRequestNoCORS:
		// Step 3: the value it would combine to must stay
		// no-CORS-safelisted (Deviation(Firefox): under HighBytesUnsafe,
		// bytes 0x80-0xFF fail it).
		temp := v
		if old, ok := l.Get(n); ok {
			temp = old + ", " + v
		}
		if !k.noCORSSafelisted(n, temp) {
			return nil
		}
	}
	// Step 4.
	if k.CombineRepeatedHeaders {
		// Deviation(Chromium, WebKit): one entry per name, values
		// combined (profile Request.CombineRepeatedHeaders).
		l.Combine(n, v)
	} else {
		l.Append(n, v)
	}
	// Step 5: the privileged no-CORS request-headers go.
	if g == guardRequestNoCORS {
		kept := (*l)[:0]
		for _, h := range *l {
			if !safelist.PrivilegedNoCORSRequestHeaderName(h.Name) {
				kept = append(kept, h)
			}
		}
		*l = kept
	}
	return nil
}

// byteString converts a JavaScript string (held as UTF-8) to a ByteString, as
// Web IDL does: false when a character is above U+00FF.
func byteString(s string) (string, bool) {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s, true
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xFF { // U+FFFD, an invalid UTF-8 byte, is above too
			return "", false
		}
		b = append(b, byte(r))
	}
	return string(b), true
}
