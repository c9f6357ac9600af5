// Package wire holds what the explain and audit packages share about the
// simulated browser's wire traffic: rendering a request or a response as the
// HTTP text a person reads in curl -v, and Memo, a Network that asks a real
// server once per distinct request, within a budget, and answers repeats from
// memory, so that several engine profiles can be run against one server
// without multiplying the requests it sees.
package wire
