package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Exit statuses.
const (
	exitOK       = 0
	exitRejected = 1 // the browser would refuse the request as described
	exitUsage    = 2 // the command line itself is wrong
)

// A command is one subcommand of corsim.
type command struct {
	name    string
	summary string
	usage   string // the flags line, after "corsim <name> "
	run     func(args []string, stdout, stderr io.Writer) int
	help    func(w io.Writer) // detailed help, flags included
}

// commands is the command table, in name order. Each command's file adds
// itself with register from an init function, so that commands live apart.
var commands []command

// register adds c to the command table.
func register(c command) {
	commands = append(commands, c)
	sort.Slice(commands, func(i, j int) bool { return commands[i].name < commands[j].name })
}

// run dispatches args (without the program name) and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "corsim: no command given")
		usage(stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return runHelp(rest, stdout, stderr)
	}
	c, ok := lookup(name)
	if !ok {
		fmt.Fprintf(stderr, "corsim: unknown command %q\n", name)
		usage(stderr)
		return exitUsage
	}
	return c.run(rest, stdout, stderr)
}

// runHelp implements "corsim help [command]".
func runHelp(args []string, stdout, stderr io.Writer) int {
	switch len(args) {
	case 0:
		usage(stdout)
		return exitOK
	case 1:
		c, ok := lookup(args[0])
		if !ok {
			fmt.Fprintf(stderr, "corsim help: unknown command %q\n", args[0])
			usage(stderr)
			return exitUsage
		}
		c.help(stdout)
		return exitOK
	}
	fmt.Fprintln(stderr, "corsim help: too many arguments")
	usage(stderr)
	return exitUsage
}

func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// usage writes the top-level usage.
func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("usage: corsim <command> [flags]\n\ncommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	b.WriteString("  help       show this, or a command's flags: corsim help <command>\n")
	io.WriteString(w, b.String())
}
