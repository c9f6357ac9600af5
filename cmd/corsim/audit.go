package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/audit"
)

func init() {
	register(command{
		name:    "audit",
		summary: "probe a server's CORS policy as an attacker would, judged by browser verdicts",
		usage:   auditUsage,
		run:     runAudit,
		help:    auditHelp,
	})
}

const auditUsage = "--origin ORIGIN [--credentials] [--fail-on SEVERITY] [--profile P] [--json] URL"

const auditAbout = `Probe the API at URL, which the page at ORIGIN calls, the way an attacker
would: from an arbitrary origin, from null, from look-alike origins that defeat
prefix, suffix, substring and unescaped-dot matching, from the http twin of the
page's origin and from a subdomain, each with credentials; and with the page's
own requests (a GET, a preflighted PUT, a GET with Authorization). Every probe
runs in the simulator under each engine profile against the server's real
answers, and each finding is ranked by what the browsers allow:

  critical  an origin any site can have reads credentialed responses
  high      an origin that needs a foothold (the http twin, a subdomain) does
  medium    the page's own requests are blocked in some engine
  low       weaker: uncredentialed reads, no Vary: Origin, a capped Max-Age...
  info      observations (a public API answering *)

Each finding shows the verdict per engine (and whether the engine would send
the user's cookie), the exchange that proves it, and the fix. --credentials
says that the page sends credentials, so that policies breaking them count.

The audit is bounded: each distinct request is sent once (about fifteen),
never more than --budget, within --timeout; and nothing but GET and OPTIONS
preflights is sent: a preflighted PUT is judged by its preflight alone.

Exit status: 0 when no finding reaches --fail-on, 1 when one does, 2 for a
usage error, 3 when the server could not be audited (unreachable).
`

// exitCannotAudit is audit's exit status when the server did not answer.
const exitCannotAudit = 3

type auditArgs struct {
	origin, failOn, profile string
	credentials, asJSON     bool
	timeout                 time.Duration
	budget                  int
}

func auditFlags(a *auditArgs) *flag.FlagSet {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.StringVar(&a.origin, "origin", "", "the `origin` of the page that calls the API, e.g. https://app.example (required)")
	fs.BoolVar(&a.credentials, "credentials", false, "the page calls the API with credentials (cookies)")
	fs.StringVar(&a.failOn, "fail-on", "low", "exit 1 when a finding of this `severity` or worse exists: info, low, medium, high, critical, or none")
	fs.StringVar(&a.profile, "profile", "all", "the `profile`: spec, chromium, firefox, webkit, or all")
	fs.BoolVar(&a.asJSON, "json", false, "print the report as JSON")
	fs.DurationVar(&a.timeout, "timeout", 30*time.Second, "give up after this `duration`")
	fs.IntVar(&a.budget, "budget", audit.DefaultBudget, "send at most this many `requests`")
	return fs
}

func auditHelp(w io.Writer) {
	fmt.Fprintf(w, "usage: corsim audit %s\n\n%s\nflags:\n", auditUsage, auditAbout)
	var a auditArgs
	fs := auditFlags(&a)
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// runAudit implements "corsim audit".
func runAudit(args []string, stdout, stderr io.Writer) int {
	var a auditArgs
	fs := auditFlags(&a)
	fs.SetOutput(io.Discard)
	usageError := func(msg string) int {
		fmt.Fprintf(stderr, "corsim audit: %s\nusage: corsim audit %s\nrun 'corsim help audit' for details\n", msg, auditUsage)
		return exitUsage
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			auditHelp(stdout)
			return exitOK
		}
		return usageError(err.Error())
	}
	switch fs.NArg() {
	case 0:
		return usageError("no URL given: the API endpoint to audit")
	case 1:
	default:
		return usageError(fmt.Sprintf("unexpected argument %q after the URL", fs.Arg(1)))
	}
	if a.origin == "" {
		return usageError("--origin is required: the origin of the page that calls the API, e.g. --origin https://app.example")
	}
	var failOn audit.Severity
	if !strings.EqualFold(a.failOn, "none") {
		s, err := audit.ParseSeverity(a.failOn)
		if err != nil {
			return usageError(fmt.Sprintf("--fail-on %q: want info, low, medium, high, critical or none", a.failOn))
		}
		failOn = s
	}
	profiles, err := profilesFor(a.profile)
	if err != nil {
		return usageError(fmt.Sprintf("--profile: %v", err))
	}
	if a.timeout <= 0 {
		return usageError(fmt.Sprintf("--timeout %v: want a positive duration", a.timeout))
	}
	if a.budget <= 0 {
		return usageError(fmt.Sprintf("--budget %d: want a positive number of requests", a.budget))
	}

	ctx, cancel := context.WithTimeout(context.Background(), a.timeout)
	defer cancel()
	rep, err := audit.Run(ctx, audit.Config{
		URL: fs.Arg(0), Origin: a.origin, Credentials: a.credentials, Profiles: profiles, Budget: a.budget,
		Network: corsim.RoundTripper(explainTransport(a.timeout)),
	})
	if err != nil {
		var ce *audit.ConfigError
		if errors.As(err, &ce) {
			return usageError(strings.TrimPrefix(err.Error(), "audit: "))
		}
		fmt.Fprintf(stderr, "corsim audit: %v\n", err)
		return exitCannotAudit
	}
	if a.asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "corsim audit: %v\n", err)
			return exitCannotAudit
		}
	} else {
		io.WriteString(stdout, rep.Text(explainColor(stdout)))
	}
	if failOn != 0 && len(rep.AtLeast(failOn)) > 0 {
		return exitRejected
	}
	return exitOK
}
