package preflightcache

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Shorthands for the expectations below.
func given(s int64) MaxAge {
	return MaxAge{Duration: time.Duration(s) * time.Second, Store: true, Source: MaxAgeGiven}
}
func capped(s int64) MaxAge {
	return MaxAge{Duration: time.Duration(s) * time.Second, Store: true, Source: MaxAgeCapped}
}

var (
	absent5  = MaxAge{Duration: 5 * time.Second, Store: true, Source: MaxAgeAbsent}
	invalid5 = MaxAge{Duration: 5 * time.Second, Store: true, Source: MaxAgeInvalid}
	negative = MaxAge{Duration: 0, Store: true, Source: MaxAgeNegative}
	rejected = MaxAge{Store: false, Source: MaxAgeRejected}
)

// maxAgeTests is the unit table for Policy.ParseMaxAge and the seed corpus
// of FuzzParseMaxAge. values are the Access-Control-Max-Age header lines.
// Sources:
//   - spec: #167 cors-preflight-fetch-0 steps 7.8-7.10 with
//     http-access-control-max-age (delta-seconds) and
//     extract-header-list-values (two headers of a single-valued name fail);
//     Q10 (-1 means 5 s).
//   - obs: ENGINES.md observations (CONFIRMED).
//   - chromium: preflight_result.cc ParseAccessControlMaxAge,
//     base::StringToInt64 (CLAIM where not obs).
//   - firefox: nsCORSListenerProxy.cpp AddResultToCache,
//     nsHttpHeaderArray::MergeHeader (CLAIM where not obs).
//   - webkit: CrossOriginPreflightResultCache.cpp parseAccessControlMaxAge,
//     WTF::parseInteger (CLAIM where not obs).
var maxAgeTests = []struct {
	name                            string
	values                          []string
	spec, chromium, firefox, webkit MaxAge
}{
	// All: no header means the 5 s default (spec step 7.9; Firefox
	// PREFLIGHT_DEFAULT_EXPIRY_SECONDS, which SPEC-CHECKLIST B2's "not
	// cached when absent" contradicts).
	{name: "absent", values: nil,
		spec: absent5, chromium: absent5, firefox: absent5, webkit: absent5},
	{name: "plain", values: []string{"42"},
		spec: given(42), chromium: given(42), firefox: given(42), webkit: given(42)},
	{name: "leading zeros", values: []string{"0010"},
		spec: given(10), chromium: given(10), firefox: given(10), webkit: given(10)},
	// #167 e.g. "0 → 0"; Firefox stores nothing for 0.
	{name: "zero", values: []string{"0"},
		spec: given(0), chromium: given(0), firefox: rejected, webkit: given(0)},
	// Q10; obs: "-1, same request again at once → preflights again" in all
	// three engines.
	{name: "minus one", values: []string{"-1"},
		spec: invalid5, chromium: negative, firefox: rejected, webkit: negative},
	// obs: letters and fractions: Firefox not cached, Chromium and WebKit
	// 5 s.
	{name: "letters", values: []string{"abc"},
		spec: invalid5, chromium: invalid5, firefox: rejected, webkit: invalid5},
	{name: "fraction", values: []string{"1.5"},
		spec: invalid5, chromium: invalid5, firefox: rejected, webkit: invalid5},
	// obs: a list of two values, as one line or two.
	{name: "list in one line", values: []string{"10, 20"},
		spec: invalid5, chromium: invalid5, firefox: rejected, webkit: invalid5},
	{name: "two lines", values: []string{"10", "20"},
		spec: invalid5, chromium: invalid5, firefox: rejected, webkit: invalid5},
	{name: "two equal lines", values: []string{"10", "10"},
		spec: invalid5, chromium: invalid5, firefox: rejected, webkit: invalid5},
	// Firefox merges only non-empty lines, so "" plus "10" is just "10";
	// Chromium and WebKit join every line.
	{name: "empty line and a number", values: []string{"", "10"},
		spec: invalid5, chromium: invalid5, firefox: given(10), webkit: invalid5},
	{name: "empty value", values: []string{""},
		spec: invalid5, chromium: invalid5, firefox: absent5, webkit: invalid5},
	// obs: Max-Age 1000000 → Chromium 7200 s, WebKit 600 s; Firefox's
	// 86400 s is a claim.
	{name: "above every cap", values: []string{"1000000"},
		spec: given(1000000), chromium: capped(7200), firefox: capped(86400), webkit: capped(600)},
	{name: "at Chromium's cap", values: []string{"7200"},
		spec: given(7200), chromium: given(7200), firefox: given(7200), webkit: capped(600)},
	{name: "just above WebKit's cap", values: []string{"601"},
		spec: given(601), chromium: given(601), firefox: given(601), webkit: capped(600)},
	{name: "just above Firefox's cap", values: []string{"86401"},
		spec: given(86401), chromium: capped(7200), firefox: capped(86400), webkit: capped(600)},
	// A plus sign: base::StringToInt64 and WTF::parseInteger accept it,
	// delta-seconds and Firefox's digit loop do not.
	{name: "plus sign", values: []string{"+10"},
		spec: invalid5, chromium: given(10), firefox: rejected, webkit: given(10)},
	{name: "minus zero", values: []string{"-0"},
		spec: invalid5, chromium: given(0), firefox: rejected, webkit: given(0)},
	// Beyond int64: the engines' parsers fail → 5 s; delta-seconds has no
	// bound; Firefox caps while reading.
	{name: "beyond int64", values: []string{"99999999999999999999"},
		spec:     MaxAge{Duration: time.Duration(maxSeconds) * time.Second, Store: true, Source: MaxAgeGiven},
		chromium: invalid5, firefox: capped(86400), webkit: invalid5},
	{name: "far below int64", values: []string{"-99999999999999999999"},
		spec: invalid5, chromium: invalid5, firefox: rejected, webkit: invalid5},
	{name: "hex", values: []string{"0x10"},
		spec: invalid5, chromium: invalid5, firefox: rejected, webkit: invalid5},
	{name: "exponent", values: []string{"1e3"},
		spec: invalid5, chromium: invalid5, firefox: rejected, webkit: invalid5},
	// Spaces and tabs around a line are stripped by every HTTP parser and
	// by extract header list values.
	{name: "surrounding space", values: []string{" 30\t"},
		spec: given(30), chromium: given(30), firefox: given(30), webkit: given(30)},
	{name: "inner space", values: []string{"3 0"},
		spec: invalid5, chromium: invalid5, firefox: rejected, webkit: invalid5},
	// A trailing form feed: only WTF::parseInteger skips it.
	{name: "trailing form feed", values: []string{"30\f"},
		spec: invalid5, chromium: invalid5, firefox: rejected, webkit: given(30)},
	{name: "quoted", values: []string{`"30"`},
		spec: invalid5, chromium: invalid5, firefox: rejected, webkit: invalid5},
	{name: "sign only", values: []string{"-"},
		spec: invalid5, chromium: invalid5, firefox: rejected, webkit: invalid5},
	{name: "int64 max", values: []string{"9223372036854775807"},
		spec:     MaxAge{Duration: time.Duration(maxSeconds) * time.Second, Store: true, Source: MaxAgeGiven},
		chromium: capped(7200), firefox: capped(86400), webkit: capped(600)},
}

