package interop

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/conformance"
	"github.com/corsim/corsim/corsimtest"
	"github.com/corsim/corsim/fetch"
	"github.com/corsim/corsim/safelist"
	"github.com/corsim/corsim/vectors"
)

// engineEnv names the engines TestEnginesAgree drives, comma-separated
// ("chromium,firefox,webkit"); unset, the test is skipped. The run needs what
// `corsim browser` needs: the engines installed (.ci/browsers.sh), root, and
// util-linux's unshare.
const engineEnv = "CORSIM_INTEROP_ENGINES"

// A crossCheck is a row of the matrix to try in the real engines: a
// configuration and the calls one page makes in it, in order.
type crossCheck struct {
	config string // middleware/name in configs
	steps  []crossStep
}

type crossStep struct {
	advance  time.Duration
	scenario string
}

func steps(ids ...string) []crossStep {
	s := make([]crossStep, len(ids))
	for i, id := range ids {
		s[i] = crossStep{scenario: id}
	}
	return s
}

// crossChecks is the sample: one row per trap, and the rows where the
// profiles differ.
var crossChecks = []crossCheck{
	{rs + "/Default()", steps("GET cred")},
	{rs + "/AllowAll()", steps("PUT json cred")},
	{rs + "/per route on a method ServeMux", steps("PUT json")},
	{rs + "/OptionsPassthrough around a method ServeMux", steps("PUT json")},
	{jub + "/RequestHeaders `*`, anonymous", steps("Authorization")},
	{jub + "/RequestHeaders `*`, anonymous", steps("X-Request-Id", "Authorization")},
	{jub + "/README example, debug on", steps("X-Request-Id", "Authorization")},
	{jub + "/five request headers (v1.0.1 bug)", steps("X-Request-Id")},
	{gorilla + "/AllowedHeaders `*`", steps("PUT json")},
	{gorilla + "/credentialed, MaxAge(86400)", []crossStep{
		{0, "PUT json cred"}, {590 * time.Second, "PUT json cred"}, {20 * time.Second, "PUT json cred"}}},
	{chi + "/AllowAll()", steps("patch")},
	{chi + "/README configuration", steps("GET cred evil")},
	{chi + "/AllowOriginFunc true + AllowCredentials", steps("GET cred evil")},
	{nethttp + "/CrossOriginProtection around rs/cors", steps("POST text evil")},
	{nethttp + "/CrossOriginProtection inside rs/cors", steps("PUT json")},
}

