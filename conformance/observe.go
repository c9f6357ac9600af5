package conformance

import (
	"strings"

	"github.com/corsim/corsim/vectors"
)

// observe turns what the harness script saw of a step and what the server
// recorded during it into the vectors package's Observed.
//
// Outcomes, from what script can tell:
//
//   - fetch: the Request constructor threw (any exception) → type-error. The
//     constructor makes every check the Fetch Standard makes before fetching
//     (URL, method, header names and values, body and mode combinations), so
//     this is exactly "the API throws before anything is sent".
//   - fetch: fetch() rejected with a TypeError → network-error (the standard's
//     only way for fetch() to fail once a Request exists); rejected with any
//     other exception (WebKitGTK's NotSupportedError for a stream body) →
//     type-error: the engine refused the request itself rather than failing
//     to fetch it.
//   - xhr: open(), setRequestHeader(), the withCredentials setter or send()
//     threw (SyntaxError, SecurityError, TypeError, ...) → type-error; an
//     error, abort or timeout event → network-error; a load event → ok.
//   - a response → ok.
//
// A harness failure (the script itself broke) gives the outcome
// "harness-error", which no expectation has.
func observe(sr *ScriptResult, rec []Recorded) vectors.Observed {
	var got vectors.Observed
	for _, r := range rec {
		w := vectors.WireRequest{Method: r.Method, URL: r.URL}
		for _, f := range r.Headers {
			w.Headers = append(w.Headers, vectors.Header{Name: f.Name, Value: f.Value})
		}
		got.Sent = append(got.Sent, w)
	}
	got.Outcome = outcomeOf(sr)
	if sr != nil && sr.Response != nil {
		resp := sr.Response
		got.Type, got.Status, got.URL, got.Redirected = resp.Type, resp.Status, resp.URL, resp.Redirected
		for _, h := range resp.Headers {
			got.Headers = append(got.Headers, vectors.Header{Name: h[0], Value: h[1]})
		}
	}
	return got
}

// HarnessError is the outcome observed when the harness script itself failed.
const HarnessError = "harness-error"

func outcomeOf(sr *ScriptResult) string {
	switch {
	case sr == nil:
		return HarnessError
	case sr.Response != nil:
		return vectors.OK
	}
	name := ""
	if sr.Error != nil {
		name = sr.Error.Name
	}
	switch sr.Threw {
	case "request", "open", "setRequestHeader", "withCredentials", "send":
		return vectors.TypeError
	case "fetch":
		if name == "TypeError" {
			return vectors.NetworkError
		}
		return vectors.TypeError
	case "error-event", "abort-event", "timeout-event":
		return vectors.NetworkError
	}
	return HarnessError
}

// unobservable lists the expectation fields script cannot see through the
// step's API: XMLHttpRequest has no response type and no redirected flag.
func unobservable(api string) []string {
	if api == "xhr" {
		return []string{"type", "redirected"}
	}
	return nil
}

// judgeable returns want without the fields a real engine cannot show: the
// reason (simulator only; script never sees one) and the fields the API
// hides.
func judgeable(want vectors.Expect, api string) vectors.Expect {
	want = want.WithoutReason()
	for _, f := range unobservable(api) {
		switch f {
		case "type":
			want.Type = nil
		case "redirected":
			want.Redirected = nil
		}
	}
	return want
}

// describeScript is a one-line account of what script saw, for reports.
func describeScript(sr *ScriptResult) string {
	switch {
	case sr == nil:
		return "no report"
	case sr.Response != nil:
		r := sr.Response
		var b strings.Builder
		b.WriteString("response")
		if r.Type != "" {
			b.WriteString(" " + r.Type)
		}
		b.WriteString(" " + itoa(r.Status) + " " + r.URL)
		return b.String()
	case sr.Error != nil:
		return sr.Threw + ": " + sr.Error.Name + ": " + sr.Error.Message
	}
	return sr.Threw
}
