package explain

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// titles are the headings of the trace's topics, for people; a topic not
// listed is shown as it is.
var titles = map[string]string{
	"request.ua-header":    "the browser adds a header",
	"request.header":       "request header",
	"main-fetch.block":     "blocked before anything is sent",
	"main-fetch.branch":    "how main fetch proceeds",
	"scheme-fetch":         "scheme fetch",
	"cache.lookup":         "preflight cache lookup",
	"cache.store":          "preflight cache store",
	"cache.clear":          "preflight cache cleared",
	"preflight.request":    "preflight request built",
	"network.preflight":    "preflight sent",
	"network.request":      "request sent",
	"network.retry":        "request sent again",
	"network":              "network",
	"preflight.status":     "preflight status",
	"preflight.check":      "preflight check",
	"tao-check":            "timing allow check",
	"corp-check":           "Cross-Origin-Resource-Policy check",
	"redirect":             "redirect",
	"redirect.rewrite":     "the redirect changes the request",
	"cookies.send":         "cookies sent",
	"cookies.store":        "cookies stored",
	"expose":               "response headers exposed to script",
	"result":               "result",
	"cors-check":           "CORS check",
	"cors-check.preflight": "CORS check of the preflight response",
}

// ANSI styles, used only when colour is asked for.
const (
	bold  = "\x1b[1m"
	dim   = "\x1b[2m"
	red   = "\x1b[31m"
	green = "\x1b[32m"
	cyan  = "\x1b[36m"
	reset = "\x1b[0m"
)

// Text renders e for people: the scenario, then per step the decisions
// listed, each with its spec section and, for a request on the wire, the
// HTTP text sent and received; the verdict under each profile; then the
// fixes. With color set, headings and verdicts carry ANSI colours (for a
// terminal).
func (e *Explanation) Text(color bool) string {
	t := &textWriter{color: color}
	if e.Scenario != "" {
		where := ""
		if e.File != "" {
			where = " (" + e.File + ")"
		}
		t.line(t.style(bold, "Scenario "+e.Scenario) + where)
		if e.About != "" {
			t.line("  " + e.About)
		}
	}
	page := "Page origin: " + e.Origin
	if e.TopLevel != "" && e.TopLevel != e.Origin {
		page += " (embedded in a page of " + e.TopLevel + ")"
	}
	t.line(page)
	for i, s := range e.Steps {
		t.line("")
		head := "Request: " + s.Call
		if len(e.Steps) > 1 {
			head = fmt.Sprintf("Step %d of %d: %s", i+1, len(e.Steps), s.Call)
		}
		t.line(t.style(bold, head))
		if s.Advance != 0 {
			t.line("  (the clock first moves on " + strconv.FormatFloat(s.Advance, 'f', -1, 64) + " s)")
		}
		t.line("")
		t.line(t.style(bold, "Decisions ("+e.Profile+"):"))
		if len(s.Decisions) == 0 {
			t.line("  none: script threw before fetch started")
		}
		t.decisions(s.Decisions)
		t.line("")
		t.line(t.style(bold, "Verdicts:"))
		t.verdicts(s.Verdicts)
	}
	if len(e.Fixes) > 0 {
		t.line("")
		t.line(t.style(bold, "Fix:"))
		for _, f := range e.Fixes {
			t.fix(f)
		}
	}
	if e.Sent > 0 {
		t.line("")
		t.line(fmt.Sprintf("(%d request(s) sent to the server)", e.Sent))
	}
	return t.b.String()
}

type textWriter struct {
	b     strings.Builder
	color bool
}

func (t *textWriter) line(s string) { t.b.WriteString(s + "\n") }

func (t *textWriter) style(code, s string) string {
	if !t.color || s == "" {
		return s
	}
	return code + s + reset
}

// block writes s (several lines) indented by prefix.
func (t *textWriter) block(prefix, s, code string) {
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if l == "" {
			t.line("")
			continue
		}
		t.line(prefix + t.style(code, l))
	}
}

func (t *textWriter) decisions(ds []Decision) {
	lastPreflight := false
	for _, d := range ds {
		topic := d.Topic
		if topic == "cors-check" && lastPreflight {
			topic = "cors-check.preflight"
		}
		if d.Exchange != nil {
			lastPreflight = d.Exchange.Preflight
		}
		title, ok := titles[topic]
		if !ok {
			title = topic
		}
		head := fmt.Sprintf("%3d. %s", d.N, title)
		if subject := strings.TrimRight(d.Subject, " "); subject != "" {
			head += ": " + subject
		}
		t.line(head + " — " + t.verdictWord(d.Verdict))
		if d.Detail != "" {
			t.line("     " + d.Detail)
		}
		if d.Spec != "" {
			ref := d.Spec
			if d.Step != "" {
				ref += " step " + d.Step
			}
			t.line("     " + t.style(dim, ref))
		}
		if x := d.Exchange; x != nil {
			t.line("")
			t.block("       ", x.Request, cyan)
			t.line("")
			if x.Response != "" {
				t.block("       ", x.Response, cyan)
			} else {
				t.line("       (no response: " + x.Error + ")")
			}
			t.line("")
		}
	}
}

