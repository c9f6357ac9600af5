package conformance

import (
	"bufio"
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// http1Tests: the request heads readHTTP1 must take as sent (names and
// values byte for byte, values without their surrounding whitespace: RFC
// 9112 §5), and the ones it must refuse.
var http1Tests = []struct {
	name string
	raw  string
	want *wireRequest // nil: refused
}{
	{
		name: "order and repeats kept",
		raw:  "GET /a?b HTTP/1.1\r\nHost: bar.other\r\nX-B: 2\r\nx-b: 1\r\n\r\n",
		want: &wireRequest{Proto: "http/1.1", Method: "GET", Target: "/a?b", Authority: "bar.other",
			Fields: []Field{{"Host", "bar.other"}, {"X-B", "2"}, {"x-b", "1"}}},
	},
	{
		name: "surrounding whitespace is not part of the value",
		raw:  "OPTIONS /x HTTP/1.1\r\nHost:bar.other:8443\r\nX-A: \t a b \t\r\n\r\n",
		want: &wireRequest{Proto: "http/1.1", Method: "OPTIONS", Target: "/x", Authority: "bar.other:8443",
			Fields: []Field{{"Host", "bar.other:8443"}, {"X-A", "a b"}}},
	},
	{
		name: "control and high bytes kept",
		raw:  "GET / HTTP/1.1\r\nX-A: a\x01b\x7f\xff\r\n\r\n",
		want: &wireRequest{Proto: "http/1.1", Method: "GET", Target: "/", Fields: []Field{{"X-A", "a\x01b\x7f\xff"}}},
	},
	{name: "no version", raw: "GET /\r\n\r\n"},
	{name: "HTTP/2 preface is not HTTP/1", raw: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"},
	{name: "line without colon", raw: "GET / HTTP/1.1\r\nbroken\r\n\r\n"},
	{name: "cut short", raw: "GET / HTTP/1.1\r\nHost: x\r\n"},
}

func TestReadHTTP1(t *testing.T) {
	for _, tc := range http1Tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readHTTP1(bufio.NewReader(strings.NewReader(tc.raw)))
			if tc.want == nil {
				if err == nil {
					t.Fatalf("accepted: %+v", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(wireRequest{})); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadHTTP1Body(t *testing.T) {
	tests := []struct {
		name, raw, want string
		bad             bool
	}{
		{name: "content-length", raw: "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloNEXT", want: "hello"},
		{name: "chunked", raw: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nhel\r\n2\r\nlo\r\n0\r\nT: 1\r\n\r\n", want: "hello"},
		{name: "none", raw: "GET / HTTP/1.1\r\n\r\n", want: ""},
		{name: "bad length", raw: "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", bad: true},
		{name: "bad chunk size", raw: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", bad: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			br := bufio.NewReader(strings.NewReader(tc.raw))
			req, err := readHTTP1(br)
			if err != nil {
				t.Fatal(err)
			}
			err = readHTTP1Body(br, req)
			if tc.bad {
				if err == nil {
					t.Errorf("accepted body %q", req.Body)
				}
				return
			}
			if err != nil || string(req.Body) != tc.want {
				t.Errorf("body %q, %v; want %q", req.Body, err, tc.want)
			}
		})
	}
}

// FuzzReadHTTP1: a head that parses, written out again with the fields as
// recorded, parses to the same request.
func FuzzReadHTTP1(f *testing.F) {
	for _, tc := range http1Tests {
		f.Add(tc.raw)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		req, err := readHTTP1(bufio.NewReader(strings.NewReader(raw)))
		if err != nil {
			return
		}
		var b strings.Builder
		b.WriteString(req.Method + " " + req.Target + " HTTP/1.1\r\n")
		for _, f := range req.Fields {
			b.WriteString(f.Name + ": " + f.Value + "\r\n")
		}
		b.WriteString("\r\n")
		again, err := readHTTP1(bufio.NewReader(strings.NewReader(b.String())))
		if err != nil {
			t.Fatalf("re-written head %q does not parse: %v", b.String(), err)
		}
		if diff := cmp.Diff(req, again, cmp.AllowUnexported(wireRequest{})); diff != "" {
			t.Errorf("round trip mismatch (-first +second):\n%s", diff)
		}
	})
}

func TestH2Frames(t *testing.T) {
	tests := []struct {
		name     string
		typ      h2FrameType
		flags    uint8
		payload  []byte
		fragment string // headerFragment / dataPayload result; "!" for an error
	}{
		{"headers", h2Headers, h2FlagEndHeaders, []byte("abc"), "abc"},
		{"headers padded", h2Headers, h2FlagPadded, []byte("\x02abcXY"), "abc"},
		{"headers priority", h2Headers, h2FlagPriority, []byte("\x00\x00\x00\x01\x10abc"), "abc"},
		{"headers padded and priority", h2Headers, h2FlagPadded | h2FlagPriority, []byte("\x01\x00\x00\x00\x01\x10abcZ"), "abc"},
		{"padding longer than the frame", h2Headers, h2FlagPadded, []byte("\x09abc"), "!"},
		{"priority cut short", h2Headers, h2FlagPriority, []byte("\x00\x00"), "!"},
		{"data", h2Data, h2FlagEndStream, []byte("body"), "body"},
		{"data padded", h2Data, h2FlagPadded, []byte("\x01bodyP"), "body"},
		{"data bad padding", h2Data, h2FlagPadded, []byte("\x05ab"), "!"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wire := appendH2Frame(nil, tc.typ, tc.flags, 7, tc.payload)
			f, err := readH2Frame(bytes.NewReader(wire), 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			if f.Type != tc.typ || f.Flags != tc.flags || f.StreamID != 7 || !bytes.Equal(f.Payload, tc.payload) {
				t.Fatalf("read back %+v", f)
			}
			var got []byte
			if tc.typ == h2Data {
				got, err = f.dataPayload()
			} else {
				got, err = f.headerFragment()
			}
			if tc.fragment == "!" {
				if err == nil {
					t.Errorf("accepted: %q", got)
				}
				return
			}
			if err != nil || string(got) != tc.fragment {
				t.Errorf("got %q, %v; want %q", got, err, tc.fragment)
			}
		})
	}
}

func TestH2Settings(t *testing.T) {
	p := settingsPayload([2]uint32{h2SettingMaxFrameSize, 1 << 20}, [2]uint32{h2SettingInitialWindowSize, 65535})
	got, err := (&h2Frame{Type: h2Settings, Payload: p}).settings()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][2]uint32{{h2SettingMaxFrameSize, 1 << 20}, {h2SettingInitialWindowSize, 65535}}, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if _, err := (&h2Frame{Type: h2Settings, Payload: p[:5]}).settings(); err == nil {
		t.Error("accepted a settings payload that is not a multiple of 6")
	}
	if _, err := readH2Frame(bytes.NewReader(appendH2Frame(nil, h2Data, 0, 1, make([]byte, 100))), 99); err == nil {
		t.Error("accepted a frame over the size limit")
	}
}

// FuzzH2Frame: whatever bytes come in, a frame that reads writes back to
// the same bytes (but the reserved stream-id bit), and its payload
// accessors never panic.
func FuzzH2Frame(f *testing.F) {
	f.Add(appendH2Frame(nil, h2Headers, h2FlagPadded|h2FlagPriority, 1, []byte("\x01\x00\x00\x00\x01\x10abcZ")))
	f.Add(appendH2Frame(nil, h2Data, h2FlagPadded, 3, []byte("\x05ab")))
	f.Add(appendH2Frame(nil, h2Settings, 0, 0, settingsPayload([2]uint32{4, 65535})))
	f.Add([]byte{0, 0, 1, 1, 0x28, 0x80, 0, 0, 1, 9})
	f.Fuzz(func(t *testing.T, raw []byte) {
		fr, err := readH2Frame(bytes.NewReader(raw), 1<<14)
		if err != nil {
			return
		}
		n := 9 + len(fr.Payload)
		want := append([]byte{}, raw[:n]...)
		want[5] &= 0x7f
		if got := appendH2Frame(nil, fr.Type, fr.Flags, fr.StreamID, fr.Payload); !bytes.Equal(got, want) {
			t.Errorf("wrote %x, read %x", got, want)
		}
		fr.headerFragment()
		fr.dataPayload()
		fr.settings()
	})
}

// FuzzCanonicalURL: canonical forms are fixed points.
func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{"https://BAR.other:443/a?b#c", "http://x:80", "https://[::1]:8443/", "not a url", "https://bar.other/%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := canonicalURL(s)
		if again := canonicalURL(c); again != c {
			t.Errorf("canonicalURL(%q) = %q, but canonicalURL of that = %q", s, c, again)
		}
	})
}
