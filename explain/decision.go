package explain

import (
	"strings"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/internal/wire"
)

// decisions numbers r's trace and attaches to each step that put a request
// on the wire its exchange.
func decisions(r *corsim.Result) []Decision {
	out := make([]Decision, 0, len(r.Trace))
	next := 0 // the next exchange: each network.* step records one, in order
	for i, s := range r.Trace {
		d := decision(i+1, s)
		if wireStep(s) && next < len(r.Exchanges) {
			d.Exchange = exchange(r.Exchanges[next])
			next++
		}
		out = append(out, d)
	}
	return out
}

func decision(n int, s fetch.TraceStep) Decision {
	return Decision{N: n, Topic: s.Topic, Subject: s.Subject, Verdict: s.Verdict, Detail: s.Detail, Spec: specURL(s.Anchor), Step: s.Step}
}

// wireStep reports whether s is the trace step of a request put on the wire
// (HTTP-network fetch traces one per request sent, answered or not).
func wireStep(s fetch.TraceStep) bool {
	return s.Topic == "network.request" || s.Topic == "network.preflight"
}

// exchange renders x as HTTP text.
func exchange(x fetch.Exchange) *Exchange {
	proto := "HTTP/1.1"
	if x.Response != nil {
		proto = wire.Proto(x.Response.Protocol)
	}
	e := &Exchange{Preflight: x.Request.Preflight, Request: wire.RequestText(x.Request, proto)}
	if x.Response != nil {
		e.Response = wire.ResponseText(x.Response)
	}
	if x.Err != nil {
		e.Error = x.Err.Error()
	}
	return e
}

// differs returns the first decision of other that departs from listed's:
// a different topic, subject or verdict, or a decision one trace has and the
// other has not. Steps about the user agent's own header values
// (request.ua-header) are skipped: each engine chooses its own.
func differs(listed, other *corsim.Result) *Decision {
	a, b := comparable(listed.Trace), comparable(other.Trace)
	for k := 0; k < len(a) || k < len(b); k++ {
		switch {
		case k >= len(b):
			// other ended earlier: its last decision is where it departs.
			if len(b) == 0 {
				return nil
			}
			d := decision(b[len(b)-1].n, b[len(b)-1].step)
			return &d
		case k >= len(a) || a[k].key() != b[k].key():
			d := decision(b[k].n, b[k].step)
			return &d
		}
	}
	return nil
}

type numbered struct {
	n    int
	step fetch.TraceStep
}

func (x numbered) key() string {
	subject := x.step.Subject
	if x.step.Topic == "request.header" {
		// The verdict on a header, not its value: Accept-Language's value
		// is each engine's own.
		subject, _, _ = strings.Cut(subject, ":")
	}
	return x.step.Topic + "\x00" + subject + "\x00" + x.step.Verdict
}

func comparable(trace []fetch.TraceStep) []numbered {
	var out []numbered
	for i, s := range trace {
		if s.Topic == "request.ua-header" {
			continue
		}
		out = append(out, numbered{i + 1, s})
	}
	return out
}