func TestParseMaxAge(t *testing.T) {
	for _, tc := range maxAgeTests {
		t.Run(tc.name, func(t *testing.T) {
			for _, c := range []struct {
				p    Policy
				want MaxAge
			}{{Spec, tc.spec}, {Chromium, tc.chromium}, {Firefox, tc.firefox}, {WebKit, tc.webkit}} {
				got := c.p.ParseMaxAge(tc.values)
				if diff := cmp.Diff(c.want, got); diff != "" {
					t.Errorf("%s ParseMaxAge(%q) mismatch (-want +got):\n%s", c.p.Name, tc.values, diff)
				}
			}
		})
	}
}

// TestParseMaxAgeCustomCap checks that the cap is the policy's field, not
// a constant: a spec policy given a cap clamps (#167 e.g. "99999999 → the
// UA cap").
func TestParseMaxAgeCustomCap(t *testing.T) {
	p := Spec
	p.MaxAgeCap = time.Hour
	if diff := cmp.Diff(capped(3600), p.ParseMaxAge([]string{"99999999"})); diff != "" {
		t.Errorf("ParseMaxAge mismatch (-want +got):\n%s", diff)
	}
	p = Firefox
	p.MaxAgeCap = 0 // no cap: the digit loop must still not overflow
	want := MaxAge{Duration: time.Duration(maxSeconds) * time.Second, Store: true, Source: MaxAgeGiven}
	if diff := cmp.Diff(want, p.ParseMaxAge([]string{strings.Repeat("9", 40)})); diff != "" {
		t.Errorf("uncapped Firefox ParseMaxAge mismatch (-want +got):\n%s", diff)
	}
}

func BenchmarkParseMaxAge(b *testing.B) {
	for _, p := range []Policy{Spec, Chromium, Firefox, WebKit} {
		b.Run(p.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, tc := range maxAgeTests {
					p.ParseMaxAge(tc.values)
				}
			}
		})
	}
}
