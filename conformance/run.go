package conformance

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/corsim/corsim/vectors"
)

// Options tune a Run. The zero value is usable.
type Options struct {
	// Parallel is how many engine instances run at once, each on its own
	// loopback address with its own server (default 2: on the 2-core
	// machine two instances finish the suite about 1.4 times faster than
	// one, with the same results).
	Parallel int

	// Batch is how many vectors one engine process runs, one after the
	// other, each under host names of its own (see rename.go); 1 starts a
	// fresh process for every vector (default DefaultBatch).
	Batch int

	// StepTimeout bounds the wait for one step's report (default 20 s); the
	// first step's wait also covers the engine's start-up.
	StepTimeout time.Duration

	// MaxRealWait is the longest advance waited for in real time by an
	// engine without a fake clock (default 10 s); a vector with a longer
	// advance is skipped for that engine.
	MaxRealWait time.Duration

	// TempDir holds the run's files (default os.TempDir()).
	TempDir string

	// FirstAddr is the loopback address of the first instance; instance i
	// uses the i-th address after it (default 127.0.80.1).
	FirstAddr netip.Addr

	// Progress, when set, is called after each vector, from the goroutine
	// that ran it.
	Progress func(VectorResult)

	// KeepTemp keeps each launch's directory (profile, engine output) for
	// inspection instead of removing it.
	KeepTemp bool
}

func (o Options) withDefaults() Options {
	if o.Parallel < 1 {
		o.Parallel = 2
	}
	if o.Batch < 1 {
		o.Batch = DefaultBatch
	}
	if o.StepTimeout <= 0 {
		o.StepTimeout = 20 * time.Second
	}
	if o.MaxRealWait <= 0 {
		o.MaxRealWait = 10 * time.Second
	}
	if o.TempDir == "" {
		o.TempDir = os.TempDir()
	}
	if !o.FirstAddr.IsValid() {
		o.FirstAddr = netip.AddrFrom4([4]byte{127, 0, 80, 1})
	}
	return o
}

// DefaultBatch is the default of Options.Batch.
const DefaultBatch = 16

// startupAllowance is added to the first step's timeout.
const startupAllowance = 30 * time.Second

// faketimeLib is Debian's libfaketime (package libfaketime).
const faketimeLib = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"

