package fetch

// RequestKnobs are the engine's rules for building and classifying the
// requests script makes, where it deviates from the Fetch Standard: what the
// Request constructor and XMLHttpRequest keep of what script sets, which
// request-headers count as CORS-safelisted, how the CORS-unsafe request-header
// names are gathered, and how a Range header goes on the wire. Each knob
// cites the real-engine observation behind it (conformance/testdata, or a
// scratch vector run with `corsim browser`). The zero value is the Fetch
// Standard.
type RequestKnobs struct {
	// StreamUploads says what a ReadableStream request body does.
	//
	// Deviation(Firefox): StreamUploadsAsText; Deviation(WebKit):
	// StreamUploadsRejected (see the values for the evidence).
	StreamUploads StreamUploads

	// CombineRepeatedHeaders makes the header list of a request made by
	// fetch() hold one entry per header name: appending a name already
	// present adds the value to that entry after ", " (as
	// XMLHttpRequest's setRequestHeader does in the spec), where the spec's
	// Headers append adds a second entry. The safelist then judges the
	// combined value: two `Content-Type: text/plain` are one
	// `text/plain, text/plain`, which is no MIME type, and several
	// Content-Language values together pass 128 bytes long before the
	// 1024-byte total is reached.
	//
	// On the wire all three engines send one combined line; Firefox judges
	// each entry on its own (the spec), so only Chromium and WebKit set
	// this.
	//
	// Deviation(Chromium, WebKit): CONFIRMED by corsim browser, Chromium
	// 156.0.8078.79 and WebKitGTK 2.50.6, vectors safelist/total-1024-bytes,
	// safelist/total-1025-bytes, engine-misc/ua-accept-within-1024-bytes and
	// engine-misc/ua-accept-counts-toward-1024-bytes (a preflight with
	// Access-Control-Request-Headers `content-language` only, one
	// Content-Language line on the wire); scratch vectors: two
	// `Content-Type: text/plain` are preflighted with
	// Access-Control-Request-Headers `content-type`, two `Range: bytes=0-1`
	// with `range`, two Accept-Language values of 63 and 64 bytes with
	// `accept-language` (Firefox sends all three without a preflight).
	// Explanation: Chromium's HTTPHeaderMap and WebKit's HTTPHeaderMap add
	// a repeated name to the existing value.
	CombineRepeatedHeaders bool

	// NoSafelistedValueTotal leaves out CORS-unsafe request-header names
	// step 5: safelisted values totalling more than 1024 bytes do not make
	// their names unsafe.
	//
	// Deviation(Firefox): CONFIRMED by corsim browser, Firefox ESR
	// 153.7.0esr, vectors safelist/total-1025-bytes and
	// engine-misc/ua-accept-counts-toward-1024-bytes (the GET is sent
	// without a preflight); a scratch vector with 2,052 bytes of
	// safelisted values (sixteen Content-Language values) is not
	// preflighted either. Explanation: InternalHeaders::GetUnsafeHeaders
	// judges each entry alone.
	NoSafelistedValueTotal bool

	// DuplicateUnsafeNames keeps a name once per header of that name in the
	// CORS-unsafe request-header names (so in the preflight's
	// Access-Control-Request-Headers), where the spec's sorted-lowercase set
	// keeps it once. The names are still byte-lowercased and sorted.
	//
	// Deviation(Firefox): CONFIRMED by corsim browser, Firefox ESR
	// 153.7.0esr, vectors preflight/acrh-sorted-lowercase-deduplicated
	// (`content-type,x-a,x-a,x-b`) and
	// preflight/fetch-duplicate-header-listed-once
	// (`x-request-id,x-request-id`); a scratch vector with X-B, x-b and X-A
	// gave `x-a,x-b,x-b`. Explanation: nsCORSListenerProxy sorts the unsafe
	// header names of InternalHeaders::GetUnsafeHeaders without removing
	// repeats.
	DuplicateUnsafeNames bool

	// ClientHintsSafelisted adds Chromium's Client Hints to the
	// CORS-safelisted request-headers, each with its value rule (value at
	// most 128 bytes, as for every name): Device-Memory, DPR and Downlink
	// with 1*DIGIT ["." 1*DIGIT]; Width, Viewport-Width and RTT with
	// 1*DIGIT; ECT with one of `slow-2g`, `2g`, `3g`, `4g` (exactly);
	// Save-Data with `on` in any case; Intervention with any value. Their
	// values count toward the 1024-byte total. See clienthints.go.
	//
	// Deviation(Chromium): CONFIRMED by corsim browser, Chromium
	// 156.0.8078.79, vectors engine-misc/client-hint-save-data-set-by-script-preflighted,
	// engine-misc/client-hint-viewport-width-set-by-script-preflighted,
	// engine-misc/client-hint-dpr-set-by-script-preflighted,
	// engine-misc/client-hint-device-memory-set-by-script-preflighted and
	// engine-misc/client-hint-width-set-by-script-preflighted (the GET is
	// sent without a preflight); scratch vectors for the names and value
	// rules: RTT 100, Downlink 1.5 and 10, ECT slow-2g/2g/3g/4g, DPR 1.5,
	// Width 0640, Device-Memory 0.5, Save-Data ON and Intervention x sent
	// without a preflight; ECT 4G and 5g, DPR 1. and +1, Width 1.5, RTT -1,
	// Device-Memory .5, an empty Viewport-Width, Save-Data off, a DPR of
	// 129 digits, an Intervention of 129 bytes and Lang en preflighted; and
	// safelisted values of 1,025 bytes over nine names (client hints
	// included) preflighted with every one of them listed, 1,024 bytes not.
	// Explanation: services/network/public/cpp/cors/cors.cc
	// IsCorsSafelistedHeader.
	ClientHintsSafelisted bool

	// UserAgentForbidden makes User-Agent a forbidden request-header:
	// script's value is dropped silently, by the Headers object of fetch()
	// and by XMLHttpRequest's setRequestHeader alike, so it calls for no
	// preflight and the user agent's own User-Agent goes on the wire. The
	// spec removed User-Agent from the forbidden request-headers.
	//
	// Deviation(Chromium): CONFIRMED by corsim browser, Chromium
	// 156.0.8078.79, vector preflight/user-agent-set-by-script (no
	// preflight, Chromium's User-Agent sent); a scratch XMLHttpRequest
	// with setRequestHeader("User-Agent", ...) likewise. A scratch vector
	// showed that Chromium's other extra forbidden name,
	// Access-Control-Request-Private-Network, is kept and preflighted as
	// the spec says. Explanation: net/http/http_util.cc
	// kForbiddenHeaderFields still lists "user-agent" (crbug.com/571722).
	UserAgentForbidden bool

	// UploadListenersNeedBody makes XMLHttpRequest's send() set the
	// use-CORS-preflight flag for upload listeners only when the request
	// has a body: a GET or HEAD (whose body is always dropped), or a POST
	// sent without one, is not preflighted for its listeners. The spec sets
	// the flag whenever a listener is registered.
	//
	// Deviation(Chromium): CONFIRMED by corsim browser, Chromium
	// 156.0.8078.79, vectors api/xhr-upload-listeners-on-get-force-preflight
	// and preflight/xhr-upload-listeners-get (the GET is sent without a
	// preflight); scratch vectors: a HEAD and a POST without a body are
	// not preflighted, a POST with a text body is. Explanation:
	// XMLHttpRequest::CreateRequest consults the upload listeners only when
	// there is an HTTP body.
	UploadListenersNeedBody bool

	// HighBytesUnsafe makes the bytes 0x80 to 0xFF CORS-unsafe
	// request-header bytes in the values of Accept and Content-Type (the
	// other safelisted names reject them anyway), where the spec lets them
	// through. It acts wherever the safelist does: the preflight decision,
	// and the no-CORS guard, which drops such a header from a no-cors
	// request.
	//
	// Deviation(Firefox): CONFIRMED by corsim browser, Firefox ESR
	// 153.7.0esr, vector safelist/accept-high-bytes-allowed (preflighted);
	// scratch vectors: Accept `é` and `a` U+0080, with fetch() and with
	// XMLHttpRequest, and Content-Type `text/plain;a=café` are
	// preflighted; in no-cors mode the Accept and Content-Type holding `é`
	// never reach the wire (Accept: */* instead). Chromium and WebKit follow
	// the spec in all of these.
	HighBytesUnsafe bool

	// RangeUnitCaseInsensitive makes the CORS-safelisted request-header rule
	// for Range accept the unit `bytes` in any case (`BYTES=0-`,
	// `Bytes=0-`), where the spec requires it lowercase. The header goes on
	// the wire as script wrote it.
	//
	// Deviation(WebKit): CONFIRMED by corsim browser, WebKitGTK 2.50.6,
	// vectors safelist/range-unit-uppercase (`BYTES=0-`, passing its WebKit
	// patch) and safelist/range-unit-capitalized (`Bytes=0-`): no
	// preflight; a scratch XMLHttpRequest with `BYTES=0-1` likewise.
	// Chromium and Firefox preflight both.
	RangeUnitCaseInsensitive bool

	// CanonicalRangeOnWire rewrites a Range header whose value the engine's
	// HTTP stack parses as exactly one valid byte range into the canonical
	// form on the wire: `bytes=F-L`, `bytes=F-` or `bytes=-S`, in decimal
	// without leading zeros. The CORS decisions (preflight,
	// Access-Control-Request-Headers) were made on the value script set.
	// A value that does not parse that way (several ranges, start after
	// end, a number past 2^63) goes as it is. See rangewire.go.
	//
	// Deviation(Chromium): CONFIRMED by corsim browser, Chromium
	// 156.0.8078.79, vectors safelist/range-whitespace (`bytes = 0-1`
	// preflighted, sent as `bytes=0-1`), safelist/range-unit-capitalized and
	// safelist/range-unit-uppercase (preflighted, sent as `bytes=0-`);
	// scratch vectors: `bytes=00-01` is sent as `bytes=0-1` without a
	// preflight, `bytes=-0500` as `bytes=-500`, `bytes=0-1,` as
	// `bytes=0-1`, `bytes =0-` as `bytes=0-`, also from XMLHttpRequest and
	// to the page's own origin; `bytes=5-1`, `Bytes=5-1`, `bytes=0-1, 3-4`
	// and `bytes=0-18446744073709551616` unchanged. Explanation: net's
	// HttpCache::Transaction (PartialData) parses a single range with
	// HttpUtil::ParseRangeHeader and sets the header again from
	// HttpByteRange::GetHeaderValue.
	CanonicalRangeOnWire bool

	// PreflightAcceptLanguage appends the profile's AcceptLanguage to the
	// CORS preflight request too. The spec appends Accept-Language in
	// fetch, before main fetch, so only the request script made carries
	// it; the preflight, built inside HTTP fetch, has Accept and the two
	// Access-Control-Request- headers only (CORS-preflight fetch steps 1-5).
	//
	// Deviation(Chromium, Firefox, WebKit): CONFIRMED by corsim browser,
	// Chromium 156.0.8078.79, Firefox ESR 153.7.0esr and WebKitGTK 2.50.6:
	// every OPTIONS request of the saved reports
	// (conformance/testdata/report-*.json, 43, 49 and 45 preflights) carries
	// the engine's own Accept-Language ("en-US,en;q=0.9"; WebKit "en-US"),
	// also when script set another value on the request, as
	// engine-misc/ua-accept-within-1024-bytes shows. Explanation: all three
	// add Accept-Language in their HTTP layer, for every request they send.
	PreflightAcceptLanguage bool
}

