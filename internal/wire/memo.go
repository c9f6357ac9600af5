package wire

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/safelist"
)

// A BudgetError is the transport error a Memo returns once it has sent as many
// requests upstream as its budget allows.
type BudgetError struct {
	Budget int
	// Request is the request that was not sent: method and URL.
	Request string
}

func (e *BudgetError) Error() string {
	return fmt.Sprintf("request budget of %d exhausted: %s was not sent", e.Budget, e.Request)
}

// A Memo is a fetch.Network that sends each distinct request to its
// upstream network once and answers repeats from memory: the same answer,
// or the same transport error. Two requests are the same when they have the
// same method, URL, body and header lines, ignoring User-Agent and
// Accept-Language, whose values each engine profile chooses for itself; so
// running one scenario under four profiles asks the server once.
//
// With a budget, at most that many requests go upstream; the next distinct
// request fails with a *BudgetError and is not sent. A Memo is safe for
// concurrent use.
type Memo struct {
	upstream fetch.Network
	budget   int

	mu      sync.Mutex
	answers map[string]answer
	sent    int
}

type answer struct {
	resp *fetch.WireResponse
	err  error
}

// NewMemo returns a Memo in front of upstream that sends at most budget
// requests (0: no limit).
func NewMemo(upstream fetch.Network, budget int) *Memo {
	return &Memo{upstream: upstream, budget: budget, answers: map[string]answer{}}
}

// Sent returns how many requests went upstream.
func (m *Memo) Sent() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sent
}

// RoundTrip answers wr from memory or, the first time, from upstream.
func (m *Memo) RoundTrip(ctx context.Context, wr *fetch.WireRequest) (*fetch.WireResponse, error) {
	key := Key(wr)
	m.mu.Lock()
	if a, ok := m.answers[key]; ok {
		m.mu.Unlock()
		return copyResponse(a.resp), a.err
	}
	if m.budget > 0 && m.sent >= m.budget {
		m.mu.Unlock()
		return nil, &BudgetError{Budget: m.budget, Request: wr.Method + " " + wr.URL.Serialize(true)}
	}
	m.sent++
	m.mu.Unlock()

	// Concurrent callers asking the same thing may both go upstream; the
	// first answer stored wins, so later repeats agree.
	resp, err := m.upstream.RoundTrip(ctx, wr)
	if err != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		// Not remembered: the caller gave up, the server did not answer.
		return nil, err
	}
	m.mu.Lock()
	if a, ok := m.answers[key]; ok {
		resp, err = a.resp, a.err
	} else {
		m.answers[key] = answer{resp: copyResponse(resp), err: err}
	}
	m.mu.Unlock()
	return copyResponse(resp), err
}

// Replay returns a network that answers from m's memory only, never sending:
// a request m has not seen gets Assumed (status 200, no header lines, an
// empty body), and is listed by the replay's Assumed method.
func (m *Memo) Replay() *Replay { return &Replay{memo: m} }

// A Replay answers from a Memo's memory; see Memo.Replay.
type Replay struct {
	memo *Memo

	mu      sync.Mutex
	assumed []string
}

// RoundTrip answers wr as the memo remembers it, or with Assumed.
func (r *Replay) RoundTrip(_ context.Context, wr *fetch.WireRequest) (*fetch.WireResponse, error) {
	key := Key(wr)
	r.memo.mu.Lock()
	a, ok := r.memo.answers[key]
	r.memo.mu.Unlock()
	if ok {
		return copyResponse(a.resp), a.err
	}
	r.mu.Lock()
	what := wr.Method + " " + wr.URL.Serialize(true)
	if !contains(r.assumed, what) {
		r.assumed = append(r.assumed, what)
	}
	r.mu.Unlock()
	return Assumed(), nil
}

// Assumed lists the requests (method and URL) the replay answered without
// having seen them, in order of first appearance.
func (r *Replay) Assumed() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.assumed...)
}

// Assumed returns the answer assumed for a request the server was never
// asked: 200 OK with no header lines and an empty body, over HTTP/1.1.
func Assumed() *fetch.WireResponse {
	return &fetch.WireResponse{Status: http.StatusOK, StatusText: "OK", Body: []byte{}, Protocol: "HTTP/1.1"}
}

// Key returns the memo key of wr: method, URL, body, and the header lines in
// order but for User-Agent and Accept-Language.
func Key(wr *fetch.WireRequest) string {
	var b strings.Builder
	b.WriteString(wr.Method + " " + wr.URL.Serialize(true) + "\n")
	if wr.Preflight {
		b.WriteString("preflight\n")
	}
	for _, h := range wr.Header {
		if strings.EqualFold(h.Name, "User-Agent") || strings.EqualFold(h.Name, "Accept-Language") {
			continue
		}
		b.WriteString(strings.ToLower(h.Name) + ": " + h.Value + "\n")
	}
	b.WriteString("stream=" + strconv.FormatBool(wr.Stream) + "\n")
	b.Write(wr.Body)
	return b.String()
}

// copyResponse returns a copy of r whose header list can be changed freely.
func copyResponse(r *fetch.WireResponse) *fetch.WireResponse {
	if r == nil {
		return nil
	}
	c := *r
	c.Header = append(safelist.HeaderList(nil), r.Header...)
	return &c
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
