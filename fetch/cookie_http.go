package fetch

import (
	"net/http"
	"net/url"
)

// HTTPCookieJar returns j as an http.CookieJar, for an http.Client that
// should share the simulated browser's cookies. Every call is made in a
// first-party context (see FirstPartyContext): the site for cookies and the
// top-level site are the URL's own site, as for a page loaded at that URL.
//
// The adapter is lossy where net/http is: http.Client hands SetCookies the
// cookies that net/http's own parser accepted, re-serialized here with
// (*http.Cookie).String (which drops invalid bytes and attributes net/http
// does not know), and Cookies returns names and values only. URLs that the
// WHATWG URL parser rejects get no cookies and store none.
func (j *Jar) HTTPCookieJar() http.CookieJar { return httpJar{j} }

// httpJar adapts a Jar to http.CookieJar.
type httpJar struct{ j *Jar }

// SetCookies stores each cookie as a Set-Cookie header from u.
func (h httpJar) SetCookies(u *url.URL, cookies []*http.Cookie) {
	w, err := ParseURL(u.String())
	if err != nil {
		return
	}
	c := FirstPartyContext(w)
	for _, k := range cookies {
		if line := k.String(); line != "" {
			// http.CookieJar has no way to report a refused cookie.
			_, _ = h.j.ParseAndStore(c, line)
		}
	}
}

// Cookies returns the cookies to send to u.
func (h httpJar) Cookies(u *url.URL) []*http.Cookie {
	w, err := ParseURL(u.String())
	if err != nil {
		return nil
	}
	got := h.j.Retrieve(FirstPartyContext(w))
	if len(got) == 0 {
		return nil
	}
	out := make([]*http.Cookie, len(got))
	for i, k := range got {
		out[i] = &http.Cookie{Name: k.Name, Value: k.Value}
	}
	return out
}
