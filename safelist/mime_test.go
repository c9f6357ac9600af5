package safelist

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// mimeTests: input → serialization, or "" for failure. Most rows are the
// facts of WPT's mimesniff/mime-types/resources/mime-types.json, written as
// bytes (a Latin-1 code point is its byte; the file's rows with code points
// above U+00FF have no byte form and are left out). The rest cite the
// checklist (#22/#23 cors-safelisted-request-header) or the algorithm's
// steps in the MIME Sniffing Standard (parse-a-mime-type).
var mimeTests = []struct {
	name  string
	input string
	want  string
}{
	{"wpt basics", "text/html;charset=gbk", "text/html;charset=gbk"},
	{"wpt basics uppercase", "TEXT/HTML;CHARSET=GBK", "text/html;charset=GBK"},
	{"wpt legacy comment syntax", "text/html;charset=gbk(", `text/html;charset="gbk("`},
	{"wpt legacy comment syntax 2", "text/html;x=(;charset=gbk", `text/html;x="(";charset=gbk`},
	{"wpt duplicate parameter", "text/html;charset=gbk;charset=windows-1255", "text/html;charset=gbk"},
	{"wpt space before =", "text/html;charset =gbk", "text/html"},
	{"wpt space before ;", "text/html ;charset=gbk", "text/html;charset=gbk"},
	{"wpt space after ;", "text/html; charset=gbk", "text/html;charset=gbk"},
	{"wpt space after =", "text/html;charset= gbk", `text/html;charset=" gbk"`},
	{"wpt single quotes are a token", "text/html;charset='gbk'", "text/html;charset='gbk'"},
	{"wpt single quote leading", "text/html;charset='gbk", "text/html;charset='gbk"},
	{"wpt single quote trailing", "text/html;charset=gbk'", "text/html;charset=gbk'"},
	{"wpt parameter without =", "text/html;test;charset=gbk", "text/html;charset=gbk"},
	{"wpt parameter with empty value", "text/html;test=;charset=gbk", "text/html;charset=gbk"},
	{"wpt parameter name '", "text/html;';charset=gbk", "text/html;charset=gbk"},
	{"wpt parameter name \"", `text/html;";charset=gbk`, "text/html;charset=gbk"},
	{"wpt empty parameters with spaces", "text/html ; ; charset=gbk", "text/html;charset=gbk"},
	{"wpt empty parameters", "text/html;;;;charset=gbk", "text/html;charset=gbk"},
	{"wpt quoted value", `text/html;charset="gbk"`, "text/html;charset=gbk"},
	{"wpt unterminated quoted value", `text/html;charset="gbk`, "text/html;charset=gbk"},
	{"wpt stray quote at the end", `text/html;charset=gbk"`, `text/html;charset="gbk\""`},
	{"wpt quoted leading space", `text/html;charset=" gbk"`, `text/html;charset=" gbk"`},
	{"wpt escaped space", `text/html;charset="\ gbk"`, `text/html;charset=" gbk"`},
	{"wpt escaped letters", `text/html;charset="\g\b\k"`, "text/html;charset=gbk"},
	{"wpt garbage after the quoted value", `text/html;charset="gbk"x`, "text/html;charset=gbk"},
	{"wpt braces", "text/html;charset={gbk}", `text/html;charset="{gbk}"`},
	{"wpt parameter name longer than 127", "text/html;" + strings.Repeat("0123456789", 13) + "=x;charset=gbk", "text/html;" + strings.Repeat("0123456789", 13) + "=x;charset=gbk"},
	{"wpt type/subtype longer than 127", strings.Repeat("0123456789", 13) + "/" + strings.Repeat("0123456789", 13), strings.Repeat("0123456789", 13) + "/" + strings.Repeat("0123456789", 13)},
	{"wpt every token code point", "!#$%&'*+-.^_`|~09AZaz/!#$%&'*+-.^_`|~09AZaz;!#$%&'*+-.^_`|~09AZaz=!#$%&'*+-.^_`|~09AZaz", "!#$%&'*+-.^_`|~09azaz/!#$%&'*+-.^_`|~09azaz;!#$%&'*+-.^_`|~09azaz=!#$%&'*+-.^_`|~09AZaz"},
	{"wpt every quoted-string code point", `x/x;x="` + quotedStringBytes(true) + `"`, `x/x;x="` + quotedStringBytes(true) + `"`},
	{"wpt name without value at the end", "x/x;test", "x/x"},
	{"wpt backslash at the end of a quoted value", `x/x;test="\`, `x/x;test="\\"`},
	{"wpt latin1 value", "text/html;test=\xff;charset=gbk", "text/html;test=\"\xff\";charset=gbk"},
	{"wpt empty", "", ""},
	{"wpt tab", "\t", ""},
	{"wpt no slash", "bogus", ""},
	{"wpt empty subtype", "bogus/", ""},
	{"wpt space subtype", "bogus/ ", ""},
	{"wpt two slashes", "bogus/bogus/;", ""},
	{"wpt angle brackets", "</>", ""},
	{"wpt parentheses", "(/)", ""},
	{"wpt parenthesis in subtype", "text/html(;doesnot=matter", ""},
	{"wpt braces in type", "{/}", ""},
	{"wpt U+0100 (UTF-8 bytes are not tokens)", "\xc4\x80/\xc4\x80", ""},
	// Checklist and issue examples.
	{"#22 comma list in one value", "text/plain, application/json", ""},
	{"#22 spaces around the slash", "text / plain", ""},
	{"#23 parameter without value is dropped", "text/plain;charset", "text/plain"},
	{"#23 trailing semicolon", "text/plain ;", "text/plain"},
	{"#23 uppercase essence", "TEXT/Plain;charset=UTF-8", "text/plain;charset=UTF-8"},
	{"#23 multipart boundary", "multipart/form-data; boundary=x", "multipart/form-data;boundary=x"},
	// Steps of parse a MIME type.
	{"step 1 HTTP whitespace trimmed", "\r\n\t text/plain \t\r\n", "text/plain"},
	{"step 1 form feed is not HTTP whitespace", "\ftext/plain", ""},
	{"step 4 space inside the type", "te xt/plain", ""},
	{"step 8 only trailing whitespace leaves the subtype", "text/ plain", ""},
	{"step 11.2 whitespace before a name", "a/b;\r\n\t x=y", "a/b;x=y"},
	{"step 11.4 names are lowercased", "a/b;X=Y", "a/b;x=Y"},
	{"step 11.9 trailing whitespace of a value removed", "a/b;x=y \t", "a/b;x=y"},
	{"step 11.9 interior whitespace kept and quoted", "a/b;x=y z", `a/b;x="y z"`},
	{"step 11.8 empty quoted value kept", `a/b;x=""`, `a/b;x=""`},
	{"step 11.10 duplicate differs only in case", "a/b;x=1;X=2", "a/b;x=1"},
	{"step 11.10 dropped duplicate after a kept one", "a/b;x=1;y=2;x=3", "a/b;x=1;y=2"},
	{"step 11.10 a dropped parameter does not count as seen", "a/b;x=\x00;x=2", "a/b;x=2"},
	{"step 11.10 DEL in a value", "a/b;x=\x7f", "a/b"},
	{"step 11.10 quoted escaped quote", `a/b;x="a\"b"`, `a/b;x="a\"b"`},
	{"step 11.10 escaped backslash", `a/b;x="a\\b"`, `a/b;x="a\\b"`},
	{"step 11.8 escaped quote at the end is not a close", `a/b;x="a\"`, `a/b;x="a\""`},
	{"step 11 many parameters", "a/b;p1=1;p2=2;p3=3;p4=4;p5=5;p6=6;p7=7;p8=8;p9=9;p10=10;p1=x", "a/b;p1=1;p2=2;p3=3;p4=4;p5=5;p6=6;p7=7;p8=8;p9=9;p10=10"},
	{"step 11 semicolon in a quoted value", `a/b;x="1;2";y=3`, `a/b;x="1;2";y=3`},
}

// quotedStringBytes returns every HTTP quoted-string token code point as
// bytes (HT, 0x20–0x7E, 0x80–0xFF), with " and \ escaped when escape is set.
func quotedStringBytes(escape bool) string {
	var b strings.Builder
	b.WriteByte('\t')
	for c := 0x20; c <= 0xFF; c++ {
		if c == 0x7F {
			continue
		}
		if escape && (c == '"' || c == '\\') {
			b.WriteByte('\\')
		}
		b.WriteByte(byte(c))
	}
	return b.String()
}

func TestParseMIMEType(t *testing.T) {
	for _, tc := range mimeTests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ParseMIMEType(tc.input)
			if tc.want == "" {
				if err == nil {
					t.Fatalf("ParseMIMEType(%q) = %q, want failure", tc.input, m)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseMIMEType(%q) failed: %v", tc.input, err)
			}
			if got := m.String(); got != tc.want {
				t.Errorf("ParseMIMEType(%q) = %q, want %q", tc.input, got, tc.want)
			}
		})
	}
}

// TestParseMIMETypeEveryByte follows the generator of WPT's
// generated-mime-types.json: every byte that is not a token code point, in
// each of the four places of a MIME type.
func TestParseMIMETypeEveryByte(t *testing.T) {
	for c := 0; c <= 0xFF; c++ {
		b := string([]byte{byte(c)})
		if isTokenByte(byte(c)) {
			continue
		}
		check := func(input, want string) {
			t.Helper()
			m, err := ParseMIMEType(input)
			got := m.String()
			if err != nil {
				got = ""
			}
			if got != want {
				t.Errorf("byte 0x%02x: ParseMIMEType(%q) = %q, want %q", c, input, got, want)
			}
		}
		if c != '/' {
			check(b+"/x", "")
			check("x/"+b, "")
		}
		if c != ';' && c != '=' {
			check("x/x;"+b+"=x;bonus=x", "x/x;bonus=x")
		}
		if c == '\t' || c == ' ' || c == '"' || c == ';' || c == '\\' {
			continue
		}
		want := "x/x;bonus=x"
		if isQuotedStringTokenByte(byte(c)) {
			want = `x/x;x="` + b + `";bonus=x`
		}
		check("x/x;x="+b+";bonus=x", want)
		check(`x/x;x="`+b+`";bonus=x`, want)
	}
}

func TestParseMIMETypeErrors(t *testing.T) {
	tests := []struct {
		input string
		want  *ParseError
		text  string
	}{
		{"", &ParseError{"ParseMIMEType", "", 0, ReasonTypeEmpty}, `safelist.ParseMIMEType(""): type is empty (at 0)`},
		{"  /x", &ParseError{"ParseMIMEType", "  /x", 2, ReasonTypeEmpty}, `safelist.ParseMIMEType("  /x"): type is empty (at 2: '/')`},
		{"text /plain", &ParseError{"ParseMIMEType", "text /plain", 4, ReasonTypeNotToken}, `safelist.ParseMIMEType("text /plain"): type contains a byte that is not an HTTP token code point (at 4: ' ')`},
		{"text", &ParseError{"ParseMIMEType", "text", 4, ReasonNoSlash}, `safelist.ParseMIMEType("text"): no "/" after the type (at 4)`},
		{"text/ ;a=b", &ParseError{"ParseMIMEType", "text/ ;a=b", 5, ReasonSubtypeEmpty}, `safelist.ParseMIMEType("text/ ;a=b"): subtype is empty (at 5: ' ')`},
		{"text/pl\xe9in", &ParseError{"ParseMIMEType", "text/pl\xe9in", 7, ReasonSubtypeNotToken}, `safelist.ParseMIMEType("text/pl\xe9in"): subtype contains a byte that is not an HTTP token code point (at 7: 0xe9)`},
	}
	for _, tc := range tests {
		_, err := ParseMIMEType(tc.input)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("ParseMIMEType(%q) error = %v, want a *ParseError", tc.input, err)
			continue
		}
		if diff := cmp.Diff(tc.want, pe); diff != "" {
			t.Errorf("ParseMIMEType(%q) error mismatch (-want +got):\n%s", tc.input, diff)
		}
		if got := err.Error(); got != tc.text {
			t.Errorf("ParseMIMEType(%q) error text\n got %s\nwant %s", tc.input, got, tc.text)
		}
	}
}

func TestMIMETypeAccessors(t *testing.T) {
	m, err := ParseMIMEType(`Multipart/Form-Data; Boundary="a b\"c"; charset=UTF-8`)
	if err != nil {
		t.Fatal(err)
	}
	type params struct{ Name, Value string }
	var got []params
	for n, v := range m.Params() {
		got = append(got, params{n, v})
	}
	want := []params{{"boundary", `a b"c`}, {"charset", "UTF-8"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Params mismatch (-want +got):\n%s", diff)
	}
	if m.Type() != "multipart" || m.Subtype() != "form-data" || m.Essence() != "multipart/form-data" {
		t.Errorf("Type, Subtype, Essence = %q, %q, %q", m.Type(), m.Subtype(), m.Essence())
	}
	if v, ok := m.Param("BOUNDARY"); !ok || v != `a b"c` {
		t.Errorf("Param(BOUNDARY) = %q, %v", v, ok)
	}
	if _, ok := m.Param("missing"); ok {
		t.Errorf("Param(missing) found")
	}

	// XMLHttpRequest's send() rewrites charset in place (#229).
	utf8, ok := m.WithParam("Charset", "utf-8")
	if !ok || utf8.String() != `multipart/form-data;boundary="a b\"c";charset=utf-8` {
		t.Errorf("WithParam(Charset) = %q, %v", utf8, ok)
	}
	added, ok := m.WithParam("x", "")
	if !ok || added.String() != `multipart/form-data;boundary="a b\"c";charset=UTF-8;x=""` {
		t.Errorf("WithParam(x, \"\") = %q, %v", added, ok)
	}
	if _, ok := m.WithParam("a b", "1"); ok {
		t.Errorf("WithParam accepted a non-token name")
	}
	if _, ok := m.WithParam("a", "\n"); ok {
		t.Errorf("WithParam accepted LF in a value")
	}
	if _, ok := (MIMEType{}).WithParam("a", "1"); ok {
		t.Errorf("WithParam on the zero MIMEType succeeded")
	}

	var zero MIMEType
	if zero.IsValid() || zero.String() != "" || zero.Essence() != "" || zero.Type() != "" || zero.Subtype() != "" {
		t.Errorf("zero MIMEType is not empty: %#v", zero)
	}

	var u MIMEType
	if err := u.UnmarshalText([]byte("TEXT/plain")); err != nil || u.String() != "text/plain" {
		t.Errorf("UnmarshalText = %q, %v", u, err)
	}
	if text, _ := u.MarshalText(); string(text) != "text/plain" {
		t.Errorf("MarshalText = %q", text)
	}
	if err := u.UnmarshalText([]byte("bogus")); err == nil {
		t.Errorf("UnmarshalText(bogus) succeeded")
	}
	if err := u.UnmarshalText(nil); err != nil || u != zero {
		t.Errorf("UnmarshalText(nil) = %v, %#v", err, u)
	}
}