// StreamUploads is what an engine does with a ReadableStream request body.
type StreamUploads string

const (
	// StreamUploadsSupported: the body streams; the use-CORS-preflight flag
	// is set and HTTP/1.x connections refuse it, as the spec says.
	StreamUploadsSupported StreamUploads = "supported"

	// StreamUploadsAsText: the engine does not know ReadableStream bodies and
	// converts the stream object to a string, sending the text
	// `[object ReadableStream]` as an ordinary text body (no preflight for
	// it, and none of the Request constructor's stream checks: keepalive,
	// duplex, no-cors mode).
	//
	// Deviation(Firefox): CONFIRMED by corsim browser, Firefox ESR
	// 153.7.0esr, vectors api/fetch-stream-without-duplex-throws,
	// api/fetch-stream-in-no-cors-throws, api/fetch-keepalive-stream-throws,
	// api/fetch-keepalive-stream-without-duplex-reports-keepalive and
	// api/fetch-stream-no-cors-without-duplex-reports-duplex (the POST is
	// sent), and preflight/stream-body (sent without a preflight, with
	// Content-Type text/plain;charset=UTF-8).
	StreamUploadsAsText StreamUploads = "as-text"

	// StreamUploadsRejected: fetch() rejects with a NotSupportedError and
	// sends nothing. Only the Request constructor's keepalive check comes
	// first (a TypeError); its duplex and no-cors checks are never reached.
	//
	// Deviation(WebKit): CONFIRMED by corsim browser, WebKitGTK 2.50.6,
	// vectors simple/same-origin-stream-body and preflight/stream-body
	// (NotSupportedError "ReadableStream uploading is not supported",
	// nothing sent); with --details, api/fetch-stream-without-duplex-throws,
	// api/fetch-stream-in-no-cors-throws and
	// api/fetch-stream-no-cors-without-duplex-reports-duplex reject with
	// that NotSupportedError from fetch(), while
	// api/fetch-keepalive-stream-throws and
	// api/fetch-keepalive-stream-without-duplex-reports-keepalive throw
	// the TypeError "Request cannot have a ReadableStream body and
	// keepalive set to true" from the Request constructor.
	StreamUploadsRejected StreamUploads = "rejected"
)

