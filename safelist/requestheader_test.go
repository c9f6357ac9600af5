package safelist

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var (
	safe = Verdict{Rule: RuleSafelisted}
	// a128 and a129 straddle the 128-byte limit (#17).
	a128 = strings.Repeat("a", 128)
	a129 = strings.Repeat("a", 129)
)

func unsafeAt(i int, b byte) Verdict   { return Verdict{Rule: RuleUnsafeByte, At: i, Byte: b} }
func languageAt(i int, b byte) Verdict { return Verdict{Rule: RuleLanguageByte, At: i, Byte: b} }
func mimeFail(r ParseReason, i int) Verdict {
	return Verdict{Rule: RuleContentTypeUnparsable, At: i, Parse: r}
}
func rangeFail(r ParseReason, i int) Verdict {
	return Verdict{Rule: RuleRangeUnparsable, At: i, Parse: r}
}

// requestHeaderTests: every case cites its checklist item; the anchor is
// cors-safelisted-request-header unless said otherwise.
var requestHeaderTests = []struct {
	name   string
	header string
	value  string
	want   Verdict
}{
	// #17: more than 128 bytes is never safelisted, checked first.
	{"#17 Accept 128 bytes", "Accept", a128, safe},
	{"#17 Accept 129 bytes", "Accept", a129, Verdict{Rule: RuleValueTooLong, Size: 129}},
	{"#17 Accept-Language 128 bytes", "Accept-Language", a128, safe},
	{"#17 Accept-Language 129 bytes", "Accept-Language", a129, Verdict{Rule: RuleValueTooLong, Size: 129}},
	{"#17 Content-Language 129 bytes", "Content-Language", a129, Verdict{Rule: RuleValueTooLong, Size: 129}},
	{"#17 Content-Type 128 bytes", "Content-Type", "text/plain;x=" + strings.Repeat("a", 115), safe},
	{"#17 Content-Type 129 bytes", "Content-Type", "text/plain;x=" + strings.Repeat("a", 116), Verdict{Rule: RuleValueTooLong, Size: 129}},
	{"#17 Range 128 bytes", "Range", "bytes=" + strings.Repeat("0", 120) + "-1", safe},
	{"#17 Range 129 bytes", "Range", "bytes=" + strings.Repeat("0", 121) + "-1", Verdict{Rule: RuleValueTooLong, Size: 129}},
	{"#17 checked before the name", "X-Custom", a129, Verdict{Rule: RuleValueTooLong, Size: 129}},
	{"#17 checked before the bytes", "Accept", strings.Repeat("@", 129), Verdict{Rule: RuleValueTooLong, Size: 129}},

	// #18: only five names.
	{"#18 X-Requested-With", "X-Requested-With", "XMLHttpRequest", Verdict{Rule: RuleNameNotSafelisted}},
	{"#18 empty value does not help", "X-Custom", "", Verdict{Rule: RuleNameNotSafelisted}},
	{"#18 ACCEPT uppercase", "ACCEPT", "text/html", safe},
	{"#18 content-TYPE mixed case", "content-TYPE", "text/plain", safe},
	{"#18 Accept-Charset is not Accept", "Accept-Charset", "utf-8", Verdict{Rule: RuleNameNotSafelisted}},
	{"#18 Content-Encoding", "Content-Encoding", "gzip", Verdict{Rule: RuleNameNotSafelisted}},
	{"#18 Authorization", "Authorization", "Bearer x", Verdict{Rule: RuleNameNotSafelisted}},
	{"#18 Kelvin sign is not k (no Unicode folding)", "Accept-Language\u212a", "en", Verdict{Rule: RuleNameNotSafelisted}},
	{"#26 script-set Cache-Control counts", "Cache-Control", "no-cache", Verdict{Rule: RuleNameNotSafelisted}},
	{"#26 script-set User-Agent counts", "User-Agent", "x", Verdict{Rule: RuleNameNotSafelisted}},

	// #19 Accept: unsafe bytes only, no grammar.
	{"#19 application/json", "Accept", "application/json", safe},
	{"#19 quoted q", "Accept", `text/html;q="0.9"`, unsafeAt(12, '"')},
	{"#19 empty", "Accept", "", safe},
	{"#19 no grammar check", "Accept", "not a media range ,;=", safe},
	{"#27 colon", "Accept", "a:b", unsafeAt(1, ':')},
	{"#27 , / ; = are fine", "Accept", "a/b;q=1,c", safe},
	{"#27 UTF-8 bytes are fine", "Accept", "café", safe},
	{"#27 HT is fine", "Accept", "a\tb", safe},
	{"#27 DEL", "Accept", "a\x7f", unsafeAt(1, 0x7f)},
	{"#27 first unsafe byte is reported", "Accept", "a{b}", unsafeAt(1, '{')},

	// #20 Accept-Language / Content-Language byte set.
	{"#20 en-US,en;q=0.9", "Accept-Language", "en-US,en;q=0.9", safe},
	{"#20 wildcard", "Accept-Language", "*", safe},
	{"#20 underscore", "Accept-Language", "de_DE", languageAt(2, '_')},
	{"#20 parenthesis", "Content-Language", "en (GB)", languageAt(3, '(')},
	{"#20 empty", "Content-Language", "", safe},
	{"#20 every allowed class", "Content-Language", "09 AZaz*,-.;=", safe},
	{"#20 tab is not space", "Accept-Language", "en\tfr", languageAt(2, '\t')},
	{"#20 UTF-8 is not allowed", "Accept-Language", "fr-ç", languageAt(3, 0xc3)},
	{"#20 slash", "Accept-Language", "en/fr", languageAt(2, '/')},
	{"#20 colon (also an unsafe byte)", "Content-Language", "a:b", languageAt(1, ':')},

	// #21 Content-Type rule 1: unsafe bytes before parsing.
	{"#21 quoted charset", "Content-Type", `text/plain; charset="utf-8"`, unsafeAt(20, '"')},
	{"#21 CR", "Content-Type", "text/plain\r", unsafeAt(10, '\r')},
	{"#21 parenthesis", "Content-Type", "text/plain(", unsafeAt(10, '(')},
	// #22 rule 2: parse a MIME type.
	{"#22 two types in one value", "Content-Type", "text/plain, application/json", mimeFail(ReasonSubtypeNotToken, 10)},
	{"#22 spaces around the slash", "Content-Type", "text / plain", mimeFail(ReasonTypeNotToken, 4)},
	{"#22 no subtype", "Content-Type", "text/", mimeFail(ReasonSubtypeEmpty, 5)},
	{"#22 no slash", "Content-Type", "text", mimeFail(ReasonNoSlash, 4)},
	{"#22 empty", "Content-Type", "", mimeFail(ReasonTypeEmpty, 0)},
	{"#22 UTF-8 in the subtype", "Content-Type", "text/pl\xe9in", mimeFail(ReasonSubtypeNotToken, 7)},
	{"#229 XHR's combined value", "Content-Type", "text/plain, text/plain", mimeFail(ReasonSubtypeNotToken, 10)},
	// #23 rule 3: the essence.
	{"#23 TEXT/Plain;charset=UTF-8", "Content-Type", "TEXT/Plain;charset=UTF-8", safe},
	{"#23 multipart with boundary", "Content-Type", "multipart/form-data; boundary=x", safe},
	{"#23 urlencoded", "Content-Type", "application/x-www-form-urlencoded", safe},
	{"#23 application/json", "Content-Type", "application/json", Verdict{Rule: RuleContentTypeEssence}},
	{"#23 trailing semicolon", "Content-Type", "text/plain ;", safe},
	{"#23 parameter without value", "Content-Type", "text/plain;charset", safe},
	{"#23 surrounding whitespace", "Content-Type", " \ttext/plain\t ", safe},
	{"#23 parameters are not checked", "Content-Type", "text/plain;x=\xff;;=", safe},
	{"#23 text/html", "Content-Type", "text/html", Verdict{Rule: RuleContentTypeEssence}},
	{"#23 text/plain2", "Content-Type", "text/plain2", Verdict{Rule: RuleContentTypeEssence}},
	{"#23 multipart/form-data-x", "Content-Type", "multipart/form-datax", Verdict{Rule: RuleContentTypeEssence}},
	{"#88 csp-report is not safelisted for script", "Content-Type", "application/csp-report", Verdict{Rule: RuleContentTypeEssence}},

	// #25 Range: a single range with a start, no whitespace.
	{"#25 bytes=0-", "Range", "bytes=0-", safe},
	{"#25 bytes=100-200", "Range", "bytes=100-200", safe},
	{"#25 equal start and end", "Range", "bytes=7-7", safe},
	{"#25 suffix range", "Range", "bytes=-500", Verdict{Rule: RuleRangeNoStart}},
	{"#25 start after end", "Range", "bytes=5-1", rangeFail(ReasonStartAfterEnd, 8)},
	{"#25 multi-range", "Range", "bytes=0-1,3-4", rangeFail(ReasonTrailingData, 9)},
	{"#25 whitespace not allowed", "Range", "bytes = 0-1", rangeFail(ReasonNoEquals, 5)},
	{"#25 unit is case-sensitive", "Range", "Bytes=0-", rangeFail(ReasonNoBytesUnit, 0)},
	{"#25 no numbers", "Range", "bytes=-", rangeFail(ReasonNoStartOrEnd, 7)},
	{"#25 other unit", "Range", "items=0-1", rangeFail(ReasonNoBytesUnit, 0)},
	{"#25 empty", "Range", "", rangeFail(ReasonNoBytesUnit, 0)},
	{"#25 huge numbers compare exactly", "Range", "bytes=99999999999999999999-100000000000000000000", safe},
	{"#25 huge start after huge end", "Range", "bytes=100000000000000000001-100000000000000000000", rangeFail(ReasonStartAfterEnd, 28)},
}

