package conformance

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/http2/hpack"
)

// The wire layer is a deliberately small HTTP/1.1 and HTTP/2 server. Go's
// net/http cannot serve here: it refuses requests whose header values hold
// control characters that the Fetch Standard lets script send (a vector may be
// about exactly that), it merges and reorders header lines before a handler
// sees them, and it adds Date, Content-Type and Content-Length to responses.
// This server records every header line as it arrived and answers with the
// route's header lines and nothing else.

// A Field is one header line: name and value as they arrived (HTTP/1.1: the
// value without its surrounding whitespace, which the message syntax does not
// count as part of it; HTTP/2: the decoded field).
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// A wireRequest is one request as it arrived.
type wireRequest struct {
	Proto     string  // "h2" or "http/1.1"
	Scheme    string  // "https" or "http", from the listener
	Method    string  // :method or the request line's method
	Authority string  // :authority, or the Host header over HTTP/1.1
	Target    string  // :path or the request target
	Port      int     // the port the listener serves
	Fields    []Field // header lines in arrival order, pseudo-headers excluded
	Body      []byte

	// answer is filled by the handler's arrived call; it is what serve returns
	// for a scripted route.
	answer *wireResponse
}

// URL returns the request's absolute URL as the page would write it: the
// default port is omitted.
func (r *wireRequest) URL() string {
	host := r.Authority
	if h, p, err := net.SplitHostPort(host); err == nil && p == strconv.Itoa(defaultPort(r.Scheme)) {
		host = h
		if strings.Contains(h, ":") {
			host = "[" + h + "]"
		}
	}
	return r.Scheme + "://" + host + r.Target
}

func defaultPort(scheme string) int {
	if scheme == "http" {
		return 80
	}
	return 443
}

// A wireResponse is an answer: exactly these header lines are sent, apart
// from the framing each protocol needs (see writeHTTP1 and h2conn.respond).
type wireResponse struct {
	Status int
	Fields []Field
	Body   []byte
}

// A wireHandler decides answers. arrived is called once per request, in the
// order heads arrive on the server (all connections, all protocols), as soon
// as the head is complete; serve is called once the body has arrived, on a
// goroutine of its own, and may block.
type wireHandler interface {
	arrived(req *wireRequest)
	serve(req *wireRequest) *wireResponse
}

// A listener serves one address (a loopback IP and port), over TLS (ALPN h2
// and http/1.1) or in plain text (HTTP/1.1 only, as browsers never speak
// cleartext HTTP/2 to an origin): the first byte a client sends tells which,
// so one port serves both the http and the https origin that name it.
type listener struct {
	ln      net.Listener
	port    int
	tls     *tls.Config
	h       wireHandler
	arrival *sync.Mutex // serialises arrived calls across connections

	mu    sync.Mutex
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

func (l *listener) track(c net.Conn, add bool) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if add {
		if l.conns == nil {
			return false // closed
		}
		l.conns[c] = struct{}{}
	} else {
		delete(l.conns, c)
	}
	return true
}

func (l *listener) acceptLoop() {
	defer l.wg.Done()
	for {
		c, err := l.ln.Accept()
		if err != nil {
			return
		}
		if !l.track(c, true) {
			c.Close()
			return
		}
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			defer l.track(c, false)
			defer c.Close()
			l.serveConn(c)
		}()
	}
}

func (l *listener) close() {
	l.ln.Close()
	l.mu.Lock()
	for c := range l.conns {
		c.Close()
	}
	l.conns = nil
	l.mu.Unlock()
	l.wg.Wait()
}

func (l *listener) serveConn(c net.Conn) {
	proto, scheme := "http/1.1", "http"
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	pc := &peekConn{Conn: c, r: bufio.NewReader(c)}
	first, err := pc.r.Peek(1)
	if err != nil {
		return
	}
	c = pc
	if first[0] == 0x16 { // a TLS handshake record: ClientHello
		scheme = "https"
		tc := tls.Server(c, l.tls)
		tc.SetDeadline(time.Now().Add(10 * time.Second))
		if err := tc.Handshake(); err != nil {
			return
		}
		tc.SetDeadline(time.Time{})
		if tc.ConnectionState().NegotiatedProtocol == "h2" {
			proto = "h2"
		}
		c = tc
	}
	if proto == "h2" {
		(&h2conn{l: l, c: c}).serve()
		return
	}
	l.serveHTTP1(c, scheme)
}

