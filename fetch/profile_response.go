package fetch

// ResponseKnobs are the engine's rules for preflight answers, responses and
// redirects, where it deviates from the Fetch Standard. Each knob cites the
// real-engine observation behind it (conformance/testdata).
type ResponseKnobs struct{}

// The response rules of each profile.
var (
	specResponse     = ResponseKnobs{}
	chromiumResponse = ResponseKnobs{}
	firefoxResponse  = ResponseKnobs{}
	webKitResponse   = ResponseKnobs{}
)
