package conformance

import (
	_ "embed"
	"encoding/json"
	"strings"

	"github.com/corsim/corsim/vectors"
)

// The harness page. The engine is started on the top page, at the vector's
// top-level origin (its topLevel, else its origin, else https://foo.example
// for an opaque origin). The top page asks the Go server for each step in
// turn (same-origin POSTs to HarnessPrefix+"next", which are never recorded)
// and performs it: itself when the page origin is the top-level origin, else
// through a frame at the vector's origin (sandboxed, so its origin is opaque,
// for origin "null"), which it talks to with postMessage.

//go:embed harness.js
var harnessJS string

// pageRequest is a step's request as the harness script reads it.
type pageRequest struct {
	API             string      `json:"api"`
	Method          string      `json:"method"`
	URL             string      `json:"url"`
	Headers         [][2]string `json:"headers"`
	Mode            string      `json:"mode"`
	Credentials     string      `json:"credentials"`
	Body            string      `json:"body"`
	Duplex          string      `json:"duplex"`
	Redirect        string      `json:"redirect"`
	Keepalive       bool        `json:"keepalive"`
	UploadListeners bool        `json:"uploadListeners"`
}

func newPageRequest(r vectors.Request) *pageRequest {
	pr := &pageRequest{
		API: r.API, Method: r.Method, URL: r.URL, Headers: [][2]string{},
		Mode: r.Mode, Credentials: r.Credentials, Body: r.Body, Duplex: r.Duplex,
		Redirect: r.Redirect, Keepalive: r.Keepalive, UploadListeners: r.UploadListeners,
	}
	for _, h := range r.Headers {
		pr.Headers = append(pr.Headers, [2]string{h.Name, h.Value})
	}
	return pr
}

// A ScriptResult is what the harness script saw of one step.
type ScriptResult struct {
	// Threw says where the API refused or failed, empty when a response
	// arrived: "request" (the Request constructor threw), "fetch" (fetch()
	// rejected), "open", "setRequestHeader", "withCredentials", "send" (an XHR
	// method threw), "error-event", "abort-event", "timeout-event" (XHR), or
	// "harness" (the harness itself broke).
	Threw string       `json:"threw,omitempty"`
	Error *ScriptError `json:"error,omitempty"`

	Response *ScriptResponse `json:"response,omitempty"`
}

// A ScriptError is an exception as script caught it.
type ScriptError struct {
	Name    string `json:"name"`
	Message string `json:"message"`
}

// A ScriptResponse is what script could read of a response.
type ScriptResponse struct {
	Type       string       `json:"type,omitempty"` // fetch only
	Status     int          `json:"status"`
	URL        string       `json:"url"`
	Redirected bool         `json:"redirected,omitempty"` // fetch only
	Headers    [][2]string  `json:"headers"`              // fetch: iteration of response.headers; xhr: getAllResponseHeaders, parsed
	Body       string       `json:"body"`
	BodyError  *ScriptError `json:"bodyError,omitempty"`
}

// pageConfig tells the top page what to do.
type pageConfig struct {
	Session string `json:"session"`
	// Frame is the URL of the frame that performs the requests; empty when
	// the top page performs them itself.
	Frame   string `json:"frame,omitempty"`
	Sandbox bool   `json:"sandbox,omitempty"`
}

// DefaultPageOrigin is the top-level origin of a vector whose origin is
// "null" and that names no topLevel: the conventional page origin.
const DefaultPageOrigin = "https://foo.example"

// topOrigin is the origin of the top page the engine opens for v.
func topOrigin(v *vectors.Vector) string {
	switch {
	case v.TopLevel != "":
		return v.TopLevel
	case v.Origin != "null":
		return v.Origin
	}
	return DefaultPageOrigin
}

// topURL is the URL the engine is started on for session id.
func topURL(id string, v *vectors.Vector) string {
	return topOrigin(v) + HarnessPrefix + "top?s=" + id
}

func topPage(id string, v *vectors.Vector) []byte {
	cfg := pageConfig{Session: id}
	top := topOrigin(v)
	switch {
	case v.Origin == "null":
		cfg.Frame, cfg.Sandbox = top+HarnessPrefix+"frame?s="+id, true
	case v.Origin != top:
		cfg.Frame = v.Origin + HarnessPrefix + "frame?s=" + id
	}
	c, _ := json.Marshal(cfg) // escapes <, > and &: safe inside <script>
	return page("const corsimConfig = " + string(c) + ";\n")
}

func framePage() []byte {
	return page("const corsimConfig = {frameMode: true};\n")
}

func page(config string) []byte {
	var b strings.Builder
	b.WriteString("<!doctype html>\n<meta charset=utf-8>\n")
	// An icon link with a data: URL keeps engines from asking for /favicon.ico,
	// which would show up among the requests a step sent.
	b.WriteString("<link rel=icon href=\"data:,\">\n<title>corsim harness</title>\n<script>\n")
	b.WriteString(config)
	b.WriteString(harnessJS)
	b.WriteString("</script>\n")
	return []byte(b.String())
}
