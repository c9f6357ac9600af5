package safelist

import (
	"errors"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// rangeTests follow the steps of simple-range-header-value (#25); a nil
// want means failure with the given reason and offset.
var rangeTests = []struct {
	name            string
	value           string
	allowWhitespace bool
	want            *ByteRange
	reason          ParseReason
	at              int
}{
	{"#25 bytes=0-", "bytes=0-", false, &ByteRange{Start: 0, HasStart: true}, 0, 0},
	{"#25 bytes=100-200", "bytes=100-200", false, &ByteRange{Start: 100, End: 200, HasStart: true, HasEnd: true}, 0, 0},
	{"#25 suffix range parses (the CORS rule rejects it)", "bytes=-500", false, &ByteRange{End: 500, HasEnd: true}, 0, 0},
	{"#25 equal", "bytes=5-5", false, &ByteRange{Start: 5, End: 5, HasStart: true, HasEnd: true}, 0, 0},
	{"#25 leading zeros", "bytes=007-010", false, &ByteRange{Start: 7, End: 10, HasStart: true, HasEnd: true}, 0, 0},
	{"#25 start after end", "bytes=5-1", false, nil, ReasonStartAfterEnd, 8},
	{"#25 start after end with leading zeros", "bytes=10-0009", false, nil, ReasonStartAfterEnd, 9},
	{"#25 multi-range", "bytes=0-1,3-4", false, nil, ReasonTrailingData, 9},
	{"step 2 Bytes", "Bytes=0-", false, nil, ReasonNoBytesUnit, 0},
	{"step 2 byte", "byte=0-", false, nil, ReasonNoBytesUnit, 4},
	{"step 2 empty", "", false, nil, ReasonNoBytesUnit, 0},
	{"step 5 nothing after bytes", "bytes", false, nil, ReasonNoEquals, 5},
	{"step 5 bytes: colon", "bytes:0-1", false, nil, ReasonNoEquals, 5},
	{"step 4 space before = without allowWhitespace", "bytes =0-1", false, nil, ReasonNoEquals, 5},
	{"step 4 space before = with allowWhitespace", "bytes =0-1", true, &ByteRange{Start: 0, End: 1, HasStart: true, HasEnd: true}, 0, 0},
	{"step 7 space after = without allowWhitespace", "bytes= 0-1", false, nil, ReasonNoDash, 6},
	{"steps 4-13 whitespace everywhere allowed", "bytes \t= \t0 \t- \t1", true, &ByteRange{Start: 0, End: 1, HasStart: true, HasEnd: true}, 0, 0},
	{"step 16 trailing whitespace is never allowed", "bytes=0-1 ", true, nil, ReasonTrailingData, 9},
	{"step 11 no dash", "bytes=0", false, nil, ReasonNoDash, 7},
	{"step 11 two dashes", "bytes=0--1", false, nil, ReasonTrailingData, 8},
	{"step 16 sign", "bytes=+1-2", false, nil, ReasonNoDash, 6},
	{"step 17 neither", "bytes=-", false, nil, ReasonNoStartOrEnd, 7},
	{"step 17 neither, with whitespace", "bytes = - ", true, nil, ReasonNoStartOrEnd, 10},
	{"step 9 beyond uint64 saturates", "bytes=99999999999999999999-", false, &ByteRange{Start: math.MaxUint64, HasStart: true}, 0, 0},
	{"step 18 exact compare beyond uint64", "bytes=99999999999999999999-99999999999999999998", false, nil, ReasonStartAfterEnd, 27},
	{"step 1 non-ASCII digit", "bytes=\u0661-", false, nil, ReasonNoDash, 6},
}

func TestParseSingleRange(t *testing.T) {
	for _, tc := range rangeTests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseSingleRange(tc.value, tc.allowWhitespace)
			if tc.want != nil {
				if err != nil {
					t.Fatalf("ParseSingleRange(%q, %v) failed: %v", tc.value, tc.allowWhitespace, err)
				}
				if diff := cmp.Diff(*tc.want, got); diff != "" {
					t.Errorf("ParseSingleRange(%q, %v) mismatch (-want +got):\n%s", tc.value, tc.allowWhitespace, diff)
				}
				return
			}
			want := &ParseError{Func: "ParseSingleRange", Input: tc.value, At: tc.at, Reason: tc.reason}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("ParseSingleRange(%q, %v) = %v, %v; want error %v", tc.value, tc.allowWhitespace, got, err, want)
			}
			if diff := cmp.Diff(want, pe); diff != "" {
				t.Errorf("ParseSingleRange(%q, %v) error mismatch (-want +got):\n%s", tc.value, tc.allowWhitespace, diff)
			}
		})
	}
}

