package safelist_test

import (
	"fmt"
	"mime"
	"strings"

	"github.com/corsim/corsim/safelist"
)

// A cross-origin fetch() with these headers needs a preflight, and this is
// what its Access-Control-Request-Headers says.
func ExampleUnsafeRequestHeaderNames() {
	var h safelist.HeaderList
	h.Append("Content-Type", "application/json")
	h.Append("X-Request-ID", "42")
	h.Append("Accept", "application/json")

	names := safelist.UnsafeRequestHeaderNames(h)
	fmt.Println(strings.Join(names, ","))
	// Output: content-type,x-request-id
}

// RequestHeader says why a header is not safelisted.
func ExampleRequestHeader() {
	for _, h := range []safelist.Header{
		{Name: "Content-Type", Value: "text/plain;charset=UTF-8"},
		{Name: "Content-Type", Value: `text/plain; charset="utf-8"`},
		{Name: "Range", Value: "bytes=-500"},
		{Name: "Accept-Language", Value: "de_DE"},
	} {
		v := safelist.RequestHeader(h.Name, h.Value)
		fmt.Printf("%s: %s\n  %v (%s)\n", h.Name, h.Value, v, v.Rule)
	}
	// Output:
	// Content-Type: text/plain;charset=UTF-8
	//   CORS-safelisted request-header (safelisted)
	// Content-Type: text/plain; charset="utf-8"
	//   value contains the CORS-unsafe request-header byte '"' at 20 (cors-unsafe-byte)
	// Range: bytes=-500
	//   range has no start (a suffix range) (range-no-start)
	// Accept-Language: de_DE
	//   value contains '_' at 2, not one of 0-9 A-Z a-z space * , - . ; = (language-byte)
}

// Go's mime.ParseMediaType is not the parser browsers use: it rejects
// "text/plain;charset", which the MIME Sniffing Standard parses as
// text/plain, so a simulator built on it would wrongly predict a preflight.
func ExampleParseMIMEType_incorrect() {
	const contentType = "text/plain;charset"

	_, _, err := mime.ParseMediaType(contentType)
	fmt.Println("mime.ParseMediaType:", err)

	m, err := safelist.ParseMIMEType(contentType)
	fmt.Println("safelist.ParseMIMEType:", m, err)
	fmt.Println("safelisted:", safelist.RequestHeader("Content-Type", contentType).Safelisted())
	// Output:
	// mime.ParseMediaType: mime: invalid media parameter
	// safelist.ParseMIMEType: text/plain <nil>
	// safelisted: true
}

// Methods are case-sensitive: only GET, HEAD and POST in uppercase are
// safelisted. fetch() normalizes six methods first, so "post" is fine but
// "patch" is sent as written and needs "patch" in Access-Control-Allow-Methods.
func ExampleSafelistedMethod_incorrect() {
	for _, m := range []string{"post", "patch"} {
		fmt.Printf("%s: safelisted as written %v; normalized %q safelisted %v\n",
			m, safelist.SafelistedMethod(m), safelist.NormalizeMethod(m), safelist.SafelistedMethod(safelist.NormalizeMethod(m)))
	}
	// Output:
	// post: safelisted as written false; normalized "POST" safelisted true
	// patch: safelisted as written false; normalized "patch" safelisted false
}

// A preflight response's headers, extracted as the preflight fetch does.
func ExampleExtractMethods() {
	var res safelist.HeaderList
	res.Append("Access-Control-Allow-Methods", "PUT, DELETE")
	res.Append("Access-Control-Max-Age", "600")

	methods, e := safelist.ExtractMethods(res.Values("Access-Control-Allow-Methods"))
	fmt.Println(methods, e)
	_, e = safelist.ExtractHeaderNames(res.Values("Access-Control-Allow-Headers"))
	fmt.Println(e)
	age, e := safelist.ExtractMaxAge(res.Values("Access-Control-Max-Age"))
	fmt.Println(age, e)

	_, e = safelist.ExtractMethods([]string{"GET POST"})
	fmt.Println(e)
	// Output:
	// [PUT DELETE] parsed
	// absent
	// 600 parsed
	// failure
}

// XMLHttpRequest combines repeated headers; fetch() appends them.
func ExampleHeaderList_Combine() {
	var xhr, fetch safelist.HeaderList
	for _, v := range []string{"text/plain", "text/plain"} {
		xhr.Combine("Content-Type", v)
		fetch.Append("Content-Type", v)
	}
	fmt.Println(xhr, safelist.UnsafeRequestHeaderNames(xhr))
	fmt.Println(fetch, safelist.UnsafeRequestHeaderNames(fetch))
	// Output:
	// [{Content-Type text/plain, text/plain}] [content-type]
	// [{Content-Type text/plain} {Content-Type text/plain}] []
}
