package conformance

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/corsim/corsim/vectors"
)

// A batch is vectors run by one engine process, or one vector skipped.
type batch struct {
	vectors []int  // indexes into the run's vectors
	skip    string // why the single vector is skipped; "" to run
}

// planBatches groups vs, in order, into batches of at most opts.Batch
// vectors. Vectors that need the fake clock go together (their process runs
// under libfaketime), as do those that do not; a vector that cannot be
// renamed (an IP-address host), or whose URL lengths matter, runs alone; a vector the engine cannot observe
// is skipped.
func planBatches(eng engine, vs []vectors.Vector, opts Options) []batch {
	var out []batch
	var open [2]*batch // by needsClock
	flush := func(k int) {
		if open[k] != nil {
			out = append(out, *open[k])
			open[k] = nil
		}
	}
	for i := range vs {
		v := &vs[i]
		if why := skipReason(eng, v, opts); why != "" {
			out = append(out, batch{vectors: []int{i}, skip: why})
			continue
		}
		if _, err := newRenaming(v, batchTag(1)); err != nil || opts.Batch == 1 || lengthSensitive(v) {
			out = append(out, batch{vectors: []int{i}})
			continue
		}
		k := 0
		if needsClock(eng, v) {
			k = 1
		}
		if open[k] == nil {
			open[k] = &batch{}
		}
		open[k].vectors = append(open[k].vectors, i)
		if len(open[k].vectors) == opts.Batch {
			flush(k)
		}
	}
	flush(0)
	flush(1)
	slices.SortStableFunc(out, func(a, b batch) int { return a.vectors[0] - b.vectors[0] })
	return out
}

// needsClock reports whether v runs under eng's fake clock.
func needsClock(eng engine, v *vectors.Vector) bool {
	if !eng.fakeClock() {
		return false
	}
	for _, s := range v.Steps {
		if s.Advance > 0 {
			return true
		}
	}
	return false
}

// skipReason says why v cannot be run in eng, or "".
func skipReason(eng engine, v *vectors.Vector, opts Options) string {
	if eng.fakeClock() {
		return ""
	}
	for i, s := range v.Steps {
		if s.Advance > opts.MaxRealWait {
			return fmt.Sprintf("step %d advances the clock %v; %s has no fake clock and real waits stop at %v",
				i, s.Advance, eng.name(), opts.MaxRealWait)
		}
	}
	return ""
}

