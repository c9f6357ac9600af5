package audit

import (
	"fmt"
	"strings"
)

// Severity ranks a finding by what a hostile origin gains in the browsers,
// lowest first.
type Severity int

const (
	// Info is an observation: nothing is exposed and nothing breaks
	// (a public API answering `*`, Max-Age 0).
	Info Severity = iota + 1
	// Low weakens the policy without exposing credentialed responses: a
	// hostile origin can read uncredentialed answers only, caches can mix
	// answers for different origins (no Vary: Origin), a Max-Age an engine
	// caps or ignores, expose lists that cannot work with credentials.
	Low
	// Medium breaks the trusted page's own requests in some engine (a
	// preflight answered 405, `*` used with credentials where it is
	// literal) without exposing anything.
	Medium
	// High lets an origin that needs a foothold read credentialed
	// responses in some engine: the http twin of the page's origin (anyone
	// on the network path) or any subdomain (a takeover or an XSS).
	High
	// Critical lets an origin any web site can have read credentialed
	// responses in some engine: an arbitrary origin, null, or a look-alike
	// domain anyone can register.
	Critical
)

var severityNames = []string{"info", "low", "medium", "high", "critical"}

// String returns the severity's name: "info" ... "critical".
func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("Severity(%d)", int(s))
	}
	return severityNames[s-1]
}

// ParseSeverity returns the severity named s (case-insensitively).
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(s, n) {
			return Severity(i + 1), nil
		}
	}
	return 0, fmt.Errorf("audit: unknown severity %q (want info, low, medium, high or critical)", s)
}

// MarshalText returns the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
