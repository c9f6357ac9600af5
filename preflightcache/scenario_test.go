package preflightcache

import (
	"strings"
	"testing"
	"time"
)

// A scenario steps one cache through stores, lookups and clears on a fake
// clock, in the manner of net/http/cookiejar's jar tests. Each lookup's
// want is the spec's answer; wantBy lists where a policy deviates, and why
// is in the comment beside it (SPEC-CHECKLIST item, ENGINES.md observation
// or engine source). Every scenario runs under every policy of
// scenarioPolicies, so an engine that is not listed in wantBy is expected
// to behave as the spec.
type scenario struct {
	name string
	ops  []op
}

// op is one step. Exactly one of store, ask and clear is set; key fields
// left empty take the defaults below.
type op struct {
	advance                time.Duration
	url, origin, partition string

	store *preflight
	ask   *ask
	clear bool
}

// preflight is a successful CORS-preflight fetch whose result is stored.
type preflight struct {
	include          bool
	methods, headers string   // as Access-Control-Allow-Methods/-Headers give them, after extraction
	maxAge           []string // the Access-Control-Max-Age lines; nil when absent
}

// ask is a lookup by a request that may need a preflight.
type ask struct {
	include bool
	method  string
	flag    bool   // use-CORS-preflight flag
	headers string // CORS-unsafe request-header names
	want    Reason
	wantBy  map[string]Reason
}

const (
	defaultURL       = "https://b.example/api"
	defaultOrigin    = "https://a.example"
	defaultPartition = "https://a.example"
)

// specIntent reads Q2 and Q7 as the spec's authors evidently meant them,
// where Spec follows the text.
var specIntent = func() Policy {
	p := Spec
	p.Name = "spec-intent"
	p.Wildcard = WildcardUncredentialedRequest
	p.KeepFragment = false
	return p
}()

var scenarioPolicies = []Policy{Spec, specIntent, Chromium, Firefox, WebKit}

