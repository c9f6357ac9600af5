package safelist

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// list builds a HeaderList from name, value pairs.
func list(pairs ...string) HeaderList {
	var l HeaderList
	for i := 0; i+1 < len(pairs); i += 2 {
		l = append(l, Header{Name: pairs[i], Value: pairs[i+1]})
	}
	return l
}

func TestHeaderListContains(t *testing.T) {
	tests := []struct {
		name   string
		list   HeaderList
		header string
		want   bool
	}{
		// #1 header-list-contains: byte-case-insensitive.
		{"#1 lowercase stored, uppercase asked", list("x-foo", "1"), "X-FOO", true},
		{"#1 mixed case both ways", list("X-Foo", "1"), "x-fOO", true},
		{"#1 absent", list("x-foo", "1"), "x-bar", false},
		{"#1 prefix is not a match", list("x-foo", "1"), "x-fo", false},
		{"#1 empty list", nil, "x-foo", false},
		// Byte-case-insensitive folds ASCII only: U+212A KELVIN SIGN is not "k".
		{"#1 no Unicode folding", list("x-k", "1"), "x-\u212a", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.list.Contains(tc.header); got != tc.want {
				t.Errorf("%v.Contains(%q) = %v, want %v", tc.list, tc.header, got, tc.want)
			}
		})
	}
}

