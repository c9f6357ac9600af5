package safelist

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestValidHeaderName(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		// #6 header-name: the token production.
		{"#6 X-A", "X-A", true},
		{"#6 every tchar", "!#$%&'*+-.^_`|~09AZaz", true},
		{"#6 space", "X A", false},
		{"#6 empty", "", false},
		{"#6 colon", "X-A:", false},
		{"#6 byte above 0x7F", "X-\xe9", false},
		{"#6 NUL", "X\x00", false},
		{"#6 quote", `X"`, false},
	}
	for _, tc := range tests {
		if got := ValidHeaderName(tc.in); got != tc.want {
			t.Errorf("%s: ValidHeaderName(%q) = %v, want %v", tc.name, tc.in, got, tc.want)
		}
		if got := CheckHeaderName(tc.in) == nil; got != tc.want {
			t.Errorf("%s: CheckHeaderName(%q) == nil is %v, want %v", tc.name, tc.in, got, tc.want)
		}
	}
	// Every byte on its own, against RFC 9110's tchar list.
	const tchar = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	for c := 0; c <= 0xFF; c++ {
		s := string([]byte{byte(c)})
		want := false
		for i := 0; i < len(tchar); i++ {
			want = want || tchar[i] == byte(c)
		}
		if got := ValidHeaderName(s); got != want {
			t.Errorf("#6 ValidHeaderName(0x%02x) = %v, want %v", c, got, want)
		}
	}
}

var headerValueTests = []struct {
	name       string
	in         string
	valid      bool
	normalized string
}{
	// #6 header-value, #7 concept-header-value-normalize.
	{"#6 plain", "v", true, "v"},
	{"#6 empty is a value", "", true, ""},
	{"#6 interior space", "v w", true, "v w"},
	{"#6 leading space", " v", false, "v"},
	{"#6 trailing tab", "v\t", false, "v"},
	{"#6 LF inside", "a\nb", false, "a\nb"},
	{"#6 CR inside", "a\rb", false, "a\rb"},
	{"#6 NUL inside", "a\x00b", false, "a\x00b"},
	{"#6 other controls are allowed", "a\x01\x1f\x7fb", true, "a\x01\x1f\x7fb"},
	{"#6 bytes above 0x7F are allowed", "caf\xe9", true, "caf\xe9"},
	{"#7 checklist example", "  v w \r\n", false, "v w"},
	{"#7 only whitespace", " \t\r\n", false, ""},
	{"#7 form feed is not HTTP whitespace", "\fv\f", true, "\fv\f"},
	{"#7 leading CR LF", "\r\nv", false, "v"},
}

func TestHeaderValue(t *testing.T) {
	for _, tc := range headerValueTests {
		if got := ValidHeaderValue(tc.in); got != tc.valid {
			t.Errorf("%s: ValidHeaderValue(%q) = %v, want %v", tc.name, tc.in, got, tc.valid)
		}
		if got := CheckHeaderValue("X-A", tc.in) == nil; got != tc.valid {
			t.Errorf("%s: CheckHeaderValue(%q) == nil is %v, want %v", tc.name, tc.in, got, tc.valid)
		}
		got := NormalizeHeaderValue(tc.in)
		if got != tc.normalized {
			t.Errorf("%s: NormalizeHeaderValue(%q) = %q, want %q", tc.name, tc.in, got, tc.normalized)
		}
	}
}

func TestHeaderErrors(t *testing.T) {
	tests := []struct {
		err  error
		want *HeaderError
		text string
	}{
		{CheckHeaderName(""), &HeaderError{Reason: ReasonNameEmpty}, `invalid header "": header name is empty`},
		{CheckHeaderName("X A"), &HeaderError{Name: "X A", At: 1, Reason: ReasonNameNotToken}, `invalid header "X A": header name contains a byte that is not a token code point (at 1: ' ')`},
		{CheckHeaderName("X-\xe9"), &HeaderError{Name: "X-\xe9", At: 2, Reason: ReasonNameNotToken}, `invalid header "X-\xe9": header name contains a byte that is not a token code point (at 2: 0xe9)`},
		{CheckHeaderValue("X-A", "a\nb"), &HeaderError{Name: "X-A", Value: "a\nb", At: 1, Reason: ReasonValueForbiddenByte}, `invalid header "X-A": header value contains a NUL, CR or LF byte (at 1: '\n')`},
		{CheckHeaderValue("X-A", " a"), &HeaderError{Name: "X-A", Value: " a", At: 0, Reason: ReasonValueEdgeWhitespace}, `invalid header "X-A": header value starts or ends with a tab or space (at 0: ' ')`},
		{CheckHeaderValue("X-A", "a\t"), &HeaderError{Name: "X-A", Value: "a\t", At: 1, Reason: ReasonValueEdgeWhitespace}, `invalid header "X-A": header value starts or ends with a tab or space (at 1: '\t')`},
		{CheckHeaderValue("X-A", "a\x00 "), &HeaderError{Name: "X-A", Value: "a\x00 ", At: 1, Reason: ReasonValueForbiddenByte}, `invalid header "X-A": header value contains a NUL, CR or LF byte (at 1: '\x00')`},
	}
	for _, tc := range tests {
		var he *HeaderError
		if !errors.As(tc.err, &he) {
			t.Errorf("%v is not a *HeaderError", tc.err)
			continue
		}
		if diff := cmp.Diff(tc.want, he); diff != "" {
			t.Errorf("HeaderError mismatch (-want +got):\n%s", diff)
		}
		if got := tc.err.Error(); got != tc.text {
			t.Errorf("error text\n got %s\nwant %s", got, tc.text)
		}
	}
}

func TestParseReasonString(t *testing.T) {
	if got := ParseReason(0).String(); got != "ParseReason(0)" {
		t.Errorf("ParseReason(0).String() = %q", got)
	}
	if got := ReasonStartAfterEnd.String(); got != "start is greater than end" {
		t.Errorf("ReasonStartAfterEnd.String() = %q", got)
	}
	if got := ParseReason(200).String(); got != "ParseReason(200)" {
		t.Errorf("ParseReason(200).String() = %q", got)
	}
}
