package safelist

import (
	"slices"
	"testing"
)

// TestStatuses checks every status 0-999 against the sets the spec lists
// (#42 ok-status, #43 redirect-status, #44 null-body-status, #45 range-status),
// so both directions and every boundary (199/200, 299/300, 300, 304, 305,
// 306, 309) are covered.
func TestStatuses(t *testing.T) {
	for s := 0; s <= 999; s++ {
		if got, want := OKStatus(s), s >= 200 && s <= 299; got != want {
			t.Errorf("#42 OKStatus(%d) = %v, want %v", s, got, want)
		}
		if got, want := RedirectStatus(s), slices.Contains([]int{301, 302, 303, 307, 308}, s); got != want {
			t.Errorf("#43 RedirectStatus(%d) = %v, want %v", s, got, want)
		}
		if got, want := NullBodyStatus(s), slices.Contains([]int{101, 103, 204, 205, 304}, s); got != want {
			t.Errorf("#44 NullBodyStatus(%d) = %v, want %v", s, got, want)
		}
		if got, want := RangeStatus(s), s == 206 || s == 416; got != want {
			t.Errorf("#45 RangeStatus(%d) = %v, want %v", s, got, want)
		}
	}
	// The checklist's named examples, spelled out.
	for _, c := range []struct {
		name string
		got  bool
		want bool
	}{
		{"#42 preflight 204 ok", OKStatus(204), true},
		{"#42 preflight 299 ok", OKStatus(299), true},
		{"#42 preflight 300 not ok", OKStatus(300), false},
		{"#42 preflight 304 not ok", OKStatus(304), false},
		{"#43 300 is not followed", RedirectStatus(300), false},
		{"#43 304 is not a redirect", RedirectStatus(304), false},
		{"#43 305 is not a redirect", RedirectStatus(305), false},
		{"#43 306 is not a redirect", RedirectStatus(306), false},
		{"#44 204 drops the body", NullBodyStatus(204), true},
		{"#44 200 keeps it", NullBodyStatus(200), false},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %v", c.name, c.got)
		}
	}
}
