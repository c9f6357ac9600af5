package main

import (
	"bytes"
	"os"
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
