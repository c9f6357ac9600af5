#!/bin/sh
# ci.sh tests the interop module (a module of its own, so the main module's
# `go test ./...` does not reach it). Run it from anywhere; .ci/run calls it.
set -eu
cd "$(dirname "$0")"
unformatted=$(gofmt -l .)
if [ -n "$unformatted" ]; then
	echo "interop: not gofmt'd:" >&2
	echo "$unformatted" >&2
	exit 1
fi
go vet ./...
go test -race ./...
