package audit

import (
	"context"
	"errors"
	"fmt"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/internal/wire"
)

// Config says what to audit and how.
type Config struct {
	// URL is the endpoint probed, an absolute http or https URL.
	URL string
	// Origin is the origin of the page the API serves, e.g.
	// https://app.example.
	Origin string
	// Credentials reports that the page calls the API with credentials
	// (cookies): then a policy that breaks credentialed requests is a
	// finding even when the server does not ask for credentials itself.
	Credentials bool
	// Network is the server: corsim.Handler(h) in a test, or
	// corsim.RoundTripper(t) for a live one. Required.
	Network corsim.Network
	// Profiles are the profiles each probe runs under; nil means
	// corsim.Profiles (spec, chromium, firefox, webkit).
	Profiles []*corsim.Profile
	// Budget caps the requests sent to the server; 0 means DefaultBudget.
	Budget int
}

// DefaultBudget is the default cap on the requests an audit sends. The
// probes need about fifteen distinct requests; the rest leaves room for a
// server that redirects.
const DefaultBudget = 48

// A ConfigError says what is wrong with a Config.
type ConfigError struct {
	Field string // URL, Origin or Network
	Value string
	Msg   string
}

func (e *ConfigError) Error() string {
	if e.Value == "" {
		return "audit: " + e.Field + ": " + e.Msg
	}
	return fmt.Sprintf("audit: %s %q: %s", e.Field, e.Value, e.Msg)
}

// NotSentError is the transport error a probe gets for a request the audit
// refuses to send: anything but GET, HEAD and a preflight, so that an audit
// never changes the server's state.
type NotSentError struct{ Method, URL string }

func (e *NotSentError) Error() string {
	return "corsim audit does not send " + e.Method + " requests (" + e.URL + "); only the preflight was sent"
}

// guard stands between the browsers and the server: it refuses unsafe
// requests and counts nothing it refuses.
type guard struct{ next corsim.Network }

func (g guard) RoundTrip(ctx context.Context, wr *fetch.WireRequest) (*fetch.WireResponse, error) {
	if !wr.Preflight && wr.Method != "GET" && wr.Method != "HEAD" {
		return nil, &NotSentError{Method: wr.Method, URL: wr.URL.Serialize(true)}
	}
	return g.next.RoundTrip(ctx, wr)
}

// cookieName is the cookie each fresh browser holds for the API, stored by
// a first-party visit, so that a probe shows whether the engine would send
// the user's cookies along.
const cookieName = "corsim_probe"

// outcome is how one probe went under one profile.
type outcome struct {
	profile *corsim.Profile
	res     *corsim.Result
	include bool // the request's credentials mode is include
}

// Run audits the server cfg names and returns the report. An error means
// the audit could not run (a bad Config, a server that cannot be reached);
// findings are not errors.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	u, err := fetch.ParseURL(cfg.URL)
	if err != nil || !u.IsHTTPScheme() {
		return nil, &ConfigError{Field: "URL", Value: cfg.URL, Msg: "want an absolute http or https URL"}
	}
	origin, err := fetch.ParseOrigin(cfg.Origin)
	if err != nil || origin.IsOpaque() {
		return nil, &ConfigError{Field: "Origin", Value: cfg.Origin, Msg: "want the page's origin, such as https://app.example"}
	}
	if cfg.Network == nil {
		return nil, &ConfigError{Field: "Network", Msg: "no server to audit"}
	}
	if fetch.SameOrigin(u.Origin(), origin) {
		return nil, &ConfigError{Field: "URL", Value: cfg.URL, Msg: "is same origin with the page " + cfg.Origin + ": CORS does not apply"}
	}
	profiles := cfg.Profiles
	if len(profiles) == 0 {
		profiles = corsim.Profiles
	}
	budget := cfg.Budget
	if budget == 0 {
		budget = DefaultBudget
	}
	memo := wire.NewMemo(cfg.Network, budget)
	net := guard{next: memo}

	hostile, skipped := hostileProbes(u.Serialize(true), origin)
	probes := append(hostile, trustedProbes(u.Serialize(true), origin.Serialize())...)
	results := map[string][]outcome{}
	for _, pr := range probes {
		for _, p := range profiles {
			res, err := runProbe(ctx, p, net, pr, u)
			if err != nil {
				return nil, err
			}
			results[pr.id] = append(results[pr.id], outcome{profile: p, res: res, include: pr.req.Credentials == "include"})
		}
	}
	// A server that never answered cannot be audited.
	if memo.Sent() > 0 {
		if err := unreachable(probes, results); err != nil {
			return nil, err
		}
	}
	j := &judge{cfg: cfg, probes: probes, results: results}
	rep := &Report{URL: u.Serialize(true), Origin: origin.Serialize(), Credentials: cfg.Credentials, Sent: memo.Sent(), Skipped: skipped}
	rep.Findings = j.findings()
	rep.Probes = j.summaries()
	return rep, nil
}

// runProbe runs pr in a fresh browser of profile p that holds the API's
// cookie from an earlier first-party visit.
func runProbe(ctx context.Context, p *corsim.Profile, net corsim.Network, pr probe, api *fetch.URL) (*corsim.Result, error) {
	b, err := corsim.NewBrowser(p, net)
	if err != nil {
		return nil, err
	}
	cookie := cookieName + "=1; Path=/; SameSite=None"
	if api.Scheme() == "https" {
		cookie += "; Secure"
	}
	// An engine's policy may refuse it (SameSite=None without Secure over
	// http); then no cookie is sent, as in that engine.
	b.Agent().Jar.ParseAndStore(fetch.FirstPartyContext(api), cookie)
	page, err := b.Open(pr.origin)
	if err != nil {
		return nil, fmt.Errorf("audit: probe %s: %w", pr.id, err)
	}
	return page.Do(ctx, pr.req), nil
}

// unreachable returns an error when every exchange of every probe failed in
// transport: the server is down, or the URL wrong.
func unreachable(probes []probe, results map[string][]outcome) error {
	var first error
	for _, pr := range probes {
		for _, o := range results[pr.id] {
			for _, x := range o.res.Exchanges {
				if x.Err == nil {
					return nil
				}
				var ns *NotSentError
				if first == nil && !errors.As(x.Err, &ns) {
					first = x.Err
				}
			}
		}
	}
	if first == nil {
		return nil
	}
	return fmt.Errorf("audit: the server did not answer: %w", first)
}
