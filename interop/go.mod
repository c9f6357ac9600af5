module github.com/corsim/corsim/interop

go 1.26.0

// jub0bs/cors is at v1.0.1: v1.0.2 (which fixes jub0bs/cors#15, shown by the
// "five request headers" configuration) is not served by the module proxy
// this project reaches. CrossOriginProtection needs Go 1.25 or later.

require (
	github.com/corsim/corsim v0.0.0-00010101000000-000000000000
	github.com/go-chi/cors v1.2.2
	github.com/google/go-cmp v0.7.0
	github.com/gorilla/handlers v1.5.2
	github.com/jub0bs/cors v1.0.1
	github.com/rs/cors v1.11.1
)

require (
	github.com/bits-and-blooms/bitset v1.20.0 // indirect
	github.com/felixge/httpsnoop v1.0.3 // indirect
	github.com/nlnwa/whatwg-url v0.6.2 // indirect
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)

replace github.com/corsim/corsim => ../
