package safelist

import "strings"

// ParseMIMEType implements the MIME Sniffing Standard's [parse a MIME
// type], applied to bytes (the spec's "parse a MIME type from bytes": each
// byte is decoded isomorphically, so bytes ≥ 0x80 are the code points
// U+0080–U+00FF). This is the strict parser the Content-Type rule of
// [RequestHeader] uses, not the lenient "extract a MIME type".
//
// Only the type and subtype can make parsing fail; a parameter that does
// not fit is dropped, so "text/plain;charset" parses as text/plain. The
// error is a [*ParseError].
//
// Parsing an input that is already in serialized form, such as
// "text/plain;charset=UTF-8", does not allocate.
//
// [parse a MIME type]: https://mimesniff.spec.whatwg.org/#parse-a-mime-type
func ParseMIMEType(input string) (MIMEType, error) {
	// Steps 1-9: type and subtype.
	e := parseEssence(input)
	if e.reason != 0 {
		return MIMEType{}, &ParseError{Func: "ParseMIMEType", Input: input, At: e.at, Reason: e.reason}
	}
	s := input[e.start:e.end] // the trimmed input; positions below are in s
	pos := e.params - e.start

	// Step 10: the record, written straight into its serialization. While
	// the serialization equals the input, out only counts bytes.
	out := lazyString{s: s}
	out.writeLower(input[e.typ:e.slash])
	out.writeByte('/')
	out.writeLower(input[e.slash+1 : e.subtypeEnd])
	essence := out.len()
	var names [8]span // the parameter names so far, as spans of out
	seen := names[:0]

	// Step 11: parameters.
	for pos < len(s) {
		// Step 11.1: skip the ";".
		pos++
		// Step 11.2: skip HTTP whitespace.
		for pos < len(s) && isHTTPWhitespace(s[pos]) {
			pos++
		}
		// Steps 11.3-11.4: the name, up to ";" or "=" (lowercased below).
		nameStart := pos
		for pos < len(s) && s[pos] != ';' && s[pos] != '=' {
			pos++
		}
		name := s[nameStart:pos]
		// Step 11.5: a name without "=" is dropped; otherwise skip the "=".
		if pos < len(s) {
			if s[pos] == ';' {
				continue
			}
			pos++
		}
		// Step 11.6: nothing after the "=".
		if pos >= len(s) {
			break
		}
		// Steps 11.7-11.9: the value, quoted or not.
		var value string
		quoted := s[pos] == '"'
		if quoted {
			// Step 11.8.1: a quoted string, extract-value true.
			end, next := collectQuotedString(s, pos)
			value = s[pos+1 : end] // still escaped
			pos = next
			// Step 11.8.2: ignore anything up to the next ";".
			for pos < len(s) && s[pos] != ';' {
				pos++
			}
		} else {
			// Steps 11.9.1-11.9.3: up to ";", minus trailing HTTP
			// whitespace; an empty value drops the parameter.
			valueStart := pos
			for pos < len(s) && s[pos] != ';' {
				pos++
			}
			value = strings.TrimRight(s[valueStart:pos], "\t\n\r ")
			if value == "" {
				continue
			}
		}
		// Step 11.10: keep the parameter only if the name is a token, the
		// value is quoted-string token code points and the name is new.
		if !isToken(name) || !valueFits(value, quoted) || out.seen(seen, name) {
			continue
		}
		seen = append(seen, out.writeParam(name, value, quoted))
	}

	// Step 12.
	serialized := out.string()
	return MIMEType{s: serialized, slash: e.slash - e.typ, essence: essence}, nil
}

// essenceParse is the outcome of steps 1-9 of parse a MIME type; offsets
// are into the untrimmed input.
type essenceParse struct {
	start, end int // the input without leading and trailing HTTP whitespace
	typ        int // start of the type (== start)
	slash      int // the "/"
	subtypeEnd int // end of the subtype, trailing whitespace removed
	params     int // where the parameters begin (a ";" or end)
	reason     ParseReason
	at         int // where parsing failed
}

