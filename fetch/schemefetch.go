package fetch

import (
	"encoding/base64"
	"strings"

	"github.com/corsim/corsim/safelist"
)

// schemeFetch is [scheme fetch]: about:blank and data: URLs are answered
// locally, HTTP(S) URLs go to HTTP fetch, anything else is a network error.
//
// [scheme fetch]: https://fetch.spec.whatwg.org/#concept-scheme-fetch
func schemeFetch(fp *fetchParams) (*Response, *NetworkError) {
	url := fp.request.CurrentURL()
	switch url.Scheme() {
	case "about":
		if url.Path() == "blank" {
			if fp.agent.Profile.Redirect.AboutBlankFails {
				// Deviation(Chromium, WebKit): about:blank is an about:
				// URL like any other (knob AboutBlankFails).
				fp.trace(TraceStep{Anchor: "concept-scheme-fetch", Step: "3", Topic: "scheme-fetch", Subject: "about:blank", Verdict: "network error",
					Detail: "the spec answers about:blank with an empty document, but this engine's fetch() does not support the about: scheme"})
				return nil, fp.fail(UnsupportedScheme, "concept-scheme-fetch", "3")
			}
			fp.trace(TraceStep{Anchor: "concept-scheme-fetch", Topic: "scheme-fetch", Subject: "about:blank", Verdict: "local",
				Detail: "about:blank is answered by the user agent: an empty text/html document"})
			return &Response{Type: TypeDefault, Status: 200, StatusText: "OK",
				Header: safelist.HeaderList{{Name: "Content-Type", Value: "text/html;charset=utf-8"}}, Body: []byte{}}, nil
		}
	case "data":
		resp, ok := dataURLResponse(url)
		if !ok {
			// Step 3.2 (data): the data: URL processor failed.
			return nil, fp.fail(InvalidDataURL, "concept-scheme-fetch", "3.2")
		}
		fp.trace(TraceStep{Anchor: "concept-scheme-fetch", Topic: "scheme-fetch", Subject: url.Serialize(true), Verdict: "local",
			Detail: "a data: URL is answered by the user agent from the URL itself"})
		return resp, nil
	case "http", "https":
		return httpFetch(fp, false)
	}
	// Step 3 (blob): corsim keeps no blob URL store, so the blob URL entry
	// is null (step 3.2). Step 3 (file): left to the user agent; when in
	// doubt, a network error. Step 4: anything else, an about: URL other
	// than about:blank included, is a network error. The error cites the
	// step that tests the failing condition (see NetworkError.Step): 3.2
	// for blob:, else the switch on the scheme, step 3.
	step := "3"
	if url.Scheme() == "blob" {
		step = "3.2"
	}
	fp.trace(TraceStep{Anchor: "concept-scheme-fetch", Step: step, Topic: "scheme-fetch", Subject: url.Serialize(true), Verdict: "network error",
		Detail: "scheme fetch has nothing to return for this URL"})
	return nil, fp.fail(UnsupportedScheme, "concept-scheme-fetch", step)
}

// dataURLResponse runs the data: URL processor (Fetch's "data: URL
// processor") and returns a 200 response with the body and its MIME type.
func dataURLResponse(url *URL) (*Response, bool) {
	// Steps 1-3: the input is the URL serialized without fragment, after
	// "data:".
	input := strings.TrimPrefix(url.Serialize(true), "data:")
	// Steps 4-6: the MIME type is everything before the first comma.
	comma := strings.IndexByte(input, ',')
	if comma < 0 {
		return nil, false
	}
	mimeType := strings.Trim(input[:comma], " \t\n\r\f")
	body := percentDecode(input[comma+1:])
	// Step 11: a ;base64 suffix (case-insensitive, spaces allowed after
	// the semicolon).
	if i := strings.LastIndexByte(mimeType, ';'); i >= 0 && equalFoldASCII(strings.TrimLeft(mimeType[i+1:], " "), "base64") {
		dec, ok := forgivingBase64Decode(body)
		if !ok {
			return nil, false
		}
		body = dec
		mimeType = mimeType[:i]
	}
	// Steps 12-14: default and parse the MIME type.
	if strings.HasPrefix(mimeType, ";") {
		mimeType = "text/plain" + mimeType
	}
	mt, err := safelist.ParseMIMEType(mimeType)
	contentType := "text/plain;charset=US-ASCII"
	if err == nil {
		contentType = mt.String()
	}
	return &Response{Type: TypeDefault, Status: 200, StatusText: "OK",
		Header: safelist.HeaderList{{Name: "Content-Type", Value: contentType}}, Body: body}, true
}

// forgivingBase64Decode is the Infra Standard's [forgiving-base64 decode]
// of the isomorphic decoding of b (a byte is the code point of its value,
// so a byte of 0x80 or more is outside the alphabet).
//
// [forgiving-base64 decode]: https://infra.spec.whatwg.org/#forgiving-base64-decode
func forgivingBase64Decode(b []byte) ([]byte, bool) {
	// Step 1: remove ASCII whitespace.
	data := make([]byte, 0, len(b))
	for _, c := range b {
		switch c {
		case '\t', '\n', '\f', '\r', ' ':
		default:
			data = append(data, c)
		}
	}
	// Step 2: a length divisible by 4 may end with one or two "=".
	if len(data)%4 == 0 {
		for i := 0; i < 2 && len(data) > 0 && data[len(data)-1] == '='; i++ {
			data = data[:len(data)-1]
		}
	}
	// Step 3.
	if len(data)%4 == 1 {
		return nil, false
	}
	// Step 4: only the base64 alphabet is left ("=" included nowhere).
	for _, c := range data {
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/') {
			return nil, false
		}
	}
	// Steps 5-9: decode, discarding the bits left over at the end (the
	// decoder is not strict about them).
	out := make([]byte, base64.RawStdEncoding.DecodedLen(len(data)))
	n, err := base64.RawStdEncoding.Decode(out, data)
	if err != nil {
		return nil, false
	}
	return out[:n], true
}

// percentDecode decodes %XX escapes, leaving malformed ones as they are.
func percentDecode(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
