package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/corsim/corsim/safelist"
)

const classifyUsage = "[-X METHOD] [-H 'Name: value']... [--api fetch|xhr] [--upload-listener] [--stream-body] [--json]"

func init() {
	register(command{
		name:    "classify",
		summary: "say whether a cross-origin request needs a preflight, and why",
		usage:   classifyUsage,
		run:     runClassify,
		help:    classifyHelp,
	})
}

const classifyAbout = `Classify a request that script on one origin makes to another, as the Fetch
Standard does: does it need a CORS preflight, why, and what
Access-Control-Request-Method and Access-Control-Request-Headers would the
preflight carry. Each header gets its verdict and the rule that decided it.
The request is taken to be cross-origin in CORS mode with an empty preflight
cache. An invalid or forbidden method or header is refused with exit status 1.
`

// headerFlags collects repeated -H 'Name: value' flags, in order.
type headerFlags []safelist.Header

func (h *headerFlags) String() string {
	var parts []string
	for _, x := range *h {
		parts = append(parts, x.Name+": "+x.Value)
	}
	return strings.Join(parts, "; ")
}

// Set splits at the first colon; the name and value are checked later, as
// the browser checks them.
func (h *headerFlags) Set(s string) error {
	name, value, ok := strings.Cut(s, ":")
	if !ok {
		return fmt.Errorf("%q has no colon; want 'Name: value'", s)
	}
	*h = append(*h, safelist.Header{Name: name, Value: value})
	return nil
}

// classifyFlags defines classify's flags on a new FlagSet.
func classifyFlags(req *request, asJSON *bool) *flag.FlagSet {
	fs := flag.NewFlagSet("classify", flag.ContinueOnError)
	fs.StringVar(&req.Method, "X", "GET", "the request `method`, as script passes it (normalized as the browser does)")
	fs.Var((*headerFlags)(&req.Headers), "H", "a request header `'Name: value'` set by script; repeat for more")
	fs.StringVar((*string)(&req.API), "api", string(apiFetch), "the script API: `fetch` (headers appended) or xhr (XMLHttpRequest: repeated headers combined)")
	fs.BoolVar(&req.UploadListener, "upload-listener", false, "xhr only: an event listener is registered on xhr.upload (forces a preflight)")
	fs.BoolVar(&req.StreamBody, "stream-body", false, "fetch only: the body is a ReadableStream (forces a preflight)")
	fs.BoolVar(asJSON, "json", false, "print the classification as JSON")
	return fs
}

func classifyHelp(w io.Writer) {
	fmt.Fprintf(w, "usage: corsim classify %s\n\n%s\nflags:\n", classifyUsage, classifyAbout)
	var req request
	var asJSON bool
	fs := classifyFlags(&req, &asJSON)
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// runClassify implements "corsim classify".
func runClassify(args []string, stdout, stderr io.Writer) int {
	var req request
	var asJSON bool
	fs := classifyFlags(&req, &asJSON)
	fs.SetOutput(io.Discard)
	usageError := func(msg string) int {
		fmt.Fprintf(stderr, "corsim classify: %s\nusage: corsim classify %s\nrun 'corsim help classify' for details\n", msg, classifyUsage)
		return exitUsage
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			classifyHelp(stdout)
			return exitOK
		}
		return usageError(err.Error())
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	switch req.API {
	case apiFetch:
		if req.UploadListener {
			return usageError("--upload-listener is for --api xhr: fetch() has no upload listeners")
		}
	case apiXHR:
		if req.StreamBody {
			return usageError("--stream-body is for --api fetch: XMLHttpRequest cannot send a ReadableStream")
		}
	default:
		return usageError(fmt.Sprintf("--api %q: want fetch or xhr", req.API))
	}

	c, err := classify(req)
	if err != nil {
		fmt.Fprintf(stderr, "corsim classify: %v\n", err)
		return exitRejected
	}
	if asJSON {
		out, err := json.MarshalIndent(c, "", "  ")
		if err != nil {
			fmt.Fprintf(stderr, "corsim classify: %v\n", err)
			return exitRejected
		}
		stdout.Write(append(out, '\n'))
		return exitOK
	}
	io.WriteString(stdout, c.text())
	return exitOK
}
