package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// auditServer answers with CORS headers for the origins allow accepts,
// credentials included, and a preflight listing PUT and the probe's header.
func auditServer(allow func(string) bool) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Vary", "Origin")
		if o := r.Header.Get("Origin"); allow(o) {
			w.Header().Set("Access-Control-Allow-Origin", o)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
		}
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Methods", "GET, PUT")
			w.Header().Set("Access-Control-Allow-Headers", "Authorization, X-Corsim-Probe")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Write([]byte(`{"name": "Ada"}`))
	}))
}

func TestAuditCommand(t *testing.T) {
	exact := auditServer(func(o string) bool { return o == "https://app.example" })
	defer exact.Close()
	reflect := auditServer(func(o string) bool { return o != "" })
	defer reflect.Close()
	tests := []struct {
		name string
		args []string
		code int
		has  string
	}{
		{"clean server", []string{"--origin", "https://app.example", "--credentials", exact.URL + "/me"}, exitOK, "0 findings: nothing found\n"},
		// #concept-cors-check: an echoed origin with ACAC true passes for
		// any origin: critical, at or above the default --fail-on low.
		{"reflecting server", []string{"--origin", "https://app.example", reflect.URL + "/me"}, exitRejected, "[CRITICAL] origin-reflected: any origin can read credentialed responses\n"},
		{"reflecting server, fail on critical", []string{"--origin", "https://app.example", "--fail-on", "critical", reflect.URL + "/me"}, exitRejected, "[CRITICAL]"},
		{"reflecting server, fail on none", []string{"--origin", "https://app.example", "--fail-on", "none", reflect.URL + "/me"}, exitOK, "[CRITICAL]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(append([]string{"audit"}, tc.args...)...)
			if code != tc.code || stderr != "" {
				t.Errorf("exit %d (want %d), stderr %q", code, tc.code, stderr)
			}
			if !strings.Contains(stdout, tc.has) {
				t.Errorf("output lacks %q:\n%s", tc.has, stdout)
			}
			if strings.Contains(stdout, "\x1b[") {
				t.Errorf("colour written to a non-terminal")
			}
		})
	}
}

func TestAuditCommandJSON(t *testing.T) {
	srv := auditServer(func(o string) bool { return o == "https://app.example" || o == "null" })
	defer srv.Close()
	code, stdout, stderr := runCLI("audit", "--json", "--fail-on", "high", "--origin", "https://app.example", srv.URL+"/me")
	if code != exitRejected || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var rep struct {
		Findings []struct{ ID, Severity string }
		Sent     int
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	// null in the allow-list: any site can produce it (a sandboxed frame).
	if len(rep.Findings) != 1 || rep.Findings[0].ID != "null-origin" || rep.Findings[0].Severity != "critical" {
		t.Errorf("findings %+v, want null-origin critical", rep.Findings)
	}
	if rep.Sent == 0 || rep.Sent > 48 {
		t.Errorf("sent %d requests", rep.Sent)
	}
}

func TestAuditCommandUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	code, stdout, stderr := runCLI("audit", "--origin", "https://app.example", url+"/me")
	if code != exitCannotAudit || stdout != "" || !strings.HasPrefix(stderr, "corsim audit: audit: the server did not answer: ") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestAuditCommandErrors(t *testing.T) {
	usage := "usage: corsim audit " + auditUsage + "\nrun 'corsim help audit' for details\n"
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"no URL", []string{"--origin", "https://app.example"}, "no URL given: the API endpoint to audit"},
		{"two URLs", []string{"--origin", "https://app.example", "https://a.example/", "https://b.example/"}, `unexpected argument "https://b.example/" after the URL`},
		{"no origin", []string{"https://api.example/"}, "--origin is required: the origin of the page that calls the API, e.g. --origin https://app.example"},
		{"bad fail-on", []string{"--fail-on", "severe", "--origin", "https://app.example", "https://api.example/"}, `--fail-on "severe": want info, low, medium, high, critical or none`},
		{"bad profile", []string{"--profile", "edge", "--origin", "https://app.example", "https://api.example/"}, `--profile: corsim: unknown profile "edge"`},
		{"bad budget", []string{"--budget", "0", "--origin", "https://app.example", "https://api.example/"}, "--budget 0: want a positive number of requests"},
		{"bad timeout", []string{"--timeout", "-1s", "--origin", "https://app.example", "https://api.example/"}, "--timeout -1s: want a positive duration"},
		{"unknown flag", []string{"--cookies"}, "flag provided but not defined: -cookies"},
		{"bad URL", []string{"--origin", "https://app.example", "api.example"}, `URL "api.example": want an absolute http or https URL`},
		{"bad origin", []string{"--origin", "app.example", "https://api.example/"}, `Origin "app.example": want the page's origin, such as https://app.example`},
		{"same origin", []string{"--origin", "https://api.example", "https://api.example/x"}, `URL "https://api.example/x": is same origin with the page https://api.example: CORS does not apply`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(append([]string{"audit"}, tc.args...)...)
			if code != exitUsage || stdout != "" {
				t.Errorf("exit %d, stdout %q; want %d and nothing", code, stdout, exitUsage)
			}
			first, rest, _ := strings.Cut(stderr, "\n")
			if !strings.HasPrefix(first, "corsim audit: "+tc.msg) {
				t.Errorf("stderr first line %q, want it to start with %q", first, "corsim audit: "+tc.msg)
			}
			if rest != usage {
				t.Errorf("stderr after the message %q, want the usage", rest)
			}
		})
	}
}