// The request rules of each profile.
var (
	specRequestRules = RequestKnobs{
		StreamUploads: StreamUploadsSupported,
	}
	chromiumRequestRules = RequestKnobs{
		StreamUploads:           StreamUploadsSupported,
		CombineRepeatedHeaders:  true,
		ClientHintsSafelisted:   true,
		UserAgentForbidden:      true,
		UploadListenersNeedBody: true,
		CanonicalRangeOnWire:    true,
		PreflightAcceptLanguage: true,
	}
	firefoxRequestRules = RequestKnobs{
		StreamUploads:           StreamUploadsAsText,
		NoSafelistedValueTotal:  true,
		DuplicateUnsafeNames:    true,
		HighBytesUnsafe:         true,
		PreflightAcceptLanguage: true,
	}
	webKitRequestRules = RequestKnobs{
		StreamUploads:            StreamUploadsRejected,
		CombineRepeatedHeaders:   true,
		RangeUnitCaseInsensitive: true,
		PreflightAcceptLanguage:  true,
	}
)

// judgesLikeSpec reports whether the knobs leave the CORS-safelisted
// request-header rule and the CORS-unsafe request-header names as the spec
// defines them, so that package safelist's functions decide alone.
func (k *RequestKnobs) judgesLikeSpec() bool {
	return !k.NoSafelistedValueTotal && !k.DuplicateUnsafeNames && !k.ClientHintsSafelisted &&
		!k.HighBytesUnsafe && !k.RangeUnitCaseInsensitive
}
