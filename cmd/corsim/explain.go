package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/explain"
	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/vectors"
)

func init() {
	register(command{
		name:    "explain",
		summary: "explain step by step what the browser does with a request, and how to fix it",
		usage:   explainUsage,
		run:     runExplain,
		help:    explainHelp,
	})
}

const explainUsage = "--origin ORIGIN [-X METHOD] [-H 'Name: value']... [flags] URL\n" +
	"       corsim explain --origin ORIGIN --server ROUTES.json [flags] URL\n" +
	"       corsim explain --vector FILE#NAME [--profile P] [--json]"

const explainAbout = `Explain what a browser does when script on a page of ORIGIN requests URL:
every decision, numbered, with the Fetch Standard section that makes it; the
preflight and the request exactly as sent and the answers as received, as
HTTP text; the verdict under each engine profile with the message the engine
prints in its console; and, when the request is blocked, what the server
must send instead. That fix is checked: the scenario is run again with the
amended answers and passes.

The server is the live URL (the request goes over the network, once per
distinct request however many profiles run; the fix's re-runs replay those
answers and send nothing), or canned answers: --server FILE, a JSON array
of routes in the scenario format (VECTORS.md: method, url, status, headers,
times, body), or --vector FILE#NAME, a vector of a scenario file (its page,
requests and routes; every step is explained).

-d DATA gives the request a string body, DATA itself, as fetch(url, {body:
DATA}) does (Content-Type text/plain;charset=UTF-8). --body-kind gives a body
of another kind, with corsim's placeholder content; the kind is what
changes the browser's decisions.

Exit status: 0 when the request works under every profile, 1 when it is
blocked (or throws) under one, 2 for a usage error or unreadable input.
Colour is used only when standard output is a terminal (and NO_COLOR is not
set).
`

// explainArgs are explain's command line.
type explainArgs struct {
	method, data, bodyKind     string
	headers                    headerFlags
	origin, topLevel           string
	credentials, api, mode     string
	redirect, profile          string
	server, vector             string
	uploadListener, streamBody bool
	asJSON, noFix              bool
	timeout                    time.Duration
	set                        map[string]bool // the flags given
}

func explainFlags(a *explainArgs) *flag.FlagSet {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.StringVar(&a.method, "X", "GET", "the request `method`, as script passes it")
	fs.Var(&a.headers, "H", "a request header `'Name: value'` set by script; repeat for more")
	fs.StringVar(&a.data, "d", "", "give the request a string body: `DATA`, sent as it is")
	fs.StringVar(&a.bodyKind, "body-kind", "", "the body script passes: `text`, blob, formdata, urlsearchparams or stream")
	fs.StringVar(&a.origin, "origin", "", "the page's `origin`, e.g. https://app.example, or null (required unless --vector)")
	fs.StringVar(&a.topLevel, "top-level", "", "the top-level page's `origin`, when the page is a frame in it")
	fs.StringVar(&a.credentials, "credentials", "same-origin", "the credentials `mode`: omit, same-origin or include (xhr: include is withCredentials)")
	fs.StringVar(&a.api, "api", "fetch", "the script API: `fetch` or xhr")
	fs.StringVar(&a.mode, "mode", "cors", "fetch's request `mode`: cors, no-cors or same-origin")
	fs.StringVar(&a.redirect, "redirect", "follow", "fetch's redirect `mode`: follow, error or manual")
	fs.BoolVar(&a.uploadListener, "upload-listener", false, "xhr only: a listener on xhr.upload (forces a preflight)")
	fs.BoolVar(&a.streamBody, "stream-body", false, "fetch only: a ReadableStream body, duplex half (forces a preflight)")
	fs.StringVar(&a.profile, "profile", "all", "the `profile`: spec, chromium, firefox, webkit, or all (decisions are listed for the first)")
	fs.StringVar(&a.server, "server", "", "answer with the routes of `FILE` (a JSON array of routes) instead of the network")
	fs.StringVar(&a.vector, "vector", "", "explain the vector `FILE#NAME` (#NAME may be left out when FILE holds one vector)")
	fs.BoolVar(&a.asJSON, "json", false, "print the explanation as JSON")
	fs.BoolVar(&a.noFix, "no-fix", false, "do not work out the fix")
	fs.DurationVar(&a.timeout, "timeout", 30*time.Second, "give up on a live server after this `duration`")
	return fs
}

