package safelist

// ValidHeaderName reports whether name is a [header name]: it matches the
// field-name (token) production, so it is non-empty and every byte is a
// token code point.
//
// [header name]: https://fetch.spec.whatwg.org/#header-name
func ValidHeaderName(name string) bool {
	return isToken(name)
}

// ValidHeaderValue reports whether value is a [header value]: no leading
// or trailing HT or SP, and no NUL, CR or LF anywhere. This is Fetch's
// rule, not HTTP's field-value: other control bytes, DEL and bytes ≥ 0x80
// are allowed, and so is the empty value.
//
// [header value]: https://fetch.spec.whatwg.org/#header-value
func ValidHeaderValue(value string) bool {
	return checkValue(value) == 0
}

// NormalizeHeaderValue implements [normalize]: it removes leading and
// trailing HTTP whitespace bytes (HT, SP, CR, LF) and keeps the interior.
// fetch() and setRequestHeader() normalize before they validate, so
// "  v w \r\n" becomes "v w" while "a\nb" stays invalid.
//
// [normalize]: https://fetch.spec.whatwg.org/#concept-header-value-normalize
func NormalizeHeaderValue(value string) string {
	return trimHTTPWhitespace(value)
}

// CheckHeaderName returns nil if name is a valid [header name] and a
// [*HeaderError] saying which byte is wrong otherwise.
//
// [header name]: https://fetch.spec.whatwg.org/#header-name
func CheckHeaderName(name string) error {
	if name == "" {
		return &HeaderError{Name: name, Reason: ReasonNameEmpty}
	}
	for i := 0; i < len(name); i++ {
		if !isTokenByte(name[i]) {
			return &HeaderError{Name: name, At: i, Reason: ReasonNameNotToken}
		}
	}
	return nil
}

// CheckHeaderValue returns nil if value is a valid [header value] and a
// [*HeaderError] naming the offending byte otherwise; name is only carried
// into the error.
//
// [header value]: https://fetch.spec.whatwg.org/#header-value
func CheckHeaderValue(name, value string) error {
	if r := checkValue(value); r != 0 {
		return &HeaderError{Name: name, Value: value, At: badValueByte(value), Reason: r}
	}
	return nil
}

// checkValue returns why value is not a header value, or 0. The reason
// describes the byte badValueByte points at.
func checkValue(value string) ParseReason {
	i := badValueByte(value)
	switch {
	case i < 0:
		return 0
	case isTabOrSpace(value[i]):
		return ReasonValueEdgeWhitespace
	}
	return ReasonValueForbiddenByte
}

// badValueByte returns the offset of the first byte that makes value an
// invalid header value, or -1.
func badValueByte(value string) int {
	n := len(value)
	if n == 0 {
		return -1
	}
	if isTabOrSpace(value[0]) {
		return 0
	}
	for i := 0; i < n; i++ {
		if c := value[i]; c == 0 || c == '\r' || c == '\n' {
			return i
		}
	}
	if isTabOrSpace(value[n-1]) {
		return n - 1
	}
	return -1
}
