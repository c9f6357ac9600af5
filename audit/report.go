package audit

// A Report is what an audit found.
type Report struct {
	URL         string `json:"url"`
	Origin      string `json:"origin"`
	Credentials bool   `json:"credentials"`
	// Findings are ordered by severity, worst first, then by probe order.
	Findings []Finding `json:"findings"`
	// Probes lists every probe and how it went, findings or not.
	Probes []ProbeSummary `json:"probes"`
	// Skipped lists the probes that do not apply to the page's origin (a
	// look-alike of an IP address, an http twin of an http origin).
	Skipped []string `json:"skipped,omitempty"`
	// Sent counts the requests the server received.
	Sent int `json:"sent"`
}

// A Finding is one weakness, judged by the browsers' verdicts.
type Finding struct {
	// ID is stable, for machines: the probe's or the check's name.
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
	// Why says what the severity rests on, when the verdicts alone do not.
	Why string `json:"why,omitempty"`
	// Probe says what was tried: from which page origin, which call.
	Probe string `json:"probe"`
	// Verdicts say what each profile did with the server's answer.
	Verdicts []Verdict `json:"verdicts"`
	// Evidence is the exchange that shows it, as HTTP text.
	Evidence []Exchange `json:"evidence"`
	// Also lists other probes that found the same (covered by this one).
	Also []string `json:"also,omitempty"`
	Fix  string   `json:"fix"`
}

// A Verdict is one profile's outcome for a finding's probe.
type Verdict struct {
	Profile string `json:"profile"`
	// Outcome is "ok", "network-error" or "type-error"; Readable reports
	// that script read the response.
	Outcome  string `json:"outcome"`
	Readable bool   `json:"readable"`
	Reason   string `json:"reason,omitempty"`
	// Cookie says whether the probe's cookie went with the request, and if
	// not why (the engine's third-party cookie policy).
	Cookie string `json:"cookie,omitempty"`
	// Note is what the check found under this profile (a Max-Age as the
	// engine applies it, the headers script can read).
	Note string `json:"note,omitempty"`
	// Console is the engine's console message for a blocked request.
	Console string `json:"console,omitempty"`
}

// An Exchange is a request as sent and the answer as received.
type Exchange struct {
	Request  string `json:"request"`
	Response string `json:"response,omitempty"`
	Error    string `json:"error,omitempty"`
}

// A ProbeSummary is one probe and its outcome under each profile.
type ProbeSummary struct {
	ID       string   `json:"id"`
	What     string   `json:"what"`
	Origin   string   `json:"origin"`
	Call     string   `json:"call"`
	Outcomes []string `json:"outcomes"` // per profile, "profile: readable" or "profile: blocked (Reason)"
}

// Worst returns the highest severity found, 0 when nothing was.
func (r *Report) Worst() Severity {
	var w Severity
	for _, f := range r.Findings {
		if f.Severity > w {
			w = f.Severity
		}
	}
	return w
}

// AtLeast returns the findings of severity s or above.
func (r *Report) AtLeast(s Severity) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Severity >= s {
			out = append(out, f)
		}
	}
	return out
}
