package safelist

import (
	"iter"
	"strings"
)

// A MIMEType is a [MIME type record] as the MIME Sniffing Standard parses
// it: a lowercase type and subtype and an ordered map of parameters with
// lowercase names. The zero MIMEType is not a valid MIME type.
//
// A MIMEType is a small comparable value: two MIMETypes are == exactly when
// they are the same record, since a record is stored as its
// serialization, which determines it.
//
// [MIME type record]: https://mimesniff.spec.whatwg.org/#mime-type
type MIMEType struct {
	s       string // the serialization
	slash   int    // index of "/" in s
	essence int    // length of the essence, type "/" subtype
}

// IsValid reports whether m is a parsed MIME type rather than the zero value.
func (m MIMEType) IsValid() bool { return m.s != "" }

// Type returns the type, in lowercase.
func (m MIMEType) Type() string { return m.s[:m.slash] }

// Subtype returns the subtype, in lowercase.
func (m MIMEType) Subtype() string {
	if !m.IsValid() {
		return ""
	}
	return m.s[m.slash+1 : m.essence]
}

// Essence returns the [essence]: type "/" subtype. It does not allocate.
//
// [essence]: https://mimesniff.spec.whatwg.org/#mime-type-essence
func (m MIMEType) Essence() string { return m.s[:m.essence] }

// String implements [serialize a MIME type]: the essence, then ";name=value"
// for each parameter, the value quoted (with " and \ escaped) when it is
// empty or not a token. It does not allocate. The zero MIMEType gives "".
//
// Strings here are byte strings: a byte ≥ 0x80 is the isomorphic encoding
// of a code point U+0080–U+00FF, as in "serialize a MIME type to bytes".
//
// [serialize a MIME type]: https://mimesniff.spec.whatwg.org/#serialize-a-mime-type
func (m MIMEType) String() string { return m.s }

// Param returns the value of the parameter name (matched ASCII
// case-insensitively, as names are stored lowercased) and whether it exists.
func (m MIMEType) Param(name string) (string, bool) {
	for n, v := range m.Params() {
		if equalFold(n, name) {
			return v, true
		}
	}
	return "", false
}

// Params yields the parameters in order, names in lowercase and values
// unquoted and unescaped.
func (m MIMEType) Params() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		s := m.s
		for pos := m.essence; pos < len(s); {
			// A serialization: ";" name "=" (token / quoted-string).
			pos++
			eq := pos + strings.IndexByte(s[pos:], '=')
			name := s[pos:eq]
			pos = eq + 1
			var value string
			if s[pos] == '"' {
				end, next := collectQuotedString(s, pos)
				value = unescapeQuoted(s[pos+1 : end])
				pos = next
			} else {
				end := strings.IndexByte(s[pos:], ';')
				if end < 0 {
					end = len(s) - pos
				}
				value = s[pos : pos+end]
				pos += end
			}
			if !yield(name, value) {
				return
			}
		}
	}
}

// WithParam returns m with parameter name set to value, as the spec's map
// set does: an existing parameter keeps its position, a new one goes last.
// The name is lowercased. It reports false, and returns m unchanged, if
// name is not a token or value has a byte that is not an HTTP quoted-string
// token code point (the values a parsed MIME type can hold).
//
// XMLHttpRequest's send() uses this to set charset to "UTF-8".
func (m MIMEType) WithParam(name, value string) (MIMEType, bool) {
	if !m.IsValid() || !isToken(name) || !allQuotedStringTokenBytes(value) {
		return m, false
	}
	name = toLower(name)
	var b strings.Builder
	b.WriteString(m.Essence())
	found := false
	for n, v := range m.Params() {
		if n == name {
			v, found = value, true
		}
		writeParam(&b, n, v)
	}
	if !found {
		writeParam(&b, name, value)
	}
	return MIMEType{s: b.String(), slash: m.slash, essence: m.essence}, true
}

// MarshalText implements encoding.TextMarshaler with [MIMEType.String].
func (m MIMEType) MarshalText() ([]byte, error) { return []byte(m.s), nil }

// UnmarshalText implements encoding.TextUnmarshaler with [ParseMIMEType];
// empty text gives the zero MIMEType.
func (m *MIMEType) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*m = MIMEType{}
		return nil
	}
	p, err := ParseMIMEType(string(text))
	if err != nil {
		return err
	}
	*m = p
	return nil
}

// writeParam serializes one parameter (steps 2.1-2.5 of serialize a MIME
// type).
func writeParam(b *strings.Builder, name, value string) {
	b.WriteByte(';')
	b.WriteString(name)
	b.WriteByte('=')
	if value != "" && isToken(value) {
		b.WriteString(value)
		return
	}
	b.WriteByte('"')
	for i := 0; i < len(value); i++ {
		if value[i] == '"' || value[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(value[i])
	}
	b.WriteByte('"')
}

// isQuotedStringTokenByte reports whether b is an HTTP quoted-string token
// code point: HT, 0x20–0x7E or 0x80–0xFF.
func isQuotedStringTokenByte(b byte) bool {
	return b == '\t' || (0x20 <= b && b <= 0x7E) || b >= 0x80
}

func allQuotedStringTokenBytes(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isQuotedStringTokenByte(s[i]) {
			return false
		}
	}
	return true
}
