package corsim

import (
	"context"
	"os"
	"testing"

	"github.com/corsim/corsim/vectors"
)

// vectorDir is the directory of vectors the tests run: spec_vectors, or
// CORSIM_VECTORS to run someone's own.
func vectorDir() string {
	if d := os.Getenv("CORSIM_VECTORS"); d != "" {
		return d
	}
	return "spec_vectors"
}

// TestVectors runs every vector under every profile. The expectations come
// from the spec text or from real engines (expectByEngine), never from this
// simulator.
func TestVectors(t *testing.T) {
	vs, err := vectors.Load(vectorDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Profiles {
		t.Run(p.Name, func(t *testing.T) {
			for i := range vs {
				v := &vs[i]
				t.Run(v.Name, func(t *testing.T) {
					rep := RunVector(context.Background(), v, p)
					if !rep.Passed() {
						t.Errorf("%s (%s) under %s:\n%s", v.Name, v.File, p.Name, rep.Diff())
					}
				})
			}
		})
	}
}
