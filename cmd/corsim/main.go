// Command corsim simulates the browser side of CORS as the WHATWG Fetch
// Standard defines it.
//
// Usage:
//
//	corsim <command> [flags]
//	corsim help [command]
//
// Commands:
//
//	audit      probe a server's CORS policy as an attacker would, judged by browser verdicts
//	classify   say whether a cross-origin request needs a preflight, and why
//	explain    explain step by step what the browser does with a request, and how to fix it
//
// Exit status: 0 on success, 1 when the input describes a request a
// browser would refuse (an invalid or forbidden method or header), 2 for a
// usage error.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
