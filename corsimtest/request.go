package corsimtest

import (
	"fmt"
	"strings"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/fetch"
)

// A Request is a fetch() call made by script: fetch(URL, {method, headers,
// body, mode, credentials, redirect}). The zero values are fetch()'s defaults.
type Request struct {
	// URL is absolute, or a path that resolves against the Server's base URL.
	URL string
	// Method is as script passes it (fetch() upper-cases only DELETE, GET,
	// HEAD, OPTIONS, POST and PUT); "" means GET.
	Method string
	// Header lists [name, value] pairs in the order script appends them.
	Header [][2]string
	// Body is the kind of body script passes, which decides the implicit
	// Content-Type: "text", "blob", "formdata", "urlsearchparams" or
	// "stream"; "" means none.
	Body fetch.BodyKind
	// Mode is "cors" (""), "no-cors" or "same-origin".
	Mode fetch.Mode
	// Credentials is "same-origin" (""), "include" or "omit". A page on
	// another origin than the server sends cookies, and may read the
	// response, only with "include".
	Credentials fetch.CredentialsMode
	// Redirect is "follow" (""), "error" or "manual".
	Redirect fetch.RedirectMode
}

// Init returns what script passes as fetch()'s second argument, for calling
// corsim.Page.Fetch directly (with r.URL made absolute).
func (r Request) Init() corsim.RequestInit {
	init := corsim.RequestInit{
		Method: r.Method, Headers: r.Header, Body: r.Body,
		Mode: r.Mode, Credentials: r.Credentials, Redirect: r.Redirect,
	}
	if r.Body == fetch.BodyStream {
		init.Duplex = "half"
	}
	return init
}

// String renders r as the fetch() call script makes, with only the members
// that differ from the defaults: fetch("/items", {method: "PUT", credentials:
// "include"}).
func (r Request) String() string {
	var members []string
	if r.Method != "" {
		members = append(members, fmt.Sprintf("method: %q", r.Method))
	}
	if len(r.Header) > 0 {
		hs := make([]string, len(r.Header))
		for i, h := range r.Header {
			hs[i] = fmt.Sprintf("[%q, %q]", h[0], h[1])
		}
		members = append(members, "headers: ["+strings.Join(hs, ", ")+"]")
	}
	if r.Body != "" {
		members = append(members, "body: <"+string(r.Body)+">")
	}
	if r.Mode != "" {
		members = append(members, fmt.Sprintf("mode: %q", r.Mode))
	}
	if r.Credentials != "" {
		members = append(members, fmt.Sprintf("credentials: %q", r.Credentials))
	}
	if r.Redirect != "" {
		members = append(members, fmt.Sprintf("redirect: %q", r.Redirect))
	}
	if len(members) == 0 {
		return fmt.Sprintf("fetch(%q)", r.URL)
	}
	return fmt.Sprintf("fetch(%q, {%s})", r.URL, strings.Join(members, ", "))
}
