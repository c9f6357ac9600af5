package conformance

import (
	"encoding/binary"
	"errors"
	"io"
)

// A minimal HTTP/2 frame codec (RFC 9113 §4.1): the 9-byte frame header and
// the few payload layouts the server needs. Header blocks are decoded with
// x/net's hpack; x/net/http2 itself would pull in golang.org/x/text.

type h2FrameType uint8

const (
	h2Data         h2FrameType = 0x0
	h2Headers      h2FrameType = 0x1
	h2RSTStream    h2FrameType = 0x3
	h2Settings     h2FrameType = 0x4
	h2Ping         h2FrameType = 0x6
	h2GoAway       h2FrameType = 0x7
	h2WindowUpdate h2FrameType = 0x8
	h2Continuation h2FrameType = 0x9
)

const (
	h2FlagEndStream  = 0x1
	h2FlagAck        = 0x1
	h2FlagEndHeaders = 0x4
	h2FlagPadded     = 0x8
	h2FlagPriority   = 0x20
)

// SETTINGS identifiers.
const (
	h2SettingMaxConcurrentStreams = 0x3
	h2SettingInitialWindowSize    = 0x4
	h2SettingMaxFrameSize         = 0x5
	h2SettingMaxHeaderListSize    = 0x6
)

type h2Frame struct {
	Type     h2FrameType
	Flags    uint8
	StreamID uint32
	Payload  []byte
}

func (f *h2Frame) has(flag uint8) bool { return f.Flags&flag != 0 }

var errFrame = errors.New("malformed HTTP/2 frame")

// readH2Frame reads one frame of at most max payload bytes.
func readH2Frame(r io.Reader, max uint32) (*h2Frame, error) {
	var hdr [9]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := uint32(hdr[0])<<16 | uint32(hdr[1])<<8 | uint32(hdr[2])
	if n > max {
		return nil, errFrame
	}
	f := &h2Frame{
		Type:     h2FrameType(hdr[3]),
		Flags:    hdr[4],
		StreamID: binary.BigEndian.Uint32(hdr[5:]) & 0x7fffffff,
		Payload:  make([]byte, n),
	}
	if _, err := io.ReadFull(r, f.Payload); err != nil {
		return nil, err
	}
	return f, nil
}

// appendH2Frame appends a frame to b.
func appendH2Frame(b []byte, t h2FrameType, flags uint8, stream uint32, payload []byte) []byte {
	n := len(payload)
	b = append(b, byte(n>>16), byte(n>>8), byte(n), byte(t), flags)
	b = binary.BigEndian.AppendUint32(b, stream&0x7fffffff)
	return append(b, payload...)
}

// headerFragment returns the header block fragment of a HEADERS frame,
// without padding and priority fields (RFC 9113 §6.2).
func (f *h2Frame) headerFragment() ([]byte, error) {
	p := f.Payload
	pad := 0
	if f.has(h2FlagPadded) {
		if len(p) < 1 {
			return nil, errFrame
		}
		pad, p = int(p[0]), p[1:]
	}
	if f.Type == h2Headers && f.has(h2FlagPriority) {
		if len(p) < 5 {
			return nil, errFrame
		}
		p = p[5:]
	}
	if pad > len(p) {
		return nil, errFrame
	}
	return p[:len(p)-pad], nil
}

// dataPayload returns the data of a DATA frame without padding.
func (f *h2Frame) dataPayload() ([]byte, error) {
	p := f.Payload
	if !f.has(h2FlagPadded) {
		return p, nil
	}
	if len(p) < 1 || int(p[0]) > len(p)-1 {
		return nil, errFrame
	}
	return p[1 : len(p)-int(p[0])], nil
}

// settings returns the (id, value) pairs of a SETTINGS frame.
func (f *h2Frame) settings() ([][2]uint32, error) {
	if len(f.Payload)%6 != 0 {
		return nil, errFrame
	}
	var out [][2]uint32
	for p := f.Payload; len(p) > 0; p = p[6:] {
		out = append(out, [2]uint32{uint32(binary.BigEndian.Uint16(p)), binary.BigEndian.Uint32(p[2:])})
	}
	return out, nil
}

func settingsPayload(s ...[2]uint32) []byte {
	var b []byte
	for _, kv := range s {
		b = binary.BigEndian.AppendUint16(b, uint16(kv[0]))
		b = binary.BigEndian.AppendUint32(b, kv[1])
	}
	return b
}

func windowUpdatePayload(incr uint32) []byte {
	return binary.BigEndian.AppendUint32(nil, incr&0x7fffffff)
}
