package fetch

// RedirectKnobs are the engine's rules for redirects (the Location header,
// redirect modes, what changes on the next hop) and for main fetch across
// redirect hops, where it deviates from the Fetch Standard. Each knob cites
// the real-engine observation behind it (conformance/testdata).
type RedirectKnobs struct{}

// The redirect rules of each profile.
var (
	specRedirectRules     = RedirectKnobs{}
	chromiumRedirectRules = RedirectKnobs{}
	firefoxRedirectRules  = RedirectKnobs{}
	webKitRedirectRules   = RedirectKnobs{}
)
