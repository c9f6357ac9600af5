package safelist

// OKStatus reports whether status is an [ok status]: 200 to 299 inclusive.
// A preflight passes only with one.
//
// [ok status]: https://fetch.spec.whatwg.org/#ok-status
func OKStatus(status int) bool { return 200 <= status && status <= 299 }

// NullBodyStatus reports whether status is a [null body status]: 101, 103,
// 204, 205 or 304. Responses with one have no body.
//
// [null body status]: https://fetch.spec.whatwg.org/#null-body-status
func NullBodyStatus(status int) bool {
	switch status {
	case 101, 103, 204, 205, 304:
		return true
	}
	return false
}

// RedirectStatus reports whether status is a [redirect status]: 301, 302,
// 303, 307 or 308. Other 3xx statuses (300, 304, 305, 306) are ordinary
// responses and are not followed.
//
// [redirect status]: https://fetch.spec.whatwg.org/#redirect-status
func RedirectStatus(status int) bool {
	switch status {
	case 301, 302, 303, 307, 308:
		return true
	}
	return false
}

// RangeStatus reports whether status is a [range status]: 206 or 416.
//
// [range status]: https://fetch.spec.whatwg.org/#range-status
func RangeStatus(status int) bool { return status == 206 || status == 416 }
