package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/corsim/corsim/conformance"
	"github.com/corsim/corsim/vectors"
)

func init() {
	register(command{
		name:    "browser",
		summary: "run scenario vectors in real headless engines and report every disagreement",
		usage:   browserUsage,
		run:     runBrowser,
		help:    browserHelp,
	})
}

const browserUsage = "[--engine chromium|firefox|webkit|all] [--json] [--table] [--run REGEXP] PATH... | --saved DIR [--engine ...] [--json] [--table]"

const browserAbout = `Run scenario vectors (files, or directories of *.json files) in real engines:
Debian's Chromium, Firefox ESR and WebKitGTK (MiniBrowser under Xvfb), each
vector in a fresh profile, against a loopback server that plays the vector's
routes and records what arrives; each step is judged against the vector's
expectation for that engine (expect patched by expectByEngine). Needs root and
the engines (.ci/browsers.sh installs them); nothing leaves loopback.

Every failing vector gets a diff; a vector an engine cannot show (a long
clock advance in Firefox, which has no fake clock) is reported as skipped,
never as passed. The last line counts vectors over all engines run:
"N passed, M failed" (and ", K skipped"). Exit status 1 when any vector
fails, 2 on a usage error or a malformed vector, 3 when an engine cannot be
started.
`

// exitNoEngine: an engine is missing or cannot start.
const exitNoEngine = 3

type browserArgs struct {
	engine   string
	asJSON   bool
	table    bool
	details  bool
	verbose  bool
	run      string
	batch    int
	parallel int
	timeout  time.Duration
	saved    string
	save     string
}

func browserFlags(a *browserArgs) *flag.FlagSet {
	fs := flag.NewFlagSet("browser", flag.ContinueOnError)
	fs.StringVar(&a.engine, "engine", "all", "the `engine`: chromium, firefox, webkit, or all")
	fs.BoolVar(&a.asJSON, "json", false, "print one JSON report instead of text")
	fs.BoolVar(&a.details, "details", false, "with --json: keep what script saw and what was sent for passing vectors too")
	fs.BoolVar(&a.table, "table", false, "print a Markdown conformance table (engine, version, vectors run, agreed) instead of text")
	fs.BoolVar(&a.verbose, "v", false, "print each vector's verdict on stderr as it finishes")
	fs.StringVar(&a.run, "run", "", "run only the vectors whose name matches `REGEXP`")
	fs.IntVar(&a.batch, "batch", conformance.DefaultBatch, "vectors per engine process (1: a fresh process for each)")
	fs.IntVar(&a.parallel, "parallel", 2, "engine instances at once")
	fs.DurationVar(&a.timeout, "step-timeout", 20*time.Second, "longest wait for one step")
	fs.StringVar(&a.save, "save", "", "also write each engine's report to `DIR`/report-ENGINE.json (as --json, --details applies), for --saved")
	fs.StringVar(&a.saved, "saved", "", "run nothing: read the reports a run saved in `DIR` (report-ENGINE.json, as --json writes each engine's) and print them")
	return fs
}

