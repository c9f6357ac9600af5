package safelist

// collectQuotedString implements [collect an HTTP quoted string] from
// input at position, where input[position] is '"'. Rather than building the
// string it returns where the quoted content ends (end: the closing quote,
// or the end of input when unterminated) and the position after the whole
// quoted string (next). The raw form (extract-value false) is
// input[position:next]; the value form (extract-value true) is
// input[position+1:end] with its escapes removed, see [unescapeQuoted].
//
// The spec returns the code points from the start "to position,
// inclusive", but its own examples (`"Hello" World` → `"Hello"`, position
// 7) show the end is exclusive; this follows the examples.
//
// [collect an HTTP quoted string]: https://fetch.spec.whatwg.org/#collect-an-http-quoted-string
func collectQuotedString(input string, position int) (end, next int) {
	// Step 4: skip the opening quote.
	position++
	for {
		// Step 5.1: collect bytes that are not " or \.
		for position < len(input) && input[position] != '"' && input[position] != '\\' {
			position++
		}
		// Step 5.2: unterminated.
		if position >= len(input) {
			return position, position
		}
		// Steps 5.3-5.4.
		quoteOrBackslash := input[position]
		position++
		if quoteOrBackslash == '"' {
			// Step 5.6: the closing quote ends the string.
			return position - 1, position
		}
		// Step 5.5.1: a backslash at the very end stands for itself.
		if position >= len(input) {
			return position, position
		}
		// Steps 5.5.2-5.5.3: it escapes the next byte.
		position++
	}
}

// unescapedLen returns the length of the value of quoted content
// (input[position+1:end] of [collectQuotedString]): a backslash is dropped
// and the byte after it kept; a backslash that ends the content is kept.
func unescapedLen(content string) int {
	n := 0
	for i := 0; i < len(content); i++ {
		if content[i] == '\\' && i+1 < len(content) {
			i++
		}
		n++
	}
	return n
}

// unescapeQuoted returns the value of the quoted content, allocating only
// when it contains a backslash escape.
func unescapeQuoted(content string) string {
	if unescapedLen(content) == len(content) {
		return content
	}
	b := make([]byte, 0, len(content))
	for i := 0; i < len(content); i++ {
		if content[i] == '\\' && i+1 < len(content) {
			i++
		}
		b = append(b, content[i])
	}
	return string(b)
}
