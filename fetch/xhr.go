package fetch

import (
	"strings"

	"github.com/corsim/corsim/safelist"
)

// An XHR is an XMLHttpRequest object as far as its request goes: open(),
// setRequestHeader(), withCredentials, upload listeners, and the request
// send() makes. Its errors are the exceptions the XHR Standard throws
// (SyntaxError, SecurityError) as ScriptErrors.
type XHR struct {
	client *Client
	method string
	url    *URL
	header safelist.HeaderList
	opened bool

	// WithCredentials is xhr.withCredentials.
	WithCredentials bool
	// UploadListeners reports that a listener is registered on xhr.upload
	// when send() is called.
	UploadListeners bool
	// BodyBytes is the content of the body send() is given, for a text,
	// blob or urlsearchparams body, as RequestInit.BodyBytes; nil means
	// corsim's placeholder. Open keeps it.
	BodyBytes []byte
}

// NewXHR returns a new XMLHttpRequest of a page of client.
func NewXHR(client *Client) *XHR { return &XHR{client: client} }

// Open is [open(method, url)]: the method must be a method and not a
// forbidden one, and is normalized; the URL must parse (credentials allowed),
// a relative one against the root of the page's origin as NewRequest does.
// Calling Open again starts over.
//
// [open(method, url)]: https://xhr.spec.whatwg.org/#dom-xmlhttprequest-open
func (x *XHR) Open(method, url string) *ScriptError {
	// Web IDL: method is a ByteString; converting it throws a TypeError.
	m, ok := byteString(method)
	if !ok {
		return idlTypeError(APIXHR, InvalidMethod, method, "the method %q has a character above U+00FF", method)
	}
	// Step 2: SyntaxError.
	if !safelist.ValidMethod(m) {
		return typeError(APIXHR, InvalidMethod, method, "%q is not a valid HTTP method", method)
	}
	// Step 3: SecurityError.
	if safelist.ForbiddenMethod(m) {
		return typeError(APIXHR, ForbiddenMethod, method, "%q is a forbidden method", method)
	}
	// Steps 5-6: parse with the page's base URL; failure is a SyntaxError.
	u, err := x.client.parseURL(url)
	if err != nil {
		return typeError(APIXHR, InvalidURL, url, "%q is not a valid URL: %v%s", url, err, x.client.urlErrorNote())
	}
	// Step 10: author request headers emptied; withCredentials and the
	// listeners on xhr.upload stay.
	*x = XHR{client: x.client, method: safelist.NormalizeMethod(m), url: u, opened: true,
		WithCredentials: x.WithCredentials, UploadListeners: x.UploadListeners, BodyBytes: x.BodyBytes}
	return nil
}

// SetRequestHeader is [setRequestHeader(name, value)]: invalid names and
// values throw; forbidden request-headers are ignored; a repeated name is
// combined into one value with ", ".
//
// [setRequestHeader(name, value)]: https://xhr.spec.whatwg.org/#dom-xmlhttprequest-setrequestheader
func (x *XHR) SetRequestHeader(name, value string) *ScriptError {
	// Web IDL: name and value are ByteStrings, converted (TypeError)
	// before the method's steps run.
	n, ok := byteString(name)
	if !ok {
		return idlTypeError(APIXHR, InvalidHeaderName, name, "the header name %q has a character above U+00FF", name).about(name)
	}
	v, ok := byteString(value)
	if !ok {
		return idlTypeError(APIXHR, InvalidHeaderValue, value, "the value of %s has a character above U+00FF", name).about(name)
	}
	// Step 1: InvalidStateError.
	if !x.opened {
		return &ScriptError{Reason: "InvalidState", Name: "InvalidStateError", API: APIXHR, Msg: "setRequestHeader before open"}
	}
	// Step 3: normalize.
	v = safelist.NormalizeHeaderValue(v)
	// Step 4: SyntaxError.
	if !safelist.ValidHeaderName(n) {
		return typeError(APIXHR, InvalidHeaderName, name, "%q is not a valid header name", name).about(name)
	}
	if !safelist.ValidHeaderValue(v) {
		return typeError(APIXHR, InvalidHeaderValue, value, "%q is not a valid value for %s", value, name).about(name)
	}
	// Step 5: forbidden request-headers are ignored.
	if safelist.ForbiddenRequestHeader(n, v) {
		return nil
	}
	// Step 6: combine.
	x.header.Combine(n, v)
	return nil
}

