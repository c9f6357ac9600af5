package vectors

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func ptr[T any](v T) *T { return &v }

func TestCompare(t *testing.T) {
	wire := []WireRequest{
		{Method: "OPTIONS", URL: "https://bar.other/x", Headers: []Header{
			{"Origin", "https://foo.example"}, {"Access-Control-Request-Method", "PUT"}}},
		{Method: "PUT", URL: "https://bar.other/x", Headers: []Header{
			{"Origin", "https://foo.example"}, {"X-A", "1"}, {"x-a", "2"}}},
	}
	ok := Observed{Outcome: OK, Sent: wire, Type: "cors", Status: 200, URL: "https://bar.other/x",
		Headers: []Header{{"Content-Type", "text/plain"}, {"x-b", "1"}, {"X-B", "2"}}}
	tests := []struct {
		name string
		want Expect
		got  Observed
		ms   []Mismatch
	}{
		{"all fields match", Expect{
			Outcome: OK,
			Sent: &[]Sent{
				{Method: "OPTIONS", URL: "https://bar.other/x", Headers: map[string]*string{
					"origin": ptr("https://foo.example"), "access-control-request-headers": nil}},
				{Method: "PUT", URL: "https://bar.other/x", Headers: map[string]*string{"x-a": ptr("1, 2")}},
			},
			Type: ptr("cors"), Status: ptr(200), URL: ptr("https://bar.other/x"), Redirected: ptr(false),
			ExposedHeaders: &[]string{"content-type", "x-b"},
			HeaderValues:   map[string]*string{"x-b": ptr("1, 2"), "date": nil},
		}, ok, nil},
		{"unchecked fields pass", Expect{Outcome: OK}, ok, nil},
		{"outcome and response fields", Expect{Outcome: NetworkError, Reason: ptr("CORSMissingAllowOrigin")}, ok, []Mismatch{
			{"outcome", "network-error", "ok"},
			{"reason", "CORSMissingAllowOrigin", ""},
		}},
		{"wrong request count", Expect{Outcome: OK, Sent: &[]Sent{{Method: "PUT", URL: "https://bar.other/x"}}}, ok, []Mismatch{
			{"sent", "1 requests [PUT https://bar.other/x]", "2 requests [OPTIONS https://bar.other/x, PUT https://bar.other/x]"},
		}},
		{"header present but expected absent", Expect{Outcome: OK, Sent: &[]Sent{
			{Method: "OPTIONS", URL: "https://bar.other/x", Headers: map[string]*string{"origin": nil}},
			{Method: "PUT", URL: "https://bar.other/y", Headers: map[string]*string{"x-a": ptr("1")}},
		}}, ok, []Mismatch{
			{"sent[0].headers.origin", "null", `"https://foo.example"`},
			{"sent[1].url", `"https://bar.other/y"`, `"https://bar.other/x"`},
			{"sent[1].headers.x-a", `"1"`, `"1, 2"`},
		}},
		{"response fields", Expect{Outcome: OK, Type: ptr("basic"), Status: ptr(204), URL: ptr("https://bar.other/"),
			Redirected: ptr(true), ExposedHeaders: &[]string{"content-type"}, HeaderValues: map[string]*string{"x-b": nil}}, ok, []Mismatch{
			{"type", "basic", "cors"},
			{"status", "204", "200"},
			{"url", `"https://bar.other/"`, `"https://bar.other/x"`},
			{"redirected", "true", "false"},
			{"exposedHeaders", "[content-type]", "[content-type x-b]"},
			{"headerValues.x-b", "null", `"1, 2"`},
		}},
		{"reason dropped for an engine", Expect{Outcome: NetworkError, Reason: ptr("X")}.WithoutReason(),
			Observed{Outcome: NetworkError}, nil},
		{"reason compared", Expect{Outcome: NetworkError, Reason: ptr("CORSMissingAllowOrigin")},
			Observed{Outcome: NetworkError, Reason: "CORSAllowOriginNotMatchingOrigin"}, []Mismatch{
				{"reason", "CORSMissingAllowOrigin", "CORSAllowOriginNotMatchingOrigin"},
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.ms, Compare(tc.want, tc.got)); diff != "" {
				t.Errorf("Compare mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
