package safelist

import "testing"

var methodTests = []struct {
	name       string
	method     string
	valid      bool   // #16 concept-method
	safelisted bool   // #13 cors-safelisted-method
	forbidden  bool   // #14 forbidden-method
	normalized string // #15 concept-method-normalize
}{
	{"#13 GET", "GET", true, true, false, "GET"},
	{"#13 HEAD", "HEAD", true, true, false, "HEAD"},
	{"#13 POST", "POST", true, true, false, "POST"},
	{"#13 lowercase post is not safelisted before normalizing", "post", true, false, false, "POST"},
	{"#13 mixed-case Get", "Get", true, false, false, "GET"},
	{"#13 PUT needs a preflight", "PUT", true, false, false, "PUT"},
	{"#13 PATCH needs a preflight", "PATCH", true, false, false, "PATCH"},
	{"#13 OPTIONS needs a preflight", "OPTIONS", true, false, false, "OPTIONS"},
	{"#15 patch stays patch", "patch", true, false, false, "patch"},
	{"#15 delete is uppercased", "delete", true, false, false, "DELETE"},
	{"#15 options is uppercased", "oPtIoNs", true, false, false, "OPTIONS"},
	{"#15 put is uppercased", "put", true, false, false, "PUT"},
	{"#15 head is uppercased", "hEAD", true, false, false, "HEAD"},
	{"#15 a near miss is left alone", "GETS", true, false, false, "GETS"},
	{"#14 CONNECT", "CONNECT", true, false, true, "CONNECT"},
	{"#14 trace, any case", "trace", true, false, true, "trace"},
	{"#14 TrAcK", "TrAcK", true, false, true, "TrAcK"},
	{"#14 TRACES is not forbidden", "TRACES", true, false, false, "TRACES"},
	{"#14 KELVIN SIGN is not K", "TRAC\u212a", false, false, false, "TRAC\u212a"},
	{"#16 CHICKEN is a method", "CHICKEN", true, false, false, "CHICKEN"},
	{"#16 eGg is a method", "eGg", true, false, false, "eGg"},
	{"#16 every tchar", "!#$%&'*+-.^_`|~09azAZ", true, false, false, "!#$%&'*+-.^_`|~09azAZ"},
	{"#16 space is not a token", "GET POST", false, false, false, "GET POST"},
	{"#16 empty is not a token", "", false, false, false, ""},
	{"#16 separator", "GET,", false, false, false, "GET,"},
	{"#16 byte above 0x7F", "G\xc9T", false, false, false, "G\xc9T"},
}

func TestMethods(t *testing.T) {
	for _, tc := range methodTests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ValidMethod(tc.method); got != tc.valid {
				t.Errorf("ValidMethod(%q) = %v, want %v", tc.method, got, tc.valid)
			}
			if got := SafelistedMethod(tc.method); got != tc.safelisted {
				t.Errorf("SafelistedMethod(%q) = %v, want %v", tc.method, got, tc.safelisted)
			}
			if got := ForbiddenMethod(tc.method); got != tc.forbidden {
				t.Errorf("ForbiddenMethod(%q) = %v, want %v", tc.method, got, tc.forbidden)
			}
			if got := NormalizeMethod(tc.method); got != tc.normalized {
				t.Errorf("NormalizeMethod(%q) = %q, want %q", tc.method, got, tc.normalized)
			}
		})
	}
}

func TestMethodAllocations(t *testing.T) {
	for _, tc := range methodTests {
		n := testing.AllocsPerRun(100, func() {
			_ = SafelistedMethod(NormalizeMethod(tc.method))
			_ = ForbiddenMethod(tc.method)
			_ = ValidMethod(tc.method)
		})
		if n != 0 {
			t.Errorf("%s: method classification allocates %v times, want 0", tc.name, n)
		}
	}
}

func BenchmarkNormalizeMethod(b *testing.B) {
	for _, tc := range methodTests {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				NormalizeMethod(tc.method)
			}
		})
	}
}
