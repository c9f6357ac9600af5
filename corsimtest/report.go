package corsimtest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/fetch"
)

// consoleEngine is the engine whose console message is shown for a profile:
// its own, or Chromium's for the spec profile, whose words are the ones most
// searched for.
func consoleEngine(profile string) string {
	if slices.Contains(fetch.ConsoleEngines, profile) {
		return profile
	}
	return "chromium"
}

// writeResult writes what the browser did in a call: every wire exchange,
// then why it failed and what the engine of r's profile prints.
func writeResult(b *strings.Builder, r *corsim.Result) {
	writeWire(b, r)
	writeWhy(b, r, consoleEngine(r.Profile), true)
}

// writeWire writes every wire exchange of a call.
func writeWire(b *strings.Builder, r *corsim.Result) {
	if len(r.Exchanges) == 0 {
		b.WriteString("nothing was sent\n")
	} else {
		b.WriteString("on the wire:\n")
	}
	for _, x := range r.Exchanges {
		writeExchange(b, x)
	}
}

// writeWhy writes, for a call that failed, why (when why is set) and what
// engine's console says.
func writeWhy(b *strings.Builder, r *corsim.Result, engine string, why bool) {
	err := r.Err()
	if err == nil {
		return
	}
	if why {
		fmt.Fprintf(b, "why: %v\n", err)
	}
	msg, cerr := r.ConsoleMessage(engine)
	switch {
	case cerr != nil:
		fmt.Fprintf(b, "%s console: (unknown: %v)\n", engine, cerr)
	case msg != "":
		fmt.Fprintf(b, "%s console: %s\n", engine, msg)
	}
}

// writeExchange writes one request as the browser sent it and the answer as
// it came back, header lines in order.
func writeExchange(b *strings.Builder, x fetch.Exchange) {
	req := x.Request
	fmt.Fprintf(b, "  %s %s", req.Method, req.URL.Serialize(true))
	if req.Preflight {
		b.WriteString("  (preflight)")
	}
	b.WriteByte('\n')
	for _, h := range req.Header {
		fmt.Fprintf(b, "    %s: %s\n", h.Name, h.Value)
	}
	switch {
	case x.Err != nil:
		fmt.Fprintf(b, "  → no response: %v\n", x.Err)
	case x.Response != nil:
		res := x.Response
		fmt.Fprintf(b, "  → %d %s\n", res.Status, res.StatusText)
		for _, h := range res.Header {
			fmt.Fprintf(b, "    %s: %s\n", h.Name, h.Value)
		}
	}
}