func explainHelp(w io.Writer) {
	fmt.Fprintf(w, "usage: corsim explain %s\n\n%s\nflags:\n", explainUsage, explainAbout)
	var a explainArgs
	fs := explainFlags(&a)
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// runExplain implements "corsim explain".
func runExplain(args []string, stdout, stderr io.Writer) int {
	var a explainArgs
	fs := explainFlags(&a)
	fs.SetOutput(io.Discard)
	usageError := func(msg string) int {
		fmt.Fprintf(stderr, "corsim explain: %s\nusage: corsim explain %s\nrun 'corsim help explain' for details\n", msg, explainUsage)
		return exitUsage
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			explainHelp(stdout)
			return exitOK
		}
		return usageError(err.Error())
	}
	a.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { a.set[f.Name] = true })

	profiles, err := profilesFor(a.profile)
	if err != nil {
		return usageError(fmt.Sprintf("--profile: %v", err))
	}
	sc, msg := a.scenario(fs.Args())
	if msg != "" {
		return usageError(msg)
	}

	ctx := context.Background()
	if sc.Network != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, a.timeout)
		defer cancel()
	}
	ex, err := explain.Explain(ctx, sc, explain.Options{Profiles: profiles, NoFix: a.noFix})
	if err != nil {
		fmt.Fprintf(stderr, "corsim explain: %v\n", err)
		return exitUsage
	}
	if a.asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(ex); err != nil {
			fmt.Fprintf(stderr, "corsim explain: %v\n", err)
			return exitUsage
		}
	} else {
		io.WriteString(stdout, ex.Text(explainColor(stdout)))
	}
	if ex.Blocked() {
		return exitRejected
	}
	return exitOK
}

// requestFlags are the flags that describe the request, which a vector
// brings itself.
var requestFlags = []string{"X", "H", "d", "body-kind", "origin", "top-level", "credentials", "api", "mode", "redirect", "upload-listener", "stream-body", "server", "timeout"}

// scenario builds the scenario the command line describes, or says what is
// wrong with it.
func (a *explainArgs) scenario(rest []string) (*explain.Scenario, string) {
	if a.vector != "" {
		for _, f := range requestFlags {
			if a.set[f] {
				return nil, fmt.Sprintf("-%s cannot be used with --vector: the vector gives the page, the requests and the answers", f)
			}
		}
		if len(rest) > 0 {
			return nil, fmt.Sprintf("unexpected argument %q: --vector gives the request", rest[0])
		}
		return explainVector(a.vector)
	}
	switch len(rest) {
	case 0:
		return nil, "no URL given (or --vector FILE#NAME)"
	case 1:
	default:
		return nil, fmt.Sprintf("unexpected argument %q after the URL", rest[1])
	}
	if a.origin == "" {
		return nil, "--origin is required: the origin of the page whose script makes the request, e.g. --origin https://app.example"
	}
	if _, err := fetch.ParseOrigin(a.origin); err != nil {
		return nil, fmt.Sprintf("--origin: %v", err)
	}
	if a.topLevel != "" {
		if _, err := fetch.ParseOrigin(a.topLevel); err != nil {
			return nil, fmt.Sprintf("--top-level: %v", err)
		}
	}
	req, msg := a.request(rest[0])
	if msg != "" {
		return nil, msg
	}
	sc := &explain.Scenario{Origin: a.origin, TopLevel: a.topLevel, Steps: []explain.Step{{Request: req}}}
	if a.set["d"] {
		sc.Steps[0].BodyBytes = []byte(a.data)
	}
	if a.server != "" {
		data, err := os.ReadFile(a.server)
		if err != nil {
			return nil, fmt.Sprintf("--server: %v", err)
		}
		routes, err := explain.ParseRoutes(a.server, data)
		if err != nil {
			return nil, fmt.Sprintf("--server: %v", err)
		}
		sc.Steps[0].Server = routes
		return sc, ""
	}
	if a.timeout <= 0 {
		return nil, fmt.Sprintf("--timeout %v: want a positive duration", a.timeout)
	}
	sc.Network = corsim.RoundTripper(explainTransport(a.timeout))
	return sc, ""
}

