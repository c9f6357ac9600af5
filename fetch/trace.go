package fetch

import "strings"

// A TraceStep is one decision the browser made, tied to the Fetch Standard.
// Explanations (the CLI's explain command) are rendered from these, never
// written separately.
type TraceStep struct {
	// Anchor is the spec anchor of the algorithm or definition applied
	// (https://fetch.spec.whatwg.org/#<Anchor>), Step the step number in it
	// ("" when the definition has none).
	Anchor string
	Step   string
	// Topic is a stable machine name for the decision, e.g. "preflight.needed",
	// "cors-check", "cache.lookup", "request.header".
	Topic string
	// Subject is what was looked at, e.g. a header line or a URL.
	Subject string
	// Verdict is the decision in a word or two: "pass", "fail", "needed",
	// "hit", "miss", "safelisted", "unsafe", "sent"...
	Verdict string
	// Detail says it in a sentence for people.
	Detail string
	// Exchange is the index in the result's exchanges of the wire exchange
	// this step is about, or -1.
	Exchange int
}

func (s TraceStep) String() string {
	var b strings.Builder
	b.WriteString(s.Topic)
	if s.Subject != "" {
		b.WriteString(" [" + s.Subject + "]")
	}
	b.WriteString(": " + s.Verdict)
	if s.Detail != "" {
		b.WriteString(" — " + s.Detail)
	}
	if s.Anchor != "" {
		b.WriteString(" (#" + s.Anchor)
		if s.Step != "" {
			b.WriteString(" step " + s.Step)
		}
		b.WriteString(")")
	}
	return b.String()
}
