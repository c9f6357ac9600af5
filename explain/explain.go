package explain

import (
	"context"
	"errors"
	"fmt"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/internal/wire"
)

// specBase is the address of the Fetch Standard's anchors.
const specBase = "https://fetch.spec.whatwg.org/#"

// Options configures Explain. The zero value runs every profile and
// computes fixes.
type Options struct {
	// Profiles are the profiles to run the scenario under, in order; the
	// decisions listed are the first one's. Nil means corsim.Profiles
	// (spec, chromium, firefox, webkit).
	Profiles []*corsim.Profile
	// NoFix leaves out the fix.
	NoFix bool
	// Budget bounds the requests sent to a scenario's Network (0: 64).
	Budget int
}

// An Explanation is what Explain found: per step the decisions and the
// verdicts, and the fixes. It marshals to JSON as the CLI's --json output.
type Explanation struct {
	Scenario string `json:"scenario,omitempty"` // the vector's name
	About    string `json:"about,omitempty"`
	File     string `json:"file,omitempty"`
	Origin   string `json:"origin"`
	TopLevel string `json:"topLevel,omitempty"`
	// Profile is the profile whose decisions are listed.
	Profile string            `json:"profile"`
	Steps   []StepExplanation `json:"steps"`
	// Fixes says what the server must send to unblock the blocked steps,
	// one Fix per group of profiles that need the same; empty when nothing
	// is blocked.
	Fixes []Fix `json:"fixes,omitempty"`
	// Sent counts the requests sent to a live server (0 for canned answers).
	Sent int `json:"sent,omitempty"`
}

// A StepExplanation is one request: the script call, the decisions made by
// the listed profile, and each profile's verdict.
type StepExplanation struct {
	// Call is the script that makes the request.
	Call string `json:"call"`
	// Advance is how far the clock moved before the step, in seconds.
	Advance   float64    `json:"advance,omitempty"`
	Decisions []Decision `json:"decisions"`
	Verdicts  []Verdict  `json:"verdicts"`
}

// A Decision is one trace step of the simulator, numbered, with its spec
// section and, for a step that put a request on the wire, the exchange.
type Decision struct {
	N       int    `json:"n"`
	Topic   string `json:"topic"`
	Subject string `json:"subject,omitempty"`
	Verdict string `json:"verdict"`
	Detail  string `json:"detail,omitempty"`
	// Spec is the address of the Fetch Standard section, Step the step
	// number in its algorithm.
	Spec     string    `json:"spec,omitempty"`
	Step     string    `json:"step,omitempty"`
	Exchange *Exchange `json:"exchange,omitempty"`
}

// An Exchange is a request as the browser sent it and the answer as it came,
// both as HTTP text.
type Exchange struct {
	Preflight bool   `json:"preflight"`
	Request   string `json:"request"`
	Response  string `json:"response,omitempty"`
	// Error is the transport failure when no response came.
	Error string `json:"error,omitempty"`
}

// A Verdict is how a step ended under one profile.
type Verdict struct {
	Profile string `json:"profile"`
	// Outcome is "ok", "network-error" or "type-error".
	Outcome string `json:"outcome"`
	// Reason is the failing step's code (REASONS.md), Error its sentence
	// (the trace's result step), Spec and Step where the spec makes it fail.
	Reason string `json:"reason,omitempty"`
	Error  string `json:"error,omitempty"`
	Spec   string `json:"spec,omitempty"`
	Step   string `json:"step,omitempty"`
	// Console is what each engine prints: for an engine profile, that
	// engine; for the spec profile, each engine's words for the spec's
	// failure.
	Console []Console `json:"console,omitempty"`
	// Response is what script can read, with outcome ok.
	Response *Readable `json:"response,omitempty"`
	// Differs is the first decision of this profile that departs from the
	// listed profile's (its number is this profile's), ignoring the
	// user agent's own header values; nil when they agree.
	Differs *Decision `json:"differs,omitempty"`
}

// Console is one engine's console message; Error says why there is none.
type Console struct {
	Engine  string `json:"engine"`
	Message string `json:"message,omitempty"`
	Error   string `json:"error,omitempty"`
}

// Readable is what script can read of a response.
type Readable struct {
	Type       string      `json:"type"`
	Status     int         `json:"status"`
	URL        string      `json:"url"`
	Redirected bool        `json:"redirected"`
	Headers    [][2]string `json:"headers"`
}

// ErrNoSteps is returned for a scenario without requests.
var ErrNoSteps = errors.New("explain: the scenario has no steps")

