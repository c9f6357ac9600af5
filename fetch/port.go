package fetch

import "slices"

// badPorts is the Fetch Standard's [bad port] table, sorted. fetch.bs names
// the service each port belongs to (tcpmux, echo, ..., amanda); they are left
// out here.
//
// [bad port]: https://fetch.spec.whatwg.org/#bad-port
var badPorts = [...]uint16{
	0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69,
	77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119,
	123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515,
	526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990,
	993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000,
	6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
}

// IsBadPort reports whether port is listed in the Fetch Standard's
// [bad port] table.
//
// [bad port]: https://fetch.spec.whatwg.org/#bad-port
func IsBadPort(port uint16) bool {
	_, found := slices.BinarySearch(badPorts[:], port)
	return found
}

// BlockBadPort reports whether fetching u [should be blocked due to a bad port]:
// u's scheme is an HTTP(S) scheme and its port is a bad port. A null port
// (none given, or the scheme's default) is never bad, but an explicit port 0
// is. Fetch returns a network error for such a request before anything is
// sent (main fetch step 7), and checks every redirect target again.
//
// [should be blocked due to a bad port]: https://fetch.spec.whatwg.org/#block-bad-port
func BlockBadPort(u *URL) bool {
	// Step 1 (url is the request's current URL) is the caller's.
	// Step 2: blocked if an HTTP(S) scheme and a bad port.
	port, ok := u.Port()
	return ok && u.IsHTTPScheme() && IsBadPort(port)
	// Step 3: otherwise allowed.
}
