package explain

import (
	"context"
	"testing"

	"github.com/corsim/corsim"
)

// BenchmarkExplain measures explaining golden scenarios under every
// profile, fix search included: the cost of one `corsim explain`, less
// printing.
func BenchmarkExplain(b *testing.B) {
	byName := loadVectorsB(b)
	for _, name := range []string{"mdn/preflighted-post-x-pingother", "preflight/refused-no-options-handler"} {
		sc := FromVector(byName[name])
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Explain(context.Background(), sc, Options{Profiles: corsim.Profiles}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