// request builds the scenario request from the flags.
func (a *explainArgs) request(url string) (vectors.Request, string) {
	r := vectors.Request{API: a.api, Method: a.method, URL: url, Mode: a.mode, Credentials: a.credentials, Redirect: a.redirect, UploadListeners: a.uploadListener}
	for _, h := range a.headers {
		// The space after the colon of -H 'Name: value' is syntax, as in
		// curl; the browser strips it anyway (the value is normalized).
		r.Headers = append(r.Headers, vectors.Header{Name: h.Name, Value: strings.TrimLeft(h.Value, " \t")})
	}
	if !oneOf(a.credentials, "omit", "same-origin", "include") {
		return r, fmt.Sprintf("--credentials %q: want omit, same-origin or include", a.credentials)
	}
	if !oneOf(a.mode, "cors", "no-cors", "same-origin") {
		return r, fmt.Sprintf("--mode %q: want cors, no-cors or same-origin", a.mode)
	}
	if !oneOf(a.redirect, "follow", "error", "manual") {
		return r, fmt.Sprintf("--redirect %q: want follow, error or manual", a.redirect)
	}
	if a.bodyKind != "" && !oneOf(a.bodyKind, "text", "blob", "formdata", "urlsearchparams", "stream") {
		return r, fmt.Sprintf("--body-kind %q: want text, blob, formdata, urlsearchparams or stream", a.bodyKind)
	}
	switch {
	case a.set["d"] && a.bodyKind != "" && a.bodyKind != "text":
		return r, fmt.Sprintf("-d gives a string body, which --body-kind %s contradicts", a.bodyKind)
	case a.streamBody && a.bodyKind != "" && a.bodyKind != "stream":
		return r, fmt.Sprintf("--stream-body gives a ReadableStream body, which --body-kind %s contradicts", a.bodyKind)
	case a.streamBody && a.set["d"]:
		return r, "--stream-body and -d both give a body; choose one"
	}
	r.Body = a.bodyKind
	switch {
	case a.set["d"]:
		r.Body = "text"
	case a.streamBody:
		r.Body = "stream"
	}
	switch a.api {
	case "fetch":
		if a.uploadListener {
			return r, "--upload-listener is for --api xhr: fetch() has no upload listeners"
		}
		if r.Body == "stream" {
			r.Duplex = "half"
		}
	case "xhr":
		for _, f := range []string{"mode", "redirect", "stream-body"} {
			if a.set[f] {
				return r, fmt.Sprintf("--%s is for --api fetch: XMLHttpRequest has no such option", f)
			}
		}
		if r.Body == "stream" {
			return r, "--body-kind stream is for --api fetch: XMLHttpRequest cannot send a ReadableStream"
		}
		if a.credentials == "omit" {
			return r, "--credentials omit is for --api fetch: XMLHttpRequest's withCredentials is include (true) or same-origin (false)"
		}
	default:
		return r, fmt.Sprintf("--api %q: want fetch or xhr", a.api)
	}
	return r, ""
}

// explainVector loads FILE#NAME.
func explainVector(spec string) (*explain.Scenario, string) {
	file, name := spec, ""
	if i := strings.LastIndexByte(spec, '#'); i >= 0 {
		file, name = spec[:i], spec[i+1:]
	}
	vs, err := vectors.Load(file)
	if err != nil {
		return nil, fmt.Sprintf("--vector: %v", err)
	}
	if name == "" {
		if len(vs) == 1 {
			return explain.FromVector(&vs[0]), ""
		}
		return nil, fmt.Sprintf("--vector %s holds %d vectors; name one: %s", file, len(vs), vectorNames(vs))
	}
	for i := range vs {
		if vs[i].Name == name {
			return explain.FromVector(&vs[i]), ""
		}
	}
	return nil, fmt.Sprintf("--vector: no vector named %q in %s; it holds %s", name, file, vectorNames(vs))
}

func vectorNames(vs []vectors.Vector) string {
	var names []string
	for i, v := range vs {
		if i == 8 {
			names = append(names, fmt.Sprintf("and %d more", len(vs)-i))
			break
		}
		names = append(names, v.Name)
	}
	return strings.Join(names, ", ")
}

func oneOf(s string, list ...string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

// explainTransport is the transport to a live server: no redirects or
// cookies of its own (the simulated browser does both), the environment's
// proxy, and timeouts so that a silent server cannot hang the command.
func explainTransport(timeout time.Duration) *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: timeout}).DialContext,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		ForceAttemptHTTP2:     true,
		DisableCompression:    true,
	}
}

// explainColor reports whether w is a terminal that colour may be written
// to: a character device, with NO_COLOR unset and TERM not "dumb".
func explainColor(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
