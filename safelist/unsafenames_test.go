package safelist

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// repeat returns n copies of the header (name, value).
func repeat(n int, name, value string) HeaderList {
	var l HeaderList
	for range n {
		l = append(l, Header{Name: name, Value: value})
	}
	return l
}

// typicalRequest is the 5-header request the allocation guard measures:
// the four safelistable headers a page commonly sets, plus one custom
// header already in lowercase.
var typicalRequest = list(
	"Accept", "application/json",
	"Accept-Language", "en-US,en;q=0.9",
	"Content-Type", "text/plain;charset=UTF-8",
	"Content-Language", "de-DE",
	"x-custom", "1",
)

var unsafeNamesTests = []struct {
	name string
	list HeaderList
	want []string
}{
	// #28 cors-unsafe-request-header-names.
	{"#28 no headers", nil, nil},
	{"#28 only safelisted", list("Accept", "*/*", "Content-Type", "text/plain"), nil},
	{"#28 typical request", typicalRequest, []string{"x-custom"}},
	{"#28 nine Accept entries of 120 bytes", repeat(9, "Accept", strings.Repeat("a", 120)), []string{"accept"}},
	{"#28 total exactly 1024 stays safe", repeat(8, "Accept", a128), nil},
	{"#28 total 1025 makes them unsafe", append(repeat(8, "Accept", a128), Header{"Accept-Language", "e"}), []string{"accept", "accept-language"}},
	{"#28 unsafe values do not count toward 1024", append(repeat(8, "Accept", a128), Header{"X-A", "e"}), []string{"x-a"}},
	{"#28 over-long values do not count toward 1024", append(repeat(8, "Accept", a128), Header{"Accept", a129}), []string{"accept"}},
	{"#28 over 1024 lists every safelisted name", append(append(repeat(8, "Content-Language", a128), Header{"Accept", "a"}), Header{"Range", "bytes=0-"}, Header{"X-A", "1"}), []string{"accept", "content-language", "range", "x-a"}},
	{"#30 UA Accept */* tips 1022 bytes over the limit", withUserAgentAccept(), []string{"accept", "content-language"}},
	// #159 cors-preflight-fetch-0: lowercased, de-duplicated, byte-sorted.
	{"#159 checklist example", list("X-B", "1", "X-A", "1", "x-a", "2", "Content-Type", "application/json"), []string{"content-type", "x-a", "x-b"}},
	// #24 example-cors-safelisted-request-header-content-type.
	{"#24 fetch keeps two Content-Type entries", list("Content-Type", "application/json", "Content-Type", "text/plain"), []string{"content-type"}},
	// #29 concept-header-list-combine: XHR's combined value trips the 128 rule.
	{"#29 XHR combined Accept", list("Accept", strings.Repeat("a", 100)+", "+strings.Repeat("a", 100)), []string{"accept"}},
	{"#18 uppercase custom name is lowercased", list("X-UPPER", "1"), []string{"x-upper"}},
	{"#9 '-' sorts before digits", list("x1", "1", "X-B", "1"), []string{"x-b", "x1"}},
}

// withUserAgentAccept is checklist #30's example: eight author
// Content-Language entries totalling 1022 bytes, then the Accept: */* that
// fetch appends before main fetch (3 bytes): spec-literally 1025 > 1024.
func withUserAgentAccept() HeaderList {
	l := repeat(7, "Content-Language", a128)
	l = append(l, Header{"Content-Language", strings.Repeat("a", 1022-7*128)})
	return append(l, Header{"Accept", "*/*"})
}

func TestUnsafeRequestHeaderNames(t *testing.T) {
	for _, tc := range unsafeNamesTests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, UnsafeRequestHeaderNames(tc.list)); diff != "" {
				t.Errorf("UnsafeRequestHeaderNames mismatch (-want +got):\n%s", diff)
			}
			// The appending form keeps what dst held.
			got := AppendUnsafeRequestHeaderNames([]string{"keep"}, tc.list)
			if diff := cmp.Diff(append([]string{"keep"}, tc.want...), got); diff != "" {
				t.Errorf("AppendUnsafeRequestHeaderNames mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAppendRequestHeaderVerdicts(t *testing.T) {
	over := append(repeat(8, "Accept", a128), Header{"X-A", "1"}, Header{"Accept", "e"})
	got := AppendRequestHeaderVerdicts(nil, over)
	want := make([]Verdict, 0, len(over))
	for range 8 {
		want = append(want, Verdict{Rule: RuleTotalTooLong, Size: 1025})
	}
	want = append(want, Verdict{Rule: RuleNameNotSafelisted}, Verdict{Rule: RuleTotalTooLong, Size: 1025})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("#28 verdicts over 1024 mismatch (-want +got):\n%s", diff)
	}
	for _, tc := range unsafeNamesTests {
		if diff := cmp.Diff(tc.want, namesFromVerdicts(tc.list)); diff != "" {
			t.Errorf("%s: names from verdicts mismatch (-want +got):\n%s", tc.name, diff)
		}
	}
}

