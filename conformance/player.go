package conformance

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/corsim/corsim/vectors"
)

// A player plays one vector on a server: it answers requests by the routes of
// the current step, records them, and drives the harness page step by step.
//
// The harness page asks for the next step (POST next), performs it and
// reports what script saw with its next ask. Between the report of step i and
// the request of step i+1 the player moves the engine's clock by the step's
// advance, so the page never runs a step before its clock is right.
type player struct {
	id    string
	vec   *vectors.Vector // as played: renamed when rename is set
	hosts []string        // the hosts the vector names, lowercase

	// rename is undone on everything recorded and reported (nil: none).
	rename *renaming

	// nextURL is where the page goes when the vector is done: the next
	// vector's top page in the same engine process, or "" to stay.
	nextURL string

	// advance moves the engine's clock forward by d before a step; it may
	// block (a real wait). Nil: every advance is an error.
	advance func(d time.Duration) error

	progress chan int      // receives a step index when the page starts that step
	done     chan struct{} // closed when the page has reported the last step

	mu      sync.Mutex
	step    int   // index of the step being run; -1 before the first
	uses    []int // answers given per route of the current step
	stray   []*arrival
	wire    [][]*arrival    // per step, in arrival order
	results []*ScriptResult // per step; nil until reported
	failed  error           // the harness broke (bad report, clock failure)
	closed  bool
}

// An arrival is a request as it arrived and how it was answered.
type arrival struct {
	req    *wireRequest
	route  int
	status int
}

func newPlayer(id string, v *vectors.Vector, r *renaming, advance func(time.Duration) error) *player {
	return &player{
		id:       id,
		vec:      v,
		hosts:    vectorHosts(v),
		rename:   r,
		advance:  advance,
		progress: make(chan int, len(v.Steps)+1),
		done:     make(chan struct{}),
		step:     -1,
		wire:     make([][]*arrival, len(v.Steps)),
		results:  make([]*ScriptResult, len(v.Steps)),
	}
}

// arrived records req against the current step and decides its answer.
func (p *player) arrived(req *wireRequest) *wireResponse {
	p.mu.Lock()
	defer p.mu.Unlock()
	a := &arrival{req: req, route: -1, status: 404}
	if p.step < 0 {
		p.stray = append(p.stray, a)
		return notFound()
	}
	p.wire[p.step] = append(p.wire[p.step], a)
	routes := p.vec.Steps[p.step].Server
	i := matchRoute(routes, p.uses, req.Method, req.URL())
	if i < 0 {
		return notFound()
	}
	a.route, a.status = i, routes[i].Status
	return routeAnswer(routes[i])
}

// recorded returns what reached the server during step i.
func (p *player) recorded(i int) []Recorded {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.recordedLocked(p.wire[i])
}

// strays returns what reached the server for the vector's hosts before its
// first step began: requests the engine made on its own.
func (p *player) strays() []Recorded {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.recordedLocked(p.stray)
}

func (p *player) recordedLocked(as []*arrival) []Recorded {
	out := make([]Recorded, 0, len(as))
	for _, a := range as {
		hs := make([]Field, len(a.req.Fields))
		for j, f := range a.req.Fields {
			hs[j] = Field{f.Name, p.rename.backward(f.Value)}
		}
		out = append(out, Recorded{
			Proto:   a.req.Proto,
			Method:  a.req.Method,
			URL:     p.rename.backward(a.req.URL()),
			Headers: hs,
			BodyLen: len(a.req.Body),
			Status:  a.status,
			Route:   a.route,
		})
	}
	return out
}

func (p *player) harness(req *wireRequest) *wireResponse {
	u, err := url.Parse(req.Target)
	if err != nil || u.Query().Get("s") != p.id {
		return notFound()
	}
	switch {
	case req.Method == "GET" && u.Path == HarnessPrefix+"top":
		return htmlAnswer(topPage(p.id, p.vec))
	case req.Method == "GET" && u.Path == HarnessPrefix+"frame":
		return htmlAnswer(framePage())
	case req.Method == "POST" && u.Path == HarnessPrefix+"next":
		return p.next(req.Body)
	}
	return notFound()
}

