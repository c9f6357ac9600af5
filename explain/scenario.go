package explain

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/vectors"
)

// A Scenario is a page and the requests its script makes, in order, in one
// browser (one preflight cache, one cookie jar).
type Scenario struct {
	// Name, About and File describe a scenario taken from a vector file.
	Name  string
	About string
	File  string

	// Origin is the page's serialized origin ("null" for an opaque one);
	// TopLevel the top-level page's origin when the page is embedded.
	Origin   string
	TopLevel string
	// Page is the page's URL, which some console messages name (mixed
	// content, Chromium's CORS messages); empty means the root of Origin
	// (Origin + "/"), and none for an opaque origin.
	Page string

	Steps []Step

	// Network, when set, answers every step (a real server, or an
	// http.Handler in process); the steps' Server routes are then unused.
	Network corsim.Network
}

// A Step is one request made by script, and the canned answers for it.
type Step struct {
	// Advance moves the browser's clock before the step.
	Advance time.Duration
	// Request is what script asks for, in the scenario format's terms.
	Request vectors.Request
	// BodyBytes is the content of the request's text, blob or
	// urlsearchparams body (the CLI's -d data); nil means corsim's
	// placeholder text.
	BodyBytes []byte
	// Server are the canned answers during the step (unused when the
	// Scenario has a Network).
	Server []corsim.Route
}

// pageURL returns the page's URL for console messages.
func (sc *Scenario) pageURL() string {
	switch {
	case sc.Page != "":
		return sc.Page
	case sc.Origin == "null" || sc.Origin == "":
		return ""
	}
	return sc.Origin + "/"
}

// FromVector returns the scenario of a vector: its page, and each step's
// request and routes.
func FromVector(v *vectors.Vector) *Scenario {
	sc := &Scenario{Name: v.Name, About: v.About, File: v.File, Origin: v.Origin, TopLevel: v.TopLevel}
	for _, st := range v.Steps {
		sc.Steps = append(sc.Steps, Step{Advance: st.Advance, Request: st.Request, Server: corsim.VectorRoutes(st.Server)})
	}
	return sc
}

// Call renders r as the JavaScript that makes it: a fetch() call with the
// RequestInit members that differ from the defaults, or the XMLHttpRequest
// calls. Bodies are shown as the simulator sends them (its fixed
// placeholder texts).
func Call(r vectors.Request) string { return callWithBody(r, nil) }

// callWithBody is Call with the body's content, when the step gives it.
func callWithBody(r vectors.Request, body []byte) string {
	if r.API == "xhr" {
		return xhrCall(r, body)
	}
	var members []string
	if r.Method != "GET" {
		members = append(members, "method: "+strconv.Quote(r.Method))
	}
	if len(r.Headers) > 0 {
		var hs []string
		for _, h := range r.Headers {
			hs = append(hs, "["+strconv.Quote(h.Name)+", "+strconv.Quote(h.Value)+"]")
		}
		members = append(members, "headers: ["+strings.Join(hs, ", ")+"]")
	}
	if r.Body != "" {
		members = append(members, "body: "+bodyExpr(r.Body, body))
	}
	if r.Mode != "" && r.Mode != "cors" {
		members = append(members, "mode: "+strconv.Quote(r.Mode))
	}
	if r.Credentials != "" && r.Credentials != "same-origin" {
		members = append(members, "credentials: "+strconv.Quote(r.Credentials))
	}
	if r.Redirect != "" && r.Redirect != "follow" {
		members = append(members, "redirect: "+strconv.Quote(r.Redirect))
	}
	if r.Duplex == "half" {
		members = append(members, `duplex: "half"`)
	}
	if r.Keepalive {
		members = append(members, "keepalive: true")
	}
	s := "fetch(" + strconv.Quote(r.URL)
	if len(members) > 0 {
		s += ", {" + strings.Join(members, ", ") + "}"
	}
	return s + ")"
}

func xhrCall(r vectors.Request, body []byte) string {
	parts := []string{"xhr.open(" + strconv.Quote(r.Method) + ", " + strconv.Quote(r.URL) + ")"}
	if r.Credentials == "include" {
		parts = append(parts, "xhr.withCredentials = true")
	}
	if r.UploadListeners {
		parts = append(parts, `xhr.upload.addEventListener("progress", f)`)
	}
	for _, h := range r.Headers {
		parts = append(parts, "xhr.setRequestHeader("+strconv.Quote(h.Name)+", "+strconv.Quote(h.Value)+")")
	}
	send := "xhr.send()"
	if r.Body != "" {
		send = "xhr.send(" + bodyExpr(r.Body, body) + ")"
	}
	return strings.Join(append(parts, send), "; ")
}

// bodyExpr is the JavaScript for a body of kind k, as the simulator makes it:
// with content, or else its placeholder.
func bodyExpr(k string, content []byte) string {
	if content != nil {
		q := strconv.Quote(string(content))
		switch k {
		case "text":
			return q
		case "blob":
			return "new Blob([" + q + "])"
		case "urlsearchparams":
			return "new URLSearchParams(" + q + ")"
		}
	}
	switch k {
	case "text":
		return `"corsim"`
	case "blob":
		return `new Blob(["corsim"])`
	case "formdata":
		return `formData /* a FormData holding a=corsim */`
	case "urlsearchparams":
		return `new URLSearchParams("a=corsim")`
	case "stream":
		return "new ReadableStream()"
	}
	return fmt.Sprintf("/* %s */", k)
}
