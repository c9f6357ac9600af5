package preflightcache

import (
	"fmt"
	"math"
	"time"

	"github.com/corsim/corsim/safelist"
)

// MaxAge is what a policy makes of a preflight response's
// Access-Control-Max-Age headers: how long the stored entries live, and
// whether anything is stored at all.
type MaxAge struct {
	// Duration is the lifetime of the entries stored or refreshed, after
	// the default and the cap. Zero means they are stored already expired
	// (the spec's max-age 0, or an engine's negative value).
	Duration time.Duration
	// Store is false when the policy leaves the cache untouched: neither
	// new entries nor refreshed ones (Firefox for a value that is not all
	// digits, or is zero).
	Store bool
	// Source says how Duration was arrived at.
	Source MaxAgeSource
}

// MaxAgeSource says where a [MaxAge] came from, for traces.
type MaxAgeSource uint8

const (
	// MaxAgeGiven: the header's number, used as it is.
	MaxAgeGiven MaxAgeSource = iota
	// MaxAgeAbsent: no Access-Control-Max-Age header (for Firefox, or only
	// empty ones), so the policy's DefaultMaxAge.
	MaxAgeAbsent
	// MaxAgeInvalid: the value did not parse, so DefaultMaxAge (spec,
	// Chromium, WebKit).
	MaxAgeInvalid
	// MaxAgeCapped: the number exceeded the policy's MaxAgeCap, which
	// replaced it.
	MaxAgeCapped
	// MaxAgeNegative: a negative number, stored already expired (Chromium,
	// WebKit).
	MaxAgeNegative
	// MaxAgeRejected: the policy stores nothing for this value (Firefox:
	// not all digits, or zero).
	MaxAgeRejected
)

// String returns the source as a word for traces: "given", "absent", ...
func (s MaxAgeSource) String() string {
	switch s {
	case MaxAgeGiven:
		return "given"
	case MaxAgeAbsent:
		return "absent"
	case MaxAgeInvalid:
		return "invalid"
	case MaxAgeCapped:
		return "capped"
	case MaxAgeNegative:
		return "negative"
	case MaxAgeRejected:
		return "rejected"
	}
	return fmt.Sprintf("MaxAgeSource(%d)", uint8(s))
}

// maxSeconds is the largest whole number of seconds a time.Duration holds
// (about 292 years); larger max-ages saturate there, which no clock will
// reach, so "no cap" still means no cap.
const maxSeconds = math.MaxInt64 / int64(time.Second)

// ParseMaxAge reads the values of a preflight response's
// Access-Control-Max-Age header lines (in order; none when absent) the way
// the policy's MaxAgeSyntax says, then applies DefaultMaxAge and
// MaxAgeCap. It never fails: every engine turns a bad value into some
// lifetime or into not caching, and so does the spec.
//
// Header values are taken as the fetch layer holds them. The engines' HTTP
// parsers strip leading and trailing spaces and tabs from each line, so
// the engine syntaxes do that first; the spec's extraction ignores them
// too.
func (p Policy) ParseMaxAge(values []string) MaxAge {
	switch p.MaxAgeSyntax {
	case SyntaxChromium:
		return p.parseMaxAgeChromium(values)
	case SyntaxFirefox:
		return p.parseMaxAgeFirefox(values)
	case SyntaxWebKit:
		return p.parseMaxAgeWebKit(values)
	}
	return p.parseMaxAgeSpec(values)
}

// parseMaxAgeSpec follows [CORS-preflight fetch] steps 7.8 to 7.10.
//
// [CORS-preflight fetch]: https://fetch.spec.whatwg.org/#cors-preflight-fetch-0
func (p *Policy) parseMaxAgeSpec(values []string) MaxAge {
	// Step 7.8: extract header list values for Access-Control-Max-Age
	// (a single delta-seconds).
	seconds, e := safelist.ExtractMaxAge(values)
	// Step 7.9: failure or null means 5 seconds.
	switch e {
	case safelist.Absent:
		return p.defaultMaxAge(MaxAgeAbsent)
	case safelist.Failure:
		return p.defaultMaxAge(MaxAgeInvalid)
	}
	// Step 7.10: clamp to the imposed limit, if any.
	return p.capSeconds(seconds)
}

func (p *Policy) defaultMaxAge(why MaxAgeSource) MaxAge {
	return MaxAge{Duration: p.DefaultMaxAge, Store: true, Source: why}
}

// capSeconds turns a parsed, non-negative number of seconds into a MaxAge,
// applying MaxAgeCap.
func (p *Policy) capSeconds(seconds uint64) MaxAge {
	if p.MaxAgeCap > 0 && seconds > uint64(p.MaxAgeCap/time.Second) {
		return MaxAge{Duration: p.MaxAgeCap, Store: true, Source: MaxAgeCapped}
	}
	if seconds > uint64(maxSeconds) {
		seconds = uint64(maxSeconds)
	}
	return MaxAge{Duration: time.Duration(seconds) * time.Second, Store: true, Source: MaxAgeGiven}
}

// trimTabOrSpace strips what every engine's HTTP header parser strips from
// a header line's value.
func trimTabOrSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}
