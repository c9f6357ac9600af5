package preflightcache

import "strings"

// Key names the requests that share cache entries: the spec's cache entry
// key, byte-serialized origin and URL ([cache entry match]). Keys are
// plain strings so that a Key compares with == and costs no parsing.
//
// [cache entry match]: https://fetch.spec.whatwg.org/#concept-cache-match
type Key struct {
	// Partition is the serialized network partition key of the request
	// (determine-the-network-partition-key), "" for none. Its form is the
	// caller's choice, as long as equal partitions give equal strings; see
	// Policy.PartitionByTopOrigin for WebKit's.
	Partition string
	// Origin is the byte-serialized request origin, "null" for an opaque
	// or tainted origin; see Policy.KeyOriginIgnoresTaint for the engines'.
	Origin string
	// URL is the request's current URL, serialized. Unless the policy sets
	// KeepFragment, everything from the first "#" on is ignored (a
	// serialized URL has no "#" before its fragment).
	URL string
	// Unshared marks a request whose origin no other request shares, as an
	// engine that gives it a fresh opaque origin does (Policy
	// TaintedOriginUnshared and OpaqueOriginUnshared, which the caller
	// reads): a lookup always misses with [UnsharedOrigin], a store stores
	// nothing ([SkipUnsharedOrigin]) and a clear removes nothing. The spec
	// has no such key: its tainted requests and opaque pages share the
	// origin "null".
	Unshared bool
}

// mapKey is what the cache stores a result under: the normalized Key,
// plus the credentials mode for policies that keep the two apart.
type mapKey struct {
	Key
	credentialed bool
}

// normalize applies the policy's URL rule to k (SPEC-CHECKLIST Q7). It
// never allocates: the result shares k's strings.
func (p *Policy) normalize(k Key) Key {
	k.URL = p.keyURL(k.URL)
	return k
}

// keyURL is the part of a serialized URL that keys entries: all of it
// under KeepFragment, else what precedes the first "#".
func (p *Policy) keyURL(url string) string {
	if !p.KeepFragment {
		if i := strings.IndexByte(url, '#'); i >= 0 {
			return url[:i]
		}
	}
	return url
}

// mapKey returns where a request with this credentials mode looks; k must
// be normalized.
func (p *Policy) mapKey(k Key, include bool) mapKey {
	return mapKey{Key: k, credentialed: p.CredentialsInKey && include}
}

// less orders keys for EvictRandomRun: origin, then URL, then partition,
// as Chromium's std::map orders (origin, URL, network isolation key).
func (a mapKey) less(b mapKey) bool {
	if a.Origin != b.Origin {
		return a.Origin < b.Origin
	}
	if a.URL != b.URL {
		return a.URL < b.URL
	}
	if a.Partition != b.Partition {
		return a.Partition < b.Partition
	}
	return !a.credentialed && b.credentialed
}
