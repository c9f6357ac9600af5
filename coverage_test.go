package corsim

import (
	"bufio"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/corsim/corsim/vectors"
)

// readAnchors reads a list of anchor ids, one per line, # comments allowed.
func readAnchors(t *testing.T, path string) map[string]bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ids := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ids[line] = true
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestVectorCoverage checks that the project's vectors cite every anchor of
// SPEC-CHECKLIST.md groups C to U, and only anchors the Fetch Standard has
// (a typo in an anchor would otherwise pass unnoticed).
func TestVectorCoverage(t *testing.T) {
	vs, err := vectors.Load("spec_vectors")
	if err != nil {
		t.Fatal(err)
	}
	known := readAnchors(t, "testdata/spec-anchors.txt")
	required := readAnchors(t, "testdata/checklist-anchors-c-u.txt")
	cited := map[string]bool{}
	for _, v := range vs {
		for _, a := range v.Spec {
			cited[a] = true
			if !known[a] {
				t.Errorf("%s (%s) cites %q, which is not a Fetch Standard anchor in testdata/spec-anchors.txt", v.Name, v.File, a)
			}
		}
	}
	var missing []string
	for a := range required {
		if !cited[a] {
			missing = append(missing, a)
		}
	}
	sort.Strings(missing)
	for _, a := range missing {
		t.Errorf("no vector cites %s (a SPEC-CHECKLIST anchor of groups C to U)", a)
	}
}
