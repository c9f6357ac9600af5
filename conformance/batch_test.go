package conformance

import (
	"slices"
	"strings"
	"testing"

	"github.com/corsim/corsim/vectors"
)

// A vector whose URL lengths matter runs alone, so that its host names are
// never renamed: a batch tag would add bytes to its URLs and move them across
// Chromium's 1024-byte line for the preflight cache.
func TestPlanBatchesKeepsLongURLsAlone(t *testing.T) {
	vec := func(url string) vectors.Vector {
		return vectors.Vector{Origin: "https://foo.example", Steps: []vectors.Step{{Request: vectors.Request{URL: url}}}}
	}
	short := "https://bar.other/api"
	long := "https://bar.other/api?q=" + strings.Repeat("a", 1023-len("https://bar.other/api?q="))
	vs := []vectors.Vector{vec(short), vec(long), vec(short), vec(short)}
	got := planBatches(&chromium{}, vs, Options{Batch: 8})
	var sizes []int
	for _, b := range got {
		sizes = append(sizes, len(b.vectors))
		if len(b.vectors) > 1 && slices.Contains(b.vectors, 1) {
			t.Errorf("the 1023-byte URL vector shares a batch: %v", b.vectors)
		}
	}
	if len(got) != 2 {
		t.Errorf("batches %v (sizes %v), want the three short vectors together and the long one alone", got, sizes)
	}
}
