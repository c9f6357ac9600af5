package conformance

import (
	"strings"
	"testing"

	"github.com/corsim/corsim/vectors"
	"github.com/google/go-cmp/cmp"
)

func testRenaming() *renaming {
	return &renaming{tag: "b3", sites: []string{"foo.example", "bar.other"}}
}

// renameTests: forward renames a registrable domain wherever it stands as a
// host, keeping case, and nowhere else.
var renameTests = []struct {
	in, want string
}{
	{"https://foo.example", "https://foo-b3.example"},
	{"https://api.foo.example/x", "https://api.foo-b3.example/x"},
	{"https://FOO.Example:8443/", "https://FOO-b3.Example:8443/"},
	{"https://foo.example.", "https://foo-b3.example."},
	{"sid=1; Domain=.foo.example; Path=/", "sid=1; Domain=.foo-b3.example; Path=/"},
	{"https://foo.example, https://bar.other", "https://foo-b3.example, https://bar-b3.other"},
	{"https://user:pw@bar.other/", "https://user:pw@bar-b3.other/"},
	{"xfoo.example", "xfoo.example"},
	{"foo.example2", "foo.example2"},
	{"foo.example.com", "foo.example.com"},
	{"foo-example", "foo-example"},
	{"*", "*"},
	{"", ""},
}

func TestRenamingForward(t *testing.T) {
	r := testRenaming()
	for _, tc := range renameTests {
		if got := r.forward(tc.in); got != tc.want {
			t.Errorf("forward(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRenamingBackward(t *testing.T) {
	r := testRenaming()
	for _, tc := range renameTests {
		if got := r.backward(tc.want); got != tc.in {
			t.Errorf("backward(%q) = %q, want %q", tc.want, got, tc.in)
		}
	}
	var none *renaming
	if got := none.backward("https://foo-b3.example"); got != "https://foo-b3.example" {
		t.Errorf("nil renaming changed %q", got)
	}
}

// FuzzRenamingRoundTrip: backward undoes forward for any text that does not
// already hold a renamed name.
func FuzzRenamingRoundTrip(f *testing.F) {
	for _, tc := range renameTests {
		f.Add(tc.in)
	}
	r := testRenaming()
	f.Fuzz(func(t *testing.T, s string) {
		if strings.Contains(asciiLower(s), "-b3.") {
			t.Skip()
		}
		fw := r.forward(s)
		if got := r.backward(fw); got != s {
			t.Errorf("backward(forward(%q)) = %q (forward gave %q)", s, got, fw)
		}
	})
}

func TestRenameVector(t *testing.T) {
	v := mustParse(t, `{"vectors": [{
	  "name": "test/rename", "about": "a", "spec": ["cors-check"], "source": "test",
	  "origin": "null",
	  "steps": [{
	    "request": {"url": "https://api.bar.other/x", "headers": [["X-Host", "bar.other"]]},
	    "server": [{"method": "GET", "url": "https://api.bar.other/x", "status": 302,
	      "headers": [["Location", "https://foo.example/y"], ["Access-Control-Allow-Origin", "null"]]}],
	    "expect": {"outcome": "ok"}
	  }]
	}]}`)
	r, err := newRenaming(v, "b1")
	if err != nil {
		t.Fatal(err)
	}
	got := renameVector(*v, r)
	if got.Origin != "null" || got.TopLevel != "https://foo-b1.example" {
		t.Errorf("origin %q, topLevel %q", got.Origin, got.TopLevel)
	}
	s := got.Steps[0]
	if s.Request.URL != "https://api.bar-b1.other/x" || s.Server[0].URL != "https://api.bar-b1.other/x" {
		t.Errorf("urls %q %q", s.Request.URL, s.Server[0].URL)
	}
	if diff := cmp.Diff([]vectors.Header{{Name: "Location", Value: "https://foo-b1.example/y"}, {Name: "Access-Control-Allow-Origin", Value: "null"}}, s.Server[0].Headers); diff != "" {
		t.Errorf("route headers mismatch (-want +got):\n%s", diff)
	}
	// Script's own header values keep their length: not renamed.
	if s.Request.Headers[0].Value != "bar.other" {
		t.Errorf("request header renamed: %q", s.Request.Headers[0].Value)
	}
	// The original is untouched.
	if v.Steps[0].Server[0].Headers[0].Value != "https://foo.example/y" {
		t.Errorf("renameVector changed its input")
	}
}

func TestNewRenamingRefusesIPHosts(t *testing.T) {
	v := mustParse(t, strings.ReplaceAll(twoRoutes, "https://bar.other", "https://[2001:db8::1]"))
	if _, err := newRenaming(v, "b1"); err == nil {
		t.Error("newRenaming accepted an IP-address host")
	}
}

func TestWithRenamedHosts(t *testing.T) {
	got := withRenamedHosts([]string{"api.foo.example", "bar.other", "foo.example"}, 3)
	want := []string{
		"api.foo-b1.example", "api.foo-b2.example", "api.foo.example",
		"bar-b1.other", "bar-b2.other", "bar.other",
		"foo-b1.example", "foo-b2.example", "foo.example",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}
