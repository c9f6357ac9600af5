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
}

// NewXHR returns a new XMLHttpRequest of a page of client.
func NewXHR(client *Client) *XHR { return &XHR{client: client} }

// Open is [open(method, url)]: the method must be a method and not a
// forbidden one, and is normalized; the URL must parse (credentials allowed).
// Calling Open again starts over.
//
// [open(method, url)]: https://xhr.spec.whatwg.org/#dom-xmlhttprequest-open
func (x *XHR) Open(method, url string) *ScriptError {
	m, ok := byteString(method)
	if !ok || !safelist.ValidMethod(m) {
		return typeError(APIXHR, InvalidMethod, method, "%q is not a valid HTTP method", method)
	}
	if safelist.ForbiddenMethod(m) {
		return typeError(APIXHR, ForbiddenMethod, method, "%q is a forbidden method", method)
	}
	u, err := ParseURL(url)
	if err != nil {
		return typeError(APIXHR, InvalidURL, url, "%q is not a valid URL: %v", url, err)
	}
	*x = XHR{client: x.client, method: safelist.NormalizeMethod(m), url: u, opened: true,
		WithCredentials: x.WithCredentials, UploadListeners: x.UploadListeners}
	return nil
}

// SetRequestHeader is [setRequestHeader(name, value)]: invalid names and
// values throw; forbidden request-headers are ignored; a repeated name is
// combined into one value with ", ".
//
// [setRequestHeader(name, value)]: https://xhr.spec.whatwg.org/#dom-xmlhttprequest-setrequestheader
func (x *XHR) SetRequestHeader(name, value string) *ScriptError {
	if !x.opened {
		return &ScriptError{Reason: "InvalidState", Name: "InvalidStateError", API: APIXHR, Msg: "setRequestHeader before open"}
	}
	n, ok := byteString(name)
	if !ok || !safelist.ValidHeaderName(n) {
		return typeError(APIXHR, InvalidHeaderName, name, "%q is not a valid header name", name)
	}
	v, ok := byteString(value)
	if !ok {
		return typeError(APIXHR, InvalidHeaderValue, value, "the value of %s has a character above U+00FF", name)
	}
	v = safelist.NormalizeHeaderValue(v)
	if !safelist.ValidHeaderValue(v) {
		return typeError(APIXHR, InvalidHeaderValue, value, "%q is not a valid value for %s", value, name)
	}
	if safelist.ForbiddenRequestHeader(n, v) {
		return nil
	}
	x.header.Combine(n, v)
	return nil
}

// Request runs the request-building steps of [send(body)] and returns the
// request to fetch.
//
// [send(body)]: https://xhr.spec.whatwg.org/#dom-xmlhttprequest-send
func (x *XHR) Request(body BodyKind) (*Request, *ScriptError) {
	if !x.opened {
		return nil, &ScriptError{Reason: "InvalidState", Name: "InvalidStateError", API: APIXHR, Msg: "send before open"}
	}
	if body == BodyStream {
		return nil, typeError(APIXHR, InvalidMethod, "ReadableStream", "XMLHttpRequest cannot send a ReadableStream")
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
		b, contentType := extractBody(body)
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
