package explain_test

import (
	"context"
	"fmt"

	"github.com/corsim/corsim"
	"github.com/corsim/corsim/explain"
	"github.com/corsim/corsim/vectors"
)

// A DELETE whose preflight lists only GET and POST: the fix the browser
// needs, found by running the scenario again with amended answers.
func ExampleExplain() {
	sc := &explain.Scenario{
		Origin: "https://app.example",
		Steps: []explain.Step{{
			Request: vectors.Request{API: "fetch", Method: "DELETE", URL: "https://api.example/items/7", Mode: "cors", Credentials: "same-origin", Redirect: "follow"},
			Server: []corsim.Route{
				{Method: "OPTIONS", URL: "https://api.example/items/7", Status: 204,
					Header: [][2]string{{"Access-Control-Allow-Origin", "https://app.example"}, {"Access-Control-Allow-Methods", "GET, POST"}}},
				{Method: "DELETE", URL: "https://api.example/items/7", Status: 204,
					Header: [][2]string{{"Access-Control-Allow-Origin", "https://app.example"}}},
			},
		}},
	}
	ex, err := explain.Explain(context.Background(), sc, explain.Options{Profiles: []*corsim.Profile{corsim.Spec}})
	if err != nil {
		fmt.Println(err)
		return
	}
	v := ex.Steps[0].Verdicts[0]
	fmt.Println(v.Outcome, v.Reason)
	for _, f := range ex.Fixes {
		for _, a := range f.Answers {
			fmt.Println(a.Method, a.URL, a.Headers, "verified:", f.Verified)
		}
	}
	// Output:
	// network-error CORSMethodNotFound
	// OPTIONS https://api.example/items/7 [[Access-Control-Allow-Methods GET, POST, DELETE]] verified: true
}
