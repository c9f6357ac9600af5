package corsimtest

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/corsim/corsim"
)

// A Scenario is one fetch() call by a page, and the verdict the test wants
// from each engine profile.
type Scenario struct {
	// Name, when given, starts every failure message.
	Name string
	// Origin is the page's origin, such as "https://app.example", or "null"
	// for an opaque origin (a sandboxed frame).
	Origin string
	// TopLevel is the origin of the top-level page when the page is a frame
	// embedded in another site's page; "" when the page is the top level.
	TopLevel string
	// Before lists calls the page makes first, in the same browser, whatever
	// comes of them: to fill the preflight cache, for one.
	Before []Request
	// Request is the call the page makes, and the one judged.
	Request Request
	// Want is the verdict wanted under every profile without an entry in
	// WantByProfile. Its Outcome is required.
	Want Verdict
	// WantByProfile replaces Want for the profiles it names ("spec",
	// "chromium", "firefox", "webkit"), where engines are known to differ.
	WantByProfile map[string]Verdict
}

// Check makes sc's call under each of s's profiles, in a fresh browser each
// time (an empty preflight cache and cookie jar), and reports a failure for
// each verdict that differs from the one wanted: once, naming every profile
// that gave it. It reports whether every profile gave the wanted verdict.
func (s *Server) Check(t TB, sc Scenario) bool {
	t.Helper()
	prefix := "corsimtest: "
	if sc.Name != "" {
		prefix += sc.Name + ": "
	}
	if err := sc.validate(); err != nil {
		t.Errorf("%s%v", prefix, err)
		return false
	}
	var js []judgement
	for _, p := range s.Profiles() {
		want := sc.Want
		if w, found := sc.WantByProfile[p.Name]; found {
			want = w
		}
		j, err := s.judge(contextOf(t), p, sc.Origin, sc.TopLevel, sc.Before, sc.Request, want)
		if err != nil {
			t.Errorf("%s%v from %s: %v", prefix, sc.Request, sc.Origin, err)
			return false
		}
		js = append(js, j)
	}
	return report(t, prefix, sc.Origin, sc.Before, sc.Request, js)
}

// validate reports a scenario that cannot be judged.
func (sc *Scenario) validate() error {
	if sc.Want.Outcome == "" {
		return fmt.Errorf("the scenario wants no Outcome (set Want.Outcome)")
	}
	names := make([]string, 0, len(sc.WantByProfile))
	for name := range sc.WantByProfile {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, err := corsim.ProfileByName(name); err != nil {
			return fmt.Errorf("WantByProfile[%q]: %v", name, err)
		}
		if sc.WantByProfile[name].Outcome == "" {
			return fmt.Errorf("WantByProfile[%q] wants no Outcome", name)
		}
	}
	return nil
}

// A judgement is one profile's verdict on a call, beside the one wanted.
type judgement struct {
	profile string
	want    Verdict
	got     Verdict // reduced to the fields want checks
	note    string  // a line to show after the diff
	res     *corsim.Result
	earlier []*corsim.Result // the results of the calls made before
}

func (j *judgement) passed() bool { return cmp.Equal(j.want, j.got, cmpopts.EquateEmpty()) }

// judge makes the calls before, then req, from a page of origin in a fresh
// browser of profile p, and judges the verdict of req against want.
func (s *Server) judge(ctx context.Context, p *corsim.Profile, origin, topLevel string, before []Request, req Request, want Verdict) (judgement, error) {
	j := judgement{profile: p.Name, want: want}
	page, err := s.page(p, nil, origin, topLevel)
	if err != nil {
		return j, err
	}
	for _, r := range before {
		res, err := s.fetchFrom(ctx, page, r)
		if err != nil {
			return j, fmt.Errorf("before it, %v: %w", r, err)
		}
		j.earlier = append(j.earlier, res)
	}
	if j.res, err = s.fetchFrom(ctx, page, req); err != nil {
		return j, err
	}
	j.got = want.checked(VerdictOf(j.res))
	return j, nil
}

