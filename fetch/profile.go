package fetch

import "github.com/corsim/corsim/preflightcache"

// A Profile holds every choice where a browser engine deviates from the Fetch
// Standard or where the standard leaves freedom to the user agent. The
// algorithms of this package read these knobs and never ask which engine they
// simulate. A knob exists because an engine was seen to need it (or its source
// says so, pending a real-browser observation); its documentation says which.
type Profile struct {
	// Name is "spec", "chromium", "firefox" or "webkit".
	Name string

	// Cache is the CORS-preflight cache's policy: its keying, Max-Age
	// parsing and cap, bound and eviction, and the cache decisions that act
	// in the fetch algorithms (ClearOnError, CacheFailedPreflight,
	// PartitionByTopOrigin, KeyOriginIgnoresTaint).
	Cache preflightcache.Policy

	// Cookies is the cookie store's policy (Lax by default, third-party
	// blocking and partitioning).
	Cookies CookiePolicy

	// UserAgent is the value of the User-Agent header the user agent
	// appends when script set none (implementation-defined).
	UserAgent string

	// AcceptLanguage is the value of the Accept-Language header appended by
	// fetch when the request has none (the spec's "appropriate header value").
	// It counts toward the 1024-byte rule of CORS-unsafe request-header names
	// (Chromium 156 was seen to leave its own value out of that total, as it
	// adds it later, per hop; corsim does not model that).
	AcceptLanguage string

	// Request holds the engine's rules for building and classifying the
	// requests script makes (profile_request.go).
	Request RequestKnobs

	// Response holds the engine's rules for preflight answers and responses
	// (profile_response.go).
	Response ResponseKnobs

	// Redirect holds the engine's rules for redirects and for main fetch
	// across redirect hops (profile_redirect.go).
	Redirect RedirectKnobs
}

// Spec is the Fetch Standard with the simulator's readings of its ambiguities
// (see package preflightcache for the cache's) and neutral values where the
// standard leaves a choice to the user agent.
var Spec = Profile{
	Name:           "spec",
	Cookies:        specCookies,
	Cache:          preflightcache.Spec,
	UserAgent:      "corsim",
	AcceptLanguage: "en-US,en;q=0.9",
	Request:        specRequestRules,
	Response:       specResponseRules,
}

// Chromium is Chromium 156 (Debian's package) as far as corsim knows it.
var Chromium = Profile{
	Name:           "chromium",
	Cache:          preflightcache.Chromium,
	Cookies:        chromiumCookies,
	UserAgent:      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
	AcceptLanguage: "en-US,en;q=0.9",
	Request:        chromiumRequestRules,
	Response:       chromiumResponseRules,
}

// Firefox is Firefox ESR 153 (Debian's package) as far as corsim knows it.
// Its User-Agent and Accept-Language are those of every request in corsim
// browser's Firefox ESR 153.7.0esr run under LANG=en_US.UTF-8
// (conformance/testdata/report-firefox.json).
var Firefox = Profile{
	Name:           "firefox",
	Cache:          preflightcache.Firefox,
	Cookies:        firefoxCookies,
	UserAgent:      "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0",
	AcceptLanguage: "en-US,en;q=0.9",
	Request:        firefoxRequestRules,
	Response:       firefoxResponseRules,
}

// WebKit is WebKitGTK 2.50 (Debian's package) as far as corsim knows it.
// Its User-Agent and Accept-Language are those of every request in corsim
// browser's WebKitGTK 2.50.6 run (conformance/testdata/report-webkit.json).
var WebKit = Profile{
	Name:           "webkit",
	Cache:          preflightcache.WebKit,
	Cookies:        webKitCookies,
	UserAgent:      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15",
	AcceptLanguage: "en-US",
	Request:        webKitRequestRules,
	Response:       webKitResponseRules,
}

// Profiles lists the four profiles in a fixed order.
var Profiles = []*Profile{&Spec, &Chromium, &Firefox, &WebKit}

// ProfileByName returns the profile named name, or false.
func ProfileByName(name string) (*Profile, bool) {
	for _, p := range Profiles {
		if p.Name == name {
			return p, true
		}
	}
	return nil, false
}