// Run runs every vector in the named engine ("chromium", "firefox" or
// "webkit"), in fresh processes with fresh profiles, and judges each step
// against the step's expectation for that engine. An error is returned
// only when the run cannot start (engine missing, no loopback listener);
// a vector that fails to run is a failed vector in the Report.
func Run(ctx context.Context, engineName string, vs []vectors.Vector, opts Options) (*Report, error) {
	opts = opts.withDefaults()
	eng, err := newEngine(engineName)
	if err != nil {
		return nil, err
	}
	version, err := eng.version(ctx)
	if err != nil {
		return nil, fmt.Errorf("conformance: %s is not usable: %w", engineName, err)
	}
	if os.Geteuid() != 0 {
		return nil, errors.New("conformance: needs root (engines run in mount and PID namespaces, servers listen on port 443)")
	}

	dir, err := os.MkdirTemp(opts.TempDir, "corsim-"+engineName+"-")
	if err != nil {
		return nil, err
	}
	if !opts.KeepTemp {
		defer os.RemoveAll(dir)
	}

	hosts, ports := Hosts(vs)
	hosts = withRenamedHosts(hosts, opts.Batch)
	ca, err := newAuthority(append(hosts, "localhost"), 30*24*time.Hour+totalAdvance(vs))
	if err != nil {
		return nil, err
	}
	env := &runEnv{
		dir:      dir,
		caPEM:    filepath.Join(dir, "ca.pem"),
		caBundle: filepath.Join(dir, "ca-bundle.crt"),
		resolv:   filepath.Join(dir, "resolv.conf"),
		faketime: faketimeLib,
	}
	system, err := os.ReadFile(systemCABundle)
	if err != nil {
		system = nil // no system bundle: trust only the CA
	}
	for _, f := range []struct {
		path string
		data []byte
	}{
		{env.caPEM, ca.CertPEM},
		{env.caBundle, append(append(system, '\n'), ca.CertPEM...)},
		{env.resolv, []byte("nameserver 127.0.0.1\noptions timeout:1 attempts:1\n")},
	} {
		if err := os.WriteFile(f.path, f.data, 0o644); err != nil {
			return nil, err
		}
	}
	if eng.fakeClock() {
		if _, err := os.Stat(faketimeLib); err != nil {
			return nil, fmt.Errorf("conformance: libfaketime missing (apt-get install faketime): %w", err)
		}
	}
	if err := eng.setup(ctx, env); err != nil {
		return nil, fmt.Errorf("conformance: %s setup: %w", engineName, err)
	}
	defer eng.teardown()

	// One server and hosts file per instance.
	slots := make([]*slot, opts.Parallel)
	addr := opts.FirstAddr
	for i := range slots {
		srv, err := newServer(addr, ports, ca.Leaf)
		if err != nil {
			for _, s := range slots[:i] {
				s.server.Close()
			}
			return nil, err
		}
		hostsFile := filepath.Join(dir, "hosts-"+addr.String())
		if err := os.WriteFile(hostsFile, []byte(hostsFileText(addr, hosts)), 0o644); err != nil {
			return nil, err
		}
		slots[i] = &slot{server: srv, hostsFile: hostsFile}
		addr = addr.Next()
	}
	defer func() {
		for _, s := range slots {
			s.server.Close()
		}
	}()

	rep := &Report{Engine: engineName, Version: version, Started: time.Now().UTC()}
	results := make([]VectorResult, len(vs))
	for i := range vs { // what a cancelled run leaves
		results[i] = VectorResult{Name: vs[i].Name, File: vs[i].File, Verdict: Fail, Why: "not run: the run was cancelled"}
	}
	var batches [][]int
	for _, b := range planBatches(eng, vs, opts) {
		if b.skip == "" {
			batches = append(batches, b.vectors)
			continue
		}
		i := b.vectors[0]
		results[i] = VectorResult{Name: vs[i].Name, File: vs[i].File, Verdict: Skip, Why: b.skip}
		if opts.Progress != nil {
			opts.Progress(results[i])
		}
	}
	work := make(chan []int)
	var wg sync.WaitGroup
	for _, sl := range slots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				retries := 1
				for len(b) > 0 && ctx.Err() == nil {
					n := runLaunch(ctx, eng, env, sl, vs, b, results, opts, retries > 0)
					if n == 0 {
						retries--
						continue
					}
					retries = 1
					b = b[n:]
				}
			}
		}()
	}
feed:
	for _, b := range batches {
		select {
		case work <- b:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	rep.Vectors = results
	rep.Seconds = roundSeconds(time.Since(rep.Started))
	rep.count()
	return rep, ctx.Err()
}

// A slot is one engine instance's network: its server and hosts file.
type slot struct {
	server    *server
	hostsFile string
}

func hostsFileText(addr netip.Addr, hosts []string) string {
	var b strings.Builder
	b.WriteString("127.0.0.1 localhost\n")
	for _, h := range hosts {
		if _, err := netip.ParseAddr(h); err == nil {
			continue
		}
		b.WriteString(addr.String() + " " + h + "\n")
	}
	return b.String()
}

// totalAdvance is the sum of every advance: the farthest any engine clock
// can be moved in a run, batches included.
func totalAdvance(vs []vectors.Vector) time.Duration {
	var sum time.Duration
	for _, v := range vs {
		for _, s := range v.Steps {
			sum += s.Advance
		}
	}
	return sum
}

func sessionID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func roundSeconds(d time.Duration) float64 {
	return float64(d.Milliseconds()) / 1000
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

func itoa(n int) string { return strconv.Itoa(n) }
