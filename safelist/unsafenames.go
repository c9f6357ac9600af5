package safelist

// UnsafeRequestHeaderNames implements [CORS-unsafe request-header names]:
// the byte-lowercased, de-duplicated, byte-sorted names of the headers in l
// that are not CORS-safelisted request-headers, plus the names of all the
// safelisted ones when their values add up to more than 1024 bytes.
//
// A cross-origin request from fetch() or XMLHttpRequest needs a preflight
// when this is not empty ([main fetch] step 12); joined with "," and no
// space it is the preflight's Access-Control-Request-Headers value
// ([CORS-preflight fetch] step 5). l is the request's header list when main
// fetch runs: what script set, plus the Accept (and Accept-Language) that
// fetch appends first, but none of the per-hop headers (Origin, Cookie, ...).
//
// [CORS-unsafe request-header names]: https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names
// [main fetch]: https://fetch.spec.whatwg.org/#concept-main-fetch
// [CORS-preflight fetch]: https://fetch.spec.whatwg.org/#cors-preflight-fetch-0
func UnsafeRequestHeaderNames(l HeaderList) []string {
	names := AppendUnsafeRequestHeaderNames(nil, l)
	if len(names) == 0 {
		return nil
	}
	return names
}

// AppendUnsafeRequestHeaderNames appends the [CORS-unsafe request-header
// names] of l to dst and returns the extended slice, as
// [UnsafeRequestHeaderNames] computes them. It does not allocate when dst
// has room and every unsafe name is in lowercase already or is a common
// header name (Authorization, Cache-Control, X-Requested-With, ...).
//
// [CORS-unsafe request-header names]: https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names
func AppendUnsafeRequestHeaderNames(dst []string, l HeaderList) []string {
	start := len(dst)
	// Steps 1-3: unsafeNames is dst[start:]; the potentially unsafe names
	// are counted by their size only and found again in step 5.
	safelistValueSize := 0
	// Step 4: judge each header on its own.
	for _, h := range l {
		if !RequestHeader(h.Name, h.Value).Safelisted() {
			dst = append(dst, lowerName(h.Name))
			continue
		}
		safelistValueSize += len(h.Value)
	}
	// Step 5: past 1024 bytes, the safelisted names are unsafe too.
	if safelistValueSize > MaxSafelistedValueTotal {
		for _, h := range l {
			if RequestHeader(h.Name, h.Value).Safelisted() {
				dst = append(dst, lowerName(h.Name))
			}
		}
	}
	// Step 6: the sorted-lowercase set (names are lowercased above).
	set := sortedSet(dst[start:])
	return dst[:start+len(set)]
}

// AppendRequestHeaderVerdicts appends one [Verdict] per header of l, in
// order, and returns the extended slice: [RequestHeader]'s verdict, except
// that when the safelisted values add up to more than 1024 bytes each
// safelisted header gets [RuleTotalTooLong] instead. The headers whose
// verdict is not safelisted are exactly those whose names
// [UnsafeRequestHeaderNames] returns; this is the same decision, kept per
// header to explain it.
func AppendRequestHeaderVerdicts(dst []Verdict, l HeaderList) []Verdict {
	start := len(dst)
	size := 0
	for _, h := range l {
		v := RequestHeader(h.Name, h.Value)
		if v.Safelisted() {
			size += len(h.Value)
		}
		dst = append(dst, v)
	}
	if size > MaxSafelistedValueTotal {
		for i := start; i < len(dst); i++ {
			if dst[i].Safelisted() {
				dst[i] = Verdict{Rule: RuleTotalTooLong, Size: size}
			}
		}
	}
	return dst
}
