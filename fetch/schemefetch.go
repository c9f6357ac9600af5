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
			fp.trace(TraceStep{Anchor: "concept-scheme-fetch", Topic: "scheme-fetch", Subject: "about:blank", Verdict: "local",
				Detail: "about:blank is answered by the user agent: an empty text/html document"})
			return &Response{Type: TypeBasic, Status: 200, StatusText: "OK",
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
	// doubt, a network error (that case has no numbered step). Step 4:
	// anything else, an about: URL other than about:blank included.
	step := "4"
	switch url.Scheme() {
	case "blob":
		step = "3.2"
	case "file":
		step = ""
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
	// Steps 10-11: a ;base64 suffix (case-insensitive, spaces allowed).
	if i := strings.LastIndexByte(mimeType, ';'); i >= 0 && equalFoldASCII(strings.Trim(mimeType[i+1:], " "), "base64") {
		b64 := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
				return -1
			}
			return r
		}, string(body))
		b64 = strings.TrimRight(b64, "=")
		dec, err := base64.RawStdEncoding.DecodeString(b64)
		if err != nil {
			return nil, false
		}
		body = dec
		mimeType = mimeType[:i]
	}
	// Steps 12-15: default and parse the MIME type.
	if strings.HasPrefix(mimeType, ";") {
		mimeType = "text/plain" + mimeType
	}
	mt, err := safelist.ParseMIMEType(mimeType)
	contentType := "text/plain;charset=US-ASCII"
	if err == nil {
		contentType = mt.String()
	}
	return &Response{Type: TypeBasic, Status: 200, StatusText: "OK",
		Header: safelist.HeaderList{{Name: "Content-Type", Value: contentType}}, Body: body}, true
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
