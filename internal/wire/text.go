package wire

import (
	"strconv"
	"strings"

	"github.com/corsim/corsim/fetch"
)

// maxBodyText is the longest body shown as text; a longer one, or one that is
// not printable ASCII, is shown by its length.
const maxBodyText = 512

// Proto returns the protocol label of a status line for a response's
// protocol as the network reported it: "HTTP/2" for "h2" or an unknown
// protocol (which the fetch layer takes as HTTP/2), otherwise the protocol
// itself ("HTTP/1.1").
func Proto(protocol string) string {
	switch {
	case protocol == "" || protocol == "h2":
		return "HTTP/2"
	case strings.HasPrefix(protocol, "HTTP/"):
		return protocol
	}
	return "HTTP/2"
}

// RequestText renders r as HTTP text, the way curl -v shows a request: the
// request line (method, path and query, proto), a Host line made from the URL,
// then every header line in the order the browser built the header list, and
// the body after a blank line. proto is the status-line label (see Proto).
func RequestText(r *fetch.WireRequest, proto string) string {
	var b strings.Builder
	target := r.URL.Path()
	if target == "" {
		target = "/"
	}
	if q, ok := r.URL.Query(); ok {
		target += "?" + q
	}
	b.WriteString(r.Method + " " + target + " " + proto + "\n")
	host := r.URL.Host()
	if port, ok := r.URL.Port(); ok {
		host += ":" + strconv.Itoa(int(port))
	}
	b.WriteString("Host: " + host + "\n")
	for _, h := range r.Header {
		b.WriteString(h.Name + ": " + h.Value + "\n")
	}
	switch {
	case r.Stream:
		b.WriteString("\n[a ReadableStream body, streamed]\n")
	case len(r.Body) > 0:
		b.WriteString("\n" + bodyText(r.Body) + "\n")
	}
	return b.String()
}

// ResponseText renders r as HTTP text: the status line, then every header
// line as it came, in order, repeated names kept. The body is not shown, only
// its length.
func ResponseText(r *fetch.WireResponse) string {
	var b strings.Builder
	proto := Proto(r.Protocol)
	b.WriteString(proto + " " + strconv.Itoa(r.Status))
	if proto != "HTTP/2" && r.StatusText != "" {
		b.WriteString(" " + r.StatusText)
	}
	b.WriteString("\n")
	for _, h := range r.Header {
		b.WriteString(h.Name + ": " + h.Value + "\n")
	}
	if len(r.Body) > 0 {
		b.WriteString("\n[body: " + strconv.Itoa(len(r.Body)) + " bytes]\n")
	}
	return b.String()
}

// bodyText returns body as text when it is short printable ASCII (line breaks
// and tabs allowed), otherwise a note of its length.
func bodyText(body []byte) string {
	if len(body) <= maxBodyText {
		printable := true
		for _, c := range body {
			if (c < 0x20 && c != '\r' && c != '\n' && c != '\t') || c > 0x7e {
				printable = false
				break
			}
		}
		if printable {
			// Line breaks are shown as plain newlines (a multipart body
			// has CRLF).
			return strings.TrimRight(strings.ReplaceAll(string(body), "\r\n", "\n"), "\n")
		}
	}
	return "[body: " + strconv.Itoa(len(body)) + " bytes]"
}
