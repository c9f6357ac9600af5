package fetch_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/corsim/corsim/fetch"
)

// ExampleJar_HTTPCookieJar lets an http.Client share a simulated browser's
// cookie jar: the server's Set-Cookie is stored, and sent back on the next
// request.
func ExampleJar_HTTPCookieJar() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/login" {
			http.SetCookie(w, &http.Cookie{Name: "session", Value: "s3cr3t", Path: "/", HttpOnly: true})
			return
		}
		fmt.Fprintf(w, "Cookie: %s", r.Header.Get("Cookie"))
	}))
	defer srv.Close()

	jar := fetch.NewJar(fetch.JarOptions{})
	client := &http.Client{Jar: jar.HTTPCookieJar()}
	if _, err := client.Get(srv.URL + "/login"); err != nil {
		panic(err)
	}
	resp, err := client.Get(srv.URL + "/profile")
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(string(body))
	// Output: Cookie: session=s3cr3t
}

// TestHTTPCookieJarAgreesWithCookiejar compares the adapter with the
// standard library's RFC 6265 jar on first-party cookies, where the two
// specifications agree.
func TestHTTPCookieJarAgreesWithCookiejar(t *testing.T) {
	std, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	ours := fetch.NewJar(fetch.JarOptions{}).HTTPCookieJar()
	from, _ := url.Parse("https://www.host.test/dir/page")
	cookies := []*http.Cookie{
		{Name: "a", Value: "1"},
		{Name: "b", Value: "2", Path: "/"},
		{Name: "c", Value: "3", Path: "/dir", Domain: "host.test"},
		{Name: "d", Value: "4", Path: "/", Secure: true},
		{Name: "e", Value: "5", Path: "/", MaxAge: -1},
	}
	std.SetCookies(from, cookies)
	ours.SetCookies(from, cookies)
	for _, to := range []string{
		"https://www.host.test/dir/x",
		"https://www.host.test/",
		"http://www.host.test/dir",
		"https://other.host.test/dir/",
		"https://elsewhere.test/",
	} {
		u, _ := url.Parse(to)
		if got, want := names(ours.Cookies(u)), names(std.Cookies(u)); got != want {
			t.Errorf("Cookies(%s) = %q, net/http/cookiejar says %q", to, got, want)
		}
	}
	bad := &url.URL{Scheme: "http", Host: "a b"}
	ours.SetCookies(bad, cookies) // a URL the WHATWG parser rejects stores nothing
	if got := ours.Cookies(bad); got != nil {
		t.Errorf("Cookies(invalid URL) = %v", got)
	}
}

func names(cs []*http.Cookie) string {
	s := ""
	for _, c := range cs {
		s += c.Name + "=" + c.Value + ";"
	}
	return s
}
