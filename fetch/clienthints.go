package fetch

import "strings"

// A clientHint is one of the request-header names Chromium adds to the
// CORS-safelisted request-headers (profile knob ClientHintsSafelisted), with
// the rule its value must follow. Script may set these; the Sec-CH-* hints
// Chromium safelists too are forbidden request-headers, so script never
// gets that far with them.
type clientHint struct {
	name string // lowercase
	rule clientHintRule
}

// clientHintRule is the rule a Client Hint's value must follow.
type clientHintRule uint8

const (
	// hintDecimal: 1*DIGIT [ "." 1*DIGIT ] (Device-Memory, DPR, Downlink).
	hintDecimal clientHintRule = iota + 1
	// hintInteger: 1*DIGIT (Width, Viewport-Width, RTT).
	hintInteger
	// hintConnectionType: slow-2g, 2g, 3g or 4g, byte for byte (ECT).
	hintConnectionType
	// hintOn: on, in any case (Save-Data).
	hintOn
	// hintAny: any value (Intervention, which Chromium adds itself).
	hintAny
)

// clientHints lists Chromium 156's safelisted names that script can set, in
// the order of services/network/public/cpp/cors/cors.cc.
var clientHints = [...]clientHint{
	{"intervention", hintAny},
	{"device-memory", hintDecimal},
	{"dpr", hintDecimal},
	{"width", hintInteger},
	{"viewport-width", hintInteger},
	{"rtt", hintInteger},
	{"downlink", hintDecimal},
	{"ect", hintConnectionType},
	{"save-data", hintOn},
}

// lookupClientHint returns the Client Hint named name (in any case).
func lookupClientHint(name string) (clientHint, bool) {
	for _, h := range clientHints {
		if equalFoldASCII(name, h.name) {
			return h, true
		}
	}
	return clientHint{}, false
}

// accepts reports whether value follows the hint's rule. The 128-byte limit
// every safelisted value has is checked before, by the spec's rule.
func (h clientHint) accepts(value string) bool {
	switch h.rule {
	case hintDecimal:
		whole, frac, dot := strings.Cut(value, ".")
		return onlyDigits(whole) && (!dot || onlyDigits(frac))
	case hintInteger:
		return onlyDigits(value)
	case hintConnectionType:
		switch value {
		case "slow-2g", "2g", "3g", "4g":
			return true
		}
		return false
	case hintOn:
		return equalFoldASCII(value, "on")
	}
	return true // hintAny
}

// describe says in words which values the hint's rule accepts, for the
// trace.
func (h clientHint) describe() string {
	switch h.rule {
	case hintDecimal:
		return "digits, optionally followed by a dot and more digits"
	case hintInteger:
		return "digits only"
	case hintConnectionType:
		return "one of slow-2g, 2g, 3g and 4g, in lowercase"
	case hintOn:
		return "`on`, in any case"
	}
	return "any value"
}

// onlyDigits reports whether s is one or more ASCII digits.
func onlyDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
