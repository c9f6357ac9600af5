package vectors

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Observed is what one step produced, in the simulator or in a real engine.
type Observed struct {
	Outcome string // OK, NetworkError or TypeError

	// Sent is every request that reached a server, in order.
	Sent []WireRequest

	// With outcome OK: what script sees of the response.
	Type       string
	Status     int
	URL        string   // without fragment
	Redirected bool     //
	Headers    []Header // the readable headers (names in any case; repeated names allowed)

	// Reason is the simulator's reason code for a network error or TypeError;
	// real engines do not reveal one, so a browser runner leaves it empty and
	// drops the expectation's reason (see [Expect.WithoutReason]).
	Reason string
}

// A WireRequest is one request as it reached a server.
type WireRequest struct {
	Method  string
	URL     string
	Headers []Header // header lines as received, in order
}

// Get returns the combined value of the header lines named name (compared
// case-insensitively), as a header list's get does, and whether there is one.
func get(hs []Header, name string) (string, bool) {
	var vals []string
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			vals = append(vals, h.Value)
		}
	}
	if vals == nil {
		return "", false
	}
	return strings.Join(vals, ", "), true
}

// A Mismatch is one field where what happened differs from the expectation.
type Mismatch struct {
	Field string // e.g. "sent[1].headers.origin"
	Want  string
	Got   string
}

func (m Mismatch) String() string {
	return fmt.Sprintf("%s: want %s, got %s", m.Field, m.Want, m.Got)
}

// WithoutReason returns e without its reason: for judging a real engine, which
// does not reveal one.
func (e Expect) WithoutReason() Expect {
	e.Reason = nil
	return e
}

// Compare judges got against want and returns every mismatch, in a fixed
// order: outcome, sent, then (when an ok outcome is expected and happened) the
// response fields, then the reason. Fields want does not give are not checked;
// the response fields are not checked unless want's outcome is ok.
func Compare(want Expect, got Observed) []Mismatch {
	var ms []Mismatch
	add := func(field, w, g string) {
		if w != g {
			ms = append(ms, Mismatch{field, w, g})
		}
	}
	add("outcome", want.Outcome, got.Outcome)
	if want.Sent != nil {
		ms = append(ms, compareSent(*want.Sent, got.Sent)...)
	}
	if want.Outcome == OK && got.Outcome == OK {
		if want.Type != nil {
			add("type", *want.Type, got.Type)
		}
		if want.Status != nil {
			add("status", strconv.Itoa(*want.Status), strconv.Itoa(got.Status))
		}
		if want.URL != nil {
			add("url", strconv.Quote(*want.URL), strconv.Quote(got.URL))
		}
		if want.Redirected != nil {
			add("redirected", strconv.FormatBool(*want.Redirected), strconv.FormatBool(got.Redirected))
		}
		if want.ExposedHeaders != nil {
			add("exposedHeaders", showList(*want.ExposedHeaders), showList(exposedNames(got.Headers)))
		}
		for _, name := range sortedKeys(want.HeaderValues) {
			v, ok := get(got.Headers, name)
			add("headerValues."+name, showOpt(want.HeaderValues[name]), showValue(v, ok))
		}
	}
	if want.Reason != nil && want.Outcome != OK {
		add("reason", *want.Reason, got.Reason)
	}
	return ms
}

func compareSent(want []Sent, got []WireRequest) []Mismatch {
	if len(want) != len(got) {
		return []Mismatch{{
			Field: "sent",
			Want:  fmt.Sprintf("%d requests [%s]", len(want), showSent(want)),
			Got:   fmt.Sprintf("%d requests [%s]", len(got), showWire(got)),
		}}
	}
	var ms []Mismatch
	for i, w := range want {
		g := got[i]
		f := fmt.Sprintf("sent[%d]", i)
		if w.Method != g.Method {
			ms = append(ms, Mismatch{f + ".method", w.Method, g.Method})
		}
		if w.URL != g.URL {
			ms = append(ms, Mismatch{f + ".url", strconv.Quote(w.URL), strconv.Quote(g.URL)})
		}
		for _, name := range sortedKeys(w.Headers) {
			v, ok := get(g.Headers, name)
			if want, got := showOpt(w.Headers[name]), showValue(v, ok); want != got {
				ms = append(ms, Mismatch{f + ".headers." + name, want, got})
			}
		}
	}
	return ms
}

// exposedNames returns the sorted, de-duplicated lowercase names of hs.
func exposedNames(hs []Header) []string {
	names := make([]string, 0, len(hs))
	for _, h := range hs {
		n := strings.ToLower(h.Name)
		if !contains(names, n) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

func sortedKeys(m map[string]*string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func showOpt(v *string) string {
	if v == nil {
		return "null"
	}
	return strconv.Quote(*v)
}

func showValue(v string, ok bool) string {
	if !ok {
		return "null"
	}
	return strconv.Quote(v)
}

func showList(l []string) string {
	return "[" + strings.Join(l, " ") + "]"
}

func showSent(s []Sent) string {
	parts := make([]string, len(s))
	for i, x := range s {
		parts[i] = x.Method + " " + x.URL
	}
	return strings.Join(parts, ", ")
}

func showWire(s []WireRequest) string {
	parts := make([]string, len(s))
	for i, x := range s {
		parts[i] = x.Method + " " + x.URL
	}
	return strings.Join(parts, ", ")
}