// parseEssence runs steps 1-9 of [parse a MIME type]: type and subtype.
// [RequestHeader] calls it for Content-Type, which needs only the essence,
// so that check is the parser itself and allocates nothing.
//
// [parse a MIME type]: https://mimesniff.spec.whatwg.org/#parse-a-mime-type
func parseEssence(input string) (p essenceParse) {
	// Step 1: remove leading and trailing HTTP whitespace.
	p.start, p.end = 0, len(input)
	for p.start < p.end && isHTTPWhitespace(input[p.start]) {
		p.start++
	}
	for p.end > p.start && isHTTPWhitespace(input[p.end-1]) {
		p.end--
	}
	// Steps 2-3: the type is everything up to "/".
	pos := p.start
	p.typ = pos
	for pos < p.end && input[pos] != '/' {
		pos++
	}
	// Step 4: non-empty, token code points only.
	if pos == p.typ {
		p.reason, p.at = ReasonTypeEmpty, pos
		return p
	}
	if i := indexNonToken(input[p.typ:pos]); i >= 0 {
		p.reason, p.at = ReasonTypeNotToken, p.typ+i
		return p
	}
	// Step 5: there must be a "/".
	if pos >= p.end {
		p.reason, p.at = ReasonNoSlash, pos
		return p
	}
	// Step 6: skip it.
	p.slash = pos
	pos++
	// Step 7: the subtype is everything up to ";".
	subtypeStart := pos
	for pos < p.end && input[pos] != ';' {
		pos++
	}
	p.params = pos
	// Step 8: without trailing HTTP whitespace.
	for pos > subtypeStart && isHTTPWhitespace(input[pos-1]) {
		pos--
	}
	p.subtypeEnd = pos
	// Step 9: non-empty, token code points only.
	if pos == subtypeStart {
		p.reason, p.at = ReasonSubtypeEmpty, subtypeStart
		return p
	}
	if i := indexNonToken(input[subtypeStart:pos]); i >= 0 {
		p.reason, p.at = ReasonSubtypeNotToken, subtypeStart+i
		return p
	}
	return p
}

// indexNonToken returns the offset of the first non-token byte of s, or -1.
func indexNonToken(s string) int {
	for i := 0; i < len(s); i++ {
		if !isTokenByte(s[i]) {
			return i
		}
	}
	return -1
}

// valueFits reports whether a parameter value solely contains HTTP
// quoted-string token code points; a quoted value is checked unescaped.
func valueFits(value string, quoted bool) bool {
	for i := 0; i < len(value); i++ {
		if quoted && value[i] == '\\' && i+1 < len(value) {
			i++
		}
		if !isQuotedStringTokenByte(value[i]) {
			return false
		}
	}
	return true
}

// A span is a range [start, end) of a lazyString's output.
type span struct{ start, end int }

// lazyString builds a serialization that is usually identical to the
// input it came from (as path.Clean's lazybuf does): until the first
// byte that differs it only advances w, and the result is a substring of
// s; after that it copies into b.
type lazyString struct {
	s string
	b *strings.Builder
	w int // bytes written
}

func (l *lazyString) writeByte(c byte) {
	if l.b == nil {
		if l.w < len(l.s) && l.s[l.w] == c {
			l.w++
			return
		}
		l.b = new(strings.Builder)
		l.b.Grow(len(l.s) + 8)
		l.b.WriteString(l.s[:l.w])
	}
	l.b.WriteByte(c)
	l.w++
}

func (l *lazyString) writeLower(s string) {
	for i := 0; i < len(s); i++ {
		l.writeByte(lowerByte(s[i]))
	}
}

func (l *lazyString) len() int { return l.w }

// at returns output byte i.
func (l *lazyString) at(i int) byte {
	if l.b == nil {
		return l.s[i]
	}
	return l.b.String()[i]
}

func (l *lazyString) string() string {
	if l.b == nil {
		return l.s[:l.w]
	}
	return l.b.String()
}

// seen reports whether name, lowercased, equals one of the spans.
func (l *lazyString) seen(spans []span, name string) bool {
	for _, sp := range spans {
		if sp.end-sp.start != len(name) {
			continue
		}
		same := true
		for i := 0; i < len(name) && same; i++ {
			same = l.at(sp.start+i) == lowerByte(name[i])
		}
		if same {
			return true
		}
	}
	return false
}

// writeParam writes ";" name "=" value in serialized form (serialize a
// MIME type, steps 2.1-2.5) and returns the span of the name. A quoted
// value is given still escaped and is written by its unescaped bytes.
func (l *lazyString) writeParam(name, value string, quoted bool) span {
	l.writeByte(';')
	sp := span{start: l.w}
	l.writeLower(name)
	sp.end = l.w
	l.writeByte('=')
	// Step 2.4: quote unless the value is a non-empty token.
	token := len(value) > 0
	for i := 0; i < len(value) && token; i++ {
		if quoted && value[i] == '\\' && i+1 < len(value) {
			i++
		}
		token = isTokenByte(value[i])
	}
	if !token {
		l.writeByte('"')
	}
	for i := 0; i < len(value); i++ {
		if quoted && value[i] == '\\' && i+1 < len(value) {
			i++
		}
		if c := value[i]; !token && (c == '"' || c == '\\') {
			l.writeByte('\\')
		}
		l.writeByte(value[i])
	}
	if !token {
		l.writeByte('"')
	}
	return sp
}
