package corsimtest

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/corsim/corsim"
)

// probeStart is when a PreflightCached browser's fake clock starts.
var probeStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// A probe is one call PreflightCached makes, and what came of it (its fields
// are exported for go-cmp).
type probe struct {
	// After is how long after the first call the probe was made.
	After string
	// Outcome is how the call ended.
	Outcome corsim.Outcome
	// Preflight says whether the call sent a preflight: NoPreflight means the
	// preflight cache answered.
	Preflight Preflight
}

// PreflightCached asserts that a browser of profile p caches the preflight of
// req, made by a page of origin, for maxAge: the first call sends a preflight
// and succeeds; the same call maxAge minus one second later sends no
// preflight (the cache answers it); maxAge plus one second after the first,
// it sends one again. The browser runs on a fake clock, so nothing waits.
//
// The engines cap Access-Control-Max-Age (corsim's profiles: none in the
// spec, 7200 s in Chromium, 86400 s in Firefox, 600 s in WebKit) and read a
// missing or unparsable value as 5 s, except where they do not cache at all;
// see package preflightcache. A maxAge under one second asserts that the
// preflight is not cached: the same call made at once preflights again.
//
// req must need a preflight (a method other than GET, HEAD and POST, or a
// header that is not CORS-safelisted); otherwise there is nothing to cache
// and the assertion fails saying so.
func (s *Server) PreflightCached(t TB, p *corsim.Profile, origin string, req Request, maxAge time.Duration) bool {
	t.Helper()
	if p == nil {
		t.Errorf("corsimtest: PreflightCached: %v: no profile given", req)
		return false
	}
	prefix := fmt.Sprintf("corsimtest: PreflightCached: %v from %s under %s", req, origin, p.Name)
	probes := []time.Duration{0, maxAge - time.Second, maxAge + time.Second}
	want := []probe{
		{After: "0s", Outcome: corsim.OK, Preflight: PreflightSent},
		{After: probes[1].String(), Outcome: corsim.OK, Preflight: NoPreflight},
		{After: probes[2].String(), Outcome: corsim.OK, Preflight: PreflightSent},
	}
	if maxAge < time.Second {
		probes = []time.Duration{0, 0}
		want = []probe{
			{After: "0s", Outcome: corsim.OK, Preflight: PreflightSent},
			{After: "0s", Outcome: corsim.OK, Preflight: PreflightSent},
		}
	}

	clock := corsim.NewFakeClock(probeStart)
	page, err := s.page(p, clock, origin, "")
	if err != nil {
		t.Errorf("%s: %v", prefix, err)
		return false
	}
	var (
		got     []probe
		results []*corsim.Result
		elapsed time.Duration
	)
	for _, after := range probes {
		clock.Advance(after - elapsed)
		elapsed = after
		res, err := s.fetchFrom(contextOf(t), page, req)
		if err != nil {
			t.Errorf("%s: %v", prefix, err)
			return false
		}
		v := VerdictOf(res)
		got = append(got, probe{After: after.String(), Outcome: v.Outcome, Preflight: v.Preflight})
		results = append(results, res)
		if len(got) == 1 && v.Preflight == NoPreflight && v.Outcome != corsim.TypeError {
			t.Errorf("%s: the request needs no preflight, so there is nothing to cache "+
				"(a method other than GET, HEAD or POST, or a header that is not CORS-safelisted, needs one)", prefix)
			return false
		}
	}
	diff := cmp.Diff(want, got)
	if diff == "" {
		return true
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: cached for %v: probes mismatch (-want +got):\n%s", prefix, maxAge, diff)
	for i, res := range results {
		if i > 0 && got[i] == want[i] {
			continue
		}
		fmt.Fprintf(&b, "probe %d, after %s: ", i, got[i].After)
		writeResult(&b, res)
	}
	t.Errorf("%s", b.String())
	return false
}
