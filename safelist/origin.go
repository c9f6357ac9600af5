package safelist

import "strings"

// validSerializedOrigin reports whether s matches the [serialized-origin]
// ABNF of the Origin header:
//
//	serialized-scheme "://" serialized-host [ ":" serialized-port ]
//
// Scheme and host are lowercase, IPv6 addresses are in the restricted form
// the ABNF gives, and the port is one to five digits (the ABNF does not
// bound it by 65535).
//
// [serialized-origin]: https://fetch.spec.whatwg.org/#serialized-origin
func validSerializedOrigin(s string) bool {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || !validSerializedScheme(scheme) {
		return false
	}
	var host, port string
	hasPort := false
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 || !validSerializedIPv6(rest[1:end]) {
			return false
		}
		host, rest = rest[:end+1], rest[end+1:]
		if rest != "" {
			if rest[0] != ':' {
				return false
			}
			port, hasPort = rest[1:], true
		}
	} else {
		host, port, hasPort = strings.Cut(rest, ":")
		// serialized-ipv4 is a subset of serialized-domain (labels of
		// digits), so one check covers both alternatives.
		if !validSerializedDomain(host) {
			return false
		}
	}
	if hasPort && (len(port) < 1 || len(port) > 5 || !allDigits(port)) {
		return false
	}
	return true
}

// validSerializedScheme: lower-alpha *( lower-alphanum / "+" / "-" / "." ).
func validSerializedScheme(s string) bool {
	if s == "" || !isLowerAlpha(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !isLowerAlphanum(c) && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// validSerializedDomain: *( domain-label "." ) domain-label, where a
// domain-label is lower-alphanum, or lower-alphanum *( lower-alphanum / "-" )
// lower-alphanum.
func validSerializedDomain(s string) bool {
	for label := range strings.SplitSeq(s, ".") {
		if label == "" || !isLowerAlphanum(label[0]) || !isLowerAlphanum(label[len(label)-1]) {
			return false
		}
		for i := 1; i < len(label)-1; i++ {
			if !isLowerAlphanum(label[i]) && label[i] != '-' {
				return false
			}
		}
	}
	return true
}

// validSerializedIPv6 checks the serialized-ipv6 ABNF: eight h16 pieces, or
// one "::" with at most six pieces around it in total; h16 is "0" or a
// lowercase hex number without leading zeros.
func validSerializedIPv6(s string) bool {
	left, right, elided := strings.Cut(s, "::")
	if !elided {
		n, ok := h16Pieces(s)
		return ok && n == 8
	}
	nl, okl := h16Pieces(left)
	nr, okr := h16Pieces(right)
	return okl && okr && nl+nr <= 6
}

// h16Pieces counts the ":"-separated h16 pieces of s ("" has none).
func h16Pieces(s string) (int, bool) {
	if s == "" {
		return 0, true
	}
	n := 0
	for piece := range strings.SplitSeq(s, ":") {
		if !validH16(piece) {
			return 0, false
		}
		n++
	}
	return n, true
}

// validH16: "0" / ( non-zero-hex 0*3hex ), lowercase only.
func validH16(s string) bool {
	if s == "0" {
		return true
	}
	if len(s) < 1 || len(s) > 4 || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9') && !('a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func isLowerAlpha(c byte) bool    { return 'a' <= c && c <= 'z' }
func isLowerAlphanum(c byte) bool { return isLowerAlpha(c) || ('0' <= c && c <= '9') }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