// Request runs the request-building steps of [send(body)] and returns the
// request to fetch.
//
// [send(body)]: https://xhr.spec.whatwg.org/#dom-xmlhttprequest-send
func (x *XHR) Request(body BodyKind) (*Request, *ScriptError) {
	// Web IDL converts the argument before send()'s steps run. A
	// ReadableStream is none of the object types send() takes, so it is
	// converted to the string "[object ReadableStream]".
	fromStream := false
	switch body {
	case NoBody, BodyText, BodyBlob, BodyFormData, BodyURLSearchParams:
	case BodyStream:
		body, fromStream = BodyText, true
	default:
		e := idlTypeError(APIXHR, InvalidEnumValue, string(body), "%q is not a body kind corsim knows", body)
		e.Member = "body"
		return nil, e
	}
	if fromStream {
		if e := checkBodyBytes(APIXHR, BodyStream, x.BodyBytes); e != nil {
			return nil, e
		}
	} else if e := checkBodyBytes(APIXHR, body, x.BodyBytes); e != nil {
		return nil, e
	}
	// Step 1.
	if !x.opened {
		return nil, &ScriptError{Reason: "InvalidState", Name: "InvalidStateError", API: APIXHR, Msg: "send before open"}
	}
	req := &Request{
		Method: x.method, URLList: []*URL{x.url}, Header: append(safelist.HeaderList(nil), x.header...),
		Client: x.client, Origin: x.client.Origin, Mode: ModeCORS, Credentials: CredentialsSameOrigin,
		Redirect: RedirectFollow, UnsafeRequest: true, ResponseTainting: TaintingBasic, API: APIXHR,
	}
	// Step 4: GET and HEAD send no body.
	if x.method == "GET" || x.method == "HEAD" {
		body = NoBody
	}
	// Step 5: extract the body; an author Content-Type stays (a string
	// body's charset parameter is made UTF-8), else the extracted type.
	if body != NoBody {
		b, contentType := extractBody(body, x.BodyBytes)
		if fromStream {
			b.Source = []byte(streamText)
		}
		req.Body = b
		if author, ok := req.Header.Get("Content-Type"); ok {
			if body == BodyText {
				req.Header.Set("Content-Type", utf8Charset(author))
			}
		} else if contentType != "" {
			req.Header.Append("Content-Type", contentType)
		}
	}
	// Step 6: the upload listener flag.
	req.UseCORSPreflight = x.UploadListeners
	// Step 11: credentials.
	if x.WithCredentials {
		req.Credentials = CredentialsInclude
	}
	return req, nil
}

// utf8Charset rewrites the charset parameter of a string body's author
// Content-Type to UTF-8, as XMLHttpRequest's send() does: only when there is
// one and it is not already UTF-8 (ASCII case-insensitively), and then the
// whole MIME type is serialized again.
func utf8Charset(value string) string {
	mt, err := safelist.ParseMIMEType(value)
	if err != nil {
		return value
	}
	cs, ok := mt.Param("charset")
	if !ok || strings.EqualFold(cs, "UTF-8") {
		return value
	}
	if mt, ok = mt.WithParam("charset", "UTF-8"); !ok {
		return value
	}
	return mt.String()
}

// xhrEngineRules runs the parts of [send(body)] in which the engine departs
// from the XHR Standard, when the agent takes an XMLHttpRequest's request: an
// XHR is built without knowing the engine, its agent does.
//
// [send(body)]: https://xhr.spec.whatwg.org/#dom-xmlhttprequest-send
func xhrEngineRules(fp *fetchParams) {
	req, k := fp.request, &fp.agent.Profile.Request
	if k.UserAgentForbidden {
		// Deviation(Chromium): setRequestHeader ignores User-Agent
		// (profile Request.UserAgentForbidden).
		if v, ok := req.Header.Get("User-Agent"); ok {
			req.Header.Delete("User-Agent")
			fp.trace(TraceStep{Anchor: "forbidden-request-header", Topic: "request.header", Subject: "User-Agent: " + v, Verdict: "ignored",
				Detail: "setRequestHeader() ignored it: this profile treats User-Agent as a forbidden request-header, which the spec no longer does, so the user agent's own goes on the wire"})
		}
	}
	if k.UploadListenersNeedBody && req.UseCORSPreflight && req.Body == nil {
		// Deviation(Chromium): upload listeners count only with a body
		// (profile Request.UploadListenersNeedBody).
		req.UseCORSPreflight = false
		fp.trace(TraceStep{Anchor: "use-cors-preflight-flag", Topic: "request.flag", Subject: "use-CORS-preflight", Verdict: "unset",
			Detail: "xhr.upload has listeners, but the request has no body, so this profile's send() does not set the use-CORS-preflight flag, where the spec sets it"})
	}
}