// verdictWord colours a decision's verdict: failures red, passes green.
func (t *textWriter) verdictWord(v string) string {
	switch v {
	case "fail", "blocked", "network error", "error":
		return t.style(red, v)
	case "pass", "response":
		return t.style(green, v)
	}
	return v
}

// verdicts writes the verdicts, profiles that ended alike together.
func (t *textWriter) verdicts(vs []Verdict) {
	type group struct {
		names   []string
		v       Verdict
		console []Console
	}
	var groups []*group
	key := func(v Verdict) string {
		v.Profile, v.Console = "", nil
		b, _ := json.Marshal(v)
		return string(b)
	}
	for _, v := range vs {
		var g *group
		for _, x := range groups {
			if key(x.v) == key(v) {
				g = x
			}
		}
		if g == nil {
			g = &group{v: v}
			groups = append(groups, g)
		}
		g.names = append(g.names, v.Profile)
		// One message per engine: an engine profile's own wins over the
		// spec profile's rendering of the spec's failure in its words.
		for _, c := range v.Console {
			replaced := false
			for i := range g.console {
				if g.console[i].Engine == c.Engine {
					if c.Engine == v.Profile {
						g.console[i] = c
					}
					replaced = true
				}
			}
			if !replaced {
				g.console = append(g.console, c)
			}
		}
	}
	for _, g := range groups {
		t.verdict(strings.Join(g.names, ", "), g.v, g.console)
	}
}

const col = "      " // the indentation of a verdict's details

func (t *textWriter) verdict(names string, v Verdict, console []Console) {
	switch {
	case v.Response != nil:
		r := v.Response
		t.line("  " + names + ": " + t.style(green, "ok") + fmt.Sprintf(" — script gets a %s response, status %d", r.Type, r.Status))
		redirected := "not redirected"
		if r.Redirected {
			redirected = "redirected"
		}
		url := r.URL
		if url == "" {
			url = `""`
		}
		t.line(col + "url " + url + ", " + redirected)
		if len(r.Headers) == 0 {
			t.line(col + "readable headers: none")
		} else {
			var hs []string
			for _, h := range r.Headers {
				hs = append(hs, h[0]+": "+h[1])
			}
			t.line(col + "readable headers: " + strings.Join(hs, "; "))
		}
	default:
		word := "blocked"
		if v.Outcome == "type-error" {
			word = "throws"
		}
		t.line("  " + names + ": " + t.style(red, word) + " (" + v.Reason + ")")
		if v.Error != "" {
			t.line(col + v.Error)
		}
		if v.Spec != "" {
			ref := v.Spec
			if v.Step != "" {
				ref += " step " + v.Step
			}
			t.line(col + t.style(dim, ref))
		}
		for _, c := range console {
			label := c.Engine + " console: "
			if c.Message == "" {
				t.line(col + label + "(" + c.Error + ")")
				continue
			}
			lines := strings.Split(strings.TrimRight(c.Message, "\n"), "\n")
			t.line(col + label + lines[0])
			for _, l := range lines[1:] {
				if l == "" {
					t.line("")
					continue
				}
				t.line(col + strings.Repeat(" ", len(label)) + l)
			}
		}
	}
	if d := v.Differs; d != nil {
		title, ok := titles[d.Topic]
		if !ok {
			title = d.Topic
		}
		s := fmt.Sprintf("decides otherwise at its decision %d: %s", d.N, title)
		if d.Subject != "" {
			s += ": " + strings.TrimRight(d.Subject, " ")
		}
		t.line(col + s + " — " + d.Verdict)
		if d.Detail != "" {
			t.line(col + "  " + d.Detail)
		}
	}
}

func (t *textWriter) fix(f Fix) {
	who := "under " + list(f.Profiles)
	if len(f.Answers) > 0 {
		t.line("  For it to work " + who + ", the server must")
		for _, a := range f.Answers {
			what := a.Method + " " + a.URL
			if a.Preflight {
				what = "the preflight OPTIONS " + a.URL
			}
			t.line("    answer " + what + " with")
			if a.Status != 0 {
				t.line(fmt.Sprintf("      status %d (it answered %d)", a.Status, a.WasStatus))
			}
			for _, h := range a.Headers {
				t.line("      " + t.style(green, h[0]+": "+h[1]))
			}
		}
		t.line("  (each header line replaces any line of the same name)")
		if f.Verified {
			t.line("  Checked: run again with these answers, every blocked step passes " + who + ".")
		} else {
			t.line("  Not enough: run again with these answers, the scenario is still blocked " + who + ".")
		}
		for _, a := range f.Assumed {
			t.line("  Assumed: " + a + " was never sent to the server; the check took it to be answered 200 with the headers above.")
		}
	}
	for _, u := range f.Unfixable {
		t.line(fmt.Sprintf("  Step %d stays blocked %s (%s): %s.", u.Step, who, u.Reason, u.Why))
	}
	for _, n := range f.Notes {
		t.line("  Note: " + n)
	}
}

// list joins names as "a, b and c".
func list(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
