package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corsim/corsim/conformance"
	"github.com/google/go-cmp/cmp"
)

func TestBrowserUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"no path", []string{"browser"}, "no vector file or directory given"},
		{"unknown engine", []string{"browser", "--engine", "lynx", "x.json"}, `unknown engine "lynx"`},
		{"bad regexp", []string{"browser", "--run", "(", "x.json"}, "--run:"},
		{"bad batch", []string{"browser", "--batch", "0", "x.json"}, "--batch and --parallel must be at least 1"},
		{"missing file", []string{"browser", "no-such-file.json"}, "no-such-file.json"},
		{"saved and paths", []string{"browser", "--saved", "x", "x.json"}, "give no vector file"},
		{"saved missing", []string{"browser", "--saved", "no-such-dir"}, "report-chromium.json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tc.args, &stdout, &stderr); code != exitUsage {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, exitUsage, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("stderr %q does not say %q", stderr.String(), tc.want)
			}
		})
	}
}

func TestBrowserHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"help", "browser"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"usage: corsim browser", "-engine", "skipped", "N passed, M failed"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("help lacks %q", want)
		}
	}
}

func TestConformanceTable(t *testing.T) {
	got := conformanceTable([]*conformance.Report{
		{Engine: "chromium", Version: "156.0.8078.79", Passed: 500, Failed: 20},
		{Engine: "firefox", Version: "153.7.0esr", Passed: 480, Failed: 30, Skipped: 10},
	})
	want := "| engine | version | vectors run | agreed | skipped |\n|---|---|---:|---:|---:|\n" +
		"| chromium | 156.0.8078.79 | 520 | 500 | 0 |\n" +
		"| firefox | 153.7.0esr | 510 | 480 | 10 |\n"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("table mismatch (-want +got):\n%s", diff)
	}
}

// --saved prints the reports a run saved, as the run printed them; a report
// under another engine's name is refused.
func TestBrowserSaved(t *testing.T) {
	dir := t.TempDir()
	write := func(engine string, r conformance.Report) {
		data, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "report-"+engine+".json"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("chromium", conformance.Report{Engine: "chromium", Version: "156", Passed: 3})
	write("firefox", conformance.Report{Engine: "firefox", Version: "153", Passed: 2, Failed: 1})
	write("webkit", conformance.Report{Engine: "chromium", Version: "156"})

	var stdout, stderr bytes.Buffer
	if code := run([]string{"browser", "--saved", dir, "--engine", "chromium", "--table"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr.String())
	}
	if want := "| chromium | 156 | 3 | 3 | 0 |\n"; !strings.HasSuffix(stdout.String(), want) {
		t.Errorf("table:\n%s\nwant it to end with %q", stdout.String(), want)
	}
	stdout.Reset()
	if code := run([]string{"browser", "--saved", dir, "--engine", "firefox"}, &stdout, &stderr); code != exitRejected {
		t.Errorf("a saved failure: exit %d, want %d", code, exitRejected)
	}
	if !strings.Contains(stdout.String(), "2 passed, 1 failed") {
		t.Errorf("text output lacks the count:\n%s", stdout.String())
	}
	stderr.Reset()
	if code := run([]string{"browser", "--saved", dir, "--engine", "webkit"}, &stdout, &stderr); code != exitUsage {
		t.Errorf("a report of another engine: exit %d, want %d", code, exitUsage)
	}
	if !strings.Contains(stderr.String(), `"chromium"'s, not webkit's`) {
		t.Errorf("stderr %q does not name the mismatch", stderr.String())
	}
}

// TestBrowserSmoke runs the conformance package's smoke vectors in
// Chromium through the command (CORSIM_BROWSERS=1 only: needs root and the
// engine).
func TestBrowserSmoke(t *testing.T) {
	if os.Getenv("CORSIM_BROWSERS") != "1" {
		t.Skip("set CORSIM_BROWSERS=1 to run the vectors in real engines")
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"browser", "--engine", "chromium", "../../conformance/testdata/smoke.json"}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
	if !strings.HasSuffix(stdout.String(), "8 passed, 0 failed\n") {
		t.Errorf("closing line: %q", stdout.String())
	}
}

// What --save writes, --saved reads back unchanged.
func TestBrowserSaveRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report-webkit.json")
	want := &conformance.Report{Engine: "webkit", Version: "2.50.6", Passed: 1, Skipped: 1,
		Vectors: []conformance.VectorResult{{Name: "a/b", Verdict: conformance.Pass}, {Name: "a/c", Verdict: conformance.Skip, Why: "no clock"}}}
	if err := saveReport(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := readSavedReport(path, "webkit")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}
