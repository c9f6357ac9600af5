package preflightcache

import (
	"strconv"
	"strings"
	"time"
)

// The engines read Access-Control-Max-Age with their own number parsers,
// not with the spec's delta-seconds rule. Each function below restates one
// engine's rule from its source; none is observed in full, but ENGINES.md
// confirms the cases its table lists (see the tests).

// parseMaxAgeChromium follows Chromium's ParseAccessControlMaxAge
// (services/network/cors/preflight_result.cc): the header lines are joined
// with ", " (HttpResponseHeaders::GetNormalizedHeader) and read by
// base::StringToInt64.
func (p *Policy) parseMaxAgeChromium(values []string) MaxAge {
	if len(values) == 0 {
		return p.defaultMaxAge(MaxAgeAbsent)
	}
	// Deviation(Chromium): two lines join into "a, b", which no integer
	// parser accepts, so the default applies (CONFIRMED: "a list → cached
	// for the 5 s default").
	if len(values) > 1 {
		return p.defaultMaxAge(MaxAgeInvalid)
	}
	n, ok := chromiumStringToInt64(trimTabOrSpace(values[0]))
	if !ok {
		// Deviation(Chromium): letters, fractions, out-of-range numbers
		// take the 5 s default (CONFIRMED for letters and fractions).
		return p.defaultMaxAge(MaxAgeInvalid)
	}
	if n < 0 {
		// Deviation(Chromium): a negative value becomes 0, an entry that
		// is already expired (CONFIRMED: -1 is not cached).
		return MaxAge{Duration: 0, Store: true, Source: MaxAgeNegative}
	}
	return p.capSeconds(uint64(n))
}

// chromiumStringToInt64 restates base::StringToInt64
// (base/strings/string_number_conversions_internal.h): an optional "-" or
// "+", then one or more ASCII digits and nothing else; leading whitespace
// and overflow make it fail.
func chromiumStringToInt64(s string) (int64, bool) {
	// strconv.ParseInt in base 10 has the same grammar: no whitespace, no
	// "_", a sign then digits, an error on overflow.
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// parseMaxAgeFirefox follows nsCORSPreflightListener::AddResultToCache
// (netwerk/protocol/http/nsCORSListenerProxy.cpp): the non-empty header
// lines joined with ", " (nsHttpHeaderArray::MergeHeader); an empty result
// means the default; anything but ASCII digits, or zero, means the cache
// is left untouched; the number is capped as it is read.
func (p *Policy) parseMaxAgeFirefox(values []string) MaxAge {
	var v string
	lines := 0
	for _, raw := range values {
		if t := trimTabOrSpace(raw); t != "" {
			v = t
			lines++
		}
	}
	if lines == 0 {
		return p.defaultMaxAge(MaxAgeAbsent)
	}
	// Deviation(Firefox): two non-empty lines join with ", ", and a comma
	// is not a digit (CONFIRMED: a list is not cached).
	if lines > 1 {
		return MaxAge{Store: false, Source: MaxAgeRejected}
	}
	var seconds uint64
	limit := uint64(maxSeconds)
	if p.MaxAgeCap > 0 {
		limit = uint64(p.MaxAgeCap / time.Second)
	}
	capped := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < '0' || c > '9' {
			// Deviation(Firefox): letters, signs, fractions are not
			// cached at all (CONFIRMED for -1, letters, a fraction).
			return MaxAge{Store: false, Source: MaxAgeRejected}
		}
		seconds = seconds*10 + uint64(c-'0')
		if seconds > limit {
			seconds = limit
			capped = true
		}
	}
	if seconds == 0 {
		// Deviation(Firefox): 0 stores nothing, so entries an earlier
		// preflight stored keep their lifetime. CONFIRMED by corsim
		// browser, Firefox ESR 153.7.0esr, vector
		// cache/refresh-with-max-age-0-expires-entry.
		return MaxAge{Store: false, Source: MaxAgeRejected}
	}
	m := p.capSeconds(seconds)
	if capped && p.MaxAgeCap > 0 {
		m.Source = MaxAgeCapped
	}
	return m
}

// parseMaxAgeWebKit follows parseAccessControlMaxAge
// (Source/WebCore/loader/CrossOriginPreflightResultCache.cpp): the header
// lines joined with ", " (HTTPHeaderMap::add), read by
// WTF::parseInteger<int64_t>.
func (p *Policy) parseMaxAgeWebKit(values []string) MaxAge {
	if len(values) == 0 {
		return p.defaultMaxAge(MaxAgeAbsent)
	}
	// Deviation(WebKit): a list fails to parse → the 5 s default
	// (CONFIRMED).
	if len(values) > 1 {
		return p.defaultMaxAge(MaxAgeInvalid)
	}
	n, ok := webkitParseInteger(values[0])
	if !ok {
		// Deviation(WebKit): letters and fractions take the default
		// (CONFIRMED).
		return p.defaultMaxAge(MaxAgeInvalid)
	}
	if n < 0 {
		// Deviation(WebKit): a negative value puts the expiry in the
		// past (CONFIRMED: -1 is not cached).
		return MaxAge{Duration: 0, Store: true, Source: MaxAgeNegative}
	}
	return p.capSeconds(uint64(n))
}

// webkitParseInteger restates WTF::parseInteger<int64_t> with its default
// whitespace policy (Source/WTF/wtf/text/StringToIntegerConversion.h):
// surrounding spaces, tabs, LF, FF and CR are skipped, then an optional
// "-" or "+", then one or more ASCII digits; overflow fails.
func webkitParseInteger(s string) (int64, bool) {
	s = strings.Trim(s, " \t\n\f\r")
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}