// TestEnginesAgree runs a sample of the matrix in the real engines through the
// conformance runner: each row becomes a scenario vector whose routes are the
// middleware's own answers (recorded in process, for the requests corsim's
// profile of that engine sends, and for each request made alone) and whose
// expectation is what corsim's profile decides. A failure is a place where
// the engine and its profile disagree, or where the engine sent a request the
// middleware was not asked (its answer is then the runner's 404).
func TestEnginesAgree(t *testing.T) {
	env := os.Getenv(engineEnv)
	if env == "" {
		t.Skipf("set %s=chromium,firefox,webkit to run the sample in the real engines", engineEnv)
	}
	engines := strings.Split(env, ",")
	reports := map[string]*conformance.Report{}
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			p, err := corsim.ProfileByName(engine)
			if err != nil {
				t.Fatal(err)
			}
			var vs []vectors.Vector
			for _, cc := range crossChecks {
				v, err := crossVector(t.Context(), cc, p)
				if err != nil {
					t.Fatalf("%s: %v", cc.config, err)
				}
				vs = append(vs, v)
			}
			rep, err := conformance.Run(t.Context(), engine, vs, conformance.Options{
				Parallel: 1, FirstAddr: netip.MustParseAddr("127.0.91.1"), TempDir: t.TempDir(),
			})
			if err != nil {
				t.Fatal(err)
			}
			reports[engine] = rep
			t.Logf("%s %s: %d agree, %d disagree, %d skipped", rep.Engine, rep.Version, rep.Passed, rep.Failed, rep.Skipped)
			for _, vr := range rep.Vectors {
				switch vr.Verdict {
				case conformance.Skip:
					t.Logf("%s: skipped: %s", vr.Name, vr.Why)
				case conformance.Fail:
					t.Errorf("%s: %s disagrees with corsim's %s profile:%s%s", vr.Name, engine, p.Name, vr.Why, describeSteps(vr.Steps))
				}
			}
		})
	}
	if *update {
		if err := os.WriteFile(enginesFile, []byte(renderEngines(engines, reports)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const enginesFile = "testdata/engines.md"

// renderEngines records a cross-check run: per vector, whether each engine
// agreed with its corsim profile.
func renderEngines(engines []string, reports map[string]*conformance.Report) string {
	var b strings.Builder
	b.WriteString("# The matrix's sample in the real engines\n\n")
	fmt.Fprintf(&b, "Written by `%s=%s go test -run TestEnginesAgree -update` in interop/. Each row is a\n", engineEnv, strings.Join(engines, ","))
	b.WriteString("configuration and the calls one page makes, replayed in the engine on the middleware's recorded answers;\n")
	b.WriteString("\"agrees\" means the engine did what corsim's profile of it decides (outcome, requests sent, status and\n")
	b.WriteString("readable headers).\n\n")
	b.WriteString("| configuration | calls |")
	for _, e := range engines {
		if rep := reports[e]; rep != nil {
			fmt.Fprintf(&b, " %s %s |", e, rep.Version)
		} else {
			fmt.Fprintf(&b, " %s |", e)
		}
	}
	b.WriteString("\n|---|---|" + strings.Repeat("---|", len(engines)) + "\n")
	for _, cc := range crossChecks {
		var calls []string
		for _, st := range cc.steps {
			c := st.scenario
			if st.advance > 0 {
				c = fmt.Sprintf("+%v: %s", st.advance, c)
			}
			calls = append(calls, c)
		}
		fmt.Fprintf(&b, "| %s | %s |", cc.config, strings.Join(calls, "; "))
		for _, e := range engines {
			cell := "not run"
			if rep := reports[e]; rep != nil {
				for _, vr := range rep.Vectors {
					if vr.Name != "interop/"+vectorName(cc) {
						continue
					}
					switch vr.Verdict {
					case conformance.Pass:
						cell = "agrees"
					case conformance.Skip:
						cell = "skipped: " + vr.Why
					default:
						var ms []string
						for _, s := range vr.Steps {
							for _, m := range s.Mismatches {
								ms = append(ms, fmt.Sprintf("steps[%d].%s", s.Index, m))
							}
						}
						cell = "**disagrees**: " + strings.Join(ms, "; ")
						if vr.Why != "" {
							cell += " " + vr.Why
						}
					}
				}
			}
			fmt.Fprintf(&b, " %s |", strings.ReplaceAll(cell, "|", "\\|"))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func describeSteps(steps []conformance.StepResult) string {
	var b strings.Builder
	for _, s := range steps {
		for _, m := range s.Mismatches {
			fmt.Fprintf(&b, "\n  steps[%d].%s", s.Index, m)
		}
		if len(s.Mismatches) > 0 && s.Script != nil {
			switch {
			case s.Script.Error != nil:
				fmt.Fprintf(&b, "\n  steps[%d]: script saw %s at %s: %s", s.Index, s.Script.Error.Name, s.Script.Threw, s.Script.Error.Message)
			case s.Script.Response != nil:
				fmt.Fprintf(&b, "\n  steps[%d]: script saw status %d, headers %v", s.Index, s.Script.Response.Status, s.Script.Response.Headers)
			}
		}
	}
	return b.String()
}

// crossVector turns a cross-check into a vector for profile p's engine.
func crossVector(ctx context.Context, cc crossCheck, p *corsim.Profile) (vectors.Vector, error) {
	c, ok := configByKey(cc.config)
	if !ok {
		return vectors.Vector{}, fmt.Errorf("no configuration %s", cc.config)
	}
	h, err := c.build()
	if err != nil {
		return vectors.Vector{}, err
	}
	first, err := scenarioByID(cc.steps[0].scenario)
	if err != nil {
		return vectors.Vector{}, err
	}
	v := vectors.Vector{
		Name:   "interop/" + vectorName(cc),
		About:  c.about,
		Source: "interop/engines_test.go: corsim's " + p.Name + " profile on the middleware's recorded answers",
		Origin: first.origin,
	}
	clock := corsim.NewFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	page, err := newPage(h, p, first.origin, clock)
	if err != nil {
		return v, err
	}
	for i, st := range cc.steps {
		sc, err := scenarioByID(st.scenario)
		if err != nil {
			return v, err
		}
		if sc.origin != first.origin {
			return v, fmt.Errorf("steps[%d]: %s is made from %s, not %s", i, sc.id, sc.origin, first.origin)
		}
		clock.Advance(st.advance)
		res := call(ctx, page, sc.req)
		alone, err := run(ctx, h, p, scenario{id: sc.id, origin: sc.origin, req: sc.req})
		if err != nil {
			return v, err
		}
		unchecked, err := direct(h, sc.origin, sc.req)
		if err != nil {
			return v, err
		}
		v.Steps = append(v.Steps, vectors.Step{
			Advance: st.advance,
			Request: vectorRequest(sc.req),
			Server:  recordedRoutes(res, alone, unchecked),
			Expect:  expectOf(res),
		})
	}
	return v, nil
}

// vectorName names a cross-check's vector: its configuration and calls.
func vectorName(cc crossCheck) string {
	parts := []string{cc.config}
	for _, st := range cc.steps {
		parts = append(parts, st.scenario)
	}
	return strings.NewReplacer(" ", "-", "`", "", "/", "-", "*", "star", "(", "", ")", "", ",", "").Replace(strings.Join(parts, "--"))
}

// direct is the answer h gives the actual request of req when it comes
// without a preflight, as a browser would send it after one that passed:
// what an engine that lets the request through gets, where corsim's profile
// stopped at the preflight.
func direct(h http.Handler, origin string, req corsimtest.Request) (*corsim.Result, error) {
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	url := corsimtest.DefaultBase + req.URL
	r, err := http.NewRequest(method, url, nil)
	if err != nil {
		return nil, err
	}
	for _, kv := range req.Header {
		r.Header.Add(kv[0], kv[1])
	}
	r.Header.Set("Origin", origin)
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	r.Header.Set("Sec-Fetch-Mode", "cors")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	u, err := fetch.ParseURL(url)
	if err != nil {
		return nil, err
	}
	res := rec.Result()
	wr := &fetch.WireResponse{Status: res.StatusCode, Body: rec.Body.Bytes()}
	for name, vs := range res.Header {
		for _, v := range vs {
			wr.Header = append(wr.Header, safelist.Header{Name: name, Value: v})
		}
	}
	slices.SortFunc(wr.Header, func(a, b safelist.Header) int { return strings.Compare(a.Name, b.Name) })
	return &corsim.Result{Exchanges: []fetch.Exchange{{Request: &fetch.WireRequest{Method: method, URL: u}, Response: wr}}}, nil
}

// vectorRequest is req in the scenario format, defaults filled in as
// vectors.Load fills them.
func vectorRequest(req corsimtest.Request) vectors.Request {
	r := vectors.Request{
		API: "fetch", Method: req.Method, URL: corsimtest.DefaultBase + req.URL,
		Mode: string(req.Mode), Credentials: string(req.Credentials), Body: string(req.Body),
		Redirect: string(req.Redirect),
	}
	for _, h := range req.Header {
		r.Headers = append(r.Headers, vectors.Header{Name: h[0], Value: h[1]})
	}
	for field, def := range map[*string]string{&r.Method: "GET", &r.Mode: "cors", &r.Credentials: "same-origin", &r.Redirect: "follow"} {
		if *field == "" {
			*field = def
		}
	}
	return r
}

// recordedRoutes replays the answers of results' exchanges, the first answer
// for each method and URL (so the answer to the request as the profile sent
// it wins over the direct one).
func recordedRoutes(results ...*corsim.Result) []vectors.Route {
	var routes []vectors.Route
	seen := map[string]bool{}
	for _, res := range results {
		for _, x := range res.Exchanges {
			key := x.Request.Method + " " + x.Request.URL.Serialize(true)
			if x.Response == nil || seen[key] {
				continue
			}
			seen[key] = true
			body := string(x.Response.Body)
			r := vectors.Route{Method: x.Request.Method, URL: x.Request.URL.Serialize(true),
				Status: x.Response.Status, Body: &body}
			for _, h := range x.Response.Header {
				r.Headers = append(r.Headers, vectors.Header{Name: h.Name, Value: h.Value})
			}
			routes = append(routes, r)
		}
	}
	return routes
}

// expectOf is what corsim decided, in the scenario format: the outcome, the
// requests sent, and, for a response, its status and readable headers.
func expectOf(res *corsim.Result) vectors.Expect {
	e := vectors.Expect{Outcome: string(res.Outcome)}
	sent := []vectors.Sent{}
	for _, x := range res.Exchanges {
		sent = append(sent, vectors.Sent{Method: x.Request.Method, URL: x.Request.URL.Serialize(true)})
	}
	e.Sent = &sent
	if res.Response != nil {
		status := res.Response.Status
		e.Status = &status
		typ := string(res.Response.Type)
		e.Type = &typ
		names := []string{}
		for _, h := range res.Response.Header {
			names = append(names, h.Name)
		}
		e.ExposedHeaders = &names
	}
	return e
}

// TestCrossVectors checks, without engines, that every cross-check makes a
// vector whose expectation corsim itself meets when it runs the vector on the
// recorded routes: the recording is faithful.
func TestCrossVectors(t *testing.T) {
	for _, p := range corsim.Profiles[1:] {
		for _, cc := range crossChecks {
			v, err := crossVector(t.Context(), cc, p)
			if err != nil {
				t.Fatalf("%s: %v", cc.config, err)
			}
			if rep := corsim.RunVector(t.Context(), &v, p); !rep.Passed() {
				t.Errorf("%s under %s: corsim does not meet its own recorded vector:\n%s", v.Name, p.Name, rep.Diff())
			}
		}
	}
}
