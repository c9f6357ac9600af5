package interop

import (
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/corsimtest"
	"github.com/corsim/corsim/fetch"
)

// TestMiddlewares asserts, for every configuration, the verdicts its table
// wants under every profile, whether the application ran, and how long the
// preflight is cached.
func TestMiddlewares(t *testing.T) {
	for _, c := range configs {
		t.Run(c.middleware+"/"+c.name, func(t *testing.T) {
			t.Parallel()
			h, err := c.build()
			if c.buildErr != nil {
				if err == nil || !c.buildErr(err) {
					t.Fatalf("building the middleware: got error %v, want the configuration refused", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("building the middleware: %v", err)
			}
			s := corsimtest.Handler(h)
			check := func(s *corsimtest.Server, want map[string]corsimtest.Verdict) {
				for _, id := range sortedKeys(want) {
					sc := mustScenario(t, id)
					before, err := beforeOf(sc)
					if err != nil {
						t.Fatal(err)
					}
					s.Check(t, corsimtest.Scenario{Name: id, Origin: sc.origin, Before: before, Request: sc.req, Want: want[id]})
				}
			}
			check(s, c.want)
			check(s.Under(corsim.Spec), c.wantSpec)
			for _, id := range sortedKeys(c.appRuns) {
				sc := mustScenario(t, id)
				for _, p := range corsim.Profiles {
					res, err := run(t.Context(), h, p, sc)
					if err != nil {
						t.Fatal(err)
					}
					if got := appRan(res); got != c.appRuns[id] {
						t.Errorf("%s under %s: the application ran: %v, want %v", id, p.Name, got, c.appRuns[id])
					}
				}
			}
			if len(c.cache) > 0 {
				sc := mustScenario(t, c.cacheScenario)
				for _, name := range sortedKeys(c.cache) {
					p, err := corsim.ProfileByName(name)
					if err != nil {
						t.Fatal(err)
					}
					s.PreflightCached(t, p, sc.origin, sc.req, time.Duration(c.cache[name])*time.Second)
				}
			}
		})
	}
}

// TestConfigTables checks the tables themselves: unique names, known
// scenarios, an expectation in every configuration.
func TestConfigTables(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range configs {
		key := c.middleware + "/" + c.name
		if seen[key] {
			t.Errorf("configuration %s twice", key)
		}
		seen[key] = true
		if c.about == "" {
			t.Errorf("%s: no about", key)
		}
		if c.buildErr == nil && len(c.want) == 0 {
			t.Errorf("%s: no expectation", key)
		}
		for id := range c.wantSpec {
			if _, dup := c.want[id]; dup {
				t.Errorf("%s: %s is in want and wantSpec", key, id)
			}
		}
		ids := append(sortedKeys(c.want), sortedKeys(c.appRuns)...)
		ids = append(ids, sortedKeys(c.wantSpec)...)
		if len(c.cache) > 0 || c.cacheScenario != "" {
			ids = append(ids, c.cacheScenario)
		}
		for _, id := range ids {
			if _, err := scenarioByID(id); err != nil {
				t.Errorf("%s: %v", key, err)
			}
		}
		for name := range c.cache {
			if _, err := corsim.ProfileByName(name); err != nil {
				t.Errorf("%s: cache: %v", key, err)
			}
		}
	}
	ids := map[string]bool{}
	for _, sc := range scenarios {
		if ids[sc.id] {
			t.Errorf("scenario %s twice", sc.id)
		}
		ids[sc.id] = true
		if _, err := beforeOf(sc); err != nil {
			t.Errorf("scenario %s: before: %v", sc.id, err)
		}
	}
}

func mustScenario(t *testing.T, id string) scenario {
	t.Helper()
	sc, err := scenarioByID(id)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// appRan reports whether a request other than a preflight reached the
// application: its answer carries X-App.
func appRan(res *corsim.Result) bool {
	for _, x := range res.Exchanges {
		if !x.Request.Preflight && appAnswered(x) {
			return true
		}
	}
	return false
}

// appAnswered reports whether the application wrote the answer of x.
func appAnswered(x fetch.Exchange) bool {
	if x.Response == nil {
		return false
	}
	_, ok := x.Response.Header.Get("X-App")
	return ok
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestRoutesAnswerOptions405 checks the premise of the per-route traps:
// Go's ServeMux answers OPTIONS on a path with method patterns 405, without
// calling any route's handler.
func TestRoutesAnswerOptions405(t *testing.T) {
	called := false
	mux := routes(func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { called = true; h.ServeHTTP(w, r) })
	})
	rec := newRecorder()
	req, err := http.NewRequest(http.MethodOptions, "https://api.example/items/1", nil)
	if err != nil {
		t.Fatal(err)
	}
	mux.ServeHTTP(rec, req)
	if rec.code != http.StatusMethodNotAllowed || called {
		t.Errorf("OPTIONS /items/1: status %d, a route's handler called: %v; want 405 and no call", rec.code, called)
	}
	if allow := rec.h.Get("Allow"); !slices.Contains(strings.Split(allow, ", "), "PUT") {
		t.Errorf("Allow: %q, want PUT among them", allow)
	}
}