// Explain runs sc under each profile of o and explains it.
func Explain(ctx context.Context, sc *Scenario, o Options) (*Explanation, error) {
	if len(sc.Steps) == 0 {
		return nil, ErrNoSteps
	}
	profiles := o.Profiles
	if len(profiles) == 0 {
		profiles = corsim.Profiles
	}
	var memo *wire.Memo
	var live corsim.Network
	if sc.Network != nil {
		budget := o.Budget
		if budget == 0 {
			budget = 64
		}
		memo = wire.NewMemo(sc.Network, budget)
		live = memo
	}
	runs := make([][]*corsim.Result, len(profiles))
	for i, p := range profiles {
		rs, err := runScenario(ctx, sc, p, live, nil)
		if err != nil {
			return nil, fmt.Errorf("explain: %w", err)
		}
		runs[i] = rs
	}

	ex := &Explanation{Scenario: sc.Name, About: sc.About, File: sc.File, Origin: sc.Origin, TopLevel: sc.TopLevel, Profile: profiles[0].Name}
	for i, st := range sc.Steps {
		listed := runs[0][i]
		se := StepExplanation{Call: callWithBody(st.Request, st.BodyBytes), Advance: st.Advance.Seconds(), Decisions: decisions(listed)}
		for j, p := range profiles {
			v := verdict(p, runs[j][i], sc.pageURL())
			if j > 0 {
				v.Differs = differs(listed, runs[j][i])
			}
			se.Verdicts = append(se.Verdicts, v)
		}
		ex.Steps = append(ex.Steps, se)
	}
	if memo != nil {
		ex.Sent = memo.Sent()
	}
	if !o.NoFix {
		var replay func() (corsim.Network, func() []string)
		if memo != nil {
			replay = func() (corsim.Network, func() []string) {
				r := memo.Replay()
				return r, r.Assumed
			}
		}
		fixes, err := findFixes(ctx, sc, profiles, runs, replay)
		if err != nil {
			return nil, fmt.Errorf("explain: %w", err)
		}
		ex.Fixes = fixes
	}
	return ex, nil
}

// Blocked reports whether any step ended other than ok under any profile.
func (e *Explanation) Blocked() bool {
	for _, s := range e.Steps {
		for _, v := range s.Verdicts {
			if v.Outcome != string(corsim.OK) {
				return true
			}
		}
	}
	return false
}

// verdict says how r ended under p; page is the page's URL (for console
// messages).
func verdict(p *corsim.Profile, r *corsim.Result, page string) Verdict {
	v := Verdict{Profile: p.Name, Outcome: string(r.Outcome)}
	switch {
	case r.NetworkError != nil:
		e := r.NetworkError
		v.Reason, v.Error, v.Spec, v.Step = string(e.Reason), e.Error(), specURL(e.Anchor), e.Step
		if n := len(r.Trace); n > 0 && r.Trace[n-1].Topic == "result" {
			v.Error = r.Trace[n-1].Detail
		}
	case r.ScriptError != nil:
		e := r.ScriptError
		v.Reason, v.Error = string(e.Reason), e.Name+": "+e.Msg
	case r.Response != nil:
		rd := &Readable{Type: string(r.Response.Type), Status: r.Response.Status, URL: r.Response.URL, Redirected: r.Response.Redirected, Headers: [][2]string{}}
		for _, h := range r.Response.Header {
			rd.Headers = append(rd.Headers, [2]string{h.Name, h.Value})
		}
		v.Response = rd
	}
	if r.Outcome == corsim.OK {
		return v
	}
	// An engine profile prints its own message; a profile that is no
	// engine (the spec) gets every engine's words for its failure.
	engines := fetch.ConsoleEngines
	for _, e := range fetch.ConsoleEngines {
		if e == p.Name {
			engines = []string{e}
		}
	}
	for _, engine := range engines {
		msg, err := consoleMessage(engine, r, page)
		c := Console{Engine: engine, Message: msg}
		switch {
		case err != nil:
			c.Error = err.Error()
		case msg == "":
			c.Error = "prints nothing; script sees only the rejection"
		}
		v.Console = append(v.Console, c)
	}
	return v
}

// consoleMessage is what engine prints for r. For a network error the
// message is made from the error's console input, with the page's URL
// (which mixed-content messages, and Chromium's CORS messages through its
// origin, name) the scenario's own when it gives one.
func consoleMessage(engine string, r *corsim.Result, page string) (string, error) {
	e := r.NetworkError
	if e == nil {
		return r.ConsoleMessage(engine)
	}
	in := e.ConsoleInput()
	if page != "" {
		in.Page = page
	}
	return fetch.ConsoleMessage(engine, in)
}

func specURL(anchor string) string {
	if anchor == "" {
		return ""
	}
	return specBase + anchor
}
