package conformance

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/corsim/corsim/vectors"
)

// Verdicts of a vector.
const (
	Pass = "pass" // every step did what the engine's expectation says
	Fail = "fail" // a step differed, or the vector could not be run
	Skip = "skip" // the vector cannot be observed in this engine (Why says why); never a pass
)

// A Report is the result of one Run: one engine, many vectors.
type Report struct {
	Engine  string    `json:"engine"`
	Version string    `json:"version"`
	Started time.Time `json:"started"`
	Seconds float64   `json:"seconds"`

	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`

	Vectors []VectorResult `json:"vectors"`
}

// A VectorResult is the verdict on one vector.
type VectorResult struct {
	Name    string  `json:"name"`
	File    string  `json:"file,omitempty"`
	Verdict string  `json:"verdict"`
	Why     string  `json:"why,omitempty"` // skip reason, or why the vector could not run
	Seconds float64 `json:"seconds"`

	Steps        []StepResult `json:"steps,omitempty"`
	Strays       []Recorded   `json:"strays,omitempty"`       // requests to the vector's hosts before its first step (the engine's own)
	EngineOutput string       `json:"engineOutput,omitempty"` // the engine's last output, when it could not run
}

// A StepResult is what one step did and how it compares.
type StepResult struct {
	Index        int                `json:"index"`
	Patched      bool               `json:"patched,omitempty"` // the expectation has a patch for this engine
	Mismatches   []vectors.Mismatch `json:"mismatches,omitempty"`
	Unobservable []string           `json:"unobservable,omitempty"` // expectation fields the API cannot show
	Script       *ScriptResult      `json:"script"`
	Sent         []Recorded         `json:"sent"`
}

func (r *Report) count() {
	r.Passed, r.Failed, r.Skipped = 0, 0, 0
	for _, v := range r.Vectors {
		switch v.Verdict {
		case Pass:
			r.Passed++
		case Skip:
			r.Skipped++
		default:
			r.Failed++
		}
	}
}

// Compact returns a copy of r without the details of passing vectors (what
// script saw and what was sent), for keeping reports small; failing and
// skipped vectors keep everything.
func (r *Report) Compact() *Report {
	c := *r
	c.Vectors = make([]VectorResult, len(r.Vectors))
	for i, v := range r.Vectors {
		if v.Verdict == Pass {
			v.Steps = nil
		}
		c.Vectors[i] = v
	}
	return &c
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes a diff per failing vector, a line per skipped one, and a
// closing line "N passed, M failed" (with ", K skipped" when any were).
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	for _, v := range r.Vectors {
		switch v.Verdict {
		case Fail:
			fmt.Fprintf(&b, "--- FAIL %s [%s %s]", v.Name, r.Engine, r.Version)
			if v.File != "" {
				fmt.Fprintf(&b, " (%s)", v.File)
			}
			b.WriteString("\n")
			if v.Why != "" {
				fmt.Fprintf(&b, "    %s\n", v.Why)
			}
			for _, s := range v.Steps {
				if len(s.Mismatches) == 0 {
					continue
				}
				patched := ""
				if s.Patched {
					patched = " (expectation patched for " + r.Engine + ")"
				}
				fmt.Fprintf(&b, "    step %d%s: script saw %s\n", s.Index, patched, describeScript(s.Script))
				for _, m := range s.Mismatches {
					fmt.Fprintf(&b, "        %s\n", m)
				}
			}
		case Skip:
			fmt.Fprintf(&b, "--- SKIP %s [%s]: %s\n", v.Name, r.Engine, v.Why)
		}
	}
	fmt.Fprintf(&b, "%s %s: %d passed, %d failed", r.Engine, r.Version, r.Passed, r.Failed)
	if r.Skipped > 0 {
		fmt.Fprintf(&b, ", %d skipped", r.Skipped)
	}
	fmt.Fprintf(&b, " (%.1f s)\n", r.Seconds)
	_, err := io.WriteString(w, b.String())
	return err
}