func TestMIMETypeComparable(t *testing.T) {
	a, _ := ParseMIMEType("TEXT/plain ; Charset=utf-8")
	b, _ := ParseMIMEType(`text/plain;charset="utf-8"`)
	c, _ := ParseMIMEType("text/plain;charset=UTF-8")
	if a != b {
		t.Errorf("%q != %q, want the same record", a, b)
	}
	if a == c {
		t.Errorf("%q == %q, want different records (values keep case)", a, c)
	}
}

func TestParseMIMETypeAllocations(t *testing.T) {
	for _, in := range []string{"text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data;boundary=x"} {
		if n := testing.AllocsPerRun(100, func() {
			m, _ := ParseMIMEType(in)
			_ = m.Essence()
		}); n != 0 {
			t.Errorf("ParseMIMEType(%q) allocates %v times, want 0", in, n)
		}
	}
}

// referenceParseMIMEType is a second, literal transcription of parse a
// MIME type and serialize a MIME type, over code points (each byte
// isomorphically decoded), with an ordered map as a list of pairs. It
// returns the serialization, or ok false.
func referenceParseMIMEType(input string) (string, bool) {
	const token = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	const ws = "\n\r\t "
	cps := []rune{}
	for i := 0; i < len(input); i++ {
		cps = append(cps, rune(input[i]))
	}
	isToken := func(s []rune) bool {
		for _, c := range s {
			if !strings.ContainsRune(token, c) {
				return false
			}
		}
		return true
	}
	isQS := func(s []rune) bool {
		for _, c := range s {
			if !(c == '\t' || (c >= 0x20 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF)) {
				return false
			}
		}
		return true
	}
	lower := func(s []rune) string {
		b := make([]byte, len(s))
		for i, c := range s {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[i] = byte(c)
		}
		return string(b)
	}
	bytesOf := func(s []rune) string {
		b := make([]byte, len(s))
		for i, c := range s {
			b[i] = byte(c)
		}
		return string(b)
	}
	for len(cps) > 0 && strings.ContainsRune(ws, cps[0]) {
		cps = cps[1:]
	}
	for len(cps) > 0 && strings.ContainsRune(ws, cps[len(cps)-1]) {
		cps = cps[:len(cps)-1]
	}
	pos := 0
	collect := func(stop string) []rune {
		start := pos
		for pos < len(cps) && !strings.ContainsRune(stop, cps[pos]) {
			pos++
		}
		return cps[start:pos]
	}
	typ := collect("/")
	if len(typ) == 0 || !isToken(typ) || pos >= len(cps) {
		return "", false
	}
	pos++
	sub := collect(";")
	for len(sub) > 0 && strings.ContainsRune(ws, sub[len(sub)-1]) {
		sub = sub[:len(sub)-1]
	}
	if len(sub) == 0 || !isToken(sub) {
		return "", false
	}
	type pair struct{ name, value string }
	var params []pair
	for pos < len(cps) {
		pos++
		for pos < len(cps) && strings.ContainsRune(ws, cps[pos]) {
			pos++
		}
		nameCPs := collect(";=")
		name := lower(nameCPs)
		if pos < len(cps) {
			if cps[pos] == ';' {
				continue
			}
			pos++
		}
		if pos >= len(cps) {
			break
		}
		var value []rune
		if cps[pos] == '"' {
			pos++
			for {
				value = append(value, collect(`"\`)...)
				if pos >= len(cps) {
					break
				}
				q := cps[pos]
				pos++
				if q == '\\' {
					if pos >= len(cps) {
						value = append(value, '\\')
						break
					}
					value = append(value, cps[pos])
					pos++
				} else {
					break
				}
			}
			collect(";")
		} else {
			value = collect(";")
			for len(value) > 0 && strings.ContainsRune(ws, value[len(value)-1]) {
				value = value[:len(value)-1]
			}
			if len(value) == 0 {
				continue
			}
		}
		exists := false
		for _, p := range params {
			exists = exists || p.name == name
		}
		if len(nameCPs) > 0 && isToken(nameCPs) && isQS(value) && !exists {
			params = append(params, pair{name, bytesOf(value)})
		}
	}
	var b strings.Builder
	b.WriteString(lower(typ) + "/" + lower(sub))
	for _, p := range params {
		b.WriteString(";" + p.name + "=")
		v := []rune(nil)
		for i := 0; i < len(p.value); i++ {
			v = append(v, rune(p.value[i]))
		}
		if len(v) == 0 || !isToken(v) {
			b.WriteString(`"` + strings.NewReplacer(`"`, `\"`, `\`, `\\`).Replace(p.value) + `"`)
		} else {
			b.WriteString(p.value)
		}
	}
	return b.String(), true
}

func TestReferenceParseMIMETypeAgreesWithTable(t *testing.T) {
	// The reference must itself pass the table, or the fuzz target proves nothing.
	for _, tc := range mimeTests {
		got, ok := referenceParseMIMEType(tc.input)
		if !ok {
			got = ""
		}
		if got != tc.want {
			t.Errorf("reference(%q) = %q, want %q", tc.input, got, tc.want)
		}
	}
}

func FuzzParseMIMEType(f *testing.F) {
	for _, tc := range mimeTests {
		f.Add(tc.input)
	}
	f.Fuzz(func(t *testing.T, input string) {
		m, err := ParseMIMEType(input)
		want, ok := referenceParseMIMEType(input)
		if (err == nil) != ok {
			t.Fatalf("ParseMIMEType(%q) error %v, reference ok %v", input, err, ok)
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Input != input || pe.At < 0 || pe.At > len(input) {
				t.Fatalf("ParseMIMEType(%q) error %#v is not a ParseError within the input", input, err)
			}
			return
		}
		if m.String() != want {
			t.Fatalf("ParseMIMEType(%q) = %q, reference %q", input, m, want)
		}
		// Parse, serialize, parse is a fixed point.
		again, err := ParseMIMEType(m.String())
		if err != nil || again != m {
			t.Fatalf("reparsing %q gave %q, %v", m, again, err)
		}
		// The parameters rebuild the same record.
		rebuilt, err := ParseMIMEType(m.Essence())
		if err != nil {
			t.Fatalf("the essence %q does not parse: %v", m.Essence(), err)
		}
		for n, v := range m.Params() {
			if rebuilt, ok = rebuilt.WithParam(n, v); !ok {
				t.Fatalf("WithParam(%q, %q) refused a parsed parameter", n, v)
			}
		}
		if rebuilt != m {
			t.Fatalf("rebuilding %q from its parameters gave %q", m, rebuilt)
		}
	})
}

func BenchmarkParseMIMEType(b *testing.B) {
	for _, tc := range mimeTests {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ParseMIMEType(tc.input)
			}
		})
	}
}
