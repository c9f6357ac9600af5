package conformance

import (
	"testing"

	"github.com/corsim/corsim/vectors"
	"github.com/google/go-cmp/cmp"
)

func TestOutcomeOf(t *testing.T) {
	e := func(name string) *ScriptError { return &ScriptError{Name: name} }
	tests := []struct {
		name string
		sr   *ScriptResult
		want string
	}{
		{"no report", nil, HarnessError},
		{"response", &ScriptResult{Response: &ScriptResponse{Status: 200}}, vectors.OK},
		{"Request constructor threw", &ScriptResult{Threw: "request", Error: e("TypeError")}, vectors.TypeError},
		{"fetch rejected with TypeError", &ScriptResult{Threw: "fetch", Error: e("TypeError")}, vectors.NetworkError},
		// WebKitGTK rejects a stream body with NotSupportedError, sending
		// nothing (ENGINES.md): the API refused the request.
		{"fetch rejected with NotSupportedError", &ScriptResult{Threw: "fetch", Error: e("NotSupportedError")}, vectors.TypeError},
		{"xhr open SyntaxError", &ScriptResult{Threw: "open", Error: e("SyntaxError")}, vectors.TypeError},
		{"xhr open SecurityError", &ScriptResult{Threw: "open", Error: e("SecurityError")}, vectors.TypeError},
		{"xhr setRequestHeader", &ScriptResult{Threw: "setRequestHeader", Error: e("SyntaxError")}, vectors.TypeError},
		{"xhr send", &ScriptResult{Threw: "send", Error: e("InvalidStateError")}, vectors.TypeError},
		{"xhr error event", &ScriptResult{Threw: "error-event", Error: e("error")}, vectors.NetworkError},
		{"harness broke", &ScriptResult{Threw: "harness", Error: e("ReferenceError")}, HarnessError},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := outcomeOf(tc.sr); got != tc.want {
				t.Errorf("outcomeOf = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestObserve(t *testing.T) {
	sr := &ScriptResult{Response: &ScriptResponse{
		Type: "cors", Status: 200, URL: "https://bar.other/x", Redirected: true,
		Headers: [][2]string{{"content-type", "text/plain"}, {"x-a", "1, 2"}},
	}}
	rec := []Recorded{{Method: "GET", URL: "https://bar.other/x", Headers: []Field{{"origin", "https://foo.example"}, {"cookie", "a=1; b=2"}}}}
	want := vectors.Observed{
		Outcome: vectors.OK,
		Sent: []vectors.WireRequest{{Method: "GET", URL: "https://bar.other/x", Headers: []vectors.Header{
			{Name: "origin", Value: "https://foo.example"}, {Name: "cookie", Value: "a=1; b=2"}}}},
		Type: "cors", Status: 200, URL: "https://bar.other/x", Redirected: true,
		Headers: []vectors.Header{{Name: "content-type", Value: "text/plain"}, {Name: "x-a", Value: "1, 2"}},
	}
	if diff := cmp.Diff(want, observe(sr, rec)); diff != "" {
		t.Errorf("observe mismatch (-want +got):\n%s", diff)
	}
}

// TestJudgeable: the reason is the simulator's (VECTORS.md: "checked
// against the simulator only"), and XMLHttpRequest shows no response type
// and no redirected flag.
func TestJudgeable(t *testing.T) {
	typ, red, reason := "cors", true, "CORSMissingAllowOrigin"
	want := vectors.Expect{Outcome: vectors.NetworkError, Type: &typ, Redirected: &red, Reason: &reason}
	got := judgeable(want, "fetch")
	if got.Reason != nil || got.Type == nil || got.Redirected == nil {
		t.Errorf("fetch: %+v", got)
	}
	got = judgeable(want, "xhr")
	if got.Reason != nil || got.Type != nil || got.Redirected != nil {
		t.Errorf("xhr: %+v", got)
	}
	if want.Reason == nil {
		t.Error("judgeable changed its argument")
	}
}
