package wire

import (
	"strings"

	"github.com/corsim/corsim/safelist"
)

// VaryOrigin reports whether the Vary header lines of l name Origin (or are
// `*`), so that an HTTP cache keeps answers to different origins apart.
func VaryOrigin(l safelist.HeaderList) bool {
	for _, v := range l.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			f = strings.TrimSpace(f)
			if f == "*" || strings.EqualFold(f, "Origin") {
				return true
			}
		}
	}
	return false
}