// withRenamedHosts adds to hosts their renamed forms for every batch
// position after the first, so the certificate and hosts files cover them.
func withRenamedHosts(hosts []string, batchSize int) []string {
	out := slices.Clone(hosts)
	for k := 1; k < batchSize; k++ {
		r := &renaming{tag: batchTag(k)}
		for _, h := range hosts {
			if site, err := registrableDomain(h); err == nil && !slices.Contains(r.sites, site) {
				r.sites = append(r.sites, site)
			}
		}
		for _, h := range hosts {
			if n := r.forward(h); n != h {
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// runLaunch starts the engine once and runs vectors idx[0], idx[1], ... in
// it until one fails to run (timeout, crash) or all are done; it fills
// results and returns how many vectors it consumed. When the engine never
// loads the first page and retry is set, it returns 0 and fills nothing: a
// start-up that stalls (seen with Firefox on a loaded machine) says nothing
// about the vector, so the caller starts the engine once more.
func runLaunch(ctx context.Context, eng engine, env *runEnv, sl *slot, vs []vectors.Vector, idx []int, results []VectorResult, opts Options, retry bool) int {
	start := time.Now()
	fail := func(n int, err error) int {
		for _, i := range idx[:n] {
			results[i] = VectorResult{Name: vs[i].Name, File: vs[i].File, Verdict: Fail, Why: err.Error(),
				Seconds: roundSeconds(time.Since(start))}
			if opts.Progress != nil {
				opts.Progress(results[i])
			}
		}
		return n
	}
	dir, err := os.MkdirTemp(env.dir, "launch-")
	if err != nil {
		return fail(1, err)
	}
	if !opts.KeepTemp {
		defer os.RemoveAll(dir)
	}

	clock := needsClock(eng, &vs[idx[0]])
	l := &launch{dir: dir, hostsFile: sl.hostsFile}
	advance := func(d time.Duration) error {
		select {
		case <-time.After(d):
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if clock {
		c, err := newFakeClock(filepath.Join(dir, "faketime"))
		if err != nil {
			return fail(1, err)
		}
		l.clockFile, advance = c.file, c.advance
	}

	players := make([]*player, len(idx))
	for k, i := range idx {
		var r *renaming
		if k > 0 {
			if r, err = newRenaming(&vs[i], batchTag(k)); err != nil {
				return fail(1, err) // planBatches keeps such vectors alone
			}
		}
		rv := renameVector(vs[i], r)
		players[k] = newPlayer(sessionID(), &rv, r, advance)
	}
	for k := 0; k+1 < len(players); k++ {
		players[k].nextURL = topURL(players[k+1].id, players[k+1].vec)
	}
	l.url = topURL(players[0].id, players[0].vec)
	sl.server.load(players)
	defer sl.server.unload()

	j, err := eng.jail(env, l)
	if err != nil {
		return fail(1, err)
	}
	proc, err := j.start()
	if err != nil {
		return fail(1, err)
	}
	ran, times := 0, make([]time.Duration, len(players))
	var runErr error
	last := start
	for k, p := range players {
		allowance := navigationAllowance
		if k == 0 {
			allowance = startupAllowance
		}
		runErr = wait(ctx, p, proc, opts.StepTimeout, allowance)
		if k == 0 && retry && errors.Is(runErr, errNeverStarted) {
			proc.stop()
			return 0
		}
		now := time.Now()
		times[k], last = now.Sub(last), now
		ran = k + 1
		if runErr != nil {
			break
		}
	}
	proc.stop()
	if opts.KeepTemp {
		os.WriteFile(filepath.Join(dir, "engine-output.txt"), []byte(proc.output()), 0o644)
	}
	for k := 0; k < ran; k++ {
		i := idx[k]
		res := judgeVector(eng.name(), &vs[i], players[k])
		res.Seconds = roundSeconds(times[k])
		if k == ran-1 && runErr != nil {
			res.Verdict, res.Why = Fail, runErr.Error()
			if out := strings.TrimSpace(proc.output()); out != "" {
				res.EngineOutput = tail(out, 2000)
			}
		}
		results[i] = res
		if opts.Progress != nil {
			opts.Progress(res)
		}
	}
	return ran
}

var errNeverStarted = errors.New("the harness page never asked for the first step")

// navigationAllowance is added to the first step's timeout of a vector that
// is not the first in its process (the page navigates to it).
const navigationAllowance = 10 * time.Second

// wait waits until the page reports p's last step, with a timeout per step.
func wait(ctx context.Context, p *player, proc *process, stepTimeout, allowance time.Duration) error {
	timer := time.NewTimer(stepTimeout + allowance)
	defer timer.Stop()
	step := -1
	for {
		select {
		case <-p.done:
			return p.failure()
		case step = <-p.progress:
			timer.Reset(stepTimeout)
		case <-timer.C:
			if step < 0 {
				return fmt.Errorf("%w within %v (did the engine start and trust the CA?)", errNeverStarted, stepTimeout+allowance)
			}
			return fmt.Errorf("step %d did not report within %v", step, stepTimeout)
		case <-proc.exit:
			return fmt.Errorf("the engine exited during step %d: %v", step, proc.err)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// judgeVector compares what p observed with v's expectations for engine.
func judgeVector(engineName string, v *vectors.Vector, p *player) VectorResult {
	res := VectorResult{Name: v.Name, File: v.File, Verdict: Pass}
	for i := range v.Steps {
		s := judgeStep(engineName, &v.Steps[i], i, p)
		if len(s.Mismatches) > 0 {
			res.Verdict = Fail
		}
		res.Steps = append(res.Steps, s)
	}
	if err := p.failure(); err != nil {
		res.Verdict, res.Why = Fail, err.Error()
	}
	if st := p.strays(); len(st) > 0 {
		res.Strays = st
	}
	return res
}

func judgeStep(engineName string, s *vectors.Step, i int, p *player) StepResult {
	sr := p.result(i)
	rec := p.recorded(i)
	r := StepResult{
		Index:        i,
		Script:       sr,
		Sent:         rec,
		Unobservable: unobservable(s.Request.API),
	}
	if _, ok := s.ExpectByEngine[engineName]; ok {
		r.Patched = true
	}
	if sr == nil {
		r.Mismatches = []vectors.Mismatch{{Field: "step", Want: "run", Got: "not reported by the harness"}}
		return r
	}
	want := judgeable(s.ExpectFor(engineName), s.Request.API)
	r.Mismatches = vectors.Compare(want, observe(sr, rec))
	return r
}

// longURL is the length from which a vector's request URL may be measured by
// an engine: Chromium caches no preflight for a URL of 1024 bytes or more
// (preflightcache.Policy.MaxURLLength), and a few more bytes of host name
// would move a URL across that line.
const longURL = 900

// lengthSensitive reports whether a step of v requests a URL long enough
// that renaming its host (a batch tag adds bytes to it) could change what
// the engine does: such a vector runs alone, under the names it was written
// with.
func lengthSensitive(v *vectors.Vector) bool {
	for _, st := range v.Steps {
		if len(st.Request.URL) >= longURL {
			return true
		}
	}
	return false
}
