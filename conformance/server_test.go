package conformance

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/corsim/corsim/vectors"
	"github.com/google/go-cmp/cmp"
)

// testServer starts a Server on 127.0.0.1 (a free port) playing v, and
// returns it with the player and a CA pool trusting it.
func testServer(t *testing.T, v *vectors.Vector, advance func(time.Duration) error) (*server, *player, *x509.CertPool) {
	t.Helper()
	hosts, _ := Hosts([]vectors.Vector{*v})
	ca, err := newAuthority(hosts, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := newServer(netip.MustParseAddr("127.0.0.1"), []int{0}, ca.Leaf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	p := newPlayer("s1", v, nil, advance)
	srv.load([]*player{p})
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(ca.CertPEM) {
		t.Fatal("CA PEM does not parse")
	}
	return srv, p, pool
}

// client returns an HTTP client reaching srv for every host name, over
// HTTP/2 when h2 is set, else HTTP/1.1.
func client(srv *server, pool *x509.CertPool, h2 bool) *http.Client {
	addr := net.JoinHostPort(srv.Addr.String(), itoa(srv.Ports()[0]))
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
		TLSClientConfig: &tls.Config{RootCAs: pool},
		Protocols:       new(http.Protocols),
	}
	if h2 {
		tr.Protocols.SetHTTP2(true)
	} else {
		tr.Protocols.SetHTTP1(true)
	}
	return &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

func mustParse(t *testing.T, doc string) *vectors.Vector {
	t.Helper()
	vs, errs := vectors.Parse("test.json", []byte(doc))
	if len(errs) > 0 {
		t.Fatalf("vector does not load: %v", errs)
	}
	return &vs[0]
}

// twoRoutes: a first answer for one request, then a second one for good,
// and a third route never reached.
const twoRoutes = `{"vectors": [{
  "name": "test/two-routes",
  "about": "a", "spec": ["cors-check"], "source": "test",
  "origin": "https://foo.example",
  "steps": [{
    "request": {"url": "https://bar.other/api"},
    "server": [
      {"method": "GET", "url": "https://bar.other/api", "status": 201, "times": 1,
       "headers": [["Access-Control-Allow-Origin", "*"], ["X-Dup", "a"], ["X-Dup", "b"]], "body": "first"},
      {"method": "*", "url": "https://bar.other/api", "status": 202, "headers": [["x-second", " raw "]]},
      {"method": "GET", "url": "https://bar.other/api", "status": 203, "headers": []}
    ],
    "expect": {"outcome": "ok"}
  }]
}]}`

// startStep makes p run step 0, as the harness page's first ask does.
func startStep(t *testing.T, p *player) {
	t.Helper()
	resp := p.next([]byte(`{"index": -1}`))
	if resp.Status != 200 {
		t.Fatalf("first ask: status %d: %s", resp.Status, resp.Body)
	}
}

func TestServerPlaysRoutes(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		name := "http1"
		if h2 {
			name = "h2"
		}
		t.Run(name, func(t *testing.T) {
			srv, p, pool := testServer(t, mustParse(t, twoRoutes), nil)
			startStep(t, p)
			c := client(srv, pool, h2)
			type answer struct {
				Status int
				Header http.Header
				Body   string
			}
			var got []answer
			for _, method := range []string{"GET", "PUT", "GET"} {
				req, _ := http.NewRequest(method, "https://bar.other/api", nil)
				resp, err := c.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if h2 != (resp.ProtoMajor == 2) {
					t.Fatalf("protocol %s, want h2=%v", resp.Proto, h2)
				}
				got = append(got, answer{resp.StatusCode, resp.Header, string(body)})
			}
			// The route's header lines and nothing else: no Date, no
			// Content-Type, no Content-Length (VECTORS.md: exactly the
			// route's headers). Over HTTP/1.1 the value's surrounding
			// spaces are not part of it (RFC 9112 §5); HTTP/2 carries them.
			raw := "raw"
			if h2 {
				raw = " raw "
			}
			want := []answer{
				{201, http.Header{"Access-Control-Allow-Origin": {"*"}, "X-Dup": {"a", "b"}}, "first"},
				{202, http.Header{"X-Second": {raw}}, vectors.DefaultBody},
				{202, http.Header{"X-Second": {raw}}, vectors.DefaultBody},
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("answers mismatch (-want +got):\n%s", diff)
			}
			rec := p.recorded(0)
			var lines []string
			for _, r := range rec {
				lines = append(lines, r.Method+" "+r.URL+" "+itoa(r.Status)+" route "+itoa(r.Route))
			}
			wantLines := []string{
				"GET https://bar.other/api 201 route 0",
				"PUT https://bar.other/api 202 route 1",
				"GET https://bar.other/api 202 route 1",
			}
			if diff := cmp.Diff(wantLines, lines); diff != "" {
				t.Errorf("recorded mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestServerUnmatchedIs404WithoutHeaders(t *testing.T) {
	srv, p, pool := testServer(t, mustParse(t, twoRoutes), nil)
	startStep(t, p)
	resp, err := client(srv, pool, true).Get("https://bar.other/other?x=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 || len(resp.Header) != 0 {
		t.Errorf("got %d %v, want 404 with no header lines", resp.StatusCode, resp.Header)
	}
	if rec := p.recorded(0); len(rec) != 1 || rec[0].URL != "https://bar.other/other?x=1" || rec[0].Route != -1 {
		t.Errorf("recorded %+v", rec)
	}
}

// TestServerRecordsRawHTTP1 sends bytes by hand: header lines must be
// recorded in order, with values the Fetch Standard allows but Go's
// net/http would refuse (a control byte, obs-text), and the answer must
// carry exactly the route's header lines.
func TestServerRecordsRawHTTP1(t *testing.T) {
	srv, p, pool := testServer(t, mustParse(t, twoRoutes), nil)
	startStep(t, p)
	conn, err := tls.Dial("tcp", net.JoinHostPort(srv.Addr.String(), itoa(srv.Ports()[0])),
		&tls.Config{RootCAs: pool, ServerName: "bar.other", NextProtos: []string{"http/1.1"}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /api HTTP/1.1\r\nHost: bar.other\r\nX-B: 2\r\nOrigin: https://foo.example\r\n"+
		"X-Ctl: a\x01b\r\nX-Latin: caf\xe9\r\nX-B: 1\r\n\r\n")
	raw, err := io.ReadAll(bufio.NewReader(conn))
	if err != nil {
		t.Fatal(err)
	}
	wantRaw := "HTTP/1.1 201 Status\r\nAccess-Control-Allow-Origin: *\r\nX-Dup: a\r\nX-Dup: b\r\n\r\nfirst"
	if got := string(raw); got != wantRaw {
		t.Errorf("raw answer:\n%q\nwant\n%q", got, wantRaw)
	}
	rec := p.recorded(0)
	if len(rec) != 1 {
		t.Fatalf("recorded %d requests, want 1", len(rec))
	}
	want := []Field{{"Host", "bar.other"}, {"X-B", "2"}, {"Origin", "https://foo.example"},
		{"X-Ctl", "a\x01b"}, {"X-Latin", "caf\xe9"}, {"X-B", "1"}}
	if diff := cmp.Diff(want, rec[0].Headers); diff != "" {
		t.Errorf("header lines mismatch (-want +got):\n%s", diff)
	}
}

func TestServerPlainHTTP(t *testing.T) {
	srv, p, pool := testServer(t, mustParse(t, strings.ReplaceAll(twoRoutes, "https://bar.other", "http://bar.other")), nil)
	startStep(t, p)
	resp, err := client(srv, pool, false).Get("http://bar.other/api")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Errorf("status %d, want 201", resp.StatusCode)
	}
	if rec := p.recorded(0); len(rec) != 1 || rec[0].URL != "http://bar.other/api" || rec[0].Proto != "http/1.1" {
		t.Errorf("recorded %+v", rec)
	}
}

func TestJoinCookieCrumbs(t *testing.T) {
	tests := []struct {
		name string
		in   []Field
		want []Field
	}{
		{"none", []Field{{"a", "1"}}, []Field{{"a", "1"}}},
		{"one", []Field{{"cookie", "a=1"}, {"b", "2"}}, []Field{{"cookie", "a=1"}, {"b", "2"}}},
		{
			"crumbs joined where the first stood",
			[]Field{{"x", "0"}, {"cookie", "a=1"}, {"y", "1"}, {"cookie", "b=2"}, {"cookie", "c=3"}},
			[]Field{{"x", "0"}, {"cookie", "a=1; b=2; c=3"}, {"y", "1"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, joinCookieCrumbs(tc.in)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
