package fetch

import "testing"

// TestIsBadPort checks the table against fetch.bs's bad-port list: its
// first, last and some middle entries, and neighbours that are not on it.
func TestIsBadPort(t *testing.T) {
	tests := []struct {
		port uint16
		want bool
	}{
		{0, true}, {1, true}, {7, true}, {21, true}, {22, true}, {25, true},
		{110, true}, {143, true}, {465, true}, {587, true}, {993, true},
		{1719, true}, {2049, true}, {4190, true}, {5060, true}, {6000, true},
		{6566, true}, {6665, true}, {6669, true}, {6697, true}, {10080, true},
		{2, false}, {80, false}, {443, false}, {3000, false}, {6664, false},
		{6670, false}, {8080, false}, {8443, false}, {10079, false}, {10081, false},
		{65535, false},
	}
	for _, tc := range tests {
		if got := IsBadPort(tc.port); got != tc.want {
			t.Errorf("IsBadPort(%d) = %v, want %v", tc.port, got, tc.want)
		}
	}
	if len(badPorts) != 83 {
		t.Errorf("%d bad ports, fetch.bs lists 83", len(badPorts))
	}
	for i := 1; i < len(badPorts); i++ {
		if badPorts[i-1] >= badPorts[i] {
			t.Fatalf("badPorts not sorted at %d", i)
		}
	}
}

// TestBadPort follows "should request be blocked due to a bad port"
// (fetch.bs block-bad-port): only HTTP(S) schemes, only a non-null port.
func TestBlockBadPort(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"http://a.example:25/", true},
		{"https://a.example:6667/", true},
		{"http://a.example:0/", true}, // an explicit 0 is a port, and a bad one
		{"http://a.example:10080/x", true},
		{"http://a.example/", false},      // null port
		{"https://a.example:443/", false}, // the default: null
		{"http://a.example:8080/", false},
		{"ws://a.example:25/", false},  // not an HTTP(S) scheme
		{"ftp://a.example:21/", false}, // idem (its default port is null anyway)
		{"data:text/plain,25", false},
	}
	for _, tc := range tests {
		u, err := ParseURL(tc.url)
		if err != nil {
			t.Fatal(err)
		}
		if got := BlockBadPort(u); got != tc.want {
			t.Errorf("BlockBadPort(%s) = %v, want %v", tc.url, got, tc.want)
		}
	}
}

func BenchmarkBlockBadPort(b *testing.B) {
	u, _ := ParseURL("https://a.example:8443/")
	b.ReportAllocs()
	for b.Loop() {
		if BlockBadPort(u) {
			b.Fatal("8443 is not bad")
		}
	}
}