// A peekConn is a connection whose first bytes were looked at.
type peekConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *peekConn) Read(p []byte) (int, error) { return c.r.Read(p) }

func (l *listener) noteArrival(req *wireRequest) {
	l.arrival.Lock()
	defer l.arrival.Unlock()
	l.h.arrived(req)
}

// serveHTTP1 reads one request, answers it and closes the connection. The
// answer's body is delimited by the close, so no Content-Length or
// Transfer-Encoding line is added to the route's header lines (script could
// read either one).
func (l *listener) serveHTTP1(c net.Conn, scheme string) {
	c.SetReadDeadline(time.Now().Add(30 * time.Second))
	br := bufio.NewReader(c)
	req, err := readHTTP1(br)
	if err != nil {
		return
	}
	req.Scheme, req.Port = scheme, l.port
	l.noteArrival(req)
	if err := readHTTP1Body(br, req); err != nil {
		return
	}
	c.SetReadDeadline(time.Time{})
	resp := l.h.serve(req)
	writeHTTP1(c, req.Method, resp)
}

var errMalformed = errors.New("malformed request")

// readHTTP1 reads a request line and header lines. It is lenient on purpose:
// any bytes but CR and LF are kept in names and values, as the engines sent them.
func readHTTP1(br *bufio.Reader) (*wireRequest, error) {
	line, err := readLine(br)
	if err != nil {
		return nil, err
	}
	parts := strings.SplitN(line, " ", 3)
	if len(parts) != 3 || !strings.HasPrefix(parts[2], "HTTP/1.") {
		return nil, errMalformed
	}
	req := &wireRequest{Proto: "http/1.1", Method: parts[0], Target: parts[1]}
	for {
		line, err := readLine(br)
		if err != nil {
			return nil, err
		}
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, errMalformed
		}
		value = strings.Trim(value, " \t")
		if strings.EqualFold(name, "host") && req.Authority == "" {
			req.Authority = value
		}
		req.Fields = append(req.Fields, Field{name, value})
	}
	return req, nil
}

func readLine(br *bufio.Reader) (string, error) {
	var b []byte
	for {
		chunk, isPrefix, err := br.ReadLine()
		if err != nil {
			return "", err
		}
		b = append(b, chunk...)
		if len(b) > 1<<20 {
			return "", errMalformed
		}
		if !isPrefix {
			return string(b), nil
		}
	}
}

func readHTTP1Body(br *bufio.Reader, req *wireRequest) error {
	var te, cl string
	for _, f := range req.Fields {
		switch strings.ToLower(f.Name) {
		case "transfer-encoding":
			te = strings.ToLower(f.Value)
		case "content-length":
			cl = f.Value
		}
	}
	switch {
	case strings.Contains(te, "chunked"):
		var body bytes.Buffer
		for {
			line, err := readLine(br)
			if err != nil {
				return err
			}
			size, err := strconv.ParseInt(strings.TrimSpace(strings.SplitN(line, ";", 2)[0]), 16, 32)
			if err != nil || size < 0 {
				return errMalformed
			}
			if size == 0 {
				for { // trailer lines, then the empty line
					line, err := readLine(br)
					if err != nil {
						return err
					}
					if line == "" {
						break
					}
				}
				req.Body = body.Bytes()
				return nil
			}
			if _, err := io.CopyN(&body, br, size); err != nil {
				return err
			}
			if _, err := readLine(br); err != nil { // the CRLF after the chunk
				return err
			}
		}
	case cl != "":
		n, err := strconv.ParseInt(cl, 10, 32)
		if err != nil || n < 0 {
			return errMalformed
		}
		req.Body = make([]byte, n)
		_, err = io.ReadFull(br, req.Body)
		return err
	}
	return nil
}

func writeHTTP1(w io.Writer, method string, resp *wireResponse) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", resp.Status, statusText(resp.Status))
	for _, f := range resp.Fields {
		b.WriteString(f.Name)
		b.WriteString(": ")
		b.WriteString(f.Value)
		b.WriteString("\r\n")
	}
	b.WriteString("\r\n")
	if bodyAllowed(method, resp.Status) {
		b.Write(resp.Body)
	}
	_, err := w.Write(b.Bytes())
	return err
}

func bodyAllowed(method string, status int) bool {
	return method != "HEAD" && status >= 200 && status != 204 && status != 304
}

func statusText(code int) string {
	switch code {
	case 200:
		return "OK"
	case 404:
		return "Not Found"
	}
	// The reason phrase carries no meaning; engines ignore it (script
	// reads statusText only over HTTP/1.1, and no vector checks it).
	return "Status"
}

