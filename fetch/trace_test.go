package fetch

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tracedExchange is a trace step reduced to what ties it to the wire: its
// topic, subject and exchange index.
type tracedExchange struct {
	Topic, Subject string
	Exchange       int
}

// TestTraceExchangeIndex checks that the trace steps about a wire request
// name its index in Result.Exchanges, the first one (index 0) included, and
// that every other step says -1 (TraceStep.Exchange's documentation).
func TestTraceExchangeIndex(t *testing.T) {
	const a, b = "https://a.example/x", "https://b.example/r"
	tests := []struct {
		name   string
		url    string
		init   RequestInit
		routes routes
		want   []tracedExchange
	}{{
		name:   "one same-origin request: its step is about exchange 0",
		url:    a,
		routes: routes{"GET " + a: reply(200)},
		want:   []tracedExchange{{"network.request", "GET " + a, 0}},
	}, {
		name: "preflight then request: 0 and 1",
		url:  b, init: RequestInit{Method: "PUT"},
		routes: routes{"OPTIONS " + b: preflightOK("Access-Control-Allow-Methods", "PUT"), "PUT " + b: acaoStar(200)},
		want:   []tracedExchange{{"network.preflight", "OPTIONS " + b, 0}, {"network.request", "PUT " + b, 1}},
	}, {
		name:   "a redirect: each hop its own exchange",
		url:    a,
		routes: routes{"GET " + a: reply(302, "Location", "/y"), "GET https://a.example/y": reply(200)},
		want:   []tracedExchange{{"network.request", "GET " + a, 0}, {"network.request", "GET https://a.example/y", 1}},
	}, {
		name:   "no response to the first request",
		url:    b,
		routes: routes{},
		want:   []tracedExchange{{"network.request", "GET " + b, 0}},
	}, {
		name:   "a malformed first response",
		url:    b,
		routes: routes{"GET " + b: acaoStar(200, "X-A", " padded")},
		want:   []tracedExchange{{"network.request", "GET " + b, 0}, {"network.response", "X-A:  padded", 0}},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ag, _ := newTestAgent(t, &Spec, newNet(tc.routes))
			req, serr := NewRequest(topPage(t, pageA), ag.Profile, tc.url, tc.init)
			if serr != nil {
				t.Fatal(serr)
			}
			res := ag.Fetch(context.Background(), req)
			var got []tracedExchange
			for i, s := range res.Trace {
				if strings.HasPrefix(s.Topic, "network.") {
					got = append(got, tracedExchange{s.Topic, s.Subject, s.Exchange})
				} else if s.Exchange != -1 {
					t.Errorf("trace step %d (%s) names exchange %d, want -1", i, s.Topic, s.Exchange)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("steps about exchanges mismatch (-want +got):\n%s", diff)
			}
			for _, g := range got {
				if g.Exchange >= len(res.Exchanges) {
					t.Errorf("%s names exchange %d of %d", g.Topic, g.Exchange, len(res.Exchanges))
				}
			}
		})
	}
}
