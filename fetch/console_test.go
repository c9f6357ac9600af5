package fetch

import (
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// How the rows were checked. Every want below is the engine's own text:
//
//   - live: seen in Debian's engines on this machine, by loading a page at
//     https://foo.example/page?only= that ran the request against a Go server
//     on 127.0.0.77:443 (HTTP/2; 127.0.0.78 for the HTTP/1.1 rows), with
//     hosts mapped to it and a throwaway CA:
//     Chromium 156.0.8078.79 headless with --enable-logging=stderr --v=0
//     (the "CONSOLE" lines), and over the DevTools protocol (Log.entryAdded)
//     for the "Failed to load resource" network entries;
//     Firefox ESR 153.7 headless over WebDriver BiDi (log.entryAdded);
//     WebKitGTK 2.50.6 MiniBrowser under Xvfb with
//     --enable-write-console-messages-to-stdout=true (not --private: an
//     ephemeral session logs nothing). The URLs in the rows are the ones the
//     lab used, so each want is a verbatim copy of a logged line.
//   - source: read from the engine source named in the row, where no live
//     check was made.
const (
	labPage   = "https://foo.example/page?only="
	labOrigin = "https://foo.example"
)

type consoleOpt func(*ConsoleInput)

func lab(api, reason, url string, opts ...consoleOpt) ConsoleInput {
	in := ConsoleInput{API: api, URL: url, Origin: labOrigin, Page: labPage, Reason: reason}
	for _, o := range opts {
		o(&in)
	}
	return in
}

func value(v string) consoleOpt     { return func(in *ConsoleInput) { in.Value = v } }
func status(n int) consoleOpt       { return func(in *ConsoleInput) { in.Status = n } }
func method(m string) consoleOpt    { return func(in *ConsoleInput) { in.Method = m } }
func header(h string) consoleOpt    { return func(in *ConsoleInput) { in.Header = h } }
func location(u string) consoleOpt  { return func(in *ConsoleInput) { in.RedirectURL = u } }
func initial(u string) consoleOpt   { return func(in *ConsoleInput) { in.InitialURL = u } }
func origin(o string) consoleOpt    { return func(in *ConsoleInput) { in.Origin = o } }
func lines(n int) consoleOpt        { return func(in *ConsoleInput) { in.HeaderLines = n } }
func preflight() consoleOpt         { return func(in *ConsoleInput) { in.Preflight = true } }
func withPage(p string) consoleOpt  { return func(in *ConsoleInput) { in.Page = p } }
func withURL(u string) consoleOpt   { return func(in *ConsoleInput) { in.URL = u } }
func withAPI(api string) consoleOpt { return func(in *ConsoleInput) { in.API = api } }
func member(m string) consoleOpt    { return func(in *ConsoleInput) { in.Member = m } }

type consoleCase struct {
	name    string
	engine  string
	in      ConsoleInput
	want    string
	wantErr ConsoleErrorKind // 0: want is the message
	src     string           // where the expectation comes from
}

// Chromium rows. Sources: third_party/blink/renderer/platform/loader/cors/
// cors_error_string.cc GetErrorStringForConsoleMessage (CORS texts),
// services/network/public/cpp/cors/cors.cc CheckAccess (which CorsError),
// third_party/blink/renderer/core/fetch/fetch_manager.cc
// FetchManager::Loader::Start and request.cc
// Request::CreateRequestWithRequestOrString (fetch's own errors).
var chromiumCases = []consoleCase{
	{name: "missing", engine: "chromium", src: "live; cors_error_string.cc kMissingAllowOriginHeader",
		in:   lab("fetch", "CORSMissingAllowOrigin", "https://bar.other/missing", status(200)),
		want: "Access to fetch at 'https://bar.other/missing' from origin 'https://foo.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."},
	{name: "missing xhr", engine: "chromium", src: "live",
		in:   lab("xhr", "CORSMissingAllowOrigin", "https://bar.other/missing", status(200)),
		want: "Access to XMLHttpRequest at 'https://bar.other/missing' from origin 'https://foo.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."},
	{name: "missing on preflight", engine: "chromium", src: "live; cors_error_string.cc IsPreflightError",
		in:   lab("fetch", "CORSMissingAllowOrigin", "https://bar.other/pf-missing?k=1", status(200), preflight(), method("PUT")),
		want: "Access to fetch at 'https://bar.other/pf-missing?k=1' from origin 'https://foo.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource."},
	{name: "missing after a redirect names both URLs and the page's origin", engine: "chromium", src: "live",
		in: lab("fetch", "CORSMissingAllowOrigin", "https://third.party/missing", status(200), origin("null"),
			initial("https://bar.other/redir?to=https%3A%2F%2Fthird.party%2Fmissing")),
		want: "Access to fetch at 'https://third.party/missing' (redirected from 'https://bar.other/redir?to=https%3A%2F%2Fthird.party%2Fmissing') from origin 'https://foo.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."},
	{name: "missing after a redirect xhr", engine: "chromium", src: "live",
		in: lab("xhr", "CORSMissingAllowOrigin", "https://third.party/missing", status(200), origin("null"),
			initial("https://bar.other/redir?to=https%3A%2F%2Fthird.party%2Fmissing")),
		want: "Access to XMLHttpRequest at 'https://third.party/missing' (redirected from 'https://bar.other/redir?to=https%3A%2F%2Fthird.party%2Fmissing') from origin 'https://foo.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."},
	{name: "two ACAO lines (HTTP/2)", engine: "chromium", src: "live; cors.cc CheckAccess kMultipleAllowOriginValues",
		in:   lab("fetch", "CORSMultipleAllowOriginNotAllowed", "https://bar.other/multi", status(200), value("https://foo.example, https://foo.example"), lines(2)),
		want: "Access to fetch at 'https://bar.other/multi' from origin 'https://foo.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains multiple values 'https://foo.example, https://foo.example', but only one is allowed. Have the server send the header with a valid value."},
	{name: "two ACAO lines (HTTP/1.1)", engine: "chromium", src: "live",
		in:   lab("fetch", "CORSMultipleAllowOriginNotAllowed", "https://h1.bar.other/multi", status(200), value("https://foo.example, https://foo.example"), lines(2)),
		want: "Access to fetch at 'https://h1.bar.other/multi' from origin 'https://foo.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains multiple values 'https://foo.example, https://foo.example', but only one is allowed. Have the server send the header with a valid value."},
	{name: "two ACAO lines xhr", engine: "chromium", src: "live",
		in:   lab("xhr", "CORSMultipleAllowOriginNotAllowed", "https://bar.other/multi", status(200), value("https://foo.example, https://foo.example"), lines(2)),
		want: "Access to XMLHttpRequest at 'https://bar.other/multi' from origin 'https://foo.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains multiple values 'https://foo.example, https://foo.example', but only one is allowed."},
	{name: "comma in one ACAO line", engine: "chromium", src: "live",
		in:   lab("fetch", "CORSMultipleAllowOriginNotAllowed", "https://bar.other/multicomma", status(200), value("https://foo.example, https://bar.other")),
		want: "Access to fetch at 'https://bar.other/multicomma' from origin 'https://foo.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains multiple values 'https://foo.example, https://bar.other', but only one is allowed. Have the server send the header with a valid value."},
	{name: "two ACAO lines on preflight", engine: "chromium", src: "live",
		in:   lab("fetch", "CORSMultipleAllowOriginNotAllowed", "https://bar.other/pf-multi?k=3", status(200), value("https://foo.example, https://foo.example"), lines(2), preflight()),
		want: "Access to fetch at 'https://bar.other/pf-multi?k=3' from origin 'https://foo.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The 'Access-Control-Allow-Origin' header contains multiple values 'https://foo.example, https://foo.example', but only one is allowed. Have the server send the header with a valid value."},
	{name: "mismatch", engine: "chromium", src: "live; cors.cc CheckAccess kAllowOriginMismatch",
		in:   lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/mismatch?v=https://other.example", status(200), value("https://other.example")),
		want: "Access to fetch at 'https://bar.other/mismatch?v=https://other.example' from origin 'https://foo.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'https://other.example' that is not equal to the supplied origin. Have the server send the header with a valid value."},
	{name: "mismatch xhr", engine: "chromium", src: "live",
		in:   lab("xhr", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/mismatch?v=https://other.example", status(200), value("https://other.example")),
		want: "Access to XMLHttpRequest at 'https://bar.other/mismatch?v=https://other.example' from origin 'https://foo.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'https://other.example' that is not equal to the supplied origin."},
	{name: "mismatch trailing slash", engine: "chromium", src: "live",
		in:   lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/mismatch?v=https://foo.example/", status(200), value("https://foo.example/")),
		want: "Access to fetch at 'https://bar.other/mismatch?v=https://foo.example/' from origin 'https://foo.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'https://foo.example/' that is not equal to the supplied origin. Have the server send the header with a valid value."},
	{name: "mismatch null", engine: "chromium", src: "live; cors.cc CheckAccess: \"null\" before the GURL check",
		in:   lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/mismatch?v=null", status(200), value("null")),
		want: "Access to fetch at 'https://bar.other/mismatch?v=null' from origin 'https://foo.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'null' that is not equal to the supplied origin. Have the server send the header with a valid value."},
	{name: "mismatch with a space reads as multiple values", engine: "chromium", src: "live; cors.cc CheckAccess find_first_of(\" ,\")",
		in:   lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/mismatch?v=foo%20bar", status(200), value("foo bar")),
		want: "Access to fetch at 'https://bar.other/mismatch?v=foo%20bar' from origin 'https://foo.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains multiple values 'foo bar', but only one is allowed. Have the server send the header with a valid value."},
	{name: "mismatch non-ASCII bytes", engine: "chromium", src: "live; cors_error_string.cc EncodeHint",
		in:   lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/mismatch?v=https%3A%2F%2Ff%C3%B3o.example", status(200), value("https://f\xc3\xb3o.example")),
		want: `Access to fetch at 'https://bar.other/mismatch?v=https%3A%2F%2Ff%C3%B3o.example' from origin 'https://foo.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'https://f\u00C3\u00B3o.example' that is not equal to the supplied origin. Have the server send the header with a valid value.`},
	{name: "invalid value", engine: "chromium", src: "live; cors.cc CheckAccess kInvalidAllowOriginValue",
		in:   lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/mismatch?v=foo", status(200), value("foo")),
		want: "Access to fetch at 'https://bar.other/mismatch?v=foo' from origin 'https://foo.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains the invalid value 'foo'. Have the server send the header with a valid value."},
	{name: "invalid value xhr", engine: "chromium", src: "live",
		in:   lab("xhr", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/mismatch?v=foo", status(200), value("foo")),
		want: "Access to XMLHttpRequest at 'https://bar.other/mismatch?v=foo' from origin 'https://foo.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains the invalid value 'foo'."},
	{name: "invalid value no host", engine: "chromium", src: "live",
		in:   lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/mismatch?v=https://", status(200), value("https://")),
		want: "Access to fetch at 'https://bar.other/mismatch?v=https://' from origin 'https://foo.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains the invalid value 'https://'. Have the server send the header with a valid value."},
	{name: "invalid value port", engine: "chromium", src: "live",
		in:   lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/mismatch?v=https://foo.example:99999", status(200), value("https://foo.example:99999")),
		want: "Access to fetch at 'https://bar.other/mismatch?v=https://foo.example:99999' from origin 'https://foo.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains the invalid value 'https://foo.example:99999'. Have the server send the header with a valid value."},
	{name: "non-special scheme value is a mismatch", engine: "chromium", src: "live",
		in:   lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/mismatch?v=foo:bar", status(200), value("foo:bar")),
		want: "Access to fetch at 'https://bar.other/mismatch?v=foo:bar' from origin 'https://foo.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'foo:bar' that is not equal to the supplied origin. Have the server send the header with a valid value."},
	{name: "mismatch on preflight", engine: "chromium", src: "live",
		in:   lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/pf-mismatch?k=5", status(200), value("https://other.example"), preflight()),
		want: "Access to fetch at 'https://bar.other/pf-mismatch?k=5' from origin 'https://foo.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The 'Access-Control-Allow-Origin' header has a value 'https://other.example' that is not equal to the supplied origin. Have the server send the header with a valid value."},
	{name: "wildcard with credentials", engine: "chromium", src: "live; cors_error_string.cc kWildcardOriginNotAllowed",
		in:   lab("fetch", "CORSNotSupportingCredentials", "https://bar.other/star", status(200), value("*")),
		want: "Access to fetch at 'https://bar.other/star' from origin 'https://foo.example' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'."},
	{name: "wildcard with credentials xhr", engine: "chromium", src: "live",
		in:   lab("xhr", "CORSNotSupportingCredentials", "https://bar.other/star", status(200), value("*")),
		want: "Access to XMLHttpRequest at 'https://bar.other/star' from origin 'https://foo.example' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'. The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute."},
	{name: "wildcard with credentials on preflight", engine: "chromium", src: "live",
		in:   lab("fetch", "CORSNotSupportingCredentials", "https://bar.other/pf-star?k=4", status(200), value("*"), preflight()),
		want: "Access to fetch at 'https://bar.other/pf-star?k=4' from origin 'https://foo.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'."},
	{name: "ACAC absent", engine: "chromium", src: "live; cors_error_string.cc kInvalidAllowCredentials",
		in:   lab("fetch", "CORSMissingAllowCredentials", "https://bar.other/noacac", status(200)),
		want: "Access to fetch at 'https://bar.other/noacac' from origin 'https://foo.example' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'."},
	{name: "ACAC absent xhr", engine: "chromium", src: "live",
		in:   lab("xhr", "CORSMissingAllowCredentials", "https://bar.other/noacac", status(200)),
		want: "Access to XMLHttpRequest at 'https://bar.other/noacac' from origin 'https://foo.example' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'. The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute."},
	{name: "ACAC True", engine: "chromium", src: "live",
		in:   lab("fetch", "CORSMissingAllowCredentials", "https://bar.other/noacac?v=True", status(200), value("True")),
		want: "Access to fetch at 'https://bar.other/noacac?v=True' from origin 'https://foo.example' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Credentials' header in the response is 'True' which must be 'true' when the request's credentials mode is 'include'."},
	{name: "ACAC absent on preflight", engine: "chromium", src: "live",
		in:   lab("fetch", "CORSMissingAllowCredentials", "https://bar.other/pf-noacac?k=6", status(200), preflight()),
		want: "Access to fetch at 'https://bar.other/pf-noacac?k=6' from origin 'https://foo.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'."},
	{name: "preflight redirect", engine: "chromium", src: "live; cors_error_string.cc kPreflightDisallowedRedirect",
		in:   lab("fetch", "CORSPreflightRedirect", "https://bar.other/pf-redirect?k=7", status(302), preflight()),
		want: "Access to fetch at 'https://bar.other/pf-redirect?k=7' from origin 'https://foo.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request."},
	{name: "preflight redirect xhr", engine: "chromium", src: "live",
		in:   lab("xhr", "CORSPreflightRedirect", "https://bar.other/pf-redirect?k=8", status(302), preflight()),
		want: "Access to XMLHttpRequest at 'https://bar.other/pf-redirect?k=8' from origin 'https://foo.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request."},
	{name: "preflight 500", engine: "chromium", src: "live; cors_error_string.cc kPreflightInvalidStatus",
		in:   lab("fetch", "CORSPreflightDidNotSucceed", "https://bar.other/pf-500?k=9", status(500), preflight()),
		want: "Access to fetch at 'https://bar.other/pf-500?k=9' from origin 'https://foo.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status."},
	{name: "preflight 500 xhr", engine: "chromium", src: "live",
		in:   lab("xhr", "CORSPreflightDidNotSucceed", "https://bar.other/pf-500?k=10", status(500), preflight()),
		want: "Access to XMLHttpRequest at 'https://bar.other/pf-500?k=10' from origin 'https://foo.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status."},
	{name: "ACAM unparsable", engine: "chromium", src: "live; cors_error_string.cc kInvalidAllowMethodsPreflightResponse (no preflight prefix)",
		in:   lab("fetch", "CORSInvalidAllowMethod", "https://bar.other/pf-badmethods?k=11", status(200), value("PUT, ("), preflight()),
		want: "Access to fetch at 'https://bar.other/pf-badmethods?k=11' from origin 'https://foo.example' has been blocked by CORS policy: Cannot parse Access-Control-Allow-Methods response header field in preflight response."},
	{name: "ACAH unparsable", engine: "chromium", src: "live",
		in:   lab("fetch", "CORSInvalidAllowHeader", "https://bar.other/pf-badheaders?k=12", status(200), value("x-foo, ("), preflight()),
		want: "Access to fetch at 'https://bar.other/pf-badheaders?k=12' from origin 'https://foo.example' has been blocked by CORS policy: Cannot parse Access-Control-Allow-Headers response header field in preflight response."},
	{name: "method not allowed", engine: "chromium", src: "live; cors_error_string.cc kMethodDisallowedByPreflightResponse",
		in:   lab("fetch", "CORSMethodNotFound", "https://bar.other/pf-nomethod?k=13", status(200), method("PUT"), preflight()),
		want: "Access to fetch at 'https://bar.other/pf-nomethod?k=13' from origin 'https://foo.example' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response."},
	{name: "method not allowed xhr", engine: "chromium", src: "live",
		in:   lab("xhr", "CORSMethodNotFound", "https://bar.other/pf-nomethod?k=14", status(200), method("PUT"), preflight()),
		want: "Access to XMLHttpRequest at 'https://bar.other/pf-nomethod?k=14' from origin 'https://foo.example' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response."},
	{name: "method not allowed keeps its case", engine: "chromium", src: "live",
		in:   lab("fetch", "CORSMethodNotFound", "https://bar.other/pf-nomethod?k=15", status(200), method("patch"), preflight()),
		want: "Access to fetch at 'https://bar.other/pf-nomethod?k=15' from origin 'https://foo.example' has been blocked by CORS policy: Method patch is not allowed by Access-Control-Allow-Methods in preflight response."},
	{name: "header not allowed: first in lowercase order", engine: "chromium", src: "live; cors_error_string.cc kHeaderDisallowedByPreflightResponse",
		in:   lab("fetch", "CORSMissingAllowHeaderFromPreflight", "https://bar.other/pf-noheader?k=16", status(200), header("X-Foo, X-Baz"), preflight()),
		want: "Access to fetch at 'https://bar.other/pf-noheader?k=16' from origin 'https://foo.example' has been blocked by CORS policy: Request header field x-baz is not allowed by Access-Control-Allow-Headers in preflight response."},
	{name: "header not allowed xhr", engine: "chromium", src: "live",
		in:   lab("xhr", "CORSMissingAllowHeaderFromPreflight", "https://bar.other/pf-noheader?k=17", status(200), header("X-Foo"), preflight()),
		want: "Access to XMLHttpRequest at 'https://bar.other/pf-noheader?k=17' from origin 'https://foo.example' has been blocked by CORS policy: Request header field x-foo is not allowed by Access-Control-Allow-Headers in preflight response."},
	{name: "fetch about:", engine: "chromium", src: "live; fetch_manager.cc FetchManager::Loader::Start",
		in:   lab("fetch", "CORSRequestNotHttp", "about:blank"),
		want: `Fetch API cannot load about:blank. URL scheme "about" is not supported.`},
	{name: "fetch ftp:", engine: "chromium", src: "live",
		in:   lab("fetch", "CORSRequestNotHttp", "ftp://bar.other/x"),
		want: `Fetch API cannot load ftp://bar.other/x. URL scheme "ftp" is not supported.`},
	{name: "fetch file:", engine: "chromium", src: "live",
		in:   lab("fetch", "CORSRequestNotHttp", "file:///etc/hosts"),
		want: "Not allowed to load local resource: file:///etc/hosts"},
	{name: "xhr about:", engine: "chromium", src: "live; cors_error_string.cc kCorsDisabledScheme",
		in:   lab("xhr", "CORSRequestNotHttp", "about:blank"),
		want: "Access to XMLHttpRequest at 'about:blank' from origin 'https://foo.example' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app."},
	{name: "xhr ftp:", engine: "chromium", src: "live",
		in:   lab("xhr", "CORSRequestNotHttp", "ftp://bar.other/x"),
		want: "FTP is not supported."},
	{name: "xhr file:", engine: "chromium", src: "live",
		in:   lab("xhr", "CORSRequestNotHttp", "file:///etc/hosts"),
		want: "Not allowed to load local resource: file:///etc/hosts"},
	{name: "same-origin mode", engine: "chromium", src: "live; fetch_manager.cc FetchManager::Loader::Start",
		in:   lab("fetch", "SameOriginModeCrossOrigin", "https://bar.other/ok"),
		want: `Fetch API cannot load https://bar.other/ok. Request mode is "same-origin" but the URL's origin is not same as the request origin https://foo.example.`},
	{name: "same-origin mode after a redirect", engine: "chromium", src: "live",
		in:   lab("fetch", "SameOriginModeCrossOrigin", "https://bar.other/ok", initial("https://foo.example/redir?to=https%3A%2F%2Fbar.other%2Fok")),
		want: "Unsafe attempt to load URL https://bar.other/ok from frame with URL https://foo.example/page?only=. Domains, protocols and ports must match.\n"},
	{name: "no-cors with redirect error", engine: "chromium", src: "live; fetch_manager.cc FetchManager::Loader::Start",
		in:   lab("fetch", "NoCORSRedirectMode", "https://bar.other/ok"),
		want: `Fetch API cannot load https://bar.other/ok. Request mode is "no-cors" but the redirect mode is not "follow".`},
	{name: "bad port", engine: "chromium", src: "live (DevTools Log.entryAdded, source network)",
		in:   lab("fetch", "BadPort", "https://bar.other:6000/x"),
		want: "Failed to load resource: net::ERR_UNSAFE_PORT"},
	{name: "mixed content", engine: "chromium", src: "live; mixed_content_checker.cc",
		in:   lab("fetch", "MixedContent", "http://bar.other/x"),
		want: "Mixed Content: The page at 'https://foo.example/page?only=' was loaded over HTTPS, but requested an insecure resource 'http://bar.other/x'. This request has been blocked; the content must be served over HTTPS."},
	{name: "mixed content xhr", engine: "chromium", src: "live",
		in:   lab("xhr", "MixedContent", "http://bar.other/x"),
		want: "Mixed Content: The page at 'https://foo.example/page?only=' was loaded over HTTPS, but requested an insecure XMLHttpRequest endpoint 'http://bar.other/x'. This request has been blocked; the content must be served over HTTPS."},
	{name: "mixed content after a redirect", engine: "chromium", src: "live",
		in:   lab("fetch", "MixedContent", "https://bar.other/redir?to=http%3A%2F%2Fbar.other%2Fok", location("http://bar.other/ok")),
		want: "Mixed Content: The page at 'https://foo.example/page?only=' was loaded over HTTPS, but requested an insecure resource 'http://bar.other/ok'. This request has been blocked; the content must be served over HTTPS."},
	{name: "redirect mode error", engine: "chromium", src: "live (DevTools)",
		in:   lab("fetch", "RedirectModeError", "https://bar.other/redir?to=https%3A%2F%2Fbar.other%2Fok", status(302), location("https://bar.other/ok")),
		want: "Failed to load resource: net::ERR_FAILED"},
	{name: "Location unparsable", engine: "chromium", src: "live (DevTools)",
		in:   lab("fetch", "RedirectLocationInvalid", "https://bar.other/redir?to=https%3A%2F%2F%5Bbad%2F", status(302), location("https://[bad/")),
		want: "Failed to load resource: net::ERR_INVALID_REDIRECT"},
	{name: "two Location lines", engine: "chromium", src: "live (DevTools)",
		in:   lab("fetch", "RedirectLocationInvalid", "https://bar.other/redir?to=https%3A%2F%2Fbar.other%2Fok&to=https%3A%2F%2Fbar.other%2Fok%3F2", status(302), location("https://bar.other/ok, https://bar.other/ok?2"), lines(2)),
		want: "Failed to load resource: net::ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION"},
	{name: "redirect to ftp:", engine: "chromium", src: "live; cors_error_string.cc kCorsDisabledScheme",
		in:   lab("fetch", "RedirectNotHTTP", "https://bar.other/redir?to=ftp%3A%2F%2Fbar.other%2Fx", status(302), location("ftp://bar.other/x")),
		want: "Access to fetch at 'ftp://bar.other/x' (redirected from 'https://bar.other/redir?to=ftp%3A%2F%2Fbar.other%2Fx') from origin 'https://foo.example' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app."},
	{name: "redirect to ftp: xhr", engine: "chromium", src: "live",
		in:   lab("xhr", "RedirectNotHTTP", "https://bar.other/redir?to=ftp%3A%2F%2Fbar.other%2Fx", status(302), location("ftp://bar.other/x")),
		want: "Access to XMLHttpRequest at 'ftp://bar.other/x' (redirected from 'https://bar.other/redir?to=ftp%3A%2F%2Fbar.other%2Fx') from origin 'https://foo.example' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app."},
	{name: "redirect to an unknown scheme", engine: "chromium", src: "live",
		in:   lab("fetch", "RedirectNotHTTP", "https://bar.other/redir?to=foo%3Abar", status(302), location("foo:bar")),
		want: "Access to fetch at 'foo:bar' (redirected from 'https://bar.other/redir?to=foo%3Abar') from origin 'https://foo.example' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app."},
	{name: "redirect to data:", engine: "chromium", src: "live (DevTools)",
		in:   lab("fetch", "RedirectNotHTTP", "https://bar.other/redir?to=data%3A%2Chello", status(302), location("data:,hello")),
		want: "Failed to load resource: net::ERR_UNSAFE_REDIRECT"},
	{name: "redirect to about:", engine: "chromium", src: "live (DevTools)",
		in:   lab("fetch", "RedirectNotHTTP", "https://bar.other/redir?to=about%3Ablank", status(302), location("about:blank")),
		want: "Failed to load resource: net::ERR_UNSAFE_REDIRECT"},
	{name: "21st redirect", engine: "chromium", src: "live (DevTools)",
		in:   lab("fetch", "TooManyRedirects", "https://bar.other/loop?n=20&k=1", status(302), location("/loop?n=21&k=1")),
		want: "Failed to load resource: net::ERR_TOO_MANY_REDIRECTS"},
	{name: "Location with credentials: the hint is empty", engine: "chromium", src: "live; cors.cc CheckRedirectLocation sets no failed_parameter",
		in:   lab("fetch", "CORSRedirectCredentials", "https://bar.other/redir?to=https%3A%2F%2Fuser%3Apass%40third.party%2Fok", status(302), location("https://user:pass@third.party/ok")),
		want: "Access to fetch at 'https://bar.other/redir?to=https%3A%2F%2Fuser%3Apass%40third.party%2Fok' from origin 'https://foo.example' has been blocked by CORS policy: Redirect location '' contains a username and password, which is disallowed for cross-origin requests."},
	{name: "Location with credentials xhr", engine: "chromium", src: "live",
		in:   lab("xhr", "CORSRedirectCredentials", "https://bar.other/redir?to=https%3A%2F%2Fuser%3Apass%40third.party%2Fok", status(302), location("https://user:pass@third.party/ok")),
		want: "Access to XMLHttpRequest at 'https://bar.other/redir?to=https%3A%2F%2Fuser%3Apass%40third.party%2Fok' from origin 'https://foo.example' has been blocked by CORS policy: Redirect location '' contains a username and password, which is disallowed for cross-origin requests."},
	{name: "307 of a stream body", engine: "chromium", src: "live (DevTools)",
		in:   lab("fetch", "RedirectStreamBody", "https://bar.other/redir?code=307&to=https%3A%2F%2Fbar.other%2Fok", status(307), location("https://bar.other/ok")),
		want: "Failed to load resource: net::ERR_INVALID_ARGUMENT"},
	{name: "stream body over HTTP/1.1", engine: "chromium", src: "live (DevTools)",
		in:   lab("fetch", "StreamBodyHTTP1", "https://h1.bar.other/ok"),
		want: "Failed to load resource: net::ERR_ALPN_NEGOTIATION_FAILED"},
	{name: "CORP same-origin", engine: "chromium", src: "live (DevTools)",
		in:   lab("fetch", "CORPBlocked", "https://bar.other/corp", status(200), value("same-origin")),
		want: "Failed to load resource: net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin"},
	{name: "CORP same-site", engine: "chromium", src: "live (DevTools)",
		in:   lab("fetch", "CORPBlocked", "https://bar.other/corp?v=same-site", status(200), value("same-site")),
		want: "Failed to load resource: net::ERR_BLOCKED_BY_RESPONSE.NotSameSite"},
	{name: "connection refused", engine: "chromium", src: "live (DevTools)",
		in:   lab("fetch", "CORSDidNotSucceed", "https://bar.other:4444/x"),
		want: "Failed to load resource: net::ERR_CONNECTION_REFUSED"},
	{name: "about: in no-cors mode", engine: "chromium", src: "live",
		in:   lab("fetch", "UnsupportedScheme", "about:foo"),
		want: `Fetch API cannot load about:foo. URL scheme "about" is not supported.`},
	{name: "unknown scheme in no-cors mode", engine: "chromium", src: "live",
		in:   lab("fetch", "UnsupportedScheme", "foo:bar"),
		want: `Fetch API cannot load foo:bar. URL scheme "foo" is not supported.`},
	{name: "blob: not in the store", engine: "chromium", src: "live (DevTools)",
		in:   lab("fetch", "UnsupportedScheme", "blob:https://foo.example/00000000-0000-0000-0000-000000000000"),
		want: "Failed to load resource: net::ERR_FILE_NOT_FOUND"},
	{name: "file: in no-cors mode", engine: "chromium", src: "live",
		in:   lab("fetch", "UnsupportedScheme", "file:///etc/hosts"),
		want: "Not allowed to load local resource: file:///etc/hosts"},
	{name: "bad data: URL", engine: "chromium", src: "live (DevTools)",
		in:   lab("fetch", "InvalidDataURL", "data:;base64,a"),
		want: "Failed to load resource: net::ERR_INVALID_URL"},
	{name: "opaque range response", engine: "chromium", src: "not examined",
		in: lab("fetch", "OpaqueRangeResponse", "https://bar.other/x"), wantErr: ConsoleUnknownText},
	{name: "CORSDisabled", engine: "chromium", src: "Firefox-only reason",
		in: lab("fetch", "CORSDisabled", "https://bar.other/x"), wantErr: ConsoleNotApplicable},
	{name: "CORSOriginHeaderNotAdded", engine: "chromium", src: "Firefox-only reason",
		in: lab("fetch", "CORSOriginHeaderNotAdded", "https://bar.other/x"), wantErr: ConsoleNotApplicable},
	{name: "CORSExternalRedirectNotAllowed", engine: "chromium", src: "Firefox-only reason",
		in: lab("fetch", "CORSExternalRedirectNotAllowed", "https://bar.other/x"), wantErr: ConsoleNotApplicable},

	// Exceptions: the message as script reads e.message.
	{name: "bad URL", engine: "chromium", src: "live; request.cc",
		in:   lab("fetch", "InvalidURL", "https://exa mple.com:99999/"),
		want: "Failed to execute 'fetch' on 'Window': Failed to parse URL from https://exa mple.com:99999/"},
	{name: "bad URL xhr", engine: "chromium", src: "live; xml_http_request.cc open",
		in:   lab("xhr", "InvalidURL", "https://exa mple.com:99999/"),
		want: "Failed to execute 'open' on 'XMLHttpRequest': Invalid URL"},
	{name: "URL with credentials", engine: "chromium", src: "live; request.cc",
		in:   lab("fetch", "URLCredentials", "https://user:pass@bar.other/ok"),
		want: "Failed to execute 'fetch' on 'Window': Request cannot be constructed from a URL that includes credentials: https://user:pass@bar.other/ok"},
	{name: "URL with credentials xhr", engine: "chromium", src: "live: XMLHttpRequest sends it",
		in: lab("xhr", "URLCredentials", "https://user:pass@bar.other/ok"), wantErr: ConsoleNotApplicable},
	{name: "method not a token", engine: "chromium", src: "live; request.cc",
		in:   lab("fetch", "InvalidMethod", "https://bar.other/ok", method("G ET")),
		want: "Failed to execute 'fetch' on 'Window': 'G ET' is not a valid HTTP method."},
	{name: "method not a token xhr", engine: "chromium", src: "live",
		in:   lab("xhr", "InvalidMethod", "https://bar.other/ok", method("G ET")),
		want: "Failed to execute 'open' on 'XMLHttpRequest': 'G ET' is not a valid HTTP method."},
	{name: "method from Value", engine: "chromium", src: "live (as above); Value stands in for Method",
		in:   lab("fetch", "InvalidMethod", "https://bar.other/ok", value("G ET")),
		want: "Failed to execute 'fetch' on 'Window': 'G ET' is not a valid HTTP method."},
	{name: "forbidden method", engine: "chromium", src: "live",
		in:   lab("fetch", "ForbiddenMethod", "https://bar.other/ok", method("connect")),
		want: "Failed to execute 'fetch' on 'Window': 'connect' HTTP method is unsupported."},
	{name: "forbidden method xhr", engine: "chromium", src: "live",
		in:   lab("xhr", "ForbiddenMethod", "https://bar.other/ok", method("connect")),
		want: "Failed to execute 'open' on 'XMLHttpRequest': 'connect' HTTP method is unsupported."},
	{name: "no-cors method (normalized)", engine: "chromium", src: "live",
		in:   lab("fetch", "NoCORSMethod", "https://bar.other/ok", method("put")),
		want: "Failed to execute 'fetch' on 'Window': 'PUT' is unsupported in no-cors mode."},
	{name: "header name", engine: "chromium", src: "live; headers.cc",
		in:   lab("fetch", "InvalidHeaderName", "https://bar.other/ok", header("X Foo")),
		want: "Failed to execute 'fetch' on 'Window': Invalid name"},
	{name: "header name xhr", engine: "chromium", src: "live",
		in:   lab("xhr", "InvalidHeaderName", "https://bar.other/ok", header("X Foo")),
		want: "Failed to execute 'setRequestHeader' on 'XMLHttpRequest': 'X Foo' is not a valid HTTP header field name."},
	{name: "header value", engine: "chromium", src: "live",
		in:   lab("fetch", "InvalidHeaderValue", "https://bar.other/ok", header("X-Foo"), value("a\x00b")),
		want: "Failed to execute 'fetch' on 'Window': Invalid value"},
	{name: "header value xhr", engine: "chromium", src: "live (the NUL is in the message)",
		in:   lab("xhr", "InvalidHeaderValue", "https://bar.other/ok", header("X-Foo"), value("a\x00b")),
		want: "Failed to execute 'setRequestHeader' on 'XMLHttpRequest': 'a\x00b' is not a valid HTTP header field value."},
	{name: "GET with body", engine: "chromium", src: "live",
		in:   lab("fetch", "BodyWithGetOrHead", "https://bar.other/ok", method("GET")),
		want: "Failed to execute 'fetch' on 'Window': Request with GET/HEAD method cannot have body."},
	{name: "stream without duplex", engine: "chromium", src: "live",
		in:   lab("fetch", "StreamWithoutDuplex", "https://bar.other/ok", method("POST")),
		want: "Failed to execute 'fetch' on 'Window': The `duplex` member must be specified for a request with a streaming body"},
	{name: "stream in no-cors mode", engine: "chromium", src: "live",
		in:   lab("fetch", "StreamNoCORS", "https://bar.other/ok", method("POST")),
		want: `Failed to execute 'fetch' on 'Window': If request is made from ReadableStream, mode should be"same-origin" or "cors"`},
	{name: "keepalive stream", engine: "chromium", src: "live",
		in:   lab("fetch", "KeepaliveStream", "https://bar.other/ok", method("POST")),
		want: "Failed to execute 'fetch' on 'Window': Keepalive request cannot have a ReadableStream body."},
	{name: "navigate mode", engine: "chromium", src: "live",
		in:   lab("fetch", "NavigateMode", "https://bar.other/ok"),
		want: "Failed to execute 'fetch' on 'Window': Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'."},
	// Live, on this machine: fetch("https://bar.other/ok", init) from a
	// file: page in headless Chromium, e.message as the page saw it.
	{name: "unknown mode", engine: "chromium", src: "live",
		in:   lab("fetch", "InvalidEnumValue", "https://bar.other/ok", value("bogus"), member("mode")),
		want: "Failed to execute 'fetch' on 'Window': Failed to read the 'mode' property from 'RequestInit': The provided value 'bogus' is not a valid enum value of type RequestMode."},
	{name: "unknown credentials", engine: "chromium", src: "live",
		in:   lab("fetch", "InvalidEnumValue", "https://bar.other/ok", value("Include"), member("credentials")),
		want: "Failed to execute 'fetch' on 'Window': Failed to read the 'credentials' property from 'RequestInit': The provided value 'Include' is not a valid enum value of type RequestCredentials."},
	{name: "unknown redirect", engine: "chromium", src: "live",
		in:   lab("fetch", "InvalidEnumValue", "https://bar.other/ok", value("never"), member("redirect")),
		want: "Failed to execute 'fetch' on 'Window': Failed to read the 'redirect' property from 'RequestInit': The provided value 'never' is not a valid enum value of type RequestRedirect."},
	{name: "unknown duplex", engine: "chromium", src: "live",
		in:   lab("fetch", "InvalidEnumValue", "https://bar.other/ok", value("full"), member("duplex")),
		want: "Failed to execute 'fetch' on 'Window': Failed to read the 'duplex' property from 'RequestInit': The provided value 'full' is not a valid enum value of type RequestDuplex."},
	{name: "unknown body kind", engine: "chromium", src: "corsim's own error: any body converts",
		in: lab("fetch", "InvalidEnumValue", "https://bar.other/ok", value("json"), member("body")), wantErr: ConsoleNotApplicable},
	{name: "unknown body kind xhr", engine: "chromium", src: "corsim's own error: send() converts any body",
		in: lab("xhr", "InvalidEnumValue", "https://bar.other/ok", value("json"), member("body")), wantErr: ConsoleNotApplicable},
	{name: "no member", engine: "chromium", src: "bad input",
		in: lab("fetch", "InvalidEnumValue", "https://bar.other/ok", value("bogus")), wantErr: ConsoleBadInput},
	{name: "NotSupported", engine: "chromium", src: "WebKit-only reason",
		in: lab("fetch", "NotSupported", "https://bar.other/ok"), wantErr: ConsoleNotApplicable},
}

// ffDNS is the message Firefox logs for the request's own channel after a
// failed preflight or redirect (CORSDidNotSucceed2 without its parameter).
func ffDNS(url string) string {
	return "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + url + ". (Reason: CORS request did not succeed). Status code: (null)."
}

// Firefox rows. Sources: netwerk/protocol/http/nsCORSListenerProxy.cpp
// (CheckRequestApproved, nsCORSPreflightListener, UpdateChannel) with the
// strings of dom/locales/en-US/chrome/security/security.properties as
// installed (omni.ja), dom/fetch/Request.cpp and dom/bindings/Errors.msg.
var firefoxCases = []consoleCase{
	{name: "missing", engine: "firefox", src: "live; security.properties CORSMissingAllowOrigin2",
		in:   lab("fetch", "CORSMissingAllowOrigin", "https://bar.other/missing", status(200)),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/missing. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200."},
	{name: "missing xhr", engine: "firefox", src: "live",
		in:   lab("xhr", "CORSMissingAllowOrigin", "https://bar.other/missing", status(200)),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/missing. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200."},
	{name: "missing on preflight, then the request's channel", engine: "firefox", src: "live",
		in: lab("fetch", "CORSMissingAllowOrigin", "https://bar.other/pf-missing?k=1", status(200), preflight()),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/pf-missing?k=1. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.\n" +
			ffDNS("https://bar.other/pf-missing?k=1")},
	{name: "missing after a redirect", engine: "firefox", src: "live",
		in:   lab("fetch", "CORSMissingAllowOrigin", "https://third.party/missing", status(200), origin("null"), initial("https://bar.other/redir?to=https%3A%2F%2Fthird.party%2Fmissing")),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://third.party/missing. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200."},
	{name: "two ACAO lines over HTTP/1.1", engine: "firefox", src: "live; CheckOriginHeader",
		in:   lab("fetch", "CORSMultipleAllowOriginNotAllowed", "https://h1.bar.other/multi", status(200), value("https://foo.example, https://foo.example"), lines(2)),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://h1.bar.other/multi. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed)."},
	{name: "two ACAO lines over HTTP/1.1 xhr", engine: "firefox", src: "live",
		in:   lab("xhr", "CORSMultipleAllowOriginNotAllowed", "https://h1.bar.other/multi", status(200), value("https://foo.example, https://foo.example"), lines(2)),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://h1.bar.other/multi. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed)."},
	{name: "two ACAO lines over HTTP/1.1 on preflight", engine: "firefox", src: "live",
		in: lab("fetch", "CORSMultipleAllowOriginNotAllowed", "https://h1.bar.other/pf-multi?k=h1", status(200), value("https://foo.example, https://foo.example"), lines(2), preflight()),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://h1.bar.other/pf-multi?k=h1. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).\n" +
			ffDNS("https://h1.bar.other/pf-multi?k=h1")},
	{name: "two ACAO lines over HTTP/2 arrive merged", engine: "firefox", src: "live",
		in:   lab("fetch", "CORSMultipleAllowOriginNotAllowed", "https://bar.other/multi", status(200), value("https://foo.example, https://foo.example"), lines(1)),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/multi. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://foo.example, https://foo.example’)."},
	{name: "comma in one ACAO line", engine: "firefox", src: "live",
		in:   lab("fetch", "CORSMultipleAllowOriginNotAllowed", "https://bar.other/multicomma", status(200), value("https://foo.example, https://bar.other")),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/multicomma. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://foo.example, https://bar.other’)."},
	{name: "mismatch", engine: "firefox", src: "live; CORSAllowOriginNotMatchingOrigin",
		in:   lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/mismatch?v=https://other.example", status(200), value("https://other.example")),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/mismatch?v=https://other.example. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://other.example’)."},
	{name: "mismatch xhr", engine: "firefox", src: "live",
		in:   lab("xhr", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/mismatch?v=https://other.example", status(200), value("https://other.example")),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/mismatch?v=https://other.example. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://other.example’)."},
	{name: "mismatch null", engine: "firefox", src: "live",
		in:   lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/mismatch?v=null", status(200), value("null")),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/mismatch?v=null. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘null’)."},
	{name: "mismatch with a space", engine: "firefox", src: "live",
		in:   lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/mismatch?v=foo%20bar", status(200), value("foo bar")),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/mismatch?v=foo%20bar. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘foo bar’)."},
	{name: "mismatch UTF-8", engine: "firefox", src: "live",
		in:   lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/mismatch?v=https%3A%2F%2Ff%C3%B3o.example", status(200), value("https://f\xc3\xb3o.example")),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/mismatch?v=https%3A%2F%2Ff%C3%B3o.example. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://fóo.example’)."},
	{name: "mismatch on preflight", engine: "firefox", src: "live",
		in: lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/pf-mismatch?k=5", status(200), value("https://other.example"), preflight()),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/pf-mismatch?k=5. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://other.example’).\n" +
			ffDNS("https://bar.other/pf-mismatch?k=5")},
	{name: "wildcard with credentials quotes the URL", engine: "firefox", src: "live; CORSNotSupportingCredentials",
		in:   lab("fetch", "CORSNotSupportingCredentials", "https://bar.other/star", status(200), value("*")),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘https://bar.other/star’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’)."},
	{name: "wildcard with credentials on preflight", engine: "firefox", src: "live",
		in: lab("fetch", "CORSNotSupportingCredentials", "https://bar.other/pf-star?k=4", status(200), value("*"), preflight()),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘https://bar.other/pf-star?k=4’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).\n" +
			ffDNS("https://bar.other/pf-star?k=4")},
	{name: "ACAC", engine: "firefox", src: "live; CORSMissingAllowCredentials",
		in:   lab("fetch", "CORSMissingAllowCredentials", "https://bar.other/noacac?v=True", status(200), value("True")),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/noacac?v=True. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’)."},
	{name: "ACAC on preflight", engine: "firefox", src: "live",
		in: lab("fetch", "CORSMissingAllowCredentials", "https://bar.other/pf-noacac?k=6", status(200), preflight()),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/pf-noacac?k=6. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).\n" +
			ffDNS("https://bar.other/pf-noacac?k=6")},
	{name: "preflight redirect: three messages", engine: "firefox", src: "live; nsCORSPreflightListener::AsyncOnChannelRedirect",
		in: lab("fetch", "CORSPreflightRedirect", "https://bar.other/pf-redirect?k=7", status(302), preflight()),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/pf-redirect?k=7. (Reason: CORS request external redirect not allowed).\n" +
			"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/pf-redirect?k=7. (Reason: CORS preflight response did not succeed). Status code: 302.\n" +
			ffDNS("https://bar.other/pf-redirect?k=7")},
	{name: "preflight 500", engine: "firefox", src: "live; CORSPreflightDidNotSucceed3",
		in: lab("xhr", "CORSPreflightDidNotSucceed", "https://bar.other/pf-500?k=10", status(500), preflight()),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/pf-500?k=10. (Reason: CORS preflight response did not succeed). Status code: 500.\n" +
			ffDNS("https://bar.other/pf-500?k=10")},
	{name: "ACAM bad token", engine: "firefox", src: "live; CORSInvalidAllowMethod",
		in: lab("fetch", "CORSInvalidAllowMethod", "https://bar.other/pf-badmethods?k=11", status(200), value("PUT, ("), preflight()),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/pf-badmethods?k=11. (Reason: invalid token ‘(’ in CORS header ‘Access-Control-Allow-Methods’).\n" +
			ffDNS("https://bar.other/pf-badmethods?k=11")},
	{name: "ACAH bad token", engine: "firefox", src: "live",
		in: lab("fetch", "CORSInvalidAllowHeader", "https://bar.other/pf-badheaders?k=12", status(200), value("x-foo, ("), preflight()),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/pf-badheaders?k=12. (Reason: invalid token ‘(’ in CORS header ‘Access-Control-Allow-Headers’).\n" +
			ffDNS("https://bar.other/pf-badheaders?k=12")},
	{name: "method not found", engine: "firefox", src: "live; CORSMethodNotFound",
		in: lab("xhr", "CORSMethodNotFound", "https://bar.other/pf-nomethod?k=14", status(200), method("PUT"), preflight()),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/pf-nomethod?k=14. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).\n" +
			ffDNS("https://bar.other/pf-nomethod?k=14")},
	{name: "header not allowed: first in lowercase order", engine: "firefox", src: "live; CORSMissingAllowHeaderFromPreflight2",
		in: lab("fetch", "CORSMissingAllowHeaderFromPreflight", "https://bar.other/pf-noheader?k=16", status(200), header("X-Foo, X-Baz"), preflight()),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/pf-noheader?k=16. (Reason: header ‘x-baz’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).\n" +
			ffDNS("https://bar.other/pf-noheader?k=16")},
	{name: "about:", engine: "firefox", src: "live; CORSRequestNotHttp",
		in:   lab("fetch", "CORSRequestNotHttp", "about:blank"),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at about:blank. (Reason: CORS request not http)."},
	{name: "ftp: xhr", engine: "firefox", src: "live",
		in:   lab("xhr", "CORSRequestNotHttp", "ftp://bar.other/x"),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ftp://bar.other/x. (Reason: CORS request not http)."},
	{name: "file:", engine: "firefox", src: "live; security.properties CheckLoadURIError",
		in:   lab("fetch", "CORSRequestNotHttp", "file:///etc/hosts"),
		want: "Security Error: Content at https://foo.example/page?only= may not load or link to file:///etc/hosts."},
	{name: "same-origin mode", engine: "firefox", src: "live; CheckSameOriginError",
		in:   lab("fetch", "SameOriginModeCrossOrigin", "https://bar.other/ok"),
		want: "Security Error: Content at https://foo.example/page?only= may not load data from https://bar.other/ok."},
	{name: "same-origin mode after a redirect", engine: "firefox", src: "live",
		in:   lab("fetch", "SameOriginModeCrossOrigin", "https://bar.other/ok", initial("https://foo.example/redir?to=https%3A%2F%2Fbar.other%2Fok")),
		want: "Security Error: Content at https://foo.example/page?only= may not load data from https://bar.other/ok."},
	{name: "no-cors with redirect error: nothing", engine: "firefox", src: "live",
		in: lab("fetch", "NoCORSRedirectMode", "https://bar.other/ok"), want: ""},
	{name: "bad port: nothing", engine: "firefox", src: "live",
		in: lab("fetch", "BadPort", "https://bar.other:6000/x"), want: ""},
	{name: "bad port xhr: nothing", engine: "firefox", src: "live",
		in: lab("xhr", "BadPort", "https://bar.other:6000/x"), want: ""},
	{name: "mixed content", engine: "firefox", src: "live; security.properties BlockMixedActiveContent",
		in:   lab("xhr", "MixedContent", "http://bar.other/x"),
		want: "Blocked loading mixed active content “http://bar.other/x”"},
	{name: "mixed content after a redirect", engine: "firefox", src: "live",
		in: lab("fetch", "MixedContent", "https://bar.other/redir?to=http%3A%2F%2Fbar.other%2Fok", status(302), location("http://bar.other/ok")),
		want: "Blocked loading mixed active content “http://bar.other/ok”\n" +
			ffDNS("https://bar.other/redir?to=http%3A%2F%2Fbar.other%2Fok")},
	{name: "redirect mode error: nothing", engine: "firefox", src: "live",
		in: lab("fetch", "RedirectModeError", "https://bar.other/redir?to=https%3A%2F%2Fbar.other%2Fok", status(302), location("https://bar.other/ok")), want: ""},
	{name: "Location unparsable", engine: "firefox", src: "live",
		in:   lab("xhr", "RedirectLocationInvalid", "https://bar.other/redir?to=https%3A%2F%2F%5Bbad%2F", status(302), location("https://[bad/")),
		want: ffDNS("https://bar.other/redir?to=https%3A%2F%2F%5Bbad%2F")},
	{name: "two Location lines", engine: "firefox", src: "live",
		in:   lab("fetch", "RedirectLocationInvalid", "https://bar.other/redir?to=https%3A%2F%2Fbar.other%2Fok&to=https%3A%2F%2Fbar.other%2Fok%3F2", status(302), location("https://bar.other/ok, https://bar.other/ok?2"), lines(2)),
		want: ffDNS("https://bar.other/redir?to=https%3A%2F%2Fbar.other%2Fok&to=https%3A%2F%2Fbar.other%2Fok%3F2")},
	{name: "redirect to ftp:", engine: "firefox", src: "live",
		in: lab("xhr", "RedirectNotHTTP", "https://bar.other/redir?to=ftp%3A%2F%2Fbar.other%2Fx", status(302), location("ftp://bar.other/x")),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ftp://bar.other/x. (Reason: CORS request not http).\n" +
			ffDNS("https://bar.other/redir?to=ftp%3A%2F%2Fbar.other%2Fx")},
	{name: "redirect to about:", engine: "firefox", src: "live",
		in: lab("fetch", "RedirectNotHTTP", "https://bar.other/redir?to=about%3Ablank", status(302), location("about:blank")),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at about:blank. (Reason: CORS request not http).\n" +
			ffDNS("https://bar.other/redir?to=about%3Ablank")},
	{name: "redirect to data:", engine: "firefox", src: "live",
		in:   lab("fetch", "RedirectNotHTTP", "https://bar.other/redir?to=data%3A%2Chello", status(302), location("data:,hello")),
		want: ffDNS("https://bar.other/redir?to=data%3A%2Chello")},
	{name: "same-origin redirect to data: logs nothing", engine: "firefox", src: "live",
		in: lab("fetch", "RedirectNotHTTP", "https://foo.example/redir?to=data%3A%2Chello", status(302), location("data:,hello")), want: ""},
	{name: "21st redirect", engine: "firefox", src: "live",
		in:   lab("fetch", "TooManyRedirects", "https://bar.other/loop?n=20&k=19", status(302), location("/loop?n=21&k=19")),
		want: ffDNS("https://bar.other/loop?n=20&k=19")},
	{name: "Location with credentials", engine: "firefox", src: "live; UpdateChannel fails without logging",
		in:   lab("fetch", "CORSRedirectCredentials", "https://bar.other/redir?to=https%3A%2F%2Fuser%3Apass%40third.party%2Fok", status(302), location("https://user:pass@third.party/ok")),
		want: ffDNS("https://bar.other/redir?to=https%3A%2F%2Fuser%3Apass%40third.party%2Fok")},
	{name: "307 of a stream body", engine: "firefox", src: "live: ESR 153 sends no stream bodies",
		in: lab("fetch", "RedirectStreamBody", "https://bar.other/redir?code=307", status(307)), wantErr: ConsoleNotApplicable},
	{name: "stream body over HTTP/1.1", engine: "firefox", src: "live",
		in: lab("fetch", "StreamBodyHTTP1", "https://h1.bar.other/ok"), wantErr: ConsoleNotApplicable},
	{name: "CORP", engine: "firefox", src: "live; necko.properties CORPBlocked",
		in:   lab("fetch", "CORPBlocked", "https://bar.other/corp?v=same-site", status(200), value("same-site")),
		want: "The resource at “https://bar.other/corp?v=same-site” was blocked due to its Cross-Origin-Resource-Policy header (or lack thereof). See https://developer.mozilla.org/docs/Web/HTTP/Cross-Origin_Resource_Policy_(CORP)#"},
	{name: "connection refused", engine: "firefox", src: "live; CORSDidNotSucceed2",
		in:   lab("xhr", "CORSDidNotSucceed", "https://bar.other:4444/x"),
		want: ffDNS("https://bar.other:4444/x")},
	{name: "about: in no-cors mode: nothing", engine: "firefox", src: "live",
		in: lab("fetch", "UnsupportedScheme", "about:foo"), want: ""},
	{name: "file: in no-cors mode", engine: "firefox", src: "live",
		in:   lab("fetch", "UnsupportedScheme", "file:///etc/hosts"),
		want: "Security Error: Content at https://foo.example/page?only= may not load or link to file:///etc/hosts."},
	{name: "bad data: URL: nothing", engine: "firefox", src: "live",
		in: lab("fetch", "InvalidDataURL", "data:;base64,a"), want: ""},
	{name: "opaque range response", engine: "firefox", src: "not examined",
		in: lab("fetch", "OpaqueRangeResponse", "https://bar.other/x"), wantErr: ConsoleUnknownText},
	{name: "CORSDisabled", engine: "firefox", src: "security.properties CORSDisabled (reserved, not live)",
		in:   lab("fetch", "CORSDisabled", "https://bar.other/x"),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/x. (Reason: CORS disabled)."},
	{name: "CORSOriginHeaderNotAdded", engine: "firefox", src: "security.properties CORSOriginHeaderNotAdded (reserved, not live)",
		in:   lab("fetch", "CORSOriginHeaderNotAdded", "https://bar.other/x"),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/x. (Reason: CORS header ‘Origin’ cannot be added)."},
	{name: "CORSExternalRedirectNotAllowed", engine: "firefox", src: "security.properties; seen live as the first line of a redirected preflight",
		in:   lab("fetch", "CORSExternalRedirectNotAllowed", "https://bar.other/pf-redirect?k=7"),
		want: "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bar.other/pf-redirect?k=7. (Reason: CORS request external redirect not allowed)."},

	{name: "bad URL", engine: "firefox", src: "live; Errors.msg MSG_INVALID_URL",
		in:   lab("fetch", "InvalidURL", "https://exa mple.com:99999/"),
		want: "Window.fetch: https://exa mple.com:99999/ is not a valid URL."},
	{name: "bad URL xhr", engine: "firefox", src: "live",
		in:   lab("xhr", "InvalidURL", "https://exa mple.com:99999/"),
		want: "XMLHttpRequest.open: 'https://exa mple.com:99999/' is not a valid URL."},
	{name: "URL with credentials", engine: "firefox", src: "live",
		in:   lab("fetch", "URLCredentials", "https://user:pass@bar.other/ok"),
		want: "Window.fetch: https://user:pass@bar.other/ok is an url with embedded credentials."},
	{name: "method not a token", engine: "firefox", src: "live",
		in:   lab("fetch", "InvalidMethod", "https://bar.other/ok", method("G ET")),
		want: "Window.fetch: Invalid request method G ET."},
	{name: "method not a token xhr", engine: "firefox", src: "live",
		in:   lab("xhr", "InvalidMethod", "https://bar.other/ok", method("G ET")),
		want: "An invalid or illegal string was specified"},
	{name: "forbidden method", engine: "firefox", src: "live",
		in:   lab("fetch", "ForbiddenMethod", "https://bar.other/ok", method("connect")),
		want: "Window.fetch: Invalid request method connect."},
	{name: "forbidden method xhr", engine: "firefox", src: "live",
		in:   lab("xhr", "ForbiddenMethod", "https://bar.other/ok", method("connect")),
		want: "The operation is insecure."},
	{name: "no-cors method (normalized)", engine: "firefox", src: "live",
		in:   lab("fetch", "NoCORSMethod", "https://bar.other/ok", method("put")),
		want: "Window.fetch: Invalid request method PUT."},
	{name: "header name (lowercased)", engine: "firefox", src: "live",
		in:   lab("fetch", "InvalidHeaderName", "https://bar.other/ok", header("X Foo")),
		want: "Window.fetch: x foo is an invalid header name."},
	{name: "header name xhr", engine: "firefox", src: "live",
		in:   lab("xhr", "InvalidHeaderName", "https://bar.other/ok", header("X Foo")),
		want: "Invalid header name."},
	{name: "header value stops at NUL", engine: "firefox", src: "live",
		in:   lab("fetch", "InvalidHeaderValue", "https://bar.other/ok", header("X-Foo"), value("a\x00b")),
		want: "Window.fetch: a is an invalid header value."},
	{name: "header value xhr says name", engine: "firefox", src: "live",
		in:   lab("xhr", "InvalidHeaderValue", "https://bar.other/ok", header("X-Foo"), value("a\x00b")),
		want: "Invalid header name."},
	{name: "HEAD with body", engine: "firefox", src: "live",
		in:   lab("fetch", "BodyWithGetOrHead", "https://bar.other/ok", method("HEAD")),
		want: "Window.fetch: HEAD or GET Request cannot have a body."},
	{name: "navigate mode", engine: "firefox", src: "live",
		in:   lab("fetch", "NavigateMode", "https://bar.other/ok"),
		want: "Window.fetch: Invalid request mode navigate."},
	// Live, on this machine: fetch("https://bar.other/ok", init) from a
	// file: page in headless Firefox ESR 153.7, e.message as logged.
	{name: "unknown mode", engine: "firefox", src: "live",
		in:   lab("fetch", "InvalidEnumValue", "https://bar.other/ok", value("bogus"), member("mode")),
		want: "Window.fetch: 'bogus' (value of 'mode' member of RequestInit) is not a valid value for enumeration RequestMode."},
	{name: "unknown credentials", engine: "firefox", src: "live",
		in:   lab("fetch", "InvalidEnumValue", "https://bar.other/ok", value("Include"), member("credentials")),
		want: "Window.fetch: 'Include' (value of 'credentials' member of RequestInit) is not a valid value for enumeration RequestCredentials."},
	{name: "unknown redirect", engine: "firefox", src: "live",
		in:   lab("fetch", "InvalidEnumValue", "https://bar.other/ok", value("never"), member("redirect")),
		want: "Window.fetch: 'never' (value of 'redirect' member of RequestInit) is not a valid value for enumeration RequestRedirect."},
	{name: "unknown duplex is ignored", engine: "firefox", src: "live: new Request(url, {method: \"POST\", body: \"x\", duplex: \"full\"}) does not throw",
		in: lab("fetch", "InvalidEnumValue", "https://bar.other/ok", value("full"), member("duplex")), wantErr: ConsoleNotApplicable},
	{name: "unknown body kind", engine: "firefox", src: "corsim's own error: any body converts",
		in: lab("fetch", "InvalidEnumValue", "https://bar.other/ok", value("json"), member("body")), wantErr: ConsoleNotApplicable},
	{name: "stream without duplex", engine: "firefox", src: "live: the request succeeds",
		in: lab("fetch", "StreamWithoutDuplex", "https://bar.other/ok"), wantErr: ConsoleNotApplicable},
	{name: "stream in no-cors mode", engine: "firefox", src: "live: the request succeeds",
		in: lab("fetch", "StreamNoCORS", "https://bar.other/ok"), wantErr: ConsoleNotApplicable},
	{name: "keepalive stream", engine: "firefox", src: "live: the request succeeds",
		in: lab("fetch", "KeepaliveStream", "https://bar.other/ok"), wantErr: ConsoleNotApplicable},
	{name: "NotSupported", engine: "firefox", src: "WebKit-only reason",
		in: lab("fetch", "NotSupported", "https://bar.other/ok"), wantErr: ConsoleNotApplicable},
}

// WebKit rows. Sources: Source/WebCore/loader/CrossOriginAccessControl.cpp,
// CrossOriginPreflightResultCache.cpp, DocumentThreadableLoader.cpp
// (logErrorAndFail), Source/WebKit/NetworkProcess/NetworkLoadChecker.cpp and
// NetworkCORSPreflightChecker.cpp, Source/WebCore/Modules/fetch/FetchRequest.cpp.
var webkitCases = []consoleCase{
	{name: "missing", engine: "webkit", src: "live",
		in:   lab("fetch", "CORSMissingAllowOrigin", "https://bar.other/missing", status(200)),
		want: "Origin https://foo.example is not allowed by Access-Control-Allow-Origin. Status code: 200\nFetch API cannot load https://bar.other/missing due to access control checks."},
	{name: "missing xhr", engine: "webkit", src: "live",
		in:   lab("xhr", "CORSMissingAllowOrigin", "https://bar.other/missing", status(200)),
		want: "Origin https://foo.example is not allowed by Access-Control-Allow-Origin. Status code: 200\nXMLHttpRequest cannot load https://bar.other/missing due to access control checks."},
	{name: "missing on preflight", engine: "webkit", src: "live",
		in:   lab("fetch", "CORSMissingAllowOrigin", "https://bar.other/pf-missing?k=1", status(200), preflight()),
		want: "Origin https://foo.example is not allowed by Access-Control-Allow-Origin. Status code: 200\nFetch API cannot load https://bar.other/pf-missing?k=1 due to access control checks."},
	{name: "missing after a redirect names the request's origin", engine: "webkit", src: "live",
		in:   lab("xhr", "CORSMissingAllowOrigin", "https://third.party/missing", status(200), origin("null"), initial("https://bar.other/redir?to=https%3A%2F%2Fthird.party%2Fmissing")),
		want: "Origin null is not allowed by Access-Control-Allow-Origin. Status code: 200\nXMLHttpRequest cannot load https://third.party/missing due to access control checks."},
	{name: "two ACAO lines", engine: "webkit", src: "live (HTTP/2 and HTTP/1.1 alike)",
		in:   lab("fetch", "CORSMultipleAllowOriginNotAllowed", "https://h1.bar.other/multi", status(200), value("https://foo.example, https://foo.example"), lines(2)),
		want: "Access-Control-Allow-Origin cannot contain more than one origin.\nFetch API cannot load https://h1.bar.other/multi due to access control checks."},
	{name: "comma in one ACAO line", engine: "webkit", src: "live",
		in:   lab("fetch", "CORSMultipleAllowOriginNotAllowed", "https://bar.other/multicomma", status(200), value("https://foo.example, https://bar.other")),
		want: "Access-Control-Allow-Origin cannot contain more than one origin.\nFetch API cannot load https://bar.other/multicomma due to access control checks."},
	{name: "two ACAO lines on preflight xhr", engine: "webkit", src: "live (fetch); xhr per DocumentThreadableLoader",
		in:   lab("xhr", "CORSMultipleAllowOriginNotAllowed", "https://bar.other/multi", status(200), value("https://foo.example, https://foo.example"), lines(2)),
		want: "Access-Control-Allow-Origin cannot contain more than one origin.\nXMLHttpRequest cannot load https://bar.other/multi due to access control checks."},
	{name: "mismatch", engine: "webkit", src: "live",
		in:   lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/mismatch?v=https://other.example", status(200), value("https://other.example")),
		want: "Origin https://foo.example is not allowed by Access-Control-Allow-Origin. Status code: 200\nFetch API cannot load https://bar.other/mismatch?v=https://other.example due to access control checks."},
	{name: "mismatch with a space", engine: "webkit", src: "live",
		in:   lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/mismatch?v=foo%20bar", status(200), value("foo bar")),
		want: "Origin https://foo.example is not allowed by Access-Control-Allow-Origin. Status code: 200\nFetch API cannot load https://bar.other/mismatch?v=foo%20bar due to access control checks."},
	{name: "mismatch invalid value", engine: "webkit", src: "live",
		in:   lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/mismatch?v=foo", status(200), value("foo")),
		want: "Origin https://foo.example is not allowed by Access-Control-Allow-Origin. Status code: 200\nFetch API cannot load https://bar.other/mismatch?v=foo due to access control checks."},
	{name: "mismatch on preflight", engine: "webkit", src: "live",
		in:   lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/pf-mismatch?k=5", status(200), value("https://other.example"), preflight()),
		want: "Origin https://foo.example is not allowed by Access-Control-Allow-Origin. Status code: 200\nFetch API cannot load https://bar.other/pf-mismatch?k=5 due to access control checks."},
	{name: "wildcard with credentials", engine: "webkit", src: "live",
		in:   lab("xhr", "CORSNotSupportingCredentials", "https://bar.other/star", status(200), value("*")),
		want: "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.\nXMLHttpRequest cannot load https://bar.other/star due to access control checks."},
	{name: "wildcard with credentials on preflight", engine: "webkit", src: "live",
		in:   lab("fetch", "CORSNotSupportingCredentials", "https://bar.other/pf-star?k=4", status(200), value("*"), preflight()),
		want: "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.\nFetch API cannot load https://bar.other/pf-star?k=4 due to access control checks."},
	{name: "ACAC", engine: "webkit", src: "live",
		in:   lab("fetch", "CORSMissingAllowCredentials", "https://bar.other/noacac", status(200)),
		want: "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".\nFetch API cannot load https://bar.other/noacac due to access control checks."},
	{name: "preflight redirect is judged by its status", engine: "webkit", src: "live; NetworkCORSPreflightChecker",
		in:   lab("xhr", "CORSPreflightRedirect", "https://bar.other/pf-redirect?k=8", status(302), preflight()),
		want: "Preflight response is not successful. Status code: 302\nXMLHttpRequest cannot load https://bar.other/pf-redirect?k=8 due to access control checks."},
	{name: "preflight 500", engine: "webkit", src: "live",
		in:   lab("fetch", "CORSPreflightDidNotSucceed", "https://bar.other/pf-500?k=9", status(500), preflight()),
		want: "Preflight response is not successful. Status code: 500\nFetch API cannot load https://bar.other/pf-500?k=9 due to access control checks."},
	{name: "ACAM unparsable: the whole value", engine: "webkit", src: "live",
		in:   lab("fetch", "CORSInvalidAllowMethod", "https://bar.other/pf-badmethods?k=11", status(200), value("PUT, ("), preflight()),
		want: "Header Access-Control-Allow-Methods has an invalid value: PUT, (\nFetch API cannot load https://bar.other/pf-badmethods?k=11 due to access control checks."},
	{name: "ACAH unparsable", engine: "webkit", src: "live",
		in:   lab("fetch", "CORSInvalidAllowHeader", "https://bar.other/pf-badheaders?k=12", status(200), value("x-foo, ("), preflight()),
		want: "Header Access-Control-Allow-Headers has an invalid value: x-foo, (\nFetch API cannot load https://bar.other/pf-badheaders?k=12 due to access control checks."},
	{name: "method not allowed", engine: "webkit", src: "live",
		in:   lab("fetch", "CORSMethodNotFound", "https://bar.other/pf-nomethod?k=15", status(200), method("patch"), preflight()),
		want: "Method patch is not allowed by Access-Control-Allow-Methods.\nFetch API cannot load https://bar.other/pf-nomethod?k=15 due to access control checks."},
	{name: "header not allowed: first as written", engine: "webkit", src: "live",
		in:   lab("fetch", "CORSMissingAllowHeaderFromPreflight", "https://bar.other/pf-noheader?k=16", status(200), header("X-Foo, X-Baz"), preflight()),
		want: "Request header field X-Foo is not allowed by Access-Control-Allow-Headers.\nFetch API cannot load https://bar.other/pf-noheader?k=16 due to access control checks."},
	{name: "about:", engine: "webkit", src: "live",
		in:   lab("fetch", "CORSRequestNotHttp", "about:blank"),
		want: "Cross origin requests are only supported for HTTP.\nFetch API cannot load about:blank due to access control checks."},
	{name: "file: xhr", engine: "webkit", src: "live",
		in:   lab("xhr", "CORSRequestNotHttp", "file:///etc/hosts"),
		want: "Cross origin requests are only supported for HTTP.\nXMLHttpRequest cannot load file:///etc/hosts due to access control checks."},
	{name: "same-origin mode", engine: "webkit", src: "live",
		in:   lab("fetch", "SameOriginModeCrossOrigin", "https://bar.other/ok"),
		want: "Fetch API cannot load https://bar.other/ok."},
	{name: "same-origin mode after a redirect", engine: "webkit", src: "live",
		in:   lab("fetch", "SameOriginModeCrossOrigin", "https://bar.other/ok", initial("https://foo.example/redir?to=https%3A%2F%2Fbar.other%2Fok")),
		want: "Unsafe attempt to load URL https://bar.other/ok from origin https://foo.example. Domains, protocols and ports must match.\n\nFetch API cannot load https://bar.other/ok due to access control checks."},
	{name: "no-cors with redirect error", engine: "webkit", src: "live",
		in:   lab("fetch", "NoCORSRedirectMode", "https://bar.other/ok"),
		want: "No-Cors mode requires follow redirect mode\nNot allowed to request resource\nFetch API cannot load https://bar.other/ok due to access control checks."},
	{name: "bad port", engine: "webkit", src: "live",
		in:   lab("xhr", "BadPort", "https://bar.other:6000/x"),
		want: "Not allowed to use restricted network port 6000: https://bar.other:6000/x"},
	{name: "mixed content", engine: "webkit", src: "live",
		in:   lab("fetch", "MixedContent", "http://bar.other/x"),
		want: "[blocked] The page at https://foo.example/page?only= requested insecure content from http://bar.other/x. This content was blocked and must be served over HTTPS.\n\nNot allowed to request resource\nFetch API cannot load http://bar.other/x due to access control checks."},
	{name: "mixed content xhr", engine: "webkit", src: "live",
		in:   lab("xhr", "MixedContent", "http://bar.other/x"),
		want: "[blocked] The page at https://foo.example/page?only= requested insecure content from http://bar.other/x. This content was blocked and must be served over HTTPS.\n\nNot allowed to request resource\nXMLHttpRequest cannot load http://bar.other/x due to access control checks."},
	{name: "mixed content after a redirect", engine: "webkit", src: "live",
		in:   lab("fetch", "MixedContent", "https://bar.other/redir?to=http%3A%2F%2Fbar.other%2Fok", status(302), location("http://bar.other/ok")),
		want: "[blocked] The page at https://foo.example/page?only= requested insecure content from http://bar.other/ok. This content was blocked and must be served over HTTPS.\n\nFetch API cannot load https://bar.other/redir?to=http%3A%2F%2Fbar.other%2Fok due to access control checks."},
	{name: "redirect mode error", engine: "webkit", src: "live",
		in:   lab("fetch", "RedirectModeError", "https://bar.other/redir?to=https%3A%2F%2Fbar.other%2Fok", status(302), location("https://bar.other/ok")),
		want: "Not allowed to follow a redirection while loading https://bar.other/redir?to=https%3A%2F%2Fbar.other%2Fok\nFetch API cannot load https://bar.other/redir?to=https%3A%2F%2Fbar.other%2Fok due to access control checks."},
	{name: "Location unparsable", engine: "webkit", src: "live",
		in:   lab("xhr", "RedirectLocationInvalid", "https://bar.other/redir?to=https%3A%2F%2F%5Bbad%2F", status(302), location("https://[bad/")),
		want: "Cross-origin redirection to https://[bad/ denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme\nXMLHttpRequest cannot load https://bar.other/redir?to=https%3A%2F%2F%5Bbad%2F due to access control checks."},
	{name: "two Location lines are followed joined", engine: "webkit", src: "live: WebKit loaded https://bar.other/ok,%20https://bar.other/ok?2",
		in: lab("fetch", "RedirectLocationInvalid", "https://bar.other/redir", status(302), location("https://bar.other/ok, https://bar.other/ok?2"), lines(2)), wantErr: ConsoleNotApplicable},
	{name: "redirect to ftp:", engine: "webkit", src: "live",
		in:   lab("fetch", "RedirectNotHTTP", "https://bar.other/redir?to=ftp%3A%2F%2Fbar.other%2Fx", status(302), location("ftp://bar.other/x")),
		want: "FTP URLs are disabled\nFetch API cannot load https://bar.other/redir?to=ftp%3A%2F%2Fbar.other%2Fx due to access control checks."},
	{name: "redirect to data:", engine: "webkit", src: "live",
		in:   lab("fetch", "RedirectNotHTTP", "https://bar.other/redir?to=data%3A%2Chello", status(302), location("data:,hello")),
		want: "Cross-origin redirection to data:,hello denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme\nFetch API cannot load https://bar.other/redir?to=data%3A%2Chello due to access control checks."},
	{name: "same-origin redirect to data: is worded the same", engine: "webkit", src: "live",
		in:   lab("fetch", "RedirectNotHTTP", "https://foo.example/redir?to=data%3A%2Chello", status(302), location("data:,hello")),
		want: "Cross-origin redirection to data:,hello denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme\nFetch API cannot load https://foo.example/redir?to=data%3A%2Chello due to access control checks."},
	{name: "21st redirect", engine: "webkit", src: "live",
		in:   lab("xhr", "TooManyRedirects", "https://bar.other/loop?n=20&k=20", status(302), location("/loop?n=21&k=20")),
		want: "Load cannot follow more than 20 redirections\nXMLHttpRequest cannot load https://bar.other/loop?n=20&k=20 due to access control checks."},
	{name: "Location with credentials", engine: "webkit", src: "live",
		in:   lab("fetch", "CORSRedirectCredentials", "https://bar.other/redir?to=https%3A%2F%2Fuser%3Apass%40third.party%2Fok", status(302), location("https://user:pass@third.party/ok")),
		want: "Cross-origin redirection to https://third.party/ok denied by Cross-Origin Resource Sharing policy: redirection URL https://user:pass@third.party/ok has credentials\nFetch API cannot load https://bar.other/redir?to=https%3A%2F%2Fuser%3Apass%40third.party%2Fok due to access control checks."},
	{name: "307 of a stream body", engine: "webkit", src: "live: NotSupportedError first",
		in: lab("fetch", "RedirectStreamBody", "https://bar.other/redir?code=307", status(307)), wantErr: ConsoleNotApplicable},
	{name: "stream body over HTTP/1.1", engine: "webkit", src: "live: NotSupportedError first",
		in: lab("fetch", "StreamBodyHTTP1", "https://h1.bar.other/ok"), wantErr: ConsoleNotApplicable},
	{name: "CORP", engine: "webkit", src: "live",
		in:   lab("fetch", "CORPBlocked", "https://bar.other/corp", status(200), value("same-origin")),
		want: "Cancelled load to https://bar.other/corp because it violates the resource's Cross-Origin-Resource-Policy response header.\nFetch API cannot load https://bar.other/corp due to access control checks."},
	{name: "connection refused: nothing", engine: "webkit", src: "live",
		in: lab("fetch", "CORSDidNotSucceed", "https://bar.other:4444/x"), want: ""},
	{name: "about: in no-cors mode: nothing", engine: "webkit", src: "live",
		in: lab("fetch", "UnsupportedScheme", "about:foo"), want: ""},
	{name: "blob: not in the store: nothing", engine: "webkit", src: "live",
		in: lab("fetch", "UnsupportedScheme", "blob:https://foo.example/00000000-0000-0000-0000-000000000000"), want: ""},
	{name: "unknown scheme in no-cors mode", engine: "webkit", src: "live",
		in:   lab("fetch", "UnsupportedScheme", "foo:bar"),
		want: "[blocked] The page at https://foo.example/page?only= requested insecure content from foo:bar. This content was blocked and must be served over HTTPS.\n\nNot allowed to request resource\nFetch API cannot load foo:bar due to access control checks."},
	{name: "file: in no-cors mode", engine: "webkit", src: "live",
		in:   lab("fetch", "UnsupportedScheme", "file:///etc/hosts"),
		want: "Not allowed to load local resource: file:///etc/hosts\nNot allowed to request resource\nFetch API cannot load file:///etc/hosts due to access control checks."},
	{name: "bad data: URL", engine: "webkit", src: "live",
		in:   lab("fetch", "InvalidDataURL", "data:foo"),
		want: "Fetch API cannot load data:foo."},
	{name: "opaque range response", engine: "webkit", src: "not examined",
		in: lab("fetch", "OpaqueRangeResponse", "https://bar.other/x"), wantErr: ConsoleUnknownText},
	{name: "CORSDisabled", engine: "webkit", src: "Firefox-only reason",
		in: lab("fetch", "CORSDisabled", "https://bar.other/x"), wantErr: ConsoleNotApplicable},
	{name: "CORSOriginHeaderNotAdded", engine: "webkit", src: "Firefox-only reason",
		in: lab("fetch", "CORSOriginHeaderNotAdded", "https://bar.other/x"), wantErr: ConsoleNotApplicable},
	{name: "CORSExternalRedirectNotAllowed", engine: "webkit", src: "Firefox-only reason",
		in: lab("fetch", "CORSExternalRedirectNotAllowed", "https://bar.other/x"), wantErr: ConsoleNotApplicable},

	{name: "bad URL", engine: "webkit", src: "live",
		in:   lab("fetch", "InvalidURL", "https://exa mple.com:99999/"),
		want: "URL is not valid or contains user credentials."},
	{name: "bad URL xhr", engine: "webkit", src: "live",
		in:   lab("xhr", "InvalidURL", "https://exa mple.com:99999/"),
		want: "The string did not match the expected pattern."},
	{name: "URL with credentials", engine: "webkit", src: "live",
		in:   lab("fetch", "URLCredentials", "https://user:pass@bar.other/ok"),
		want: "URL is not valid or contains user credentials."},
	{name: "method not a token", engine: "webkit", src: "live",
		in:   lab("fetch", "InvalidMethod", "https://bar.other/ok", method("G ET")),
		want: "Method is not a valid HTTP token."},
	{name: "method not a token xhr", engine: "webkit", src: "live",
		in:   lab("xhr", "InvalidMethod", "https://bar.other/ok", method("G ET")),
		want: "The string did not match the expected pattern."},
	{name: "forbidden method", engine: "webkit", src: "live",
		in:   lab("fetch", "ForbiddenMethod", "https://bar.other/ok", method("connect")),
		want: "Method is forbidden."},
	{name: "forbidden method xhr", engine: "webkit", src: "live",
		in:   lab("xhr", "ForbiddenMethod", "https://bar.other/ok", method("connect")),
		want: "The operation is insecure."},
	{name: "no-cors method", engine: "webkit", src: "live",
		in:   lab("fetch", "NoCORSMethod", "https://bar.other/ok", method("put")),
		want: "Method must be GET, POST or HEAD in no-cors mode."},
	{name: "header name", engine: "webkit", src: "live",
		in:   lab("fetch", "InvalidHeaderName", "https://bar.other/ok", header("X Foo")),
		want: "Invalid header name: 'X Foo'"},
	{name: "header name xhr", engine: "webkit", src: "live",
		in:   lab("xhr", "InvalidHeaderName", "https://bar.other/ok", header("X Foo")),
		want: "The string did not match the expected pattern."},
	{name: "header value", engine: "webkit", src: "live up to the NUL (the console stops there); FetchHeaders.cpp canWriteHeader",
		in:   lab("fetch", "InvalidHeaderValue", "https://bar.other/ok", header("X-Foo"), value("a\x00b")),
		want: "Header 'X-Foo' has invalid value: 'a\x00b'"},
	{name: "header value xhr", engine: "webkit", src: "live",
		in:   lab("xhr", "InvalidHeaderValue", "https://bar.other/ok", header("X-Foo"), value("a\x00b")),
		want: "The string did not match the expected pattern."},
	{name: "GET with body", engine: "webkit", src: "live",
		in:   lab("fetch", "BodyWithGetOrHead", "https://bar.other/ok", method("GET")),
		want: "Request has method 'GET' and cannot have a body"},
	{name: "HEAD with body", engine: "webkit", src: "live",
		in:   lab("fetch", "BodyWithGetOrHead", "https://bar.other/ok", method("HEAD")),
		want: "Request has method 'HEAD' and cannot have a body"},
	{name: "keepalive stream", engine: "webkit", src: "live",
		in:   lab("fetch", "KeepaliveStream", "https://bar.other/ok", method("POST")),
		want: "Request cannot have a ReadableStream body and keepalive set to true"},
	{name: "navigate mode", engine: "webkit", src: "live",
		in:   lab("fetch", "NavigateMode", "https://bar.other/ok"),
		want: "Request constructor does not accept navigate fetch mode."},
	// Live, on this machine: fetch("https://bar.other/ok", init) from a
	// file: page in WebKitGTK 2.50.6's MiniBrowser, e.message as logged.
	{name: "unknown mode", engine: "webkit", src: "live",
		in:   lab("fetch", "InvalidEnumValue", "https://bar.other/ok", value("bogus"), member("mode")),
		want: "Type error"},
	{name: "unknown credentials", engine: "webkit", src: "live",
		in:   lab("fetch", "InvalidEnumValue", "https://bar.other/ok", value("Include"), member("credentials")),
		want: "Type error"},
	{name: "unknown redirect", engine: "webkit", src: "live",
		in:   lab("fetch", "InvalidEnumValue", "https://bar.other/ok", value("never"), member("redirect")),
		want: "Type error"},
	{name: "unknown duplex is ignored", engine: "webkit", src: "live: new Request(url, {method: \"POST\", body: \"x\", duplex: \"full\"}) does not throw",
		in: lab("fetch", "InvalidEnumValue", "https://bar.other/ok", value("full"), member("duplex")), wantErr: ConsoleNotApplicable},
	{name: "unknown body kind xhr", engine: "webkit", src: "corsim's own error: send() converts any body",
		in: lab("xhr", "InvalidEnumValue", "https://bar.other/ok", value("json"), member("body")), wantErr: ConsoleNotApplicable},
	{name: "stream body", engine: "webkit", src: "live",
		in:   lab("fetch", "NotSupported", "https://bar.other/ok", method("POST")),
		want: "ReadableStream uploading is not supported"},
	{name: "stream without duplex", engine: "webkit", src: "live: NotSupportedError first",
		in: lab("fetch", "StreamWithoutDuplex", "https://bar.other/ok"), wantErr: ConsoleNotApplicable},
	{name: "stream in no-cors mode", engine: "webkit", src: "live: NotSupportedError first",
		in: lab("fetch", "StreamNoCORS", "https://bar.other/ok"), wantErr: ConsoleNotApplicable},
}

// consoleReasonCodes are every reason code: REASONS.md's, then the ones the
// package adds (reason.go).
var consoleReasonCodes = []string{
	"CORSMissingAllowOrigin", "CORSMultipleAllowOriginNotAllowed", "CORSNotSupportingCredentials",
	"CORSAllowOriginNotMatchingOrigin", "CORSMissingAllowCredentials",
	"CORSPreflightRedirect", "CORSPreflightDidNotSucceed", "CORSInvalidAllowMethod", "CORSInvalidAllowHeader",
	"CORSMethodNotFound", "CORSMissingAllowHeaderFromPreflight",
	"CORSRequestNotHttp", "SameOriginModeCrossOrigin", "NoCORSRedirectMode", "BadPort", "MixedContent",
	"RedirectModeError", "RedirectLocationInvalid", "RedirectNotHTTP", "TooManyRedirects",
	"CORSRedirectCredentials", "RedirectStreamBody", "CORPBlocked", "CORSDidNotSucceed",
	"CORSDisabled", "CORSOriginHeaderNotAdded", "CORSExternalRedirectNotAllowed",
	"InvalidURL", "URLCredentials", "InvalidMethod", "ForbiddenMethod", "NoCORSMethod",
	"InvalidHeaderName", "InvalidHeaderValue", "BodyWithGetOrHead", "StreamWithoutDuplex",
	"StreamNoCORS", "KeepaliveStream", "NotSupported",
	"StreamBodyHTTP1", "UnsupportedScheme", "OpaqueRangeResponse", "InvalidDataURL", "NavigateMode",
	"InvalidEnumValue",
}

func allConsoleCases() []consoleCase {
	var all []consoleCase
	for _, cs := range [][]consoleCase{chromiumCases, firefoxCases, webkitCases} {
		all = append(all, cs...)
	}
	return all
}

func TestConsoleMessage(t *testing.T) {
	for _, tc := range allConsoleCases() {
		t.Run(tc.engine+"/"+tc.in.Reason+"/"+tc.name, func(t *testing.T) {
			got, err := ConsoleMessage(tc.engine, tc.in)
			if tc.wantErr != 0 {
				var ce *ConsoleError
				if !errors.As(err, &ce) || ce.Kind != tc.wantErr {
					t.Fatalf("ConsoleMessage(%s, %+v) = %q, %v; want a ConsoleError of kind %d (%s)", tc.engine, tc.in, got, err, tc.wantErr, tc.src)
				}
				return
			}
			if err != nil {
				t.Fatalf("ConsoleMessage(%s, %+v): %v (%s)", tc.engine, tc.in, err, tc.src)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ConsoleMessage(%s) mismatch (-want +got) [%s]:\n%s", tc.engine, tc.src, diff)
			}
		})
	}
}

// Every engine has a row for every reason code, and a renderer for exactly
// the reason codes.
func TestConsoleMessageCoversEveryReason(t *testing.T) {
	seen := map[string]map[string]bool{}
	for _, tc := range allConsoleCases() {
		if seen[tc.engine] == nil {
			seen[tc.engine] = map[string]bool{}
		}
		seen[tc.engine][tc.in.Reason] = true
	}
	want := append([]string(nil), consoleReasonCodes...)
	sort.Strings(want)
	for _, engine := range ConsoleEngines {
		for _, r := range consoleReasonCodes {
			if !seen[engine][r] {
				t.Errorf("no %s row for %s", engine, r)
			}
		}
		var have []string
		for r := range consoleTables[engine] {
			have = append(have, r)
		}
		sort.Strings(have)
		if diff := cmp.Diff(want, have); diff != "" {
			t.Errorf("%s renderers mismatch (-reason codes +table):\n%s", engine, diff)
		}
	}
}

func TestConsoleMessageErrors(t *testing.T) {
	ok := lab("fetch", "CORSMissingAllowOrigin", "https://bar.other/x", status(200))
	tests := []struct {
		name    string
		engine  string
		in      ConsoleInput
		want    ConsoleErrorKind
		wantMsg string
	}{
		{name: "unknown engine", engine: "blink", in: ok, want: ConsoleUnknownEngine,
			wantMsg: `fetch: console message: unknown engine "blink" (want chromium, firefox or webkit)`},
		{name: "engine names are lowercase", engine: "Chromium", in: ok, want: ConsoleUnknownEngine},
		{name: "unknown reason", engine: "firefox", in: lab("fetch", "CORSOops", "https://bar.other/x"), want: ConsoleUnknownReason,
			wantMsg: `fetch: console message: unknown reason code "CORSOops"`},
		{name: "empty reason", engine: "webkit", in: lab("fetch", "", "https://bar.other/x"), want: ConsoleUnknownReason},
		{name: "unknown API", engine: "chromium", in: lab("beacon", "CORSMissingAllowOrigin", "https://bar.other/x", status(200)), want: ConsoleBadInput,
			wantMsg: `fetch: console message for chromium CORSMissingAllowOrigin (beacon): API "beacon" is neither "fetch" nor "xhr"`},
		{name: "no URL", engine: "chromium", in: lab("fetch", "CORSMissingAllowOrigin", "", status(200)), want: ConsoleBadInput,
			wantMsg: "fetch: console message for chromium CORSMissingAllowOrigin (fetch): URL is needed for this message"},
		{name: "no status for Firefox's missing ACAO", engine: "firefox", in: lab("fetch", "CORSMissingAllowOrigin", "https://bar.other/x"), want: ConsoleBadInput},
		{name: "no status for WebKit's mismatch", engine: "webkit", in: lab("fetch", "CORSAllowOriginNotMatchingOrigin", "https://bar.other/x", value("https://a.example")), want: ConsoleBadInput},
		{name: "no header", engine: "chromium", in: lab("fetch", "CORSMissingAllowHeaderFromPreflight", "https://bar.other/x", header(" , ")), want: ConsoleBadInput},
		{name: "no method", engine: "webkit", in: lab("fetch", "CORSMethodNotFound", "https://bar.other/x"), want: ConsoleBadInput},
		{name: "no page for mixed content", engine: "chromium", in: lab("fetch", "MixedContent", "http://bar.other/x", withPage("")), want: ConsoleBadInput},
		{name: "no location", engine: "webkit", in: lab("fetch", "CORSRedirectCredentials", "https://bar.other/x"), want: ConsoleBadInput},
		{name: "no port", engine: "webkit", in: lab("fetch", "BadPort", "https://bar.other/x"), want: ConsoleBadInput},
		{name: "CORP value that blocks nothing", engine: "chromium", in: lab("fetch", "CORPBlocked", "https://bar.other/x", value("cross-origin")), want: ConsoleBadInput},
		{name: "ACAM with only tokens", engine: "firefox", in: lab("fetch", "CORSInvalidAllowMethod", "https://bar.other/x", value("PUT, GET")), want: ConsoleBadInput},
		{name: "fetch-only reason with xhr", engine: "chromium", in: lab("xhr", "NoCORSRedirectMode", "https://bar.other/x"), want: ConsoleNotApplicable,
			wantMsg: "fetch: console message: chromium never fails a xhr request with NoCORSRedirectMode: the reason concerns a fetch() option or check that XMLHttpRequest does not have"},
		{name: "xhr data: failure not examined", engine: "webkit", in: lab("xhr", "InvalidDataURL", "data:foo"), want: ConsoleUnknownText},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ConsoleMessage(tc.engine, tc.in)
			var ce *ConsoleError
			if !errors.As(err, &ce) || ce.Kind != tc.want {
				t.Fatalf("ConsoleMessage(%q, %+v) = %q, %v; want a ConsoleError of kind %d", tc.engine, tc.in, got, err, tc.want)
			}
			if got != "" {
				t.Errorf("message %q returned beside an error", got)
			}
			if tc.wantMsg != "" {
				if diff := cmp.Diff(tc.wantMsg, err.Error()); diff != "" {
					t.Errorf("Error() mismatch (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// Nothing panics, whatever is missing: every engine and reason with an
// otherwise empty input gives a message or a *ConsoleError.
func TestConsoleMessageEmptyInput(t *testing.T) {
	for _, engine := range ConsoleEngines {
		for _, r := range consoleReasonCodes {
			for _, api := range []string{"fetch", "xhr"} {
				_, err := ConsoleMessage(engine, ConsoleInput{API: api, Reason: r})
				var ce *ConsoleError
				if err != nil && !errors.As(err, &ce) {
					t.Errorf("%s %s %s: error %v is not a *ConsoleError", engine, r, api, err)
				}
			}
		}
	}
}

func TestConsoleLearnMore(t *testing.T) {
	tests := []struct {
		name   string
		engine string
		in     ConsoleInput
		want   string
	}{
		{name: "missing", engine: "firefox", in: lab("fetch", "CORSMissingAllowOrigin", "https://bar.other/missing", status(200)),
			want: "https://developer.mozilla.org/docs/Web/HTTP/Guides/CORS/Errors/CORSMissingAllowOrigin?utm_source=devtools&utm_medium=firefox-cors-errors&utm_campaign=default"},
		{name: "merged ACAO lines link the mismatch page", engine: "firefox",
			in:   lab("fetch", "CORSMultipleAllowOriginNotAllowed", "https://bar.other/multi", status(200), value("a, b")),
			want: "https://developer.mozilla.org/docs/Web/HTTP/Guides/CORS/Errors/CORSAllowOriginNotMatchingOrigin?utm_source=devtools&utm_medium=firefox-cors-errors&utm_campaign=default"},
		{name: "preflight redirect links its first message", engine: "firefox",
			in:   lab("fetch", "CORSPreflightRedirect", "https://bar.other/x", status(302), preflight()),
			want: "https://developer.mozilla.org/docs/Web/HTTP/Guides/CORS/Errors/CORSExternalRedirectNotAllowed?utm_source=devtools&utm_medium=firefox-cors-errors&utm_campaign=default"},
		{name: "header not allowed", engine: "firefox",
			in:   lab("fetch", "CORSMissingAllowHeaderFromPreflight", "https://bar.other/x", header("x-foo"), preflight()),
			want: "https://developer.mozilla.org/docs/Web/HTTP/Guides/CORS/Errors/CORSMissingAllowHeaderFromPreflight?utm_source=devtools&utm_medium=firefox-cors-errors&utm_campaign=default"},
		{name: "redirect failure", engine: "firefox",
			in:   lab("fetch", "TooManyRedirects", "https://bar.other/loop", status(302)),
			want: "https://developer.mozilla.org/docs/Web/HTTP/Guides/CORS/Errors/CORSDidNotSucceed?utm_source=devtools&utm_medium=firefox-cors-errors&utm_campaign=default"},
		{name: "mixed content", engine: "firefox", in: lab("fetch", "MixedContent", "http://bar.other/x"),
			want: "https://developer.mozilla.org/docs/Web/Security/Mixed_content?utm_source=devtools&utm_medium=firefox-console-errors&utm_campaign=default"},
		{name: "same-origin mode has none", engine: "firefox", in: lab("fetch", "SameOriginModeCrossOrigin", "https://bar.other/ok"), want: ""},
		{name: "exceptions have none", engine: "firefox", in: lab("fetch", "InvalidMethod", "https://bar.other/ok", method("G ET")), want: ""},
		{name: "Chromium has none", engine: "chromium", in: lab("fetch", "CORSMissingAllowOrigin", "https://bar.other/missing", status(200)), want: ""},
		{name: "WebKit has none", engine: "webkit", in: lab("fetch", "CORSMissingAllowOrigin", "https://bar.other/missing", status(200)), want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.engine+"/"+tc.name, func(t *testing.T) {
			got, err := ConsoleLearnMore(tc.engine, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ConsoleLearnMore mismatch (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := ConsoleLearnMore("opera", lab("fetch", "CORSMissingAllowOrigin", "https://bar.other/x")); err == nil {
		t.Error("ConsoleLearnMore(opera): no error")
	}
}

// chromiumHint's escapes decode back to the bytes they stand for, and the
// result is printable ASCII.
func FuzzChromiumHint(f *testing.F) {
	for _, tc := range allConsoleCases() {
		if tc.engine == "chromium" {
			f.Add(tc.in.Value)
		}
	}
	f.Add("\x00\x1f\x7f\x80\xff")
	f.Add(`\u0041`)
	f.Fuzz(func(t *testing.T, v string) {
		h := chromiumHint(v)
		for i := 0; i < len(h); i++ {
			if h[i] < 0x20 || h[i] > 0x7e {
				t.Fatalf("chromiumHint(%q) = %q: byte %#x is not printable ASCII", v, h, h[i])
			}
		}
		var b strings.Builder
		for i := 0; i < len(v); i++ {
			c := v[i]
			if c >= 0x20 && c <= 0x7e {
				b.WriteByte(c)
				continue
			}
			b.WriteString(`\u00`)
			b.WriteByte("0123456789ABCDEF"[c>>4])
			b.WriteByte("0123456789ABCDEF"[c&15])
		}
		if h != b.String() {
			t.Fatalf("chromiumHint(%q) = %q, want %q", v, h, b.String())
		}
	})
}