func TestParseSingleRangeErrorText(t *testing.T) {
	_, err := ParseSingleRange("bytes=0-1,3-4", false)
	const want = `safelist.ParseSingleRange("bytes=0-1,3-4"): unexpected bytes after the range (at 9: ',')`
	if err == nil || err.Error() != want {
		t.Errorf("error text\n got %v\nwant %s", err, want)
	}
}

// rangeRE is a second formulation of the single-range grammar, with and
// without whitespace.
var rangeRE = map[bool]*regexp.Regexp{
	false: regexp.MustCompile(`^bytes=([0-9]*)-([0-9]*)$`),
	true:  regexp.MustCompile(`^bytes[ \t]*=[ \t]*([0-9]*)[ \t]*-[ \t]*([0-9]*)$`),
}

func FuzzParseSingleRange(f *testing.F) {
	for _, tc := range rangeTests {
		f.Add(tc.value, tc.allowWhitespace)
	}
	f.Fuzz(func(t *testing.T, value string, allowWhitespace bool) {
		got, err := ParseSingleRange(value, allowWhitespace)
		m := rangeRE[allowWhitespace].FindStringSubmatch(value)
		ok := m != nil && (m[1] != "" || m[2] != "")
		if ok && m[1] != "" && m[2] != "" {
			s, _ := new(big.Int).SetString(m[1], 10)
			e, _ := new(big.Int).SetString(m[2], 10)
			ok = s.Cmp(e) <= 0
		}
		if (err == nil) != ok {
			t.Fatalf("ParseSingleRange(%q, %v) = %v, %v; the regexp says ok=%v", value, allowWhitespace, got, err, ok)
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.At < 0 || pe.At > len(value) {
				t.Fatalf("ParseSingleRange(%q) error %#v is not a ParseError within the input", value, err)
			}
			return
		}
		// The numbers agree with big.Int, saturated.
		for _, c := range []struct {
			digits string
			n      uint64
			has    bool
		}{{m[1], got.Start, got.HasStart}, {m[2], got.End, got.HasEnd}} {
			if c.has != (c.digits != "") {
				t.Fatalf("ParseSingleRange(%q) presence mismatch: %+v", value, got)
			}
			if c.has {
				b, _ := new(big.Int).SetString(c.digits, 10)
				want := uint64(math.MaxUint64)
				if b.IsUint64() {
					want = b.Uint64()
				}
				if c.n != want {
					t.Fatalf("ParseSingleRange(%q) = %+v, number %s should be %d", value, got, c.digits, want)
				}
			}
		}
		// Round trip through the canonical form, when nothing saturated.
		if got.Start == math.MaxUint64 || got.End == math.MaxUint64 {
			return
		}
		canon := "bytes="
		if got.HasStart {
			canon += strconv.FormatUint(got.Start, 10)
		}
		canon += "-"
		if got.HasEnd {
			canon += strconv.FormatUint(got.End, 10)
		}
		again, err := ParseSingleRange(canon, false)
		if err != nil || again != got {
			t.Fatalf("round trip of %q via %q gave %+v, %v", value, canon, again, err)
		}
	})
}

func TestParseSingleRangeAllocations(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { ParseSingleRange("bytes=100-200", false) }); n != 0 {
		t.Errorf("ParseSingleRange allocates %v times on success, want 0", n)
	}
}

func BenchmarkParseSingleRange(b *testing.B) {
	for _, tc := range rangeTests {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ParseSingleRange(tc.value, tc.allowWhitespace)
			}
		})
	}
}
