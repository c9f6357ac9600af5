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
//	browser    run scenario vectors in real Chromium, Firefox ESR and WebKitGTK
//	classify   say whether a cross-origin request needs a preflight, and why
//	explain    explain step by step what the browser does with a request, and how to fix it
//	vectors    run scenario vectors in the simulator under one profile or all
//
// Each command documents its exit status in `corsim help <command>`; 2 is
// always a usage error. classify exits 1 when the input describes a request
// a browser would refuse (an invalid or forbidden method or header); explain,
// vectors and browser exit 1 when a request is blocked or a vector fails.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