// report reports the judgements that failed, one failure for each distinct
// pair of wanted and reduced verdicts (and note), naming the profiles that
// gave it, and reports whether every judgement passed.
func report(t TB, prefix, origin string, before []Request, req Request, js []judgement) bool {
	t.Helper()
	var groups [][]judgement
	for _, j := range js {
		if j.passed() {
			continue
		}
		found := false
		for i, g := range groups {
			if cmp.Equal(g[0].want, j.want, cmpopts.EquateEmpty()) && cmp.Equal(g[0].got, j.got, cmpopts.EquateEmpty()) && g[0].note == j.note {
				groups[i] = append(g, j)
				found = true
				break
			}
		}
		if !found {
			groups = append(groups, []judgement{j})
		}
	}
	for _, g := range groups {
		var (
			names    []string
			consoles []string
		)
		for _, j := range g {
			names = append(names, j.profile)
			if e := consoleEngine(j.profile); !slices.Contains(consoles, e) {
				consoles = append(consoles, e)
			}
		}
		first := g[0]
		var b strings.Builder
		fmt.Fprintf(&b, "%s%v from %s under %s: verdict mismatch (-want +got):\n%s", prefix, req, origin,
			strings.Join(names, ", "), cmp.Diff(first.want, first.got, cmpopts.EquateEmpty()))
		if first.note != "" {
			b.WriteString(first.note + "\n")
		}
		for i, r := range first.earlier {
			v := VerdictOf(r)
			fmt.Fprintf(&b, "before it, %v: %s, preflight %s\n", before[i], v.Outcome, v.Preflight)
		}
		if len(g) > 1 {
			fmt.Fprintf(&b, "(%s's exchange)\n", first.profile)
		}
		writeWire(&b, first.res)
		for i, j := range g {
			if e := consoleEngine(j.profile); slices.Contains(consoles, e) {
				writeWhy(&b, j.res, e, i == 0)
				consoles = slices.DeleteFunc(consoles, func(c string) bool { return c == e })
			}
		}
		t.Errorf("%s", b.String())
	}
	return len(groups) == 0
}

// page opens a page of origin (embedded under topLevel, if given) in a fresh
// browser of profile p on s's network, on clock when it is not nil.
func (s *Server) page(p *corsim.Profile, clock corsim.Clock, origin, topLevel string) (*corsim.Page, error) {
	if s.err != nil {
		return nil, s.err
	}
	var opts []corsim.Option
	if clock != nil {
		opts = append(opts, corsim.WithClock(clock))
	}
	b, err := corsim.NewBrowser(p, s.network, opts...)
	if err != nil {
		return nil, err
	}
	var popts []corsim.PageOption
	if topLevel != "" {
		popts = append(popts, corsim.EmbeddedIn(topLevel))
	}
	return b.Open(origin, popts...)
}

// Fetch makes req from a page of origin in a fresh browser of profile p (an
// empty preflight cache and cookie jar) and returns the result, for
// assertions the kit does not make: VerdictOf reduces it to a Verdict. An error
// reports a request that could not be made (a bad origin or URL).
func (s *Server) Fetch(ctx context.Context, p *corsim.Profile, origin string, req Request) (*corsim.Result, error) {
	if p == nil {
		return nil, fmt.Errorf("corsimtest: no profile given")
	}
	return s.fetch(ctx, p, nil, origin, "", req)
}

// fetch makes req from a new page of origin in a fresh browser of profile p.
func (s *Server) fetch(ctx context.Context, p *corsim.Profile, clock corsim.Clock, origin, topLevel string, req Request) (*corsim.Result, error) {
	page, err := s.page(p, clock, origin, topLevel)
	if err != nil {
		return nil, err
	}
	return s.fetchFrom(ctx, page, req)
}

// fetchFrom makes req from page.
func (s *Server) fetchFrom(ctx context.Context, page *corsim.Page, req Request) (*corsim.Result, error) {
	url, err := s.resolve(req.URL)
	if err != nil {
		return nil, err
	}
	return page.Fetch(ctx, url, req.Init()), nil
}
