package corsim

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/vectors"
)

// A VectorReport is how one scenario vector went under one profile.
type VectorReport struct {
	Vector  string
	Profile string
	Steps   []StepReport
	// Err is set when the vector could not be run at all (a route URL that
	// does not parse, a bad origin).
	Err error
}

// Passed reports whether every step matched its expectation.
func (r *VectorReport) Passed() bool {
	if r.Err != nil {
		return false
	}
	for _, s := range r.Steps {
		if len(s.Mismatches) > 0 {
			return false
		}
	}
	return true
}

// A StepReport is one step of a vector: what happened and how it differs from
// what the vector expects of the profile.
type StepReport struct {
	Result     *Result
	Observed   vectors.Observed
	Mismatches []vectors.Mismatch
}

// Diff renders the report's mismatches, one per line, prefixed with the step.
func (r *VectorReport) Diff() string {
	var b strings.Builder
	if r.Err != nil {
		fmt.Fprintf(&b, "  error: %v\n", r.Err)
	}
	for i, s := range r.Steps {
		for _, m := range s.Mismatches {
			fmt.Fprintf(&b, "  steps[%d].%s\n", i, m)
		}
		if len(s.Mismatches) > 0 && s.Result != nil {
			if err := s.Result.Err(); err != nil {
				fmt.Fprintf(&b, "  steps[%d] ended with: %v\n", i, err)
			}
		}
	}
	return b.String()
}

// vectorStart is when every vector's clock starts.
var vectorStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// RunVector runs v in a new browser of profile p (an empty preflight cache and
// cookie jar, a fake clock) and judges each step against what v expects of p:
// its expect, with the engine's expectByEngine patch for an engine profile.
func RunVector(ctx context.Context, v *vectors.Vector, p *Profile) *VectorReport {
	rep := &VectorReport{Vector: v.Name, Profile: p.Name}
	clock := NewFakeClock(vectorStart)
	net, _ := NewRoutes()
	b, err := NewBrowser(p, net, WithClock(clock))
	if err != nil {
		rep.Err = err
		return rep
	}
	var opts []PageOption
	if v.TopLevel != "" {
		opts = append(opts, EmbeddedIn(v.TopLevel))
	}
	page, err := b.Open(v.Origin, opts...)
	if err != nil {
		rep.Err = err
		return rep
	}
	for i := range v.Steps {
		st := &v.Steps[i]
		clock.Advance(st.Advance)
		if err := net.Set(routes(st.Server)...); err != nil {
			rep.Err = fmt.Errorf("steps[%d]: %w", i, err)
			return rep
		}
		res := page.runStep(ctx, st.Request, nil)
		obs := Observe(res)
		// The spec profile has no patch: the decoder refuses a "spec" one.
		rep.Steps = append(rep.Steps, StepReport{Result: res, Observed: obs, Mismatches: vectors.Compare(st.ExpectFor(p.Name), obs)})
	}
	return rep
}

// runStep makes a vector's request from the page, with body as the body's
// content (nil: the placeholder).
func (p *Page) runStep(ctx context.Context, r vectors.Request, body []byte) *Result {
	headers := make([][2]string, len(r.Headers))
	for i, h := range r.Headers {
		headers[i] = [2]string{h.Name, h.Value}
	}
	if r.API == "xhr" {
		return p.XHR(ctx, XHRRequest{
			Method: r.Method, URL: r.URL, Headers: headers, Body: fetch.BodyKind(r.Body), BodyBytes: body,
			WithCredentials: r.Credentials == "include", UploadListeners: r.UploadListeners,
		})
	}
	duplex := r.Duplex
	if duplex == "none" {
		duplex = ""
	}
	return p.Fetch(ctx, r.URL, RequestInit{
		Method: r.Method, EmptyMethod: r.Method == "", Headers: headers, Body: fetch.BodyKind(r.Body), BodyBytes: body,
		Mode: fetch.Mode(r.Mode), Credentials: fetch.CredentialsMode(r.Credentials),
		Redirect: fetch.RedirectMode(r.Redirect), Duplex: duplex, Keepalive: r.Keepalive,
	})
}

func routes(rs []vectors.Route) []Route {
	out := make([]Route, len(rs))
	for i, r := range rs {
		hs := make([][2]string, len(r.Headers))
		for j, h := range r.Headers {
			hs[j] = [2]string{h.Name, h.Value}
		}
		out[i] = Route{Method: r.Method, URL: r.URL, Status: r.Status, Header: hs, Times: r.Times, Body: r.Body}
	}
	return out
}

// Observe turns a Result into the scenario format's terms.
func Observe(r *Result) vectors.Observed {
	obs := vectors.Observed{Outcome: string(r.Outcome)}
	for _, x := range r.Exchanges {
		w := vectors.WireRequest{Method: x.Request.Method, URL: x.Request.URL.Serialize(true)}
		for _, h := range x.Request.Header {
			w.Headers = append(w.Headers, vectors.Header{Name: h.Name, Value: h.Value})
		}
		obs.Sent = append(obs.Sent, w)
	}
	switch {
	case r.Response != nil:
		obs.Type, obs.Status, obs.URL, obs.Redirected = string(r.Response.Type), r.Response.Status, r.Response.URL, r.Response.Redirected
		for _, h := range r.Response.Header {
			obs.Headers = append(obs.Headers, vectors.Header{Name: h.Name, Value: h.Value})
		}
	case r.NetworkError != nil:
		obs.Reason = string(r.NetworkError.Reason)
	case r.ScriptError != nil:
		obs.Reason = string(r.ScriptError.Reason)
	}
	return obs
}
