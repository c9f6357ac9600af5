package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/vectors"
)

func init() {
	register(command{
		name:    "vectors",
		summary: "run scenario vectors in the simulator and report every disagreement",
		usage:   vectorsUsage,
		run:     runVectors,
		help:    vectorsHelp,
	})
}

const vectorsUsage = "[--profile spec|chromium|firefox|webkit|all] [--json] PATH..."

const vectorsAbout = `Run scenario vectors (files, or directories of *.json files, in the format
of spec_vectors/README.md) in the simulator, each in a fresh browser, under
one profile or all four. Every failing vector gets a diff of what it expects
against what happened; the last line counts runs: "N passed, M failed".
Exit status 1 when any run fails, 2 when a file cannot be read or a vector is
malformed (the error names the file, the vector and the field).
`

func vectorsFlags(profile *string, asJSON *bool) *flag.FlagSet {
	fs := flag.NewFlagSet("vectors", flag.ContinueOnError)
	fs.StringVar(profile, "profile", "all", "the `profile` to run under: spec, chromium, firefox, webkit, or all")
	fs.BoolVar(asJSON, "json", false, "print one JSON report instead of text")
	return fs
}

func vectorsHelp(w io.Writer) {
	fmt.Fprintf(w, "usage: corsim vectors %s\n\n%s\nflags:\n", vectorsUsage, vectorsAbout)
	var p string
	var j bool
	fs := vectorsFlags(&p, &j)
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// vectorRun is one vector under one profile, as the JSON report gives it.
type vectorRun struct {
	Vector     string   `json:"vector"`
	File       string   `json:"file"`
	Profile    string   `json:"profile"`
	Passed     bool     `json:"passed"`
	Mismatches []string `json:"mismatches,omitempty"`
}

type vectorsReport struct {
	Runs   []vectorRun `json:"runs"`
	Passed int         `json:"passed"`
	Failed int         `json:"failed"`
}

func runVectors(args []string, stdout, stderr io.Writer) int {
	var profile string
	var asJSON bool
	fs := vectorsFlags(&profile, &asJSON)
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			vectorsHelp(stdout)
			return exitOK
		}
		fmt.Fprintf(stderr, "corsim vectors: %v\nusage: corsim vectors %s\n", err, vectorsUsage)
		return exitUsage
	}
	profiles, err := profilesFor(profile)
	if err != nil {
		fmt.Fprintf(stderr, "corsim vectors: %v\nusage: corsim vectors %s\n", err, vectorsUsage)
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintf(stderr, "corsim vectors: no vector file or directory given\nusage: corsim vectors %s\n", vectorsUsage)
		return exitUsage
	}
	vs, err := vectors.Load(fs.Args()...)
	if err != nil {
		fmt.Fprintf(stderr, "corsim vectors: %v\n", err)
		return exitUsage
	}

	var rep vectorsReport
	for _, p := range profiles {
		for i := range vs {
			v := &vs[i]
			r := corsim.RunVector(context.Background(), v, p)
			run := vectorRun{Vector: v.Name, File: v.File, Profile: p.Name, Passed: r.Passed()}
			if run.Passed {
				rep.Passed++
			} else {
				rep.Failed++
				run.Mismatches = diffLines(r)
				if !asJSON {
					fmt.Fprintf(stdout, "FAIL %s (%s) under %s\n%s", v.Name, v.File, p.Name, r.Diff())
				}
			}
			rep.Runs = append(rep.Runs, run)
		}
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "corsim vectors: %v\n", err)
			return exitUsage
		}
	} else {
		fmt.Fprintf(stdout, "%d passed, %d failed\n", rep.Passed, rep.Failed)
	}
	if rep.Failed > 0 {
		return exitRejected
	}
	return exitOK
}

// diffLines lists a report's mismatches, one string each.
func diffLines(r *corsim.VectorReport) []string {
	var out []string
	if r.Err != nil {
		out = append(out, "error: "+r.Err.Error())
	}
	for i, s := range r.Steps {
		for _, m := range s.Mismatches {
			out = append(out, fmt.Sprintf("steps[%d].%s", i, m))
		}
	}
	return out
}

// profilesFor resolves the --profile flag.
func profilesFor(name string) ([]*corsim.Profile, error) {
	if name == "all" {
		return corsim.Profiles, nil
	}
	p, err := corsim.ProfileByName(name)
	if err != nil {
		return nil, err
	}
	return []*corsim.Profile{p}, nil
}
