package audit

import (
	"fmt"
	"strings"
)

// ANSI styles, used only when colour is asked for.
const (
	bold   = "\x1b[1m"
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	cyan   = "\x1b[36m"
	reset  = "\x1b[0m"
)

// width is where Text wraps prose.
const width = 100

// Text renders the report for people: each finding, worst first, with its
// verdicts, evidence and fix, then every probe's outcome. With color set,
// severities and evidence carry ANSI colours (for a terminal).
func (r *Report) Text(color bool) string {
	style := func(code, s string) string {
		if !color {
			return s
		}
		return code + s + reset
	}
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	creds := "no"
	if r.Credentials {
		creds = "yes"
	}
	line(style(bold, "corsim audit of "+r.URL))
	line("page origin " + r.Origin + ", credentials: " + creds)
	worst := "nothing found"
	if w := r.Worst(); w != 0 {
		worst = "the worst " + w.String()
	}
	line(fmt.Sprintf("%d requests sent, %d probes, %d findings: %s", r.Sent, len(r.Probes), len(r.Findings), worst))
	for _, f := range r.Findings {
		line("")
		sev := "[" + strings.ToUpper(f.Severity.String()) + "]"
		switch {
		case f.Severity >= High:
			sev = style(red+bold, sev)
		case f.Severity >= Medium:
			sev = style(yellow+bold, sev)
		default:
			sev = style(bold, sev)
		}
		wrap(&b, sev+" "+f.ID+": ", f.Title, "  ")
		if f.Why != "" {
			wrap(&b, "  why: ", f.Why, "       ")
		}
		wrap(&b, "  probe: ", f.Probe, "         ")
		line("  verdicts:")
		for _, v := range f.Verdicts {
			line("    " + verdictText(v))
			if v.Console != "" {
				for _, l := range strings.Split(strings.TrimRight(v.Console, "\n"), "\n") {
					if l != "" {
						line("      console: " + l)
					}
				}
			}
		}
		if len(f.Also) > 0 {
			wrap(&b, "  also readable by: ", strings.Join(f.Also, ", "), "    ")
		}
		line("  evidence:")
		for _, x := range f.Evidence {
			for _, l := range strings.Split(strings.TrimRight(x.Request, "\n"), "\n") {
				line(indent("      ", style(cyan, l)))
			}
			line("")
			if x.Response != "" {
				for _, l := range strings.Split(strings.TrimRight(x.Response, "\n"), "\n") {
					line(indent("      ", style(cyan, l)))
				}
			} else {
				line("      (no response: " + x.Error + ")")
			}
			line("")
		}
		wrap(&b, "  fix: ", f.Fix, "       ")
	}
	line("")
	line(style(bold, "Probes:"))
	for _, p := range r.Probes {
		line("  " + p.ID + " — " + p.What + " (" + p.Origin + ")")
		line("    " + outcomesText(p.Outcomes))
	}
	if len(r.Skipped) > 0 {
		line("  not applicable to this page origin: " + strings.Join(r.Skipped, ", "))
	}
	return b.String()
}

func verdictText(v Verdict) string {
	s := v.Profile + ": "
	switch {
	case v.Readable:
		s += "readable"
	default:
		s += "blocked (" + v.Reason + ")"
		if strings.HasPrefix(v.Reason, "preflight passed") {
			s = v.Profile + ": " + v.Reason
		}
	}
	if v.Cookie != "" {
		s += "; cookie " + v.Cookie
	}
	if v.Note != "" {
		s += "; " + v.Note
	}
	return s
}

// outcomesText says "all: readable" when every profile agrees.
func outcomesText(outcomes []string) string {
	if len(outcomes) == 0 {
		return ""
	}
	_, first, _ := strings.Cut(outcomes[0], ": ")
	for _, o := range outcomes[1:] {
		if _, rest, _ := strings.Cut(o, ": "); rest != first {
			return strings.Join(outcomes, "; ")
		}
	}
	return "every profile: " + first
}

func indent(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// wrap writes head and text, breaking text at spaces so that lines stay
// within width, continuation lines starting with cont.
func wrap(b *strings.Builder, head, text, cont string) {
	lineLen := len(head)
	b.WriteString(head)
	for i, w := range strings.Fields(text) {
		if i > 0 && lineLen+1+len(w) > width {
			b.WriteString("\n" + cont)
			lineLen = len(cont)
		} else if i > 0 {
			b.WriteString(" ")
			lineLen++
		}
		b.WriteString(w)
		lineLen += len(w)
	}
	b.WriteString("\n")
}
