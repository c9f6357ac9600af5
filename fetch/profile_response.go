package fetch

// ResponseKnobs are the engine's rules for preflight requests and answers,
// the CORS check, the headers added per hop, and what responses expose, where
// it deviates from the Fetch Standard. Each knob cites the
// real-engine observation behind it (conformance/testdata).
type ResponseKnobs struct{}

// The response rules of each profile.
var (
	specResponseRules     = ResponseKnobs{}
	chromiumResponseRules = ResponseKnobs{}
	firefoxResponseRules  = ResponseKnobs{}
	webKitResponseRules   = ResponseKnobs{}
)
