package corsimtest

import (
	"github.com/corsim/corsim"
	"github.com/corsim/corsim/fetch"
)

// Preflight says whether a CORS preflight went out.
type Preflight string

// The Preflight values; the empty string leaves it unchecked.
const (
	PreflightSent Preflight = "sent"
	NoPreflight   Preflight = "none" // not needed, or answered by the preflight cache
)

// A Verdict is what the browser decided about one fetch() call, in the terms
// a server's CORS policy is judged by. In a wanted Verdict, the zero value of
// a field other than Outcome leaves that field unchecked.
type Verdict struct {
	// Outcome is how the call ended: corsim.OK (script got a response),
	// corsim.NetworkError (fetch() rejected with a TypeError) or
	// corsim.TypeError (fetch() threw before sending anything).
	Outcome corsim.Outcome
	// Reason is the network error's or exception's reason code, such as
	// fetch.CORSMissingAllowOrigin; "" with outcome OK.
	Reason fetch.Reason
	// Preflight says whether a preflight was sent.
	Preflight Preflight
	// Type is the response type script sees ("basic", "cors", "opaque"...).
	Type fetch.ResponseType
	// Status is the status script sees.
	Status int
	// Readable lists the response header names script can read, lowercase
	// and sorted, as iterating response.headers shows them. An empty,
	// non-nil list wants none.
	Readable []string
}

// VerdictOf returns the verdict of a result.
func VerdictOf(r *corsim.Result) Verdict {
	v := Verdict{Outcome: r.Outcome, Preflight: NoPreflight}
	for _, x := range r.Exchanges {
		if x.Request.Preflight {
			v.Preflight = PreflightSent
		}
	}
	switch {
	case r.NetworkError != nil:
		v.Reason = r.NetworkError.Reason
	case r.ScriptError != nil:
		v.Reason = r.ScriptError.Reason
	case r.Response != nil:
		v.Type, v.Status = r.Response.Type, r.Response.Status
		v.Readable = make([]string, 0, len(r.Response.Header))
		for _, h := range r.Response.Header {
			v.Readable = append(v.Readable, h.Name)
		}
	}
	return v
}

// checked returns got without the fields want leaves unchecked, so that a
// diff shows only what the test asked about. A field want leaves at its zero
// value is unchecked, except where want's outcome gives it a meaning: with
// outcome OK there is no reason, and without it there is no response (so a
// response that came anyway shows in the diff).
func (want Verdict) checked(got Verdict) Verdict {
	ok := want.Outcome == corsim.OK
	if want.Reason == "" && !ok {
		got.Reason = ""
	}
	if want.Preflight == "" {
		got.Preflight = ""
	}
	if want.Type == "" && ok {
		got.Type = ""
	}
	if want.Status == 0 && ok {
		got.Status = 0
	}
	if want.Readable == nil && ok {
		got.Readable = nil
	}
	return got
}
