package conformance

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestSavedReports checks the reports kept in testdata (written by
// `corsim browser --json`, one file per engine): they decode into Report
// with no unknown field, their counts agree with their verdicts, and no
// failure or skip goes without its evidence.
func TestSavedReports(t *testing.T) {
	files, err := filepath.Glob("testdata/report-*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no saved reports: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.DisallowUnknownFields()
			var r Report
			if err := dec.Decode(&r); err != nil {
				t.Fatal(err)
			}
			if filepath.Base(f) != "report-"+r.Engine+".json" {
				t.Errorf("file names engine %q", r.Engine)
			}
			counted := r
			counted.count()
			if counted.Passed != r.Passed || counted.Failed != r.Failed || counted.Skipped != r.Skipped {
				t.Errorf("counts %d/%d/%d, verdicts say %d/%d/%d", r.Passed, r.Failed, r.Skipped,
					counted.Passed, counted.Failed, counted.Skipped)
			}
			for _, v := range r.Vectors {
				switch v.Verdict {
				case Pass:
				case Skip:
					if v.Why == "" {
						t.Errorf("%s: skipped without a reason", v.Name)
					}
				case Fail:
					evidence := v.Why != ""
					for _, s := range v.Steps {
						evidence = evidence || len(s.Mismatches) > 0
					}
					if !evidence {
						t.Errorf("%s: failed without a mismatch or a reason", v.Name)
					}
				default:
					t.Errorf("%s: verdict %q", v.Name, v.Verdict)
				}
			}
		})
	}
}
