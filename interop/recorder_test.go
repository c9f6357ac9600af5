package interop

import "net/http"

// recorder is a ResponseWriter that keeps the status and headers and drops
// the body; reset makes it reusable without allocating, for the benchmarks.
type recorder struct {
	h    http.Header
	code int
}

func newRecorder() *recorder { return &recorder{h: make(http.Header)} }

func (r *recorder) Header() http.Header { return r.h }

func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return len(b), nil
}

func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
}

func (r *recorder) reset() {
	clear(r.h)
	r.code = 0
}