// namesFromVerdicts is the second formulation: the sorted-lowercase set of
// the names whose verdict is not safelisted.
func namesFromVerdicts(l HeaderList) []string {
	var names []string
	for i, v := range AppendRequestHeaderVerdicts(nil, l) {
		if !v.Safelisted() {
			names = append(names, l[i].Name)
		}
	}
	return SortedLowercaseSet(names)
}

// referenceUnsafeNames is a third, literal formulation of the algorithm,
// with strings.ToLower, a map as the set and sort.Strings.
func referenceUnsafeNames(l HeaderList) []string {
	var unsafeNames, potentially []string
	size := 0
	for _, h := range l {
		if !RequestHeader(h.Name, h.Value).Safelisted() {
			unsafeNames = append(unsafeNames, h.Name)
		} else {
			potentially = append(potentially, h.Name)
			size += len(h.Value)
		}
	}
	if size > 1024 {
		unsafeNames = append(unsafeNames, potentially...)
	}
	set := map[string]bool{}
	for _, n := range unsafeNames {
		set[strings.ToLower(n)] = true
	}
	var out []string
	for n := range set {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// parseHeaderLines turns "Name: value" lines into a list for fuzzing.
func parseHeaderLines(s string) HeaderList {
	var l HeaderList
	for line := range strings.SplitSeq(s, "\n") {
		name, value, _ := strings.Cut(line, ":")
		l = append(l, Header{Name: name, Value: value})
	}
	return l
}

func FuzzUnsafeRequestHeaderNames(f *testing.F) {
	for _, tc := range unsafeNamesTests {
		var lines []string
		for _, h := range tc.list {
			lines = append(lines, h.Name+":"+h.Value)
		}
		f.Add(strings.Join(lines, "\n"))
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := parseHeaderLines(s)
		for _, h := range l {
			if !isASCII(h.Name) {
				return // strings.ToLower in the reference would fold beyond ASCII
			}
		}
		got := UnsafeRequestHeaderNames(l)
		if diff := cmp.Diff(referenceUnsafeNames(l), got); diff != "" {
			t.Fatalf("UnsafeRequestHeaderNames(%q) disagrees with the reference (-ref +got):\n%s", l, diff)
		}
		if diff := cmp.Diff(namesFromVerdicts(l), got); diff != "" {
			t.Fatalf("UnsafeRequestHeaderNames(%q) disagrees with the verdicts (-verdicts +got):\n%s", l, diff)
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// TestClassifyTypicalRequestAllocations is the hot-path guard: classifying
// a typical request (method and header list, names into a reused buffer)
// allocates nothing.
func TestClassifyTypicalRequestAllocations(t *testing.T) {
	dst := make([]string, 0, 8)
	verdicts := make([]Verdict, 0, 8)
	lists := map[string]HeaderList{
		"typical":                     typicalRequest,
		"common names in other cases": list("Accept", "*/*", "X-Requested-With", "XMLHttpRequest", "Authorization", "Bearer x", "CACHE-CONTROL", "no-cache", "content-type", "application/json"),
	}
	for name, l := range lists {
		n := testing.AllocsPerRun(100, func() {
			m := NormalizeMethod("post")
			_ = SafelistedMethod(m) && !ForbiddenMethod(m)
			for _, h := range l {
				_ = ForbiddenRequestHeader(h.Name, h.Value)
			}
			dst = AppendUnsafeRequestHeaderNames(dst[:0], l)
			verdicts = AppendRequestHeaderVerdicts(verdicts[:0], l)
		})
		if n != 0 {
			t.Errorf("%s: classifying allocates %v times, want 0", name, n)
		}
	}
}

func BenchmarkUnsafeRequestHeaderNames(b *testing.B) {
	dst := make([]string, 0, 32)
	for _, tc := range unsafeNamesTests {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				dst = AppendUnsafeRequestHeaderNames(dst[:0], tc.list)
			}
		})
	}
}

// BenchmarkClassifyTypicalRequest measures the whole classification of the
// typical request: method, forbidden check and unsafe names.
func BenchmarkClassifyTypicalRequest(b *testing.B) {
	dst := make([]string, 0, 8)
	b.ReportAllocs()
	for b.Loop() {
		m := NormalizeMethod("POST")
		_ = SafelistedMethod(m)
		for _, h := range typicalRequest {
			_ = ForbiddenRequestHeader(h.Name, h.Value)
		}
		dst = AppendUnsafeRequestHeaderNames(dst[:0], typicalRequest)
	}
}