// h2conn serves one HTTP/2 connection: enough of RFC 9113 for a browser
// sending requests and reading small canned answers. Header blocks are
// decoded with hpack and no further validation, so the fields are recorded
// exactly as the engine encoded them.
type h2conn struct {
	l *listener
	c net.Conn

	wmu sync.Mutex // guards writes to c and enc
	enc *hpack.Encoder
	ebf bytes.Buffer

	dec          *hpack.Decoder
	maxFrameSize uint32 // the peer's SETTINGS_MAX_FRAME_SIZE

	streams map[uint32]*wireRequest
	block   []byte // header block being assembled from HEADERS + CONTINUATION
	blockID uint32
	blockES bool // END_STREAM was set on the HEADERS frame
}

const h2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

func (h *h2conn) serve() {
	h.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	preface := make([]byte, len(h2Preface))
	if _, err := io.ReadFull(h.c, preface); err != nil || string(preface) != h2Preface {
		return
	}
	h.c.SetReadDeadline(time.Time{})
	h.enc = hpack.NewEncoder(&h.ebf)
	h.dec = hpack.NewDecoder(4096, nil)
	h.dec.SetMaxStringLength(1 << 20)
	h.maxFrameSize = 16384
	h.streams = map[uint32]*wireRequest{}
	br := bufio.NewReaderSize(h.c, 64<<10)

	var out []byte
	out = appendH2Frame(out, h2Settings, 0, 0, settingsPayload(
		[2]uint32{h2SettingMaxConcurrentStreams, 250},
		[2]uint32{h2SettingInitialWindowSize, 1 << 20},
		[2]uint32{h2SettingMaxFrameSize, 1 << 20},
		[2]uint32{h2SettingMaxHeaderListSize, 1 << 20},
	))
	out = appendH2Frame(out, h2WindowUpdate, 0, 0, windowUpdatePayload(1<<24))
	h.write(out)

	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		f, err := readH2Frame(br, 1<<20)
		if err != nil {
			return
		}
		if h.block != nil && f.Type != h2Continuation {
			return // RFC 9113 §6.10: nothing may come between HEADERS and its CONTINUATIONs
		}
		switch f.Type {
		case h2Settings:
			if f.has(h2FlagAck) {
				continue
			}
			kvs, err := f.settings()
			if err != nil {
				return
			}
			for _, kv := range kvs {
				if kv[0] == h2SettingMaxFrameSize {
					h.maxFrameSize = kv[1]
				}
			}
			h.write(appendH2Frame(nil, h2Settings, h2FlagAck, 0, nil))
		case h2Ping:
			if !f.has(h2FlagAck) {
				h.write(appendH2Frame(nil, h2Ping, h2FlagAck, 0, f.Payload))
			}
		case h2GoAway:
			return
		case h2Headers:
			frag, err := f.headerFragment()
			if err != nil {
				return
			}
			h.block = append([]byte{}, frag...)
			h.blockID, h.blockES = f.StreamID, f.has(h2FlagEndStream)
			if f.has(h2FlagEndHeaders) && !h.headersDone(&wg) {
				return
			}
		case h2Continuation:
			if h.block == nil || f.StreamID != h.blockID {
				return
			}
			h.block = append(h.block, f.Payload...)
			if f.has(h2FlagEndHeaders) && !h.headersDone(&wg) {
				return
			}
		case h2Data:
			data, err := f.dataPayload()
			if err != nil {
				return
			}
			req := h.streams[f.StreamID]
			// Give back the flow-control credit the whole frame used.
			if n := uint32(len(f.Payload)); n > 0 {
				wu := appendH2Frame(nil, h2WindowUpdate, 0, 0, windowUpdatePayload(n))
				if req != nil && !f.has(h2FlagEndStream) {
					wu = appendH2Frame(wu, h2WindowUpdate, 0, f.StreamID, windowUpdatePayload(n))
				}
				h.write(wu)
			}
			if req == nil {
				continue
			}
			req.Body = append(req.Body, data...)
			if f.has(h2FlagEndStream) {
				h.dispatch(&wg, f.StreamID, req)
			}
		case h2RSTStream:
			delete(h.streams, f.StreamID)
		}
	}
}

