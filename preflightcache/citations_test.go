package preflightcache

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// citedSteps are the steps of the Fetch Standard (fetch.bs as of the
// project's copy) this package's comments may cite, each with words of which
// at least one must appear in the comment that cites it: what the step does,
// paraphrased. A renumbering of the spec shows up here as a citation of a
// step that is missing or that does something else.
var citedSteps = map[string]map[string][]string{
	"HTTP fetch": {
		// Step 4.1: the preflight decision against the cache.
		"4.1": {"cache", "preflight", "condition"},
	},
	"CORS-preflight fetch": {
		"7.4":  {"use-CORS-preflight", "flag"},
		"7.5":  {"method"},
		"7.7":  {"header"},
		"7.8":  {"extract"},
		"7.9":  {"failure or null", "5 s", "5 seconds"},
		"7.10": {"imposed limit", "clamp"},
		"7.11": {"does not provide", "keeps no"},
		"7.12": {"max-age"},
		"7.13": {"create"},
		"7.14": {"header name"},
		"7.15": {"header name"},
		"7.16": {"return"},
	},
}

// citation finds "[HTTP fetch] step 4.1", "concept-http-fetch step 4.1",
// "[CORS-preflight fetch] steps 7.8 to 7.10", "cors-preflight-fetch-0 step
// 7.9", and a step cited without its algorithm ("Step 7.9:", "spec step
// 7.12"), whose number tells the algorithm.
var citation = regexp.MustCompile(`(?i)(HTTP fetch\]?\s+|concept-http-fetch\s+|CORS-preflight fetch\]?\s+|cors-preflight-fetch-0\s+|\b)steps?\s+(\d+(?:\.\d+)+)(?:\s*(?:to|and|-)\s*(\d+(?:\.\d+)+))?`)

// TestStepCitations checks every step number this package's comments cite
// against citedSteps.
func TestStepCitations(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, name := range files {
		if name == "citations_test.go" {
			continue // its examples are not citations
		}
		for _, c := range commentBlocks(t, name) {
			for _, m := range citation.FindAllStringSubmatch(c.text, -1) {
				algo := algorithmOf(strings.TrimSpace(m[1]), m[2])
				for _, step := range []string{m[2], m[3]} {
					if step == "" {
						continue
					}
					checked++
					words, ok := citedSteps[algo][step]
					if !ok {
						t.Errorf("%s:%d cites %s step %s, which is not a step of the current fetch.bs this package is about: %q", name, c.line, algo, step, c.text)
						continue
					}
					if m[3] != "" {
						continue // a range or a pair: its ends exist
					}
					if !containsAny(c.text, words) {
						t.Errorf("%s:%d cites %s step %s, but its comment says none of %q: %q", name, c.line, algo, step, words, c.text)
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no citation found; the pattern is broken")
	}
}

// algorithmOf names the algorithm a citation is about; a bare "Step N"
// comment is told by its number (HTTP fetch's cache step is 4.x, CORS-preflight
// fetch's 7.x).
func algorithmOf(prefix, step string) string {
	p := strings.ToLower(strings.TrimSuffix(prefix, "]"))
	switch {
	case p == "http fetch" || p == "concept-http-fetch":
		return "HTTP fetch"
	case p != "":
		return "CORS-preflight fetch"
	case strings.HasPrefix(step, "7."):
		return "CORS-preflight fetch"
	}
	return "HTTP fetch"
}

// A commentBlock is a run of consecutive // comment lines, joined.
type commentBlock struct {
	line int // of the first
	text string
}

func commentBlocks(t *testing.T, name string) []commentBlock {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var blocks []commentBlock
	var cur *commentBlock
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(l, "//") {
			cur = nil
			continue
		}
		l = strings.TrimSpace(strings.TrimPrefix(l, "//"))
		if cur == nil {
			blocks = append(blocks, commentBlock{line: n})
			cur = &blocks[len(blocks)-1]
		}
		cur.text += l + " "
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return blocks
}

func containsAny(s string, words []string) bool {
	s = strings.ToLower(s)
	for _, w := range words {
		if strings.Contains(s, strings.ToLower(w)) {
			return true
		}
	}
	return false
}
