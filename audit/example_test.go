package audit_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/audit"
)

// A handler that echoes any Origin with credentials, tested in process the
// way a server's own test suite would: every finding, worst first.
func ExampleRun() {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		w.Write([]byte(`{"name": "Ada"}`))
	})
	rep, err := audit.Run(context.Background(), audit.Config{
		URL:         "https://api.example/v1/me",
		Origin:      "https://app.example",
		Credentials: true,
		Network:     corsim.Handler(api),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range rep.Findings {
		fmt.Println(f.Severity, f.ID)
	}
	// Output:
	// critical origin-reflected
	// low vary-origin
}
