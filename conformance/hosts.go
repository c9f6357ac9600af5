package conformance

import (
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/corsim/corsim/vectors"
)

// Hosts returns the host names and the ports a set of vectors can reach:
// from the page and top-level origins, request and route URLs, the Location
// header lines of routes (resolved against the route's URL) and the URLs
// expected on the wire. Only http and https URLs count; the conventional page
// origin is always included. Ports come sorted; 80 and 443 are always among
// them, since the harness page is served from the page's origin.
func Hosts(vs []vectors.Vector) (hosts []string, ports []int) {
	return collectHosts(vs, true)
}

// vectorHosts returns the hosts v names (its top page's included).
func vectorHosts(v *vectors.Vector) []string {
	hs, _ := collectHosts([]vectors.Vector{*v}, false)
	if u, err := url.Parse(topOrigin(v)); err == nil && u.Hostname() != "" {
		h := strings.ToLower(u.Hostname())
		if !slices.Contains(hs, h) {
			hs = append(hs, h)
		}
	}
	return hs
}

func collectHosts(vs []vectors.Vector, withDefault bool) (hosts []string, ports []int) {
	hs := map[string]bool{}
	ps := map[int]bool{80: true, 443: true}
	add := func(raw string, base *url.URL) {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil {
			return
		}
		if base != nil {
			u = base.ResolveReference(u)
		}
		scheme := strings.ToLower(u.Scheme)
		if scheme != "http" && scheme != "https" || u.Hostname() == "" {
			return
		}
		hs[strings.ToLower(u.Hostname())] = true
		if p, err := strconv.Atoi(u.Port()); err == nil && p > 0 && p < 65536 {
			ps[p] = true
		}
	}
	if withDefault {
		add(DefaultPageOrigin, nil)
	}
	for _, v := range vs {
		add(v.Origin, nil)
		add(v.TopLevel, nil)
		for _, s := range v.Steps {
			add(s.Request.URL, nil)
			for _, rt := range s.Server {
				add(rt.URL, nil)
				base, err := url.Parse(rt.URL)
				if err != nil {
					continue
				}
				for _, h := range rt.Headers {
					if strings.EqualFold(h.Name, "location") {
						add(h.Value, base)
					}
				}
			}
			for _, e := range append([]vectors.Expect{s.Expect}, patches(s)...) {
				if e.Sent == nil {
					continue
				}
				for _, w := range *e.Sent {
					add(w.URL, nil)
				}
			}
		}
	}
	for h := range hs {
		hosts = append(hosts, h)
	}
	for p := range ps {
		ports = append(ports, p)
	}
	sort.Strings(hosts)
	sort.Ints(ports)
	return hosts, ports
}

func patches(s vectors.Step) []vectors.Expect {
	var es []vectors.Expect
	for _, name := range vectors.Engines {
		if p, ok := s.ExpectByEngine[name]; ok {
			es = append(es, p.Expect)
		}
	}
	return es
}

func sortedMapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