// A nextAsk is the harness page's ask for the next step, carrying the result
// of the step it ran (Index -1 at the start).
type nextAsk struct {
	Index  int           `json:"index"`
	Result *ScriptResult `json:"result"`
}

// A nextAnswer is the step the page must run next, or Done.
type nextAnswer struct {
	Done    bool         `json:"done,omitempty"`
	Next    string       `json:"next,omitempty"` // with Done: the page to go to
	Index   int          `json:"index"`
	Request *pageRequest `json:"request,omitempty"`
}

func (p *player) next(body []byte) *wireResponse {
	var ask nextAsk
	if err := json.Unmarshal(body, &ask); err != nil {
		p.fail(fmt.Errorf("harness report does not parse: %v", err))
		return jsonAnswer(400, map[string]string{"error": err.Error()})
	}
	p.mu.Lock()
	if ask.Index != p.step || p.closed {
		cur := p.step
		p.mu.Unlock()
		// A repeated ask (the page reloaded?) must not run a step twice.
		p.fail(fmt.Errorf("harness reported step %d while step %d was running", ask.Index, cur))
		return jsonAnswer(409, map[string]string{"error": "out of order"})
	}
	if ask.Index >= 0 {
		if ask.Result == nil {
			ask.Result = &ScriptResult{Threw: "harness", Error: &ScriptError{Name: "HarnessError", Message: "no result reported"}}
		}
		p.results[ask.Index] = ask.Result
	}
	n := ask.Index + 1
	if n == len(p.vec.Steps) {
		p.closed = true
		p.mu.Unlock()
		close(p.done)
		return jsonAnswer(200, nextAnswer{Done: true, Index: n, Next: p.nextURL})
	}
	p.mu.Unlock()

	if d := p.vec.Steps[n].Advance; d > 0 {
		var err error
		if p.advance == nil {
			err = fmt.Errorf("no clock to advance")
		} else {
			err = p.advance(d)
		}
		if err != nil {
			p.fail(fmt.Errorf("step %d: advance %v: %v", n, d, err))
			return jsonAnswer(500, map[string]string{"error": err.Error()})
		}
	}
	p.mu.Lock()
	p.step = n
	p.uses = make([]int, len(p.vec.Steps[n].Server))
	p.mu.Unlock()
	p.progress <- n
	return jsonAnswer(200, nextAnswer{Index: n, Request: newPageRequest(p.vec.Steps[n].Request)})
}

func (p *player) fail(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failed == nil {
		p.failed = err
	}
}

func (p *player) failure() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.failed
}

// result returns what script saw of step i, names as the vector wrote them.
func (p *player) result(i int) *ScriptResult {
	p.mu.Lock()
	defer p.mu.Unlock()
	sr := p.results[i]
	if sr == nil || p.rename == nil {
		return sr
	}
	out := *sr
	if sr.Error != nil {
		e := *sr.Error
		e.Message = p.rename.backward(e.Message)
		out.Error = &e
	}
	if sr.Response != nil {
		r := *sr.Response
		r.URL = p.rename.backward(r.URL)
		r.Body = p.rename.backward(r.Body)
		r.Headers = make([][2]string, len(sr.Response.Headers))
		for j, h := range sr.Response.Headers {
			r.Headers[j] = [2]string{h[0], p.rename.backward(h[1])}
		}
		out.Response = &r
	}
	return &out
}

func htmlAnswer(page []byte) *wireResponse {
	return &wireResponse{Status: 200, Body: page, Fields: []Field{
		{"Content-Type", "text/html; charset=utf-8"},
		{"Cache-Control", "no-store"},
		{"Content-Length", fmt.Sprint(len(page))},
	}}
}

func jsonAnswer(status int, v any) *wireResponse {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(`{"error":"marshal"}`)
	}
	return &wireResponse{Status: status, Body: b, Fields: []Field{
		{"Content-Type", "application/json"},
		{"Cache-Control", "no-store"},
		{"Content-Length", fmt.Sprint(len(b))},
	}}
}
