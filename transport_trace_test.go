package corsim

import (
	"context"
	"net/http"
	"testing"
)

// TestTransportTrace checks that a Transport builds the trace only when
// Report is there to read it: Report's Result carries the same trace as the
// fetch() made in the page, and without Report a request costs fewer
// allocations (the trace's steps and sentences are never built).
func TestTransportTrace(t *testing.T) {
	const url = "https://api.example/items/7"
	br, tr := newTestTransport(t, Chromium, memoryNetwork{}, "https://app.example")
	page, err := br.Open("https://app.example")
	if err != nil {
		t.Fatal(err)
	}
	want := page.Fetch(context.Background(), url, RequestInit{})
	var got *Result
	tr.Report = func(_ *http.Request, res *Result) { got = res }
	if err := drain(tr.RoundTrip(mustRequest(t, "GET", url, nil))); err != nil {
		t.Fatal(err)
	}
	if got == nil || len(got.Trace) == 0 || len(got.Trace) != len(want.Trace) {
		t.Fatalf("Report's Result has %d trace steps, want the %d of fetch()", len(got.Trace), len(want.Trace))
	}
	for i := range want.Trace {
		if got.Trace[i] != want.Trace[i] {
			t.Errorf("trace step %d: %v, want %v", i, got.Trace[i], want.Trace[i])
		}
	}
	roundTrip := func() {
		if err := drain(tr.RoundTrip(mustRequest(t, "GET", url, nil))); err != nil {
			t.Fatal(err)
		}
	}
	reported := testing.AllocsPerRun(100, roundTrip)
	tr.Report = nil
	plain := testing.AllocsPerRun(100, roundTrip)
	if plain >= reported {
		t.Errorf("a RoundTrip allocates %v times without Report, %v with it; want fewer without (no trace)", plain, reported)
	} else {
		t.Logf("a RoundTrip allocates %v times without Report, %v with it", plain, reported)
	}
}