func TestRequestHeader(t *testing.T) {
	for _, tc := range requestHeaderTests {
		t.Run(tc.name, func(t *testing.T) {
			got := RequestHeader(tc.header, tc.value)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("RequestHeader(%q, %q) mismatch (-want +got):\n%s", tc.header, tc.value, diff)
			}
			if got.Safelisted() != (tc.want.Rule == RuleSafelisted) {
				t.Errorf("Safelisted() = %v for %v", got.Safelisted(), got)
			}
		})
	}
}

// specUnsafeBytes is the list of #27 cors-unsafe-request-header-byte as the
// spec writes it, besides the control bytes.
const specUnsafeBytes = "\"():<>?@[\\]{}\x7f"

// TestUnsafeByteEveryByte checks #27 cors-unsafe-request-header-byte for
// each of the 256 bytes, and the two rules that use it (#19 Accept, #21
// Content-Type) for each byte on its own.
func TestUnsafeByteEveryByte(t *testing.T) {
	for c := 0; c <= 0xFF; c++ {
		b := byte(c)
		want := (b < 0x20 && b != '\t') || strings.IndexByte(specUnsafeBytes, b) >= 0
		if got := UnsafeByte(b); got != want {
			t.Errorf("UnsafeByte(0x%02x) = %v, want %v", b, got, want)
		}
		accept := RequestHeader("Accept", "x"+string([]byte{b}))
		if want && accept != unsafeAt(1, b) {
			t.Errorf("#19 Accept with byte 0x%02x = %v, want unsafe at 1", b, accept)
		}
		if !want && !accept.Safelisted() {
			t.Errorf("#19 Accept with byte 0x%02x = %v, want safelisted", b, accept)
		}
		// In a Content-Type parameter value the byte is either unsafe or
		// harmless: parameters never make parsing fail.
		ct := RequestHeader("Content-Type", "text/plain;x=a"+string([]byte{b}))
		if want && ct != unsafeAt(14, b) {
			t.Errorf("#21 Content-Type with byte 0x%02x = %v, want unsafe at 14", b, ct)
		}
		if !want && !ct.Safelisted() {
			t.Errorf("#21 Content-Type with byte 0x%02x = %v, want safelisted", b, ct)
		}
	}
}

