package preflightcache

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var testKey = Key{Partition: defaultPartition, Origin: defaultOrigin, URL: defaultURL}

func TestLookupDecision(t *testing.T) {
	tests := []struct {
		name   string
		policy Policy
		q      Query
		want   Decision
	}{
		{
			// #116: safelisted method, no flag, no unsafe names.
			name: "not required", policy: Spec,
			q:    Query{Key: testKey, Method: "GET"},
			want: Decision{Reason: NotRequired},
		},
		{
			// #116 e.g. "same PUT adding X-New → OPTIONS again".
			name: "the header that missed is named", policy: Spec,
			q:    Query{Key: testKey, Method: "PUT", UnsafeHeaderNames: []string{"x-a", "X-New"}},
			want: Decision{Preflight: true, Reason: HeaderNotCached, Name: "X-New"},
		},
		{
			name: "the method that missed is named", policy: Spec,
			q:    Query{Key: testKey, Method: "PATCH", UnsafeHeaderNames: []string{"x-a"}},
			want: Decision{Preflight: true, Reason: MethodNotCached, Name: "PATCH"},
		},
		{
			// preflight_cache.cc CheckIfRequestCanSkipPreflight erases.
			name: "chromium drops what does not cover the request", policy: Chromium,
			q:    Query{Key: testKey, Method: "PUT", UnsafeHeaderNames: []string{"X-New"}},
			want: Decision{Preflight: true, Reason: HeaderNotCached, Name: "X-New", Dropped: true},
		},
		{
			name: "firefox does not drop", policy: Firefox,
			q:    Query{Key: testKey, Method: "PUT", UnsafeHeaderNames: []string{"X-New"}},
			want: Decision{Preflight: true, Reason: HeaderNotCached, Name: "X-New"},
		},
		{
			name: "hit", policy: WebKit,
			q:    Query{Key: testKey, Method: "PUT", UnsafeHeaderNames: []string{"X-A"}},
			want: Decision{Reason: Hit},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newTestCache(tc.policy)
			c.Store(testKey, false, []string{"PUT"}, []string{"X-A"}, tc.policy.ParseMaxAge([]string{"60"}))
			if diff := cmp.Diff(tc.want, c.Lookup(tc.q)); diff != "" {
				t.Errorf("Lookup mismatch (-want +got):\n%s", diff)
			}
			if got, want := c.NeedsPreflight(tc.q.Key, tc.q.Include, tc.q.Method, tc.q.UseCORSPreflight, tc.q.UnsafeHeaderNames), tc.want.Preflight; got != want {
				t.Errorf("NeedsPreflight = %v, want %v", got, want)
			}
		})
	}
}