func TestHeaderListGet(t *testing.T) {
	tests := []struct {
		name   string
		list   HeaderList
		header string
		want   string
		wantOK bool
	}{
		// #2 concept-header-list-get.
		{"#2 absent is null", list("a", "1"), "b", "", false},
		{"#2 one value", list("A", "1"), "a", "1", true},
		{"#2 empty value is not null", list("A", ""), "a", "", true},
		{"#2 duplicates joined with comma space", list("Access-Control-Allow-Origin", "*", "access-control-allow-origin", "*"), "Access-Control-Allow-Origin", "*, *", true},
		{"#2 list order, other names skipped", list("a", "1", "b", "x", "A", "2", "a", "3"), "a", "1, 2, 3", true},
		{"#2 empty values still separated", list("a", "", "a", ""), "a", ", ", true},
		{"#2 empty first value", list("a", "", "a", "2"), "a", ", 2", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.list.Get(tc.header)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("Get(%q) = %q, %v; want %q, %v", tc.header, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestHeaderListValues(t *testing.T) {
	l := list("A", "1", "b", "x", "a", "2")
	if diff := cmp.Diff([]string{"1", "2"}, l.Values("A")); diff != "" {
		t.Errorf("Values mismatch (-want +got):\n%s", diff)
	}
	if got := l.Values("c"); got != nil {
		t.Errorf("Values(absent) = %q, want nil", got)
	}
}

func TestHeaderListMutations(t *testing.T) {
	tests := []struct {
		name string
		list HeaderList
		op   func(*HeaderList)
		want HeaderList
	}{
		// #3 concept-header-list-append.
		{"#3 append to empty", nil, func(l *HeaderList) { l.Append("X-A", "1") }, list("X-A", "1")},
		{"#3 append reuses the first casing", list("X-A", "1"), func(l *HeaderList) { l.Append("x-a", "2") }, list("X-A", "1", "X-A", "2")},
		{"#3 append keeps other names", list("X-A", "1", "b", "2"), func(l *HeaderList) { l.Append("c", "3") }, list("X-A", "1", "b", "2", "c", "3")},
		{"#3 append goes to the end", list("X-A", "1", "b", "2"), func(l *HeaderList) { l.Append("x-A", "3") }, list("X-A", "1", "b", "2", "X-A", "3")},
		// #4 concept-header-list-combine.
		{"#4 combine into the first entry", list("X-A", "1"), func(l *HeaderList) { l.Combine("x-a", "2") }, list("X-A", "1, 2")},
		{"#4 combine appends when absent", list("b", "1"), func(l *HeaderList) { l.Combine("X-A", "2") }, list("b", "1", "X-A", "2")},
		{"#4 combine only touches the first", list("a", "1", "A", "2"), func(l *HeaderList) { l.Combine("a", "3") }, list("a", "1, 3", "A", "2")},
		{"#4 combine with empty values", list("a", ""), func(l *HeaderList) { l.Combine("a", "") }, list("a", ", ")},
		// #5 concept-header-list-set.
		{"#5 set replaces first, drops others", list("A", "1", "a", "2"), func(l *HeaderList) { l.Set("A", "3") }, list("A", "3")},
		{"#5 set keeps the stored casing and position", list("b", "0", "X-A", "1", "c", "9", "x-a", "2"), func(l *HeaderList) { l.Set("x-a", "3") }, list("b", "0", "X-A", "3", "c", "9")},
		{"#5 set appends when absent", list("b", "0"), func(l *HeaderList) { l.Set("X-A", "3") }, list("b", "0", "X-A", "3")},
		// #5 concept-header-list-delete.
		{"#5 delete removes every match", list("A", "1", "b", "2", "a", "3"), func(l *HeaderList) { l.Delete("A") }, list("b", "2")},
		{"#5 delete absent is a no-op", list("b", "2"), func(l *HeaderList) { l.Delete("a") }, list("b", "2")},
		{"#5 delete everything", list("a", "1", "A", "2"), func(l *HeaderList) { l.Delete("a") }, HeaderList{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := slices.Clone(tc.list)
			tc.op(&l)
			if diff := cmp.Diff(tc.want, l); diff != "" {
				t.Errorf("list mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// getDecodeSplitTests are the spec's own example table
// (example-header-list-get-decode-split) and checklist item #8, for the name `A`.
var getDecodeSplitTests = []struct {
	name   string
	list   HeaderList
	want   []string
	wantOK bool
}{
	{"#8 example: trailing comma", list("A", "nosniff,"), []string{"nosniff", ""}, true},
	{"#8 example: empty second line", list("A", "nosniff", "B", "sniff", "A", ""), []string{"nosniff", ""}, true},
	{"#8 example: empty value", list("A", "", "B", "sniff"), []string{""}, true},
	{"#8 example: absent", list("B", "sniff"), nil, false},
	{"#8 example: unterminated quote swallows the comma", list("A", `text/html;", x/x`), []string{`text/html;", x/x`}, true},
	{"#8 example: quote spans the join of two lines", list("A", `text/html;"`, "A", "x/x"), []string{`text/html;", x/x`}, true},
	{"#8 example: quoted parameter", list("A", `x/x;test="hi",y/y`), []string{`x/x;test="hi"`, "y/y"}, true},
	{"#8 example: quoted parameter, two lines", list("A", `x/x;test="hi"`, "C", "**bingo**", "A", "y/y"), []string{`x/x;test="hi"`, "y/y"}, true},
	{"#8 example: empty elements kept", list("A", "x / x,,,1"), []string{"x / x", "", "", "1"}, true},
	{"#8 example: empty elements across lines", list("A", "x / x", "A", ",", "A", "1"), []string{"x / x", "", "", "1"}, true},
	{"#8 example: comma inside quotes", list("A", `"1,2", 3`), []string{`"1,2"`, "3"}, true},
	{"#8 example: comma inside quotes, two lines", list("A", `"1,2"`, "D", "4", "A", "3"), []string{`"1,2"`, "3"}, true},
	// Further cases read off the algorithm.
	{"#8 tabs and spaces trimmed, interior kept", list("a", "\t a b \t,  c"), []string{"a b", "c"}, true},
	{"#8 escaped quote does not end the string", list("a", `"a\",b",c`), []string{`"a\",b"`, "c"}, true},
	{"#8 backslash at the very end", list("a", `"a\`), []string{`"a\`}, true},
	{"#8 text after a quoted string continues the piece", list("a", `x"y,z"w,v`), []string{`x"y,z"w`, "v"}, true},
	{"#8 two quoted strings in one piece", list("a", `"a,b""c,d",e`), []string{`"a,b""c,d"`, "e"}, true},
	{"#8 only a comma", list("a", ","), []string{"", ""}, true},
	{"#8 bytes above 0x7F pass through", list("a", "caf\xe9,\xff"), []string{"caf\xe9", "\xff"}, true},
	{"#8 CR and LF are not trimmed", list("a", "\r1\n"), []string{"\r1\n"}, true},
}

func TestGetDecodeSplit(t *testing.T) {
	for _, tc := range getDecodeSplitTests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.list.GetDecodeSplit("A")
			if ok != tc.wantOK {
				t.Errorf("GetDecodeSplit ok = %v, want %v", ok, tc.wantOK)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("GetDecodeSplit mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// referenceGetDecodeSplit is a second, deliberately literal reading of the
// header value's get, decode, and split: a character-by-character state
// machine building each piece in a buffer, as the spec's prose reads.
func referenceGetDecodeSplit(input string) []string {
	var values []string
	var temp []byte
	pos := 0
	for {
		for pos < len(input) && input[pos] != '"' && input[pos] != ',' {
			temp = append(temp, input[pos])
			pos++
		}
		if pos < len(input) && input[pos] == '"' {
			// collect an HTTP quoted string, returning the raw code points.
			temp = append(temp, '"')
			pos++
			for {
				for pos < len(input) && input[pos] != '"' && input[pos] != '\\' {
					temp = append(temp, input[pos])
					pos++
				}
				if pos >= len(input) {
					break
				}
				c := input[pos]
				temp = append(temp, c)
				pos++
				if c == '\\' {
					if pos >= len(input) {
						break
					}
					temp = append(temp, input[pos])
					pos++
					continue
				}
				break
			}
			if pos < len(input) {
				continue
			}
		}
		values = append(values, strings.Trim(string(temp), "\t "))
		temp = temp[:0]
		if pos >= len(input) {
			return values
		}
		pos++ // the comma
	}
}

func FuzzGetDecodeSplit(f *testing.F) {
	for _, tc := range getDecodeSplitTests {
		if v, ok := tc.list.Get("A"); ok {
			f.Add(v)
		}
	}
	f.Fuzz(func(t *testing.T, value string) {
		got := GetDecodeSplitValue(value)
		if diff := cmp.Diff(referenceGetDecodeSplit(value), got); diff != "" {
			t.Fatalf("GetDecodeSplitValue(%q) disagrees with the reference (-ref +got):\n%s", value, diff)
		}
		// Outside quoted strings, the split removes exactly the commas and
		// the trimmed tabs and spaces: with no quotes, re-joining the pieces
		// and comparing against the trimmed pieces of a plain split must agree.
		if !strings.Contains(value, `"`) {
			plain := strings.Split(value, ",")
			for i := range plain {
				plain[i] = strings.Trim(plain[i], "\t ")
			}
			if diff := cmp.Diff(plain, got); diff != "" {
				t.Fatalf("GetDecodeSplitValue(%q) differs from a plain split without quotes (-plain +got):\n%s", value, diff)
			}
		}
	})
}

func TestSortedLowercaseSet(t *testing.T) {
	tests := []struct {
		name  string
		names []string
		want  []string
	}{
		// #9 convert-header-names-to-a-sorted-lowercase-set.
		{"#9 checklist example: '-' sorts before digits", []string{"X-B", "x-a", "X-A", "x1"}, []string{"x-a", "x-b", "x1"}},
		{"#9 byte order, not alphabetical with case", []string{"b", "A", "a", "B"}, []string{"a", "b"}},
		{"#9 empty", nil, nil},
		{"#9 common names are folded too", []string{"Content-Type", "CONTENT-TYPE", "Accept"}, []string{"accept", "content-type"}},
		{"#9 non-ASCII bytes are not folded", []string{"x-\xc9", "x-\xe9"}, []string{"x-\xc9", "x-\xe9"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := slices.Clone(tc.names)
			got := SortedLowercaseSet(in)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("SortedLowercaseSet mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.names, in); diff != "" {
				t.Errorf("SortedLowercaseSet modified its input (-before +after):\n%s", diff)
			}
		})
	}
}

func TestSortAndCombine(t *testing.T) {
	tests := []struct {
		name string
		list HeaderList
		want HeaderList
	}{
		// #10 concept-header-list-sort-and-combine.
		{"#10 checklist example", list("B", "1", "a", "2", "A", "3"), list("a", "2, 3", "b", "1")},
		{"#10 set-cookie values stay apart", list("Set-Cookie", "a=1", "X", "y", "set-cookie", "b=2"), list("set-cookie", "a=1", "set-cookie", "b=2", "x", "y")},
		{"#10 set-cookie2 is combined like any other", list("Set-Cookie2", "a", "set-cookie2", "b"), list("set-cookie2", "a, b")},
		// #203 concept-header-list-sort-and-combine (Headers iteration).
		{"#203 Headers iteration example", list("B", "1", "a", "2"), list("a", "2", "b", "1")},
		{"#10 empty", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.list.SortAndCombine()); diff != "" {
				t.Errorf("SortAndCombine mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLowerNameAllocations(t *testing.T) {
	// Lowercasing a name already in lowercase, or a common name in any case,
	// must not allocate: UnsafeRequestHeaderNames relies on it.
	for _, name := range []string{"x-custom", "Content-Type", "X-Requested-With", "AUTHORIZATION"} {
		if n := testing.AllocsPerRun(100, func() { _ = lowerName(name) }); n != 0 {
			t.Errorf("lowerName(%q) allocates %v times, want 0", name, n)
		}
	}
}

func BenchmarkGetDecodeSplit(b *testing.B) {
	for _, tc := range getDecodeSplitTests {
		v, ok := tc.list.Get("A")
		if !ok {
			continue
		}
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				GetDecodeSplitValue(v)
			}
		})
	}
}
