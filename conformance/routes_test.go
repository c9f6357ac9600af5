package conformance

import (
	"testing"

	"github.com/corsim/corsim/vectors"
	"github.com/google/go-cmp/cmp"
)

func TestCanonicalURL(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"https://bar.other/api", "https://bar.other/api"},
		{"https://BAR.Other/api", "https://bar.other/api"},
		{"HTTPS://bar.other:443/api", "https://bar.other/api"},
		{"http://bar.other:80/", "http://bar.other/"},
		{"https://bar.other:8443/x", "https://bar.other:8443/x"},
		{"http://bar.other:443/x", "http://bar.other:443/x"},
		{"https://bar.other", "https://bar.other/"},
		{"https://bar.other/a?b=1&c", "https://bar.other/a?b=1&c"},
		{"https://bar.other/a?", "https://bar.other/a?"},
		{"https://bar.other/a#frag", "https://bar.other/a"},
		{"https://bar.other/%7Euser/caf%C3%A9", "https://bar.other/%7Euser/caf%C3%A9"},
		{"https://[::1]:8443/", "https://[::1]:8443/"},
		{"not a url", "not a url"},
	}
	for _, tc := range tests {
		if got := canonicalURL(tc.in); got != tc.want {
			t.Errorf("canonicalURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestMatchRoute: VECTORS.md ROUTE — method or "*", exact URL, times: how
// many requests a route answers before the next matching route takes over.
func TestMatchRoute(t *testing.T) {
	routes := []vectors.Route{
		{Method: "OPTIONS", URL: "https://bar.other/api", Times: 1},
		{Method: "OPTIONS", URL: "https://bar.other/api", Times: 2},
		{Method: "*", URL: "https://bar.other/api?x=1"},
		{Method: "PUT", URL: "https://bar.other/api"},
	}
	type req struct{ method, url string }
	reqs := []req{
		{"OPTIONS", "https://bar.other/api"},    // route 0, used up
		{"OPTIONS", "https://bar.other/api"},    // route 1
		{"PUT", "https://bar.other/api"},        // route 3, no limit
		{"OPTIONS", "https://bar.other/api"},    // route 1, used up
		{"OPTIONS", "https://bar.other/api"},    // none left
		{"put", "https://bar.other/api"},        // methods are case-sensitive
		{"DELETE", "https://bar.other/api?x=1"}, // "*"
		{"GET", "https://bar.other/api?x=2"},    // query differs
		{"PUT", "https://BAR.other:443/api"},    // same URL, other spelling
	}
	uses := make([]int, len(routes))
	var got []int
	for _, r := range reqs {
		got = append(got, matchRoute(routes, uses, r.method, r.url))
	}
	want := []int{0, 1, 3, 1, -1, -1, 2, -1, 3}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("matches mismatch (-want +got):\n%s", diff)
	}
}

func TestRouteAnswer(t *testing.T) {
	body := ""
	tests := []struct {
		name string
		rt   vectors.Route
		want *wireResponse
	}{
		{
			"default body",
			vectors.Route{Status: 200, Headers: []vectors.Header{{Name: "A", Value: " 1 "}, {Name: "A", Value: "2"}}},
			&wireResponse{Status: 200, Fields: []Field{{"A", " 1 "}, {"A", "2"}}, Body: []byte(vectors.DefaultBody)},
		},
		{
			"empty body",
			vectors.Route{Status: 204, Body: &body},
			&wireResponse{Status: 204, Body: []byte{}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, routeAnswer(tc.rt)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
