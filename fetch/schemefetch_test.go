package fetch

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/corsim/corsim/safelist"
	"github.com/google/go-cmp/cmp"
)

// dataURLTests are data: URLs and what the data: URL processor makes of
// them: the serialized MIME type and the body, or failure ("!").
var dataURLTests = []struct {
	url, mime, body string
}{
	{"data:,x", "text/plain;charset=US-ASCII", "x"},
	{"data:,", "text/plain;charset=US-ASCII", ""},
	{"data:text/plain,hi", "text/plain", "hi"},
	{"data:TEXT/HTML;Charset=UTF-8,%3Cp%3E", "text/html;charset=UTF-8", "<p>"},
	{"data:;charset=utf-8,x", "text/plain;charset=utf-8", "x"},
	{"data:textplain,x", "text/plain;charset=US-ASCII", "x"},
	{"data:text/plain;a=b;c=d,x", "text/plain;a=b;c=d", "x"},
	{"data:x", "!", ""},
	{"data:,a%2Cb%zz%4", "text/plain;charset=US-ASCII", "a,b%zz%4"},
	{"data:,x#frag", "text/plain;charset=US-ASCII", "x"},
	{"data:,a?b,c", "text/plain;charset=US-ASCII", "a?b,c"},
	{"data:,%E2%98%83", "text/plain;charset=US-ASCII", "\u2603"},
	{"data:,%00%ff", "text/plain;charset=US-ASCII", "\x00\xff"},
	{"data:;base64,aGk=", "text/plain;charset=US-ASCII", "hi"},
	{"data:text/plain;base64,aGk", "text/plain", "hi"},
	{"data:text/plain;base64,aGk%3D", "text/plain", "hi"},
	{"data:text/plain;base64,aG%20k=", "text/plain", "hi"},
	{"data:text/plain;base64,%09aG%0Ak=%0C", "text/plain", "hi"},
	{"data:text/plain;base64,YQ==", "text/plain", "a"},
	{"data:text/plain;base64,YR==", "text/plain", "a"},
	{"data:text/plain;base64,YQ=", "!", ""},
	{"data:text/plain;base64,YQ===", "!", ""},
	{"data:text/plain;base64,Y===", "!", ""},
	{"data:text/plain;base64,YQ=a", "!", ""},
	{"data:text/plain;base64,Y", "!", ""},
	{"data:text/plain;base64,%FF", "!", ""},
	{"data:text/plain;base64,a-b_", "!", ""},
	{"data:text/plain;base64,", "text/plain", ""},
	{"data:text/plain; base64,aGk=", "text/plain", "hi"},
	{"data:text/plain;  BASE64,aGk=", "text/plain", "hi"},
	{"data:text/plain;base64x,aGk=", "text/plain", "aGk="},
	{"data:text/plain;charset=x;base64,aGk=", "text/plain;charset=x", "hi"},
	{"data:base64,aGk=", "text/plain;charset=US-ASCII", "aGk="},
	{"data:;base64;base64,aGk=", "text/plain", "hi"},
}

// TestDataURLResponse checks the [data: URL processor] (#112): Fetch's
// steps, with forgiving-base64 decode from Infra.
//
// [data: URL processor]: https://fetch.spec.whatwg.org/#data-url-processor
func TestDataURLResponse(t *testing.T) {
	for _, tc := range dataURLTests {
		t.Run(tc.url, func(t *testing.T) {
			resp, ok := dataURLResponse(mustURL(t, tc.url))
			if tc.mime == "!" {
				if ok {
					ct, _ := resp.Header.Get("Content-Type")
					t.Errorf("data: URL processor = (%s, %q), want failure", ct, resp.Body)
				}
				return
			}
			if !ok {
				t.Fatalf("data: URL processor failed, want (%s, %q)", tc.mime, tc.body)
			}
			want := []string{"Content-Type: " + tc.mime}
			if diff := cmp.Diff(want, headerLines(resp.Header)); diff != "" {
				t.Errorf("header list mismatch (-want +got):\n%s", diff)
			}
			if string(resp.Body) != tc.body || resp.Body == nil {
				t.Errorf("body %q, want %q (non-null)", resp.Body, tc.body)
			}
			if resp.Status != 200 || resp.StatusText != "OK" {
				t.Errorf("status %d %q, want 200 OK", resp.Status, resp.StatusText)
			}
		})
	}
}

// TestSchemeFetchDataURL checks a failing data: URL through fetch(): a
// network error from scheme fetch (#112), nothing sent.
func TestSchemeFetchDataURL(t *testing.T) {
	fetchCase{spec: "#112 concept-scheme-fetch: the data: URL processor failed", url: "data:text/plain;base64,YQ=",
		wantErr: &wantErr{InvalidDataURL, "concept-scheme-fetch", "3.2"}}.run(t)
	fetchCase{spec: "#112 concept-scheme-fetch", url: "data:no-comma",
		wantErr: &wantErr{InvalidDataURL, "concept-scheme-fetch", "3.2"}}.run(t)
}

