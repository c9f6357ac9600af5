package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A vector whose expectation holds by the spec (a cross-origin GET answered
// without Access-Control-Allow-Origin is a network error, #183), and one
// whose expectation is deliberately wrong, so the command must report it.
const vectorFile = `{"vectors": [
 {"name": "t/missing-acao", "origin": "https://foo.example", "spec": ["concept-cors-check"],
  "steps": [{"request": {"url": "https://bar.other/x"},
             "server": [{"method": "GET", "url": "https://bar.other/x", "status": 200, "headers": []}],
             "expect": {"outcome": "network-error", "reason": "CORSMissingAllowOrigin",
                        "sent": [{"method": "GET", "url": "https://bar.other/x", "headers": {"origin": "https://foo.example"}}]}}]},
 {"name": "t/wrong-on-purpose", "origin": "https://foo.example",
  "steps": [{"request": {"url": "https://bar.other/x"},
             "server": [{"method": "GET", "url": "https://bar.other/x", "status": 200, "headers": []}],
             "expect": {"outcome": "ok"}}]}
]}`

func writeVectors(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "v.json")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestVectorsCommand(t *testing.T) {
	path := writeVectors(t, vectorFile)
	var out, errOut bytes.Buffer
	code := run([]string{"vectors", "--profile", "spec", path}, &out, &errOut)
	if code != exitRejected {
		t.Errorf("exit status = %d, want %d (one vector fails)", code, exitRejected)
	}
	want := "FAIL t/wrong-on-purpose (" + path + ") under spec\n" +
		"  steps[0].outcome: want ok, got network-error\n" +
		"  steps[0] ended with: network error (CORSMissingAllowOrigin): the response to GET https://bar.other/x has no Access-Control-Allow-Origin header [concept-cors-check step 2]\n" +
		"1 passed, 1 failed\n"
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestVectorsCommandAllProfilesJSON(t *testing.T) {
	path := writeVectors(t, vectorFile)
	var out, errOut bytes.Buffer
	if code := run([]string{"vectors", "--json", path}, &out, &errOut); code != exitRejected {
		t.Fatalf("exit status = %d, want %d; stderr %s", code, exitRejected, errOut.String())
	}
	var rep vectorsReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	// Two vectors under four profiles; the wrong one fails everywhere.
	if rep.Passed != 4 || rep.Failed != 4 || len(rep.Runs) != 8 {
		t.Errorf("report counts: passed %d failed %d runs %d, want 4, 4, 8", rep.Passed, rep.Failed, len(rep.Runs))
	}
}

func TestVectorsCommandErrors(t *testing.T) {
	bad := writeVectors(t, strings.Replace(vectorFile, `"origin": "https://foo.example", "spec"`, `"orign": "https://foo.example", "spec"`, 1))
	tests := []struct {
		name      string
		args      []string
		stderrHas string
	}{
		{"no path", []string{"vectors"}, "no vector file or directory given"},
		{"bad profile", []string{"vectors", "--profile", "safari", bad}, `unknown profile "safari"`},
		{"unknown field", []string{"vectors", bad}, "t/missing-acao: orign: unknown field"},
		{"missing file", []string{"vectors", "/nonexistent/v.json"}, "no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if code := run(tc.args, &out, &errOut); code != exitUsage {
				t.Errorf("exit status = %d, want %d", code, exitUsage)
			}
			if !strings.Contains(errOut.String(), tc.stderrHas) {
				t.Errorf("stderr %q lacks %q", errOut.String(), tc.stderrHas)
			}
		})
	}
}
