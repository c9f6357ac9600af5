module github.com/corsim/corsim

go 1.26.0

require (
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/nlnwa/whatwg-url v0.6.2 // indirect
	golang.org/x/net v0.62.0 // indirect
)
