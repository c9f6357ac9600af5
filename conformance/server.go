package conformance

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// A server is the network an engine sees: listeners on one loopback address,
// one per port the vectors name, all answering for every host name (the
// engine is made to resolve each host of the vectors to Addr). It plays the
// routes of the step being run and records every request that arrives; paths
// under [HarnessPrefix] belong to the harness page instead.
//
// A run keeps one server per engine instance, each on its own loopback
// address, so instances can run side by side without their requests mixing;
// the vectors one instance runs in a row are told apart by host (see
// rename.go).
type server struct {
	Addr netip.Addr

	lns     []*listener
	arrival sync.Mutex // one arrival order across all listeners

	mu     sync.Mutex
	byID   map[string]*player // the vectors being played, by session id
	byHost map[string]*player // ... by the hosts they own
	first  *player            // answers hosts no player owns
}

// newServer listens on addr at each of ports, serving TLS with cert and
// plain HTTP/1.1 alike. A port 0 gets a free port (see Ports).
func newServer(addr netip.Addr, ports []int, cert tls.Certificate) (*server, error) {
	s := &server{Addr: addr}
	cfg := &tls.Config{
		Certificates: []tls.Certificate{cert},
		NextProtos:   []string{"h2", "http/1.1"},
		MinVersion:   tls.VersionTLS12,
	}
	for _, p := range ports {
		ln, err := net.Listen("tcp", netip.AddrPortFrom(addr, uint16(p)).String())
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("conformance: listen: %w", err)
		}
		port := ln.Addr().(*net.TCPAddr).Port // p, or the port chosen for 0
		l := &listener{ln: ln, port: port, tls: cfg, h: s, arrival: &s.arrival, conns: map[net.Conn]struct{}{}}
		l.wg.Add(1)
		go l.acceptLoop()
		s.lns = append(s.lns, l)
	}
	return s, nil
}

// Ports returns the ports the server listens on, in the order given.
func (s *server) Ports() []int {
	ps := make([]int, len(s.lns))
	for i, l := range s.lns {
		ps[i] = l.port
	}
	return ps
}

// Close stops every listener and drops every connection.
func (s *server) Close() {
	for _, l := range s.lns {
		l.close()
	}
	s.lns = nil
}

// load makes ps the vectors being played (one engine process runs them in
// order). A request is recorded by the player owning its host; the first
// player takes requests to any other host.
func (s *server) load(ps []*player) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byID, s.byHost, s.first = map[string]*player{}, map[string]*player{}, nil
	for i := len(ps) - 1; i >= 0; i-- { // earlier players win a shared host
		p := ps[i]
		s.byID[p.id] = p
		for _, h := range p.hosts {
			s.byHost[h] = p
		}
	}
	if len(ps) > 0 {
		s.first = ps[0]
	}
}

// unload stops playing; requests get 404 until the next load.
func (s *server) unload() { s.load(nil) }

// playerFor returns the player a request belongs to, or nil.
func (s *server) playerFor(req *wireRequest) *player {
	s.mu.Lock()
	defer s.mu.Unlock()
	if isHarness(req) {
		u, err := url.Parse(req.Target)
		if err != nil {
			return nil
		}
		return s.byID[u.Query().Get("s")]
	}
	host := strings.ToLower(req.Authority)
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if p, ok := s.byHost[strings.TrimSuffix(host, ".")]; ok {
		return p
	}
	return s.first
}

// HarnessPrefix starts every path the harness uses; no vector names one.
const HarnessPrefix = "/__corsim/"

func isHarness(req *wireRequest) bool {
	return strings.HasPrefix(req.Target, HarnessPrefix)
}

func (s *server) arrived(req *wireRequest) {
	if isHarness(req) {
		return
	}
	p := s.playerFor(req)
	if p == nil {
		req.answer = notFound()
		return
	}
	req.answer = p.arrived(req)
}

func (s *server) serve(req *wireRequest) *wireResponse {
	if isHarness(req) {
		if p := s.playerFor(req); p != nil {
			return p.harness(req)
		}
		return notFound()
	}
	if req.answer == nil {
		return notFound()
	}
	return req.answer
}

// notFound is the answer to a request no route matches: 404 with no header
// lines at all (VECTORS.md), so a CORS request to it fails the CORS check.
func notFound() *wireResponse {
	return &wireResponse{Status: 404}
}

// A Recorded is one request as it reached the server.
type Recorded struct {
	Proto   string  `json:"proto"` // "h2" or "http/1.1"
	Method  string  `json:"method"`
	URL     string  `json:"url"`
	Headers []Field `json:"headers"` // header lines in arrival order
	BodyLen int     `json:"bodyLength,omitempty"`
	Status  int     `json:"status"` // the status answered
	Route   int     `json:"route"`  // the index of the route that answered, -1 for none
}

// String names the server's address and ports, for logs.
func (s *server) String() string {
	ports := make([]string, len(s.lns))
	for i, l := range s.lns {
		ports[i] = strconv.Itoa(l.port)
	}
	return s.Addr.String() + ":{" + strings.Join(ports, ",") + "}"
}