func list(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func age(v ...string) []string { return v }

var scenarios = []scenario{
	{
		name: "#174 entries expire after max-age",
		ops: []op{
			{store: &preflight{methods: "PUT", maxAge: age("10")}},
			{advance: 9 * time.Second, ask: &ask{method: "PUT", want: Hit}},
			{advance: 2 * time.Second, ask: &ask{method: "PUT", want: Expired}},
		},
	},
	{
		name: "#169 #170 #173 one preflight covers every method and header it lists",
		ops: []op{
			{store: &preflight{methods: "PUT, DELETE", headers: "X-A, X-B", maxAge: age("600")}},
			{ask: &ask{method: "DELETE", headers: "x-b", want: Hit}},
			{ask: &ask{method: "PUT", headers: "x-a, x-b", want: Hit}},
			{ask: &ask{method: "PATCH", want: MethodNotCached}},
			// Chromium and WebKit dropped the result on the PATCH miss
			// (preflight_cache.cc CheckIfRequestCanSkipPreflight,
			// CrossOriginPreflightResultCache.cpp canSkipPreflight).
			{ask: &ask{method: "PUT", headers: "x-c", want: HeaderNotCached,
				wantBy: map[string]Reason{"chromium": NoResult, "webkit": NoResult}}},
		},
	},
	{
		name: "#176 a credentialed preflight serves an uncredentialed request",
		ops: []op{
			{store: &preflight{include: true, methods: "PUT", maxAge: age("600")}},
			// Firefox keys by credentials mode (GetPrefLightCacheKey).
			{ask: &ask{method: "PUT", want: Hit,
				wantBy: map[string]Reason{"firefox": CredentialsMismatch}}},
			{ask: &ask{include: true, method: "PUT", want: Hit}},
		},
	},
	{
		name: "#176 an uncredentialed preflight does not serve a credentialed request",
		ops: []op{
			{store: &preflight{methods: "PUT", maxAge: age("600")}},
			{ask: &ask{include: true, method: "PUT", want: CredentialsMismatch}},
			// Chromium and WebKit dropped the result on that miss.
			{ask: &ask{method: "PUT", want: Hit,
				wantBy: map[string]Reason{"chromium": NoResult, "webkit": NoResult}}},
		},
	},
	{
		name: "#177 methods match byte for byte",
		ops: []op{
			{store: &preflight{methods: "PATCH", maxAge: age("600")}},
			{ask: &ask{method: "PATCH", want: Hit}},
			{ask: &ask{method: "patch", want: MethodNotCached}},
		},
	},
	{
		name: "#178 header names match in any case",
		ops: []op{
			{store: &preflight{headers: "X-Custom", maxAge: age("600")}},
			{ask: &ask{method: "GET", headers: "x-custom", want: Hit}},
			{ask: &ask{method: "POST", headers: "X-CUSTOM", want: Hit}},
		},
	},
	{
		name: "#178 a cached * stands for any name but Authorization",
		ops: []op{
			{store: &preflight{methods: "*", headers: "*", maxAge: age("600")}},
			// Firefox compares cached tokens literally (CheckRequest).
			{ask: &ask{method: "PUT", headers: "X-Z", want: Hit,
				wantBy: map[string]Reason{"firefox": WildcardNotApplicable}}},
			// WebKit's validateCrossOriginHeaders lets `*` cover it.
			{ask: &ask{method: "GET", headers: "Authorization", want: AuthorizationNotCovered,
				wantBy: map[string]Reason{"firefox": WildcardNotApplicable, "webkit": Hit}}},
			{ask: &ask{method: "DELETE", want: Hit,
				wantBy: map[string]Reason{"chromium": NoResult, "firefox": WildcardNotApplicable}}},
		},
	},
	{
		name: "Q2 a * stored by a credentialed preflight",
		ops: []op{
			{store: &preflight{include: true, methods: "PUT, *", headers: "X-A, *", maxAge: age("600")}},
			// Cache entry match lets the credentialed entries serve an
			// uncredentialed request, and then `*` applies. Chromium only
			// honours `*` from an uncredentialed preflight
			// (preflight_result.cc: !credentials_), and drops the result.
			{ask: &ask{method: "DELETE", headers: "X-Z", want: Hit,
				wantBy: map[string]Reason{"chromium": WildcardNotApplicable, "firefox": CredentialsMismatch}}},
			// The literal text lets a credentialed `*` serve a credentialed
			// request; the evident intent (and the engines) never do.
			{ask: &ask{include: true, method: "DELETE", want: Hit,
				wantBy: map[string]Reason{"spec-intent": WildcardNotApplicable, "firefox": WildcardNotApplicable,
					"webkit": WildcardNotApplicable, "chromium": NoResult}}},
			{ask: &ask{include: true, method: "PUT", headers: "X-A", want: Hit,
				wantBy: map[string]Reason{"chromium": NoResult, "webkit": NoResult}}},
		},
	},
	{
		name: "Q3 a refresh restarts the lifetime",
		ops: []op{
			{store: &preflight{methods: "PUT", maxAge: age("10")}},
			{advance: 8 * time.Second, store: &preflight{methods: "PUT", maxAge: age("10")}},
			{advance: 7 * time.Second, ask: &ask{method: "PUT", want: Hit}},
			{advance: 4 * time.Second, ask: &ask{method: "PUT", want: Expired}},
		},
	},
	{
		name: "Q3 a * entry is refreshed by a name it matches",
		ops: []op{
			{store: &preflight{headers: "*", maxAge: age("10")}},
			// X-B has a header-name cache entry match through `*`, so the
			// spec refreshes `*` and creates no X-B entry. Chromium and
			// WebKit replace the result with {X-B}.
			{advance: 8 * time.Second, store: &preflight{headers: "X-B", maxAge: age("10")}},
			{advance: 5 * time.Second, ask: &ask{method: "GET", headers: "X-C", want: Hit,
				wantBy: map[string]Reason{"chromium": HeaderNotCached, "firefox": WildcardNotApplicable, "webkit": HeaderNotCached}}},
		},
	},
	{
		name: "#167 #172 max-age 0 leaves nothing usable",
		ops: []op{
			{store: &preflight{methods: "PUT", maxAge: age("0")}},
			// Chromium and WebKit store an expired result; Firefox stores
			// nothing for 0 (AddResultToCache: !age).
			{ask: &ask{method: "PUT", want: MethodNotCached,
				wantBy: map[string]Reason{"chromium": Expired, "firefox": NoResult, "webkit": Expired}}},
		},
	},
	{
		name: "#172 a later max-age 0 cuts earlier entries short",
		ops: []op{
			{store: &preflight{methods: "PUT", maxAge: age("600")}},
			// Spec step 7.12 sets PUT's max-age to 0. Firefox leaves its
			// cache untouched for 0.
			{advance: time.Second, store: &preflight{methods: "PUT", headers: "X-B", maxAge: age("0")}},
			{ask: &ask{method: "PUT", want: MethodNotCached,
				wantBy: map[string]Reason{"chromium": Expired, "firefox": Hit, "webkit": Expired}}},
		},
	},
	{
		name: "Q10 -1 is 5 s for the spec and not cached by the engines",
		ops: []op{
			{store: &preflight{methods: "PUT", maxAge: age("-1")}},
			// ENGINES.md: all three engines preflight again at once.
			{advance: time.Second, ask: &ask{method: "PUT", want: Hit,
				wantBy: map[string]Reason{"chromium": Expired, "firefox": NoResult, "webkit": Expired}}},
			{advance: 5 * time.Second, ask: &ask{method: "PUT", want: Expired,
				wantBy: map[string]Reason{"chromium": NoResult, "firefox": NoResult, "webkit": NoResult}}},
		},
	},
	{
		name: "obs the engines' caps on max-age",
		ops: []op{
			{store: &preflight{methods: "PUT", maxAge: age("1000000")}},
			{advance: 590 * time.Second, ask: &ask{method: "PUT", want: Hit}},
			// ENGINES.md: WebKitGTK preflights again after 610 s.
			{advance: 20 * time.Second, ask: &ask{method: "PUT", want: Hit,
				wantBy: map[string]Reason{"webkit": Expired}}},
			{advance: 6580 * time.Second, ask: &ask{method: "PUT", want: Hit,
				wantBy: map[string]Reason{"webkit": NoResult}}},
			// ENGINES.md: Chromium preflights again after 7210 s.
			{advance: 20 * time.Second, ask: &ask{method: "PUT", want: Hit,
				wantBy: map[string]Reason{"chromium": Expired, "webkit": NoResult}}},
			{advance: 79180 * time.Second, ask: &ask{method: "PUT", want: Hit,
				wantBy: map[string]Reason{"chromium": NoResult, "webkit": NoResult}}},
			// Firefox's 86400 s cap: a claim (AddResultToCache).
			{advance: 20 * time.Second, ask: &ask{method: "PUT", want: Hit,
				wantBy: map[string]Reason{"chromium": NoResult, "firefox": Expired, "webkit": NoResult}}},
		},
	},
	{
		name: "#179 clear removes the entries of both credentials modes",
		ops: []op{
			{store: &preflight{include: true, methods: "PUT", headers: "X-A", maxAge: age("600")}},
			{store: &preflight{methods: "DELETE", maxAge: age("600")}},
			{clear: true},
			{ask: &ask{method: "DELETE", want: MethodNotCached,
				wantBy: map[string]Reason{"chromium": NoResult, "firefox": NoResult, "webkit": NoResult}}},
			{ask: &ask{include: true, method: "PUT", headers: "X-A", want: MethodNotCached,
				wantBy: map[string]Reason{"chromium": NoResult, "firefox": NoResult, "webkit": NoResult}}},
		},
	},
	{
		name: "#180 #181 #182 partition, origin and URL each separate entries",
		ops: []op{
			{url: "https://b.example/api?x=1", store: &preflight{methods: "PUT", maxAge: age("600")}},
			{url: "https://b.example/api?x=2", ask: &ask{method: "PUT", want: MethodNotCached,
				wantBy: map[string]Reason{"chromium": NoResult, "firefox": NoResult, "webkit": NoResult}}},
			{url: "https://b.example/api?x=1", partition: "https://c.example", ask: &ask{method: "PUT", want: MethodNotCached,
				wantBy: map[string]Reason{"chromium": NoResult, "firefox": NoResult, "webkit": NoResult}}},
			{url: "https://b.example/api?x=1", origin: "null", ask: &ask{method: "PUT", want: MethodNotCached,
				wantBy: map[string]Reason{"chromium": NoResult, "firefox": NoResult, "webkit": NoResult}}},
			{url: "https://b.example/api?x=1", ask: &ask{method: "PUT", want: Hit}},
		},
	},
	{
		name: "#181 requests from a null origin share entries",
		ops: []op{
			{origin: "null", store: &preflight{methods: "PUT", maxAge: age("600")}},
			{origin: "null", ask: &ask{method: "PUT", want: Hit}},
		},
	},
	{
		// The literal text keys by the whole URL, and all three engines
		// do (engine-cache/fragment-is-part-of-entry-url).
		name: "Q7 fragments separate entries only in the literal text",
		ops: []op{
			{url: "https://b.example/x#one", store: &preflight{methods: "PUT", maxAge: age("600")}},
			{url: "https://b.example/x#two", ask: &ask{method: "PUT", want: Hit,
				wantBy: map[string]Reason{"spec": MethodNotCached, "firefox": NoResult, "chromium": NoResult, "webkit": NoResult}}},
			{url: "https://b.example/x", ask: &ask{method: "PUT", want: Hit,
				wantBy: map[string]Reason{"spec": MethodNotCached, "firefox": NoResult, "chromium": NoResult, "webkit": NoResult}}},
			{url: "https://b.example/x#one", ask: &ask{method: "PUT", want: Hit}},
		},
	},
	{
		name: "#116 #163 the use-CORS-preflight flag needs a method entry",
		ops: []op{
			{store: &preflight{methods: "PUT", maxAge: age("600")}},
			// The engines let a safelisted method through their cache
			// check whatever the flag (preflight_result.cc
			// EnsureAllowedCrossOriginMethod, CheckRequest,
			// allowsCrossOriginMethod).
			{ask: &ask{method: "POST", flag: true, want: MethodNotCached,
				wantBy: map[string]Reason{"chromium": Hit, "firefox": Hit, "webkit": Hit}}},
			// Step 7.4 puts POST in methods for a flagged preflight
			// without Access-Control-Allow-Methods.
			{store: &preflight{methods: "POST", maxAge: age("600")}},
			{ask: &ask{method: "POST", flag: true, want: Hit}},
			{ask: &ask{method: "POST", want: NotRequired}},
		},
	},
	{
		name: "Firefox HEAD needs a cached method",
		ops: []op{
			{store: &preflight{headers: "X-A", maxAge: age("600")}},
			// CheckRequest only exempts GET and POST.
			{ask: &ask{method: "HEAD", headers: "X-A", want: Hit,
				wantBy: map[string]Reason{"firefox": MethodNotCached}}},
			{ask: &ask{method: "GET", headers: "X-A", want: Hit}},
		},
	},
	{
		name: "Chromium WebKit a new preflight replaces the whole result",
		ops: []op{
			{store: &preflight{methods: "PUT", headers: "X-A", maxAge: age("600")}},
			{store: &preflight{methods: "DELETE", maxAge: age("600")}},
			{ask: &ask{method: "PUT", headers: "X-A", want: Hit,
				wantBy: map[string]Reason{"chromium": MethodNotCached, "webkit": MethodNotCached}}},
			{ask: &ask{method: "DELETE", want: Hit,
				wantBy: map[string]Reason{"chromium": NoResult, "webkit": NoResult}}},
		},
	},
	{
		name: "Chromium WebKit a miss drops the cached result",
		ops: []op{
			{store: &preflight{methods: "PUT", headers: "X-A", maxAge: age("600")}},
			{ask: &ask{method: "PUT", headers: "X-B", want: HeaderNotCached}},
			{ask: &ask{method: "PUT", headers: "X-A", want: Hit,
				wantBy: map[string]Reason{"chromium": NoResult, "webkit": NoResult}}},
		},
	},
	{
		name: "Firefox an entry object outlives its entries",
		ops: []op{
			{store: &preflight{methods: "POST", maxAge: age("600")}},
			// CheckRequest exempts POST, and the CacheEntry stays in the
			// table with no live tokens until evicted.
			{advance: 700 * time.Second, ask: &ask{method: "POST", flag: true, want: Expired,
				wantBy: map[string]Reason{"firefox": Hit}}},
			{ask: &ask{method: "PUT", want: MethodNotCached,
				wantBy: map[string]Reason{"chromium": NoResult, "webkit": NoResult}}},
		},
	},
	{
		name: "Firefox header names refresh only in the same case",
		ops: []op{
			{store: &preflight{headers: "X-A", maxAge: age("600")}},
			{advance: time.Second, store: &preflight{headers: "x-a", maxAge: age("5")}},
			// The spec refreshed X-A to 5 s; Firefox added "x-a" beside it
			// (AddResultToCache compares with Equals).
			{advance: 10 * time.Second, ask: &ask{method: "GET", headers: "X-A", want: Expired,
				wantBy: map[string]Reason{"firefox": Hit}}},
		},
	},
}

func TestScenarios(t *testing.T) {
	for _, sc := range scenarios {
		for _, p := range scenarioPolicies {
			t.Run(sc.name+"/"+p.Name, func(t *testing.T) {
				c, clock := newTestCache(p)
				for i, op := range sc.ops {
					clock.Advance(op.advance)
					k := Key{Partition: defaultPartition, Origin: defaultOrigin, URL: defaultURL}
					if op.url != "" {
						k.URL = op.url
					}
					if op.origin != "" {
						k.Origin = op.origin
					}
					if op.partition != "" {
						k.Partition = op.partition
					}
					switch {
					case op.store != nil:
						pf := op.store
						c.Store(k, pf.include, list(pf.methods), list(pf.headers), p.ParseMaxAge(pf.maxAge))
					case op.clear:
						c.Clear(k)
					case op.ask != nil:
						a := op.ask
						want := a.want
						if w, ok := a.wantBy[p.Name]; ok {
							want = w
						}
						got := c.Lookup(Query{Key: k, Include: a.include, Method: a.method, UseCORSPreflight: a.flag, UnsafeHeaderNames: list(a.headers)})
						if got.Reason != want {
							t.Errorf("op %d: %s %s (include=%v flag=%v headers=%q): reason %v, want %v",
								i, a.method, k.URL, a.include, a.flag, a.headers, got.Reason, want)
						}
						if wantPreflight := want != Hit && want != NotRequired; got.Preflight != wantPreflight {
							t.Errorf("op %d: Preflight = %v with reason %v", i, got.Preflight, got.Reason)
						}
					}
				}
			})
		}
	}
}
