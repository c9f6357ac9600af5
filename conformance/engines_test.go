package conformance

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/corsim/corsim/vectors"
)

// TestEnginesSmoke runs testdata/smoke.json in every engine. It needs root,
// the engines (.ci/browsers.sh installs them) and a few seconds per engine,
// so it runs only with CORSIM_BROWSERS=1 (CORSIM_ENGINES=chromium,webkit
// picks engines).
func TestEnginesSmoke(t *testing.T) {
	if os.Getenv("CORSIM_BROWSERS") != "1" {
		t.Skip("set CORSIM_BROWSERS=1 to run the vectors in real engines")
	}
	vs, err := vectors.Load("testdata/smoke.json")
	if err != nil {
		t.Fatal(err)
	}
	engines := Engines
	if e := os.Getenv("CORSIM_ENGINES"); e != "" {
		engines = strings.Split(e, ",")
	}
	for _, name := range engines {
		t.Run(name, func(t *testing.T) {
			rep, err := Run(context.Background(), name, vs, Options{Batch: 4})
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			rep.WriteText(&b)
			t.Log(b.String())
			for _, v := range rep.Vectors {
				switch {
				case v.Verdict == Fail:
					t.Errorf("%s failed in %s", v.Name, name)
				case v.Verdict == Skip && !(name == "firefox" && v.Name == "smoke/max-age-expires-after-advance"):
					t.Errorf("%s skipped in %s: %s", v.Name, name, v.Why)
				}
			}
		})
	}
}