func browserHelp(w io.Writer) {
	fmt.Fprintf(w, "usage: corsim browser %s\n\n%s\nflags:\n", browserUsage, browserAbout)
	var a browserArgs
	fs := browserFlags(&a)
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// browserReport is the JSON report of a run over one or more engines.
type browserReport struct {
	Engines []*conformance.Report `json:"engines"`
	Passed  int                   `json:"passed"`
	Failed  int                   `json:"failed"`
	Skipped int                   `json:"skipped"`
}

func runBrowser(args []string, stdout, stderr io.Writer) int {
	var a browserArgs
	fs := browserFlags(&a)
	fs.SetOutput(io.Discard)
	bad := func(format string, v ...any) int {
		fmt.Fprintf(stderr, "corsim browser: "+format+"\nusage: corsim browser %s\n", append(v, browserUsage)...)
		return exitUsage
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			browserHelp(stdout)
			return exitOK
		}
		return bad("%v", err)
	}
	engines := conformance.Engines
	if a.engine != "all" {
		if !oneOf(a.engine, conformance.Engines...) {
			return bad("unknown engine %q (want chromium, firefox, webkit or all)", a.engine)
		}
		engines = []string{a.engine}
	}
	if a.saved != "" {
		if fs.NArg() > 0 {
			return bad("--saved reads saved reports: give no vector file or directory")
		}
		var rep browserReport
		for _, name := range engines {
			r, err := readSavedReport(filepath.Join(a.saved, "report-"+name+".json"), name)
			if err != nil {
				fmt.Fprintf(stderr, "corsim browser: %v\n", err)
				return exitUsage
			}
			rep.add(r)
		}
		return printBrowserReport(&a, &rep, stdout, stderr)
	}
	if fs.NArg() == 0 {
		return bad("no vector file or directory given")
	}
	if a.batch < 1 || a.parallel < 1 {
		return bad("--batch and --parallel must be at least 1")
	}
	var only *regexp.Regexp
	if a.run != "" {
		var err error
		if only, err = regexp.Compile(a.run); err != nil {
			return bad("--run: %v", err)
		}
	}
	vs, err := vectors.Load(fs.Args()...)
	if err != nil {
		fmt.Fprintf(stderr, "corsim browser: %v\n", err)
		return exitUsage
	}
	if only != nil {
		var kept []vectors.Vector
		for _, v := range vs {
			if only.MatchString(v.Name) {
				kept = append(kept, v)
			}
		}
		if len(kept) == 0 {
			return bad("--run %q matches no vector", a.run)
		}
		vs = kept
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts := conformance.Options{Batch: a.batch, Parallel: a.parallel, StepTimeout: a.timeout}
	var rep browserReport
	for _, name := range engines {
		if a.verbose {
			opts.Progress = func(r conformance.VectorResult) {
				fmt.Fprintf(stderr, "%s %-4s %s (%.2f s) %s\n", name, r.Verdict, r.Name, r.Seconds, r.Why)
			}
		}
		r, err := conformance.Run(ctx, name, vs, opts)
		if err != nil {
			fmt.Fprintf(stderr, "corsim browser: %v\n", err)
			if r == nil {
				return exitNoEngine
			}
		}
		if !a.details {
			r = r.Compact()
		}
		rep.add(r)
		if a.save != "" {
			if err := saveReport(filepath.Join(a.save, "report-"+name+".json"), r); err != nil {
				fmt.Fprintf(stderr, "corsim browser: %v\n", err)
				return exitUsage
			}
		}
		if ctx.Err() != nil {
			break
		}
	}

	code := printBrowserReport(&a, &rep, stdout, stderr)
	if code == exitOK && ctx.Err() != nil {
		return exitRejected
	}
	return code
}

// add counts r into the report.
func (rep *browserReport) add(r *conformance.Report) {
	rep.Engines = append(rep.Engines, r)
	rep.Passed += r.Passed
	rep.Failed += r.Failed
	rep.Skipped += r.Skipped
}

// saveReport writes r to path as --json would, for --saved to read.
func saveReport(path string, r *conformance.Report) error {
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// readSavedReport reads one engine's report as --json wrote it, checking
// that it is that engine's.
func readSavedReport(path, engine string) (*conformance.Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r conformance.Report
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if r.Engine != engine {
		return nil, fmt.Errorf("%s: the report is %q's, not %s's", path, r.Engine, engine)
	}
	return &r, nil
}

// printBrowserReport prints rep as a's flags ask and returns the exit
// status: 1 when a vector failed.
func printBrowserReport(a *browserArgs, rep *browserReport, stdout, stderr io.Writer) int {
	switch {
	case a.asJSON:
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "corsim browser: %v\n", err)
			return exitUsage
		}
	case a.table:
		io.WriteString(stdout, conformanceTable(rep.Engines))
	default:
		for _, r := range rep.Engines {
			r.WriteText(stdout)
		}
		line := fmt.Sprintf("%d passed, %d failed", rep.Passed, rep.Failed)
		if rep.Skipped > 0 {
			line += fmt.Sprintf(", %d skipped", rep.Skipped)
		}
		fmt.Fprintln(stdout, line)
	}
	if rep.Failed > 0 {
		return exitRejected
	}
	return exitOK
}

// conformanceTable renders the README's conformance table: one row per
// engine, with the vectors run (skipped ones excluded) and how many agreed.
func conformanceTable(reps []*conformance.Report) string {
	var b strings.Builder
	b.WriteString("| engine | version | vectors run | agreed | skipped |\n|---|---|---:|---:|---:|\n")
	for _, r := range reps {
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d |\n", r.Engine, r.Version, r.Passed+r.Failed, r.Passed, r.Skipped)
	}
	return b.String()
}
