package fetch

// RequestKnobs are the engine's rules for building and classifying the
// requests script makes, where it deviates from the Fetch Standard. Each knob
// cites the real-engine observation behind it (conformance/testdata).
type RequestKnobs struct{}

// The request rules of each profile.
var (
	specRequestRules     = RequestKnobs{}
	chromiumRequestRules = RequestKnobs{}
	firefoxRequestRules  = RequestKnobs{}
	webKitRequestRules   = RequestKnobs{}
)
