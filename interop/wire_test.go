package interop

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTrapsOnTheWire checks what each trap's middleware answers, on a request
// built by hand as a browser would send it, before any browser judges it: the
// premises of the expectations in configs, read in each middleware's source
// and confirmed here on its actual behaviour. Only the headers named in
// want.header are compared ("" wants the header absent).
func TestTrapsOnTheWire(t *testing.T) {
	type answer struct {
		status int
		header map[string]string
	}
	preflight := func(method, acrh string) http.Header {
		h := http.Header{"Origin": {app}, "Access-Control-Request-Method": {method}}
		if acrh != "" {
			h.Set("Access-Control-Request-Headers", acrh)
		}
		return h
	}
	tests := []struct {
		config string // middleware/name in configs
		method string
		url    string
		header http.Header
		want   answer
	}{{
		// handlers.MaxAge: "if age > 600 { age = 600 }".
		config: gorilla + "/credentialed, MaxAge(86400)", method: "OPTIONS", url: "/items/1",
		header: preflight("PUT", "content-type"),
		want: answer{200, map[string]string{"Access-Control-Max-Age": "600", "Access-Control-Allow-Origin": app,
			"Access-Control-Allow-Headers": "Content-Type", "Access-Control-Allow-Methods": "PUT"}},
	}, {
		// cors.ServeHTTP: a method not allowed is answered 405...
		config: gorilla + "/CORS() defaults", method: "OPTIONS", url: "/items/1",
		header: preflight("PUT", "content-type"),
		want:   answer{405, map[string]string{"Access-Control-Allow-Origin": ""}},
	}, {
		// ...a header not allowed 403 (Content-Type is not a default).
		config: gorilla + "/CORS() defaults", method: "OPTIONS", url: "/items",
		header: preflight("POST", "content-type"),
		want:   answer{403, map[string]string{"Access-Control-Allow-Origin": ""}},
	}, {
		// isMatch compares exactly: `*` is a header name like any other.
		config: gorilla + "/AllowedHeaders `*`", method: "OPTIONS", url: "/items/1",
		header: preflight("PUT", "content-type"),
		want:   answer{403, map[string]string{"Access-Control-Allow-Origin": ""}},
	}, {
		config: gorilla + "/`*` + AllowCredentials", method: "GET", url: "/items",
		header: http.Header{"Origin": {app}},
		want:   answer{200, map[string]string{"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Credentials": "true"}},
	}, {
		// AllowAll sets AllowCredentials: false.
		config: chi + "/AllowAll()", method: "GET", url: "/items",
		header: http.Header{"Origin": {app}},
		want:   answer{200, map[string]string{"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Credentials": ""}},
	}, {
		// handlePreflight: strings.ToUpper(reqMethod) in ACAM.
		config: chi + "/AllowAll()", method: "OPTIONS", url: "/items/1",
		header: preflight("patch", ""),
		want:   answer{200, map[string]string{"Access-Control-Allow-Methods": "PATCH"}},
	}, {
		config: chi + "/`*` + AllowCredentials", method: "GET", url: "/items",
		header: http.Header{"Origin": {app}},
		want:   answer{200, map[string]string{"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Credentials": "true"}},
	}, {
		config: rs + "/AllowAll()", method: "GET", url: "/items",
		header: http.Header{"Origin": {app}},
		want:   answer{200, map[string]string{"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Credentials": ""}},
	}, {
		// allowedHeadersAll: Access-Control-Request-Headers is echoed.
		config: rs + "/AllowedHeaders `*`", method: "OPTIONS", url: "/items",
		header: preflight("GET", "authorization"),
		want:   answer{204, map[string]string{"Access-Control-Allow-Headers": "authorization", "Access-Control-Allow-Origin": app}},
	}, {
		config: rs + "/per route on a method ServeMux", method: "OPTIONS", url: "/items/1",
		header: preflight("PUT", "content-type"),
		want:   answer{405, map[string]string{"Access-Control-Allow-Origin": ""}},
	}, {
		config: rs + "/OptionsPassthrough around a method ServeMux", method: "OPTIONS", url: "/items/1",
		header: preflight("PUT", "content-type"),
		want:   answer{405, map[string]string{"Access-Control-Allow-Origin": app, "Access-Control-Allow-Credentials": "true"}},
	}, {
		// The wildcard without credentials is "*"; with Authorization
		// listed too, "*,authorization" (validateRequestHeaders).
		config: jub + "/RequestHeaders `*`, anonymous", method: "OPTIONS", url: "/items",
		header: preflight("GET", "authorization"),
		want:   answer{204, map[string]string{"Access-Control-Allow-Headers": "*"}},
	}, {
		config: jub + "/RequestHeaders `*` + Authorization", method: "OPTIONS", url: "/items",
		header: preflight("GET", "authorization"),
		want:   answer{204, map[string]string{"Access-Control-Allow-Headers": "*,authorization"}},
	}, {
		// jub0bs/cors#15: a configured name refused by v1.0.1...
		config: jub + "/five request headers (v1.0.1 bug)", method: "OPTIONS", url: "/items",
		header: preflight("GET", "x-request-id"),
		want:   answer{403, map[string]string{"Access-Control-Allow-Origin": ""}},
	}, {
		// ...while its neighbour in the sorted set passes.
		config: jub + "/five request headers (v1.0.1 bug)", method: "OPTIONS", url: "/items",
		header: preflight("GET", "x-csrf-token"),
		want:   answer{204, map[string]string{"Access-Control-Allow-Headers": "x-csrf-token"}},
	}, {
		// Debug mode: 204 with what passed (ACAO), no ACAM.
		config: jub + "/README example, debug on", method: "OPTIONS", url: "/items/1",
		header: preflight("PUT", ""),
		want:   answer{204, map[string]string{"Access-Control-Allow-Origin": app, "Access-Control-Allow-Methods": ""}},
	}, {
		// CrossOriginProtection refuses a cross-site PUT, OPTIONS passes.
		config: nethttp + "/CrossOriginProtection around rs/cors", method: "PUT", url: "/items/1",
		header: http.Header{"Origin": {app}, "Sec-Fetch-Site": {"cross-site"}},
		want:   answer{403, map[string]string{"Access-Control-Allow-Origin": "", "X-App": ""}},
	}, {
		config: nethttp + "/CrossOriginProtection around rs/cors", method: "OPTIONS", url: "/items/1",
		header: http.Header{"Origin": {app}, "Sec-Fetch-Site": {"cross-site"}, "Access-Control-Request-Method": {"PUT"}},
		want:   answer{204, map[string]string{"Access-Control-Allow-Origin": app}},
	}, {
		config: nethttp + "/CrossOriginProtection inside rs/cors", method: "PUT", url: "/items/1",
		header: http.Header{"Origin": {app}, "Sec-Fetch-Site": {"cross-site"}},
		want:   answer{403, map[string]string{"Access-Control-Allow-Origin": app, "X-App": ""}},
	}}
	for _, tc := range tests {
		t.Run(tc.config+"/"+tc.method, func(t *testing.T) {
			c, ok := configByKey(tc.config)
			if !ok {
				t.Fatalf("no configuration %s", tc.config)
			}
			h, err := c.build()
			if err != nil {
				t.Fatal(err)
			}
			req, err := http.NewRequest(tc.method, "https://api.example"+tc.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header = tc.header
			rec := newRecorder()
			h.ServeHTTP(rec, req)
			got := answer{status: rec.code, header: map[string]string{}}
			if got.status == 0 {
				got.status = http.StatusOK
			}
			for name := range tc.want.header {
				got.header[name] = rec.h.Get(name)
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(answer{})); diff != "" {
				t.Errorf("answer mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func configByKey(key string) (config, bool) {
	for _, c := range configs {
		if c.middleware+"/"+c.name == key {
			return c, true
		}
	}
	return config{}, false
}
