package fetch

import (
	"testing"

	"github.com/corsim/corsim/safelist"
	"github.com/google/go-cmp/cmp"
)

// internalResponse is a network response with one header of every kind the
// filters tell apart.
func internalResponse(t testing.TB) *Response {
	r := &Response{Type: TypeDefault, Status: 201, StatusText: "Created", Body: []byte("body"),
		URLList: []*URL{mustURL(t, "https://b.example/1#f"), mustURL(t, "https://b.example/2#f")}}
	for _, h := range [][2]string{
		{"Set-Cookie", "a=1"}, {"set-cookie2", "b=2"}, {"X-A", "1"}, {"Content-Type", "text/plain"},
		{"Cache-Control", "no-cache"}, {"Content-Language", "en"}, {"Content-Length", "4"}, {"Expires", "0"},
		{"Last-Modified", "x"}, {"Pragma", "no-cache"}, {"Date", "d"}, {"Access-Control-Allow-Origin", "*"},
		{"X-A", "2"},
	} {
		r.Header.Append(h[0], h[1])
	}
	return r
}

// filteredView is what a test checks of a filtered response.
type filteredView struct {
	Type       ResponseType
	Status     int
	StatusText string
	URLs       int
	Header     []string
	Body       string
	HasBody    bool
	Internal   bool
}

func viewFiltered(r *Response) filteredView {
	return filteredView{r.Type, r.Status, r.StatusText, len(r.URLList), headerNames(r.Header), string(r.Body), r.Body != nil, r.Internal != nil}
}

// TestFilteredResponses checks the four filtered responses (#39, #41,
// #61-#64, #68).
func TestFilteredResponses(t *testing.T) {
	safelisted := []string{"Content-Type", "Cache-Control", "Content-Language", "Content-Length", "Expires", "Last-Modified", "Pragma"}
	tests := []struct {
		spec   string
		filter func(*Response) *Response
		want   filteredView
	}{
		{"#61 concept-filtered-response-basic: all but Set-Cookie and Set-Cookie2", basicFiltered,
			filteredView{TypeBasic, 201, "Created", 2, []string{"X-A", "Content-Type", "Cache-Control", "Content-Language", "Content-Length", "Expires",
				"Last-Modified", "Pragma", "Date", "Access-Control-Allow-Origin", "X-A"}, "body", true, true}},
		{"#62 #41 #68 concept-filtered-response-cors: only the safelisted names", corsFiltered,
			filteredView{TypeCORS, 201, "Created", 2, safelisted, "body", true, true}},
		{"#63 concept-filtered-response-opaque", opaqueFiltered,
			filteredView{TypeOpaque, 0, "", 0, []string{}, "", false, true}},
		{"#64 concept-filtered-response-opaque-redirect: the URL list stays", opaqueRedirectFiltered,
			filteredView{TypeOpaqueRedirect, 0, "", 2, []string{}, "", false, true}},
	}
	for _, tc := range tests {
		r := internalResponse(t)
		before := headerLines(r.Header)
		got := tc.filter(r)
		if diff := cmp.Diff(tc.want, viewFiltered(got)); diff != "" {
			t.Errorf("%s: mismatch (-want +got):\n%s", tc.spec, diff)
		}
		if got.Internal != r {
			t.Errorf("%s: the internal response is not the one filtered", tc.spec)
		}
		if diff := cmp.Diff(before, headerLines(r.Header)); diff != "" {
			t.Errorf("%s: the internal response's headers changed (-before +after):\n%s", tc.spec, diff)
		}
	}
}

// TestCORSFilteredExposed checks the CORS filtered response given an exposed
// list (#39, #41, #62).
func TestCORSFilteredExposed(t *testing.T) {
	tests := []struct {
		spec    string
		exposed []string
		want    []string
	}{
		{"#41: a listed name, any case", []string{"x-a"}, []string{"X-A", "Content-Type", "X-A"}},
		{"#39: Set-Cookie is never exposed", []string{"Set-Cookie", "SET-COOKIE2"}, []string{"Content-Type"}},
		{"#68: a CORS header when listed", []string{"access-control-allow-origin"}, []string{"Content-Type", "Access-Control-Allow-Origin"}},
		{"#103: a literal `*` is a name like any other", []string{"*"}, []string{"Content-Type"}},
	}
	for _, tc := range tests {
		r := &Response{Status: 200}
		for _, h := range [][2]string{{"X-A", "1"}, {"Set-Cookie", "a=1"}, {"Set-Cookie2", "a=1"}, {"Content-Type", "text/plain"},
			{"Access-Control-Allow-Origin", "*"}, {"X-A", "2"}} {
			r.Header.Append(h[0], h[1])
		}
		r.CORSExposedHeaderNames = tc.exposed
		if diff := cmp.Diff(tc.want, headerNames(corsFiltered(r).Header)); diff != "" {
			t.Errorf("%s cors-safelisted-response-header-name: mismatch (-want +got):\n%s", tc.spec, diff)
		}
	}
}

// TestView checks what script reads of a response (#10, #59, #63, #67,
// #203, #222, #231, #232).
func TestView(t *testing.T) {
	r := internalResponse(t)
	r.CORSExposedHeaderNames = []string{"X-A", "Date"}
	got := corsFiltered(r).View()
	want := View{
		Type: TypeCORS, Status: 201, URL: "https://b.example/2", Redirected: true, Body: []byte("body"),
		// #10 sort and combine: lowercase names, sorted, values joined.
		Header: safelist.HeaderList{
			{Name: "cache-control", Value: "no-cache"}, {Name: "content-language", Value: "en"},
			{Name: "content-length", Value: "4"}, {Name: "content-type", Value: "text/plain"},
			{Name: "date", Value: "d"}, {Name: "expires", Value: "0"}, {Name: "last-modified", Value: "x"},
			{Name: "pragma", Value: "no-cache"}, {Name: "x-a", Value: "1, 2"},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("#67 #203 #231 #232 View mismatch (-want +got):\n%s", diff)
	}
	opaque := opaqueFiltered(internalResponse(t)).View()
	if diff := cmp.Diff(View{Type: TypeOpaque, Header: safelist.HeaderList{}}, opaque, cmp.Comparer(func(a, b safelist.HeaderList) bool {
		return len(a) == 0 && len(b) == 0 || cmp.Equal([]safelist.Header(a), []safelist.Header(b))
	})); diff != "" {
		t.Errorf("#63 #222 opaque View mismatch (-want +got):\n%s", diff)
	}
	single := &Response{Type: TypeBasic, Status: 200, URLList: []*URL{mustURL(t, "https://a.example/x?q#f")}}
	if v := single.View(); v.Redirected || v.URL != "https://a.example/x?q" {
		t.Errorf("#67: one URL: redirected %v, url %q; want false, https://a.example/x?q", v.Redirected, v.URL)
	}
}

// TestResponseURL checks a response's URL: the last of its URL list, or
// none.
func TestResponseURL(t *testing.T) {
	if u := (&Response{}).URL(); u != nil {
		t.Errorf("an empty URL list has URL %v, want nil", u)
	}
	r := internalResponse(t)
	if got := r.URL().String(); got != "https://b.example/2#f" {
		t.Errorf("URL() = %s, want the last of the URL list", got)
	}
}