// TestAboutBlank checks scheme fetch's about:blank response (#110).
func TestAboutBlank(t *testing.T) {
	res := fetchCase{spec: "#110 concept-scheme-fetch", url: "about:blank", init: RequestInit{Mode: ModeNoCORS},
		want: &wantView{Type: TypeOpaque, Headers: []string{}}}.run(t)
	in := res.Response.internal()
	got := filteredView{in.Type, in.Status, in.StatusText, len(in.URLList), headerLines(in.Header), string(in.Body), in.Body != nil, false}
	want := filteredView{in.Type, 200, "OK", 1, []string{"Content-Type: text/html;charset=utf-8"}, "", true, false}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("#110 #105 about:blank internal response mismatch (-want +got):\n%s", diff)
	}
}

// percentEncodeAll writes every byte of b as %XX.
func percentEncodeAll(b []byte) string {
	var s strings.Builder
	for _, c := range b {
		fmt.Fprintf(&s, "%%%02X", c)
	}
	return s.String()
}

// base64Reference decodes s as Infra's forgiving-base64 decode describes it,
// bit by bit, for agreement with the code under test.
func base64Reference(s string) ([]byte, bool) {
	var data []rune
	for _, r := range s {
		switch r {
		case '\t', '\n', '\f', '\r', ' ':
		default:
			data = append(data, r)
		}
	}
	if len(data)%4 == 0 {
		for i := 0; i < 2 && len(data) > 0 && data[len(data)-1] == '='; i++ {
			data = data[:len(data)-1]
		}
	}
	if len(data)%4 == 1 {
		return nil, false
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	var out []byte
	buffer, bits := 0, 0
	for _, r := range data {
		v := strings.IndexRune(alphabet, r)
		if v < 0 {
			return nil, false
		}
		buffer, bits = buffer<<6|v, bits+6
		if bits == 24 {
			out = append(out, byte(buffer>>16), byte(buffer>>8), byte(buffer))
			buffer, bits = 0, 0
		}
	}
	switch bits {
	case 12:
		out = append(out, byte(buffer>>4))
	case 18:
		out = append(out, byte(buffer>>10), byte(buffer>>2))
	}
	return out, true
}

// FuzzDataURL checks the data: URL processor: it never panics on a data:
// URL; a body percent-encoded byte for byte comes back as it was; a body
// in standard base64, padded or not, comes back as it was; the base64
// branch agrees with a bit-by-bit formulation of forgiving-base64 decode;
// and the Content-Type is always a MIME type that parses.
func FuzzDataURL(f *testing.F) {
	for _, tc := range dataURLTests {
		f.Add(strings.TrimPrefix(tc.url, "data:"), []byte(tc.body))
	}
	f.Fuzz(func(t *testing.T, rest string, body []byte) {
		if u, err := ParseURL("data:" + rest); err == nil {
			resp, ok := dataURLResponse(u)
			if ok {
				ct, _ := resp.Header.Get("Content-Type")
				if _, err := safelist.ParseMIMEType(ct); err != nil {
					t.Fatalf("data:%s: Content-Type %q does not parse: %v", rest, ct, err)
				}
			}
		}
		check := func(url string, want []byte) {
			resp, ok := dataURLResponse(mustURL(t, url))
			if !ok || string(resp.Body) != string(want) {
				t.Fatalf("%s: (%v, %q), want %q", url, ok, resp.Body, want)
			}
		}
		check("data:application/octet-stream,"+percentEncodeAll(body), body)
		check("data:;base64,"+base64.StdEncoding.EncodeToString(body), body)
		check("data:;base64,"+base64.RawStdEncoding.EncodeToString(body), body)
		// The base64 branch on the fuzzed text, percent-encoded so that
		// the URL parser keeps it as it is.
		u := mustURL(t, "data:;base64,"+percentEncodeAll([]byte(rest)))
		resp, ok := dataURLResponse(u)
		want, wantOK := base64Reference(string(isomorphicDecode([]byte(rest))))
		if ok != wantOK || ok && string(resp.Body) != string(want) {
			t.Fatalf("base64 %q: (%v, %q), want (%v, %q)", rest, ok, bodyOf(resp), wantOK, want)
		}
	})
}

// isomorphicDecode maps each byte to the code point of the same value.
func isomorphicDecode(b []byte) []rune {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return r
}

func bodyOf(r *Response) []byte {
	if r == nil {
		return nil
	}
	return r.Body
}
