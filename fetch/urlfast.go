package fetch

import "strings"

// parseCanonicalHTTP parses s without the URL library when s is an http or
// https URL already in the form the URL serializer writes, which is what
// most URLs crawlers and tests hand to fetch() look like, and reports false
// for anything else (then the full parser must run). Such an s parses to
// itself, with or without a base URL (its "scheme://" start makes any base
// irrelevant), so the URL is built by finding its parts. FuzzParseCanonical
// checks every URL it accepts against the full parser.
//
// Accepted:
//
//   - "http://" or "https://", in lowercase;
//   - a host of lowercase ASCII letters, digits, "-" and ".", in labels that
//     are not empty and do not start with "xn--" (which IDNA would decode),
//     the last starting with a letter (so that it cannot be an IPv4 number:
//     the URL library reads even "-19" as one), at most 253 bytes; or an
//     IPv4 address in dotted decimal without leading zeros; no userinfo, no
//     IPv6;
//   - an optional port: 1 to 5 digits without a leading zero, at most 65535,
//     not the scheme's default port (which the serializer leaves out);
//   - a path that is empty (the serializer writes "/") or starts with "/",
//     of bytes that no percent-encode set touches (letters, digits and
//   - . _ ~ ! $ & ' ( ) * + , ; = : @ /), with no "." or ".." segment;
//   - an optional query and fragment of those bytes and "/", "?" and "%"
//     ("'" excepted in the query, which special URLs percent-encode).
//
// Everything else goes to the full parser: uppercase, percent-encoding in
// the path ("%2e" is a dot segment), backslashes, whitespace and controls
// (which the parser strips), non-ASCII, IDNA, IPv4 and IPv6 hosts, default
// ports, userinfo.
func parseCanonicalHTTP(s string) (*URL, bool) {
	var scheme string
	var defaultPort uint16
	switch {
	case strings.HasPrefix(s, "https://"):
		scheme, defaultPort = "https", 443
	case strings.HasPrefix(s, "http://"):
		scheme, defaultPort = "http", 80
	default:
		return nil, false
	}
	i := len(scheme) + 3

	// The host.
	hostStart, labelStart := i, i
	lastLabelLetter := false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || c == '-':
		case '0' <= c && c <= '9':
		case c == '.':
			if !labelOK(s[labelStart:i]) {
				return nil, false
			}
			labelStart = i + 1
			continue
		default:
			goto hostEnd
		}
		if i == labelStart {
			lastLabelLetter = 'a' <= c && c <= 'z'
		}
	}
hostEnd:
	host := s[hostStart:i]
	if host == "" || len(host) > 253 || !labelOK(s[labelStart:i]) || !lastLabelLetter && !canonicalIPv4(host) {
		return nil, false
	}

	// The port.
	var port uint16
	hasPort := false
	if i < len(s) && s[i] == ':' {
		i++
		start := i
		n := 0
		for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			n = n*10 + int(s[i]-'0')
			if i-start >= 5 || n > 65535 {
				return nil, false
			}
		}
		if i == start || s[start] == '0' && i-start > 1 || uint16(n) == defaultPort {
			return nil, false
		}
		port, hasPort = uint16(n), true
	}

	// The path: empty, or "/" and path bytes with no dot segment.
	pathStart := i
	href := s
	if i == len(s) || s[i] == '?' || s[i] == '#' {
		// The serializer writes the empty path of a special URL as "/".
		href = s[:i] + "/" + s[i:]
	} else {
		if s[i] != '/' {
			return nil, false
		}
		segStart := i + 1
		for i++; i <= len(s); i++ {
			if i < len(s) && s[i] != '/' && s[i] != '?' && s[i] != '#' {
				if !pathByte[s[i]] {
					return nil, false
				}
				continue
			}
			if seg := s[segStart:i]; seg == "." || seg == ".." {
				return nil, false
			}
			if i == len(s) || s[i] != '/' {
				break
			}
			segStart = i + 1
		}
	}
	pathEnd := i
	if href != s {
		pathEnd++ // the "/" added
	}

	// The query and the fragment.
	noFrag := len(s)
	for ; i < len(s); i++ {
		c := s[i]
		if c == '#' {
			noFrag = i
			for i++; i < len(s); i++ {
				if !fragmentByte[s[i]] {
					return nil, false
				}
			}
			break
		}
		if !queryByte[c] {
			return nil, false
		}
	}
	if href != s {
		noFrag++
	}
	u := &URL{
		href:    href,
		path:    href[pathStart:pathEnd],
		noFrag:  noFrag,
		hasFrg:  noFrag < len(href),
		scheme:  scheme,
		host:    host,
		port:    port,
		hasPort: hasPort,
	}
	// The bound the full parser applies (checkPathWork): past it, the full
	// parser says why.
	seps, n := pathSeparators(u.path)
	if seps*3*n > maxPathWork {
		return nil, false
	}
	return u, true
}

// canonicalIPv4 reports whether host is an IPv4 address as the host
// serializer writes it: four decimal numbers of at most 255, dot-separated,
// without leading zeros (which the IPv4 parser reads as octal).
func canonicalIPv4(host string) bool {
	parts := 0
	for len(host) > 0 {
		end := strings.IndexByte(host, '.')
		if end < 0 {
			end = len(host)
		}
		p := host[:end]
		if p == "" || len(p) > 3 || len(p) > 1 && p[0] == '0' {
			return false
		}
		n := 0
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return false
			}
			n = n*10 + int(p[i]-'0')
		}
		if n > 255 {
			return false
		}
		parts++
		if end == len(host) {
			break
		}
		host = host[end+1:]
		if host == "" {
			return false // a trailing dot
		}
	}
	return parts == 4
}

// labelOK reports whether a domain label of lowercase letters, digits and
// "-" needs nothing from IDNA: it is not empty and not punycode.
func labelOK(l string) bool {
	return l != "" && !strings.HasPrefix(l, "xn--")
}

// pathByte marks the bytes a path may hold that no percent-encode set
// changes and that mean nothing special to the path state.
var pathByte = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range []byte("-._~!$&'()*+,;=:@") {
		t[c] = true
	}
	return t
}()

// queryByte marks the bytes a special URL's query may hold unchanged:
// pathByte's but "'", and "/", "?" and "%".
var queryByte = func() (t [256]bool) {
	t = pathByte
	t['\''] = false
	for _, c := range []byte("/?%") {
		t[c] = true
	}
	return t
}()

// fragmentByte marks the bytes a fragment may hold unchanged: pathByte's
// and "/", "?" and "%".
var fragmentByte = func() (t [256]bool) {
	t = pathByte
	for _, c := range []byte("/?%") {
		t[c] = true
	}
	return t
}()
