package preflightcache_test

import (
	"fmt"
	"time"

	"github.com/corsim/corsim/preflightcache"
)

// stepClock is a clock that moves only when told.
type stepClock struct{ now time.Time }

func (c *stepClock) Now() time.Time { return c.now }

// A page at https://app.example PUTs JSON to an API. The first request
// needs a preflight; its answer is cached; an hour later the same request
// goes straight out; after Chromium's two-hour cap it needs a preflight
// again, although the server asked for a day.
func Example() {
	clock := &stepClock{now: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	cache, err := preflightcache.New(preflightcache.Chromium, preflightcache.WithClock(clock))
	if err != nil {
		panic(err)
	}
	q := preflightcache.Query{
		Key: preflightcache.Key{
			Partition: "https://app.example",
			Origin:    "https://app.example",
			URL:       "https://api.example/orders/7",
		},
		Method:            "PUT",
		UnsafeHeaderNames: []string{"content-type"},
	}
	fmt.Println(cache.Lookup(q).Reason)

	// The preflight answered Access-Control-Allow-Methods: PUT,
	// Access-Control-Allow-Headers: Content-Type, Access-Control-Max-Age: 86400.
	age := cache.Policy().ParseMaxAge([]string{"86400"})
	fmt.Println(age.Duration, age.Source)
	cache.Store(q.Key, false, []string{"PUT"}, []string{"Content-Type"}, age)

	clock.now = clock.now.Add(time.Hour)
	fmt.Println(cache.Lookup(q).Reason)

	clock.now = clock.now.Add(90 * time.Minute)
	fmt.Println(cache.Lookup(q).Reason)
	// Output:
	// no-result
	// 2h0m0s capped
	// hit
	// expired
}

// Servers often send Access-Control-Max-Age: -1 to mean "do not cache".
// The engines do not cache it, but by the Fetch Standard -1 is not a
// delta-seconds, so it falls back to the 5-second default: send 0 instead.
func ExamplePolicy_ParseMaxAge_minusOne() {
	policies := []preflightcache.Policy{preflightcache.Spec, preflightcache.Chromium, preflightcache.Firefox, preflightcache.WebKit}
	for _, value := range []string{"-1", "0"} {
		for _, p := range policies {
			m := p.ParseMaxAge([]string{value})
			fmt.Printf("%s %-8s stored=%-5v lifetime=%v (%v)\n", value, p.Name, m.Store, m.Duration, m.Source)
		}
	}
	// Output:
	// -1 spec     stored=true  lifetime=5s (invalid)
	// -1 chromium stored=true  lifetime=0s (negative)
	// -1 firefox  stored=false lifetime=0s (rejected)
	// -1 webkit   stored=true  lifetime=0s (negative)
	// 0 spec     stored=true  lifetime=0s (given)
	// 0 chromium stored=true  lifetime=0s (given)
	// 0 firefox  stored=false lifetime=0s (rejected)
	// 0 webkit   stored=true  lifetime=0s (given)
}

// In Firefox a preflight made with credentials does not serve the same
// request without them: the two are cached apart. The spec, Chromium and
// WebKit let a credentialed entry serve an uncredentialed request.
func ExampleCache_Lookup_credentials() {
	k := preflightcache.Key{Partition: "https://app.example", Origin: "https://app.example", URL: "https://api.example/me"}
	for _, p := range []preflightcache.Policy{preflightcache.Spec, preflightcache.Firefox} {
		cache, err := preflightcache.New(p)
		if err != nil {
			panic(err)
		}
		cache.Store(k, true, []string{"DELETE"}, nil, p.ParseMaxAge([]string{"600"}))
		d := cache.Lookup(preflightcache.Query{Key: k, Include: false, Method: "DELETE"})
		fmt.Println(p.Name, d.Preflight, d.Reason)
	}
	// Output:
	// spec false hit
	// firefox true credentials-mismatch
}