// headersDone decodes a complete header block; it reports false when the
// connection must be dropped (a compression error leaves the decoder unusable).
func (h *h2conn) headersDone(wg *sync.WaitGroup) bool {
	block := h.block
	h.block = nil
	fields, err := h.dec.DecodeFull(block)
	if err != nil {
		return false
	}
	req := &wireRequest{Proto: "h2", Scheme: "https", Port: h.l.port}
	for _, f := range fields {
		switch f.Name {
		case ":method":
			req.Method = f.Value
		case ":authority":
			req.Authority = f.Value
		case ":path":
			req.Target = f.Value
		case ":scheme", ":protocol":
		default:
			req.Fields = append(req.Fields, Field{f.Name, f.Value})
		}
	}
	req.Fields = joinCookieCrumbs(req.Fields)
	if req.Authority == "" { // RFC 9113 §8.3.1: Host stands in for :authority
		for _, f := range req.Fields {
			if f.Name == "host" {
				req.Authority = f.Value
			}
		}
	}
	h.l.noteArrival(req)
	if h.blockES {
		h.dispatch(wg, h.blockID, req)
	} else {
		h.streams[h.blockID] = req
	}
	return true
}

// joinCookieCrumbs puts the cookie fields of an HTTP/2 request back into one
// line, joined by "; ", where the first one stood: RFC 9113 §8.2.3 lets a
// client split Cookie into crumbs for compression (Chromium does) and asks
// the server to join them before handing the request on.
func joinCookieCrumbs(fs []Field) []Field {
	first, n := -1, 0
	for i, f := range fs {
		if f.Name == "cookie" {
			if first < 0 {
				first = i
			}
			n++
		}
	}
	if n < 2 {
		return fs
	}
	var crumbs []string
	out := make([]Field, 0, len(fs)-n+1)
	for _, f := range fs {
		if f.Name == "cookie" {
			crumbs = append(crumbs, f.Value)
			if len(crumbs) == 1 {
				out = append(out, Field{})
			}
			continue
		}
		out = append(out, f)
	}
	out[first] = Field{"cookie", strings.Join(crumbs, "; ")}
	return out
}

func (h *h2conn) dispatch(wg *sync.WaitGroup, id uint32, req *wireRequest) {
	delete(h.streams, id)
	wg.Add(1)
	go func() {
		defer wg.Done()
		h.respond(id, req.Method, h.l.h.serve(req))
	}()
}

// respond writes resp on stream id. Field names are lowercased, as HTTP/2
// requires; values are sent as the route gives them, even where RFC 9113
// calls them malformed (what the engine makes of that is under test).
func (h *h2conn) respond(id uint32, method string, resp *wireResponse) {
	// The encoder's dynamic table must see header blocks in the order they
	// go out: encode and write under one lock.
	h.wmu.Lock()
	defer h.wmu.Unlock()
	h.ebf.Reset()
	h.enc.WriteField(hpack.HeaderField{Name: ":status", Value: strconv.Itoa(resp.Status)})
	for _, f := range resp.Fields {
		h.enc.WriteField(hpack.HeaderField{Name: strings.ToLower(f.Name), Value: f.Value})
	}
	block := h.ebf.Bytes()

	body := resp.Body
	if !bodyAllowed(method, resp.Status) {
		body = nil
	}
	max := int(min(h.maxFrameSize, 16384))
	var out []byte
	first := block[:min(len(block), max)]
	var flags uint8
	if len(body) == 0 {
		flags |= h2FlagEndStream
	}
	if len(first) == len(block) {
		flags |= h2FlagEndHeaders
	}
	out = appendH2Frame(out, h2Headers, flags, id, first)
	for rest := block[len(first):]; len(rest) > 0; {
		n := min(len(rest), max)
		var fl uint8
		if n == len(rest) {
			fl = h2FlagEndHeaders
		}
		out = appendH2Frame(out, h2Continuation, fl, id, rest[:n])
		rest = rest[n:]
	}
	for len(body) > 0 {
		n := min(len(body), max)
		var fl uint8
		if n == len(body) {
			fl = h2FlagEndStream
		}
		out = appendH2Frame(out, h2Data, fl, id, body[:n])
		body = body[n:]
	}
	h.writeLocked(out)
}

// write sends frames.
func (h *h2conn) write(b []byte) {
	h.wmu.Lock()
	defer h.wmu.Unlock()
	h.writeLocked(b)
}

func (h *h2conn) writeLocked(b []byte) {
	h.c.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if _, err := h.c.Write(b); err != nil {
		h.c.Close()
	}
}
