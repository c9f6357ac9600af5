package safelist

import (
	"slices"
	"strings"
)

// A Header is one (name, value) entry of a [HeaderList].
//
// Both are byte sequences held in Go strings: a byte ≥ 0x80 stands for
// itself (its isomorphic decoding), never for part of a UTF-8 sequence.
type Header struct {
	Name, Value string
}

// A HeaderList is the spec's [header list]: an ordered list of headers in
// which a name may occur more than once. Names are matched
// byte-case-insensitively and keep the casing they were added with.
//
// The methods implement the spec's header-list primitives; none of them
// validates names or values (see [ValidHeaderName], [ValidHeaderValue]).
//
// [header list]: https://fetch.spec.whatwg.org/#concept-header-list
type HeaderList []Header

// Contains reports whether l [contains] a header whose name is a
// byte-case-insensitive match for name.
//
// [contains]: https://fetch.spec.whatwg.org/#header-list-contains
func (l HeaderList) Contains(name string) bool {
	for _, h := range l {
		if equalFold(h.Name, name) {
			return true
		}
	}
	return false
}

// Get implements [get]: the values of every header named name, in order,
// separated by ", " (0x2C 0x20). The boolean is false (the spec's null) when
// l does not contain name. A single matching header costs no allocation.
//
// [get]: https://fetch.spec.whatwg.org/#concept-header-list-get
func (l HeaderList) Get(name string) (string, bool) {
	// Step 1: null when no header has that name.
	first := -1
	n := 0
	size := 0
	for i, h := range l {
		if equalFold(h.Name, name) {
			if first < 0 {
				first = i
			}
			n++
			size += len(h.Value)
		}
	}
	if first < 0 {
		return "", false
	}
	if n == 1 {
		return l[first].Value, true
	}
	// Step 2: join all values with 0x2C 0x20, in list order.
	var b strings.Builder
	b.Grow(size + 2*(n-1))
	for i, h := range l[first:] {
		if !equalFold(h.Name, name) {
			continue
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(h.Value)
	}
	return b.String(), true
}

// Values returns the value of every header named name, in list order, or
// nil when there is none. This is the input the Extract functions take:
// each header line on its own, as [extract header list values] sees them.
//
// [extract header list values]: https://fetch.spec.whatwg.org/#extract-header-list-values
func (l HeaderList) Values(name string) []string {
	var vs []string
	for _, h := range l {
		if equalFold(h.Name, name) {
			vs = append(vs, h.Value)
		}
	}
	return vs
}

// GetDecodeSplit implements the header list's [get, decode, and split]:
// [HeaderList.Get] name, then split the combined value as
// [GetDecodeSplitValue] does. The boolean is false (null) when l does not
// contain name.
//
// [get, decode, and split]: https://fetch.spec.whatwg.org/#concept-header-list-get-decode-split
func (l HeaderList) GetDecodeSplit(name string) ([]string, bool) {
	// Step 1: get.
	value, ok := l.Get(name)
	// Step 2: null stays null.
	if !ok {
		return nil, false
	}
	// Step 3: split the combined value; quotes may span the ", " joins.
	return GetDecodeSplitValue(value), true
}

// Append implements [append]: it adds (name, value) as a new entry at the
// end, but spelled like the first header already in l with a
// byte-case-insensitively equal name, if any.
//
// [append]: https://fetch.spec.whatwg.org/#concept-header-list-append
func (l *HeaderList) Append(name, value string) {
	// Step 1: reuse the casing of the first header of that name.
	for _, h := range *l {
		if equalFold(h.Name, name) {
			name = h.Name
			break
		}
	}
	// Step 2: append.
	*l = append(*l, Header{Name: name, Value: value})
}

// Delete implements [delete]: it removes every header whose name is a
// byte-case-insensitive match for name, keeping the others in order.
//
// [delete]: https://fetch.spec.whatwg.org/#concept-header-list-delete
func (l *HeaderList) Delete(name string) {
	*l = slices.DeleteFunc(*l, func(h Header) bool { return equalFold(h.Name, name) })
}

// Set implements [set]: the first header named name gets value and the
// other headers of that name are removed; without one, (name, value) is
// appended.
//
// [set]: https://fetch.spec.whatwg.org/#concept-header-list-set
func (l *HeaderList) Set(name, value string) {
	i := l.index(name)
	// Step 2: not present, so append.
	if i < 0 {
		*l = append(*l, Header{Name: name, Value: value})
		return
	}
	// Step 1: replace the first value, drop the later duplicates.
	(*l)[i].Value = value
	tail := slices.DeleteFunc((*l)[i+1:], func(h Header) bool { return equalFold(h.Name, name) })
	*l = (*l)[:i+1+len(tail)]
}

// Combine implements [combine], which XMLHttpRequest's setRequestHeader
// uses: the value is added to the first header named name, after ", "; without
// one, (name, value) is appended.
//
// [combine]: https://fetch.spec.whatwg.org/#concept-header-list-combine
func (l *HeaderList) Combine(name, value string) {
	i := l.index(name)
	// Step 2: not present, so append.
	if i < 0 {
		*l = append(*l, Header{Name: name, Value: value})
		return
	}
	// Step 1: extend the first such header's value.
	(*l)[i].Value = (*l)[i].Value + ", " + value
}

// index returns the position of the first header named name, or -1.
func (l HeaderList) index(name string) int {
	for i, h := range l {
		if equalFold(h.Name, name) {
			return i
		}
	}
	return -1
}

// SortAndCombine implements [sort and combine], what Headers iteration and
// getAllResponseHeaders() show: one entry per byte-lowercased name, sorted
// by byte value, values combined with ", ", except that every
// `set-cookie` value stays an entry of its own.
//
// [sort and combine]: https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine
func (l HeaderList) SortAndCombine() HeaderList {
	// Step 1: a new list.
	var headers HeaderList
	// Step 2: the sorted-lowercase set of all names.
	names := make([]string, len(l))
	for i, h := range l {
		names[i] = h.Name
	}
	names = SortedLowercaseSet(names)
	// Step 3: one entry per name, set-cookie values kept apart.
	for _, name := range names {
		if name == "set-cookie" {
			for _, v := range l.Values(name) {
				headers = append(headers, Header{Name: name, Value: v})
			}
			continue
		}
		v, _ := l.Get(name)
		headers = append(headers, Header{Name: name, Value: v})
	}
	// Step 4.
	return headers
}

// SortedLowercaseSet implements [convert header names to a sorted-lowercase
// set]: it byte-lowercases each name, drops duplicates and sorts the result
// by byte value (so "x-a" sorts before "x1"). The input is not modified.
//
// [convert header names to a sorted-lowercase set]: https://fetch.spec.whatwg.org/#convert-header-names-to-a-sorted-lowercase-set
func SortedLowercaseSet(names []string) []string {
	if len(names) == 0 {
		return nil
	}
	set := make([]string, len(names))
	// Step 2: byte-lowercase each name.
	for i, name := range names {
		set[i] = lowerName(name)
	}
	// Step 3: sort with "byte less than" and keep each name once.
	return sortedSet(set)
}

// sortedSet sorts names (all lowercase) in place with byte less than and
// removes duplicates. It does not allocate.
func sortedSet(names []string) []string {
	slices.Sort(names) // Go string order is byte order.
	return slices.Compact(names)
}

// GetDecodeSplitValue implements the header value's [get, decode, and
// split]: it splits value on commas that are not inside a double-quoted
// string, trims HTTP tab or space from each piece and keeps empty pieces.
// Quoted strings are kept as written, quotes and backslashes included.
//
// Isomorphic decoding is the identity on this package's byte strings, so
// each piece holds the same bytes the header had.
//
// [get, decode, and split]: https://fetch.spec.whatwg.org/#header-value-get-decode-and-split
func GetDecodeSplitValue(value string) []string {
	// Step 3: values.
	var values []string
	for pos, done := 0, false; !done; {
		var piece string
		piece, pos, done = nextSplitValue(value, pos)
		values = append(values, piece)
	}
	return values
}

// nextSplitValue runs one iteration of get, decode, and split's loop (step
// 5) from position: it returns the trimmed piece, the position after the
// comma that ended it, and whether it was the last piece.
// Every piece is one contiguous run of input, so nothing is copied.
func nextSplitValue(input string, position int) (piece string, next int, last bool) {
	start := position
	for {
		// Step 5.1: collect bytes that are not " or ,.
		for position < len(input) && input[position] != '"' && input[position] != ',' {
			position++
		}
		// Step 5.2: a quoted string is taken whole, commas included.
		if position < len(input) && input[position] == '"' {
			_, position = collectQuotedString(input, position)
			if position < len(input) {
				continue
			}
		}
		break
	}
	// Steps 5.3-5.5: trim HTTP tab or space and append.
	piece = trimTabOrSpace(input[start:position])
	// Step 5.6: the end of input ends the list.
	if position >= len(input) {
		return piece, position, true
	}
	// Steps 5.7-5.8: input[position] is a comma; step past it.
	return piece, position + 1, false
}