func TestStoreReport(t *testing.T) {
	tests := []struct {
		name    string
		policy  Policy
		url     string
		maxAge  []string
		methods []string
		twice   bool
		want    Stored
	}{
		// #173: one entry per method and per header name.
		{name: "spec creates", policy: Spec, maxAge: []string{"60"},
			methods: []string{"PUT", "DELETE"}, want: Stored{Created: 3}},
		// #169: a second preflight refreshes instead.
		{name: "spec refreshes", policy: Spec, maxAge: []string{"60"}, twice: true,
			methods: []string{"PUT", "DELETE"}, want: Stored{Refreshed: 3}},
		{name: "chromium replaces", policy: Chromium, maxAge: []string{"60"}, twice: true,
			methods: []string{"PUT", "DELETE"}, want: Stored{Created: 3, Replaced: true}},
		// AddResultToCache returns early for 0.
		{name: "firefox skips 0", policy: Firefox, maxAge: []string{"0"},
			methods: []string{"PUT"}, want: Stored{Skipped: SkipMaxAge}},
		// kMaxKeyLength: url.spec().length() >= 1024 is not cached.
		{name: "chromium skips a 1024-byte URL", policy: Chromium, maxAge: []string{"60"},
			url: longURL(1024), methods: []string{"PUT"}, want: Stored{Skipped: SkipURLLength}},
		{name: "chromium stores a 1023-byte URL", policy: Chromium, maxAge: []string{"60"},
			url: longURL(1023), methods: []string{"PUT"}, want: Stored{Created: 2}},
		{name: "spec stores a 1024-byte URL", policy: Spec, maxAge: []string{"60"},
			url: longURL(1024), methods: []string{"PUT"}, want: Stored{Created: 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newTestCache(tc.policy)
			k := testKey
			if tc.url != "" {
				k.URL = tc.url
			}
			age := tc.policy.ParseMaxAge(tc.maxAge)
			if tc.twice {
				c.Store(k, false, tc.methods, []string{"X-A"}, age)
			}
			got := c.Store(k, false, tc.methods, []string{"X-A"}, age)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Store mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// longURL returns a URL of exactly n bytes.
func longURL(n int) string {
	const prefix = "https://b.example/"
	return prefix + strings.Repeat("a", n-len(prefix))
}

// TestEntries checks the spec-shaped view: #173 e.g. "ACAM PUT, DELETE +
// ACAH X-A → 3 entries (PUT, DELETE, x-a)", with #175's credentials flag.
func TestEntries(t *testing.T) {
	for _, p := range []Policy{Spec, Chromium, Firefox, WebKit} {
		t.Run(p.Name, func(t *testing.T) {
			c, _ := newTestCache(p)
			c.Store(testKey, true, []string{"PUT", "DELETE"}, []string{"X-A"}, p.ParseMaxAge([]string{"5"}))
			exp := tStart.Add(5 * time.Second)
			want := []Entry{
				{Method: "PUT", Credentials: true, Expires: exp},
				{Method: "DELETE", Credentials: true, Expires: exp},
				{HeaderName: "X-A", Credentials: true, Expires: exp},
			}
			if diff := cmp.Diff(want, c.Entries(testKey)); diff != "" {
				t.Errorf("Entries mismatch (-want +got):\n%s", diff)
			}
			if c.Len() != 1 {
				t.Errorf("Len = %d, want 1", c.Len())
			}
		})
	}
}

// TestMatch checks the two match predicates on their own (#177, #178).
func TestMatch(t *testing.T) {
	c, _ := newTestCache(Spec)
	c.Store(testKey, false, []string{"PUT"}, []string{"X-A", "*"}, Spec.ParseMaxAge(nil))
	tests := []struct {
		name    string
		include bool
		method  string // MatchMethod when set, else MatchHeader
		header  string
		want    bool
	}{
		{name: "method exact", method: "PUT", want: true},
		{name: "method other case", method: "put", want: false},
		{name: "method credentialed request", include: true, method: "PUT", want: false},
		{name: "header any case", header: "x-A", want: true},
		{name: "header through *", header: "X-Other", want: true},
		{name: "authorization not through *", header: "authorization", want: false},
		{name: "* not for credentialed requests", include: true, header: "X-Other", want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got bool
			if tc.method != "" {
				got = c.MatchMethod(testKey, tc.include, tc.method)
			} else {
				got = c.MatchHeader(testKey, tc.include, tc.header)
			}
			if got != tc.want {
				t.Errorf("match = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestNewRejectsBadPolicies(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Policy)
		want   PolicyError
	}{
		{"no default", func(p *Policy) { p.DefaultMaxAge = 0 },
			PolicyError{Policy: "spec", Field: "DefaultMaxAge", Reason: "must be positive"}},
		{"negative cap", func(p *Policy) { p.MaxAgeCap = -time.Second },
			PolicyError{Policy: "spec", Field: "MaxAgeCap", Reason: "must not be negative (0 means no cap)"}},
		{"bound without eviction", func(p *Policy) { p.MaxEntries = 10 },
			PolicyError{Policy: "spec", Field: "Eviction", Reason: "must say how to stay within MaxEntries"}},
		{"eviction without bound", func(p *Policy) { p.Eviction = EvictExpiredThenLRU },
			PolicyError{Policy: "spec", Field: "Eviction", Reason: "needs a MaxEntries bound"}},
		{"run larger than bound", func(p *Policy) { p.MaxEntries, p.Eviction, p.EvictRun = 5, EvictRandomRun, 6 },
			PolicyError{Policy: "spec", Field: "EvictRun", Reason: "must be between 1 and MaxEntries"}},
		{"unknown syntax", func(p *Policy) { p.MaxAgeSyntax = 9 },
			PolicyError{Policy: "spec", Field: "MaxAgeSyntax", Reason: "is not a known syntax"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := Spec
			tc.change(&p)
			c, err := New(p)
			var pe *PolicyError
			if c != nil || !errors.As(err, &pe) {
				t.Fatalf("New = %v, %v; want a *PolicyError", c, err)
			}
			if diff := cmp.Diff(tc.want, *pe); diff != "" {
				t.Errorf("error mismatch (-want +got):\n%s", diff)
			}
		})
	}
	if got, want := (&PolicyError{Policy: "x", Field: "EvictRun", Reason: "must be between 1 and MaxEntries"}).Error(),
		`preflightcache: policy "x": EvictRun must be between 1 and MaxEntries`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	for _, p := range []Policy{Spec, Chromium, Firefox, WebKit, specIntent} {
		if err := p.Validate(); err != nil {
			t.Errorf("built-in policy invalid: %v", err)
		}
	}
}