// TestLanguageEveryByte checks #20 for each byte, against the classes the
// spec lists: 0x30-0x39, 0x41-0x5A, 0x61-0x7A, and SP * , - . ; =.
func TestLanguageEveryByte(t *testing.T) {
	for c := 0; c <= 0xFF; c++ {
		b := byte(c)
		want := ('0' <= b && b <= '9') || ('A' <= b && b <= 'Z') || ('a' <= b && b <= 'z') || strings.IndexByte(" *,-.;=", b) >= 0
		for _, name := range []string{"Accept-Language", "content-language"} {
			got := RequestHeader(name, "en"+string([]byte{b}))
			if want && !got.Safelisted() {
				t.Errorf("#20 %s with byte 0x%02x = %v, want safelisted", name, b, got)
			}
			if !want && got != languageAt(2, b) {
				t.Errorf("#20 %s with byte 0x%02x = %v, want language byte at 2", name, b, got)
			}
		}
	}
}

func TestVerdictString(t *testing.T) {
	tests := []struct {
		v    Verdict
		want string
	}{
		{safe, "CORS-safelisted request-header"},
		{Verdict{Rule: RuleValueTooLong, Size: 129}, "value is 129 bytes, longer than 128"},
		{Verdict{Rule: RuleNameNotSafelisted}, "name is not Accept, Accept-Language, Content-Language, Content-Type or Range"},
		{unsafeAt(11, '"'), `value contains the CORS-unsafe request-header byte '"' at 11`},
		{unsafeAt(1, 0x7f), `value contains the CORS-unsafe request-header byte '\x7f' at 1`},
		{languageAt(2, '_'), "value contains '_' at 2, not one of 0-9 A-Z a-z space * , - . ; ="},
		{languageAt(3, 0xc3), "value contains 0xc3 at 3, not one of 0-9 A-Z a-z space * , - . ; ="},
		{mimeFail(ReasonTypeNotToken, 4), "value is not a MIME type: type contains a byte that is not an HTTP token code point at 4"},
		{Verdict{Rule: RuleContentTypeEssence}, "MIME type is not application/x-www-form-urlencoded, multipart/form-data or text/plain"},
		{rangeFail(ReasonTrailingData, 9), "value is not a single byte range: unexpected bytes after the range at 9"},
		{Verdict{Rule: RuleRangeNoStart}, "range has no start (a suffix range)"},
		{Verdict{Rule: RuleTotalTooLong, Size: 1025}, "safelisted values total 1025 bytes, more than 1024"},
		{Verdict{}, "no verdict"},
	}
	for _, tc := range tests {
		if got := tc.v.String(); got != tc.want {
			t.Errorf("%#v.String() = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func TestRuleCodesAndAnchors(t *testing.T) {
	const fetch = "https://fetch.spec.whatwg.org/#"
	tests := []struct {
		rule         Rule
		code, anchor string
	}{
		{0, "Rule(0)", ""},
		{RuleSafelisted, "safelisted", fetch + "cors-safelisted-request-header"},
		{RuleValueTooLong, "value-too-long", fetch + "cors-safelisted-request-header"},
		{RuleNameNotSafelisted, "name-not-safelisted", fetch + "cors-safelisted-request-header"},
		{RuleUnsafeByte, "cors-unsafe-byte", fetch + "cors-unsafe-request-header-byte"},
		{RuleLanguageByte, "language-byte", fetch + "cors-safelisted-request-header"},
		{RuleContentTypeUnparsable, "content-type-unparsable", "https://mimesniff.spec.whatwg.org/#parse-a-mime-type"},
		{RuleContentTypeEssence, "content-type-essence", fetch + "cors-safelisted-request-header"},
		{RuleRangeUnparsable, "range-unparsable", fetch + "simple-range-header-value"},
		{RuleRangeNoStart, "range-no-start", fetch + "cors-safelisted-request-header"},
		{RuleTotalTooLong, "safelisted-total-too-long", fetch + "cors-unsafe-request-header-names"},
		{99, "Rule(99)", fetch + "cors-safelisted-request-header"},
	}
	for _, tc := range tests {
		if got := tc.rule.String(); got != tc.code {
			t.Errorf("Rule(%d).String() = %q, want %q", tc.rule, got, tc.code)
		}
		if got := tc.rule.Anchor(); got != tc.anchor {
			t.Errorf("Rule(%d).Anchor() = %q, want %q", tc.rule, got, tc.anchor)
		}
	}
}

func TestRequestHeaderAllocations(t *testing.T) {
	for _, tc := range requestHeaderTests {
		if n := testing.AllocsPerRun(50, func() { RequestHeader(tc.header, tc.value) }); n != 0 {
			t.Errorf("%s: RequestHeader allocates %v times, want 0", tc.name, n)
		}
	}
}

// FuzzContentTypeRule checks that the Content-Type rule agrees with a
// second formulation built from the exported parser: no unsafe byte, then
// ParseMIMEType succeeds and its essence is one of the three.
func FuzzContentTypeRule(f *testing.F) {
	for _, tc := range requestHeaderTests {
		if equalFold(tc.header, "content-type") {
			f.Add(tc.value)
		}
	}
	for _, tc := range mimeTests {
		f.Add(tc.input)
	}
	f.Fuzz(func(t *testing.T, value string) {
		want := len(value) <= 128
		for i := 0; i < len(value) && want; i++ {
			want = !((value[i] < 0x20 && value[i] != '\t') || strings.IndexByte(specUnsafeBytes, value[i]) >= 0)
		}
		if want {
			m, err := ParseMIMEType(value)
			switch {
			case err != nil:
				want = false
			default:
				e := m.Essence()
				want = e == "application/x-www-form-urlencoded" || e == "multipart/form-data" || e == "text/plain"
			}
		}
		if got := RequestHeader("Content-Type", value); got.Safelisted() != want {
			t.Fatalf("RequestHeader(Content-Type, %q) = %v, second formulation says safelisted=%v", value, got, want)
		}
	})
}

func BenchmarkRequestHeader(b *testing.B) {
	for _, tc := range requestHeaderTests {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				RequestHeader(tc.header, tc.value)
			}
		})
	}
}
