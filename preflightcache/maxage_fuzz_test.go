package preflightcache

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The reference formulations below restate each syntax with the standard
// library (strconv, regexp, math/big) instead of hand-written digit loops,
// so that FuzzParseMaxAge checks two independent readings against each
// other.

var digitsOnly = regexp.MustCompile(`^[0-9]+$`)

// refSeconds turns a digit string into whole seconds, saturating where a
// Duration ends, and applies cap (0: none).
func refSeconds(digits string, cap time.Duration) MaxAge {
	n, _ := new(big.Int).SetString(digits, 10)
	if cap > 0 && n.Cmp(big.NewInt(int64(cap/time.Second))) > 0 {
		return MaxAge{Duration: cap, Store: true, Source: MaxAgeCapped}
	}
	if n.Cmp(big.NewInt(maxSeconds)) > 0 {
		n = big.NewInt(maxSeconds)
	}
	return MaxAge{Duration: time.Duration(n.Int64()) * time.Second, Store: true, Source: MaxAgeGiven}
}

// refSpec: extract header list values for a single delta-seconds (#167):
// no header → null; more than one → failure; a value (less surrounding
// tabs and spaces) that is not 1*DIGIT → failure; null or failure → 5 s.
func refSpec(p Policy, values []string) MaxAge {
	switch {
	case len(values) == 0:
		return MaxAge{Duration: p.DefaultMaxAge, Store: true, Source: MaxAgeAbsent}
	case len(values) > 1:
		return MaxAge{Duration: p.DefaultMaxAge, Store: true, Source: MaxAgeInvalid}
	}
	v := strings.Trim(values[0], " \t")
	if !digitsOnly.MatchString(v) {
		return MaxAge{Duration: p.DefaultMaxAge, Store: true, Source: MaxAgeInvalid}
	}
	return refSeconds(v, p.MaxAgeCap)
}

// refSigned serves Chromium and WebKit: one line, parsed as a base-10
// int64 with an optional sign (strconv.ParseInt's own rules match
// base::StringToInt64's), negative → stored expired.
func refSigned(p Policy, values []string, trim string) MaxAge {
	switch {
	case len(values) == 0:
		return MaxAge{Duration: p.DefaultMaxAge, Store: true, Source: MaxAgeAbsent}
	case len(values) > 1:
		return MaxAge{Duration: p.DefaultMaxAge, Store: true, Source: MaxAgeInvalid}
	}
	v := strings.Trim(values[0], trim)
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return MaxAge{Duration: p.DefaultMaxAge, Store: true, Source: MaxAgeInvalid}
	}
	if n < 0 {
		return MaxAge{Store: true, Source: MaxAgeNegative}
	}
	return refSeconds(strconv.FormatInt(n, 10), p.MaxAgeCap)
}

// refFirefox: the non-empty lines joined with ", "; empty → default; not
// all digits, or zero → nothing stored; else capped.
func refFirefox(p Policy, values []string) MaxAge {
	var lines []string
	for _, v := range values {
		if v = strings.Trim(v, " \t"); v != "" {
			lines = append(lines, v)
		}
	}
	joined := strings.Join(lines, ", ")
	if joined == "" {
		return MaxAge{Duration: p.DefaultMaxAge, Store: true, Source: MaxAgeAbsent}
	}
	if !digitsOnly.MatchString(joined) || strings.Trim(joined, "0") == "" {
		return MaxAge{Source: MaxAgeRejected}
	}
	return refSeconds(joined, p.MaxAgeCap)
}

func reference(p Policy, values []string) MaxAge {
	switch p.MaxAgeSyntax {
	case SyntaxChromium:
		// Chromium's header parser strips spaces and tabs; StringToInt64
		// then refuses any other leading whitespace, as ParseInt does.
		return refSigned(p, values, " \t")
	case SyntaxWebKit:
		// WTF::parseInteger skips space, tab, LF, FF and CR on both sides.
		return refSigned(p, values, " \t\n\f\r")
	case SyntaxFirefox:
		return refFirefox(p, values)
	}
	return refSpec(p, values)
}

// fuzzValues decodes a fuzz input: lines separated by "\n"; absent means
// no header at all.
func fuzzValues(s string, absent bool) []string {
	if absent {
		return nil
	}
	return strings.Split(s, "\n")
}

func FuzzParseMaxAge(f *testing.F) {
	for _, tc := range maxAgeTests {
		f.Add(strings.Join(tc.values, "\n"), tc.values == nil)
	}
	f.Fuzz(func(t *testing.T, s string, absent bool) {
		values := fuzzValues(s, absent)
		for _, p := range []Policy{Spec, Chromium, Firefox, WebKit} {
			got := p.ParseMaxAge(values)

			// Two formulations agree.
			if want := reference(p, values); got != want {
				t.Fatalf("%s ParseMaxAge(%q) = %+v, reference says %+v", p.Name, values, got, want)
			}

			// Whatever is stored lives at most the cap, and never less
			// than nothing.
			if got.Duration < 0 || p.MaxAgeCap > 0 && got.Duration > p.MaxAgeCap {
				t.Fatalf("%s ParseMaxAge(%q) = %v, outside [0, %v]", p.Name, values, got.Duration, p.MaxAgeCap)
			}

			// Only Firefox declines to store, and only for a value that is
			// there and is not a positive run of digits.
			if !got.Store {
				if p.MaxAgeSyntax != SyntaxFirefox || got.Source != MaxAgeRejected {
					t.Fatalf("%s ParseMaxAge(%q) stores nothing: %+v", p.Name, values, got)
				}
			}

			// Sources and durations tell the same story.
			switch got.Source {
			case MaxAgeAbsent, MaxAgeInvalid:
				if got.Duration != p.DefaultMaxAge {
					t.Fatalf("%s: %v source with %v, not the default", p.Name, got.Source, got.Duration)
				}
			case MaxAgeCapped:
				if got.Duration != p.MaxAgeCap {
					t.Fatalf("%s: capped to %v, not to the cap %v", p.Name, got.Duration, p.MaxAgeCap)
				}
			case MaxAgeNegative:
				if got.Duration != 0 || p.MaxAgeSyntax == SyntaxSpec || p.MaxAgeSyntax == SyntaxFirefox {
					t.Fatalf("%s: negative source: %+v", p.Name, got)
				}
			}

			// The spec's default applies exactly when the header is absent
			// or fails delta-seconds.
			if p.MaxAgeSyntax == SyntaxSpec && got.Source == MaxAgeAbsent != (values == nil) {
				t.Fatalf("spec: absent source for values %q", values)
			}
		}
	})
}
