package conformance

import (
	"context"
	"path/filepath"
	"strings"
)

// chromium drives Debian's Chromium in its headless mode.
//
//   - Hosts: the jail's /etc/hosts (Chromium's resolver reads it), the same
//     as for the other engines; --host-resolver-rules would do as well.
//   - Trust: an NSS database in $HOME/.pki/nssdb holding the run's CA as a
//     trusted root, which Chromium on Linux honours as a locally added anchor.
//   - Clock: libfaketime only in the utility processes (--utility-cmd-prefix),
//     which include the network service holding the preflight cache and the
//     cookie store; faking the browser process's clock is not needed.
//   - Quiet: the flags below keep Chromium from reaching out to Google's
//     services (the machine's network is closed; without them it retries
//     many connections at once).
type chromium struct {
	home string // template $HOME with the NSS database
}

const chromiumBinary = "/usr/lib/chromium/chromium"

func (*chromium) name() string    { return "chromium" }
func (*chromium) fakeClock() bool { return true }
func (*chromium) teardown()       {}

func (*chromium) version(ctx context.Context) (string, error) {
	out, err := runQuiet(ctx, versionTimeout, nil, chromiumBinary, "--version")
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(firstLine(out), "Chromium "), nil
}

func (c *chromium) setup(ctx context.Context, env *runEnv) error {
	c.home = filepath.Join(env.dir, "chromium-home")
	return nssTrust(ctx, filepath.Join(c.home, ".pki", "nssdb"), env.caPEM)
}

// nssTrust makes an NSS database in dir trusting the CA in caPEM for TLS servers.
func nssTrust(ctx context.Context, dir, caPEM string) error {
	if err := mkdirs(dir); err != nil {
		return err
	}
	if _, err := runQuiet(ctx, versionTimeout, nil, "certutil", "-N", "-d", "sql:"+dir, "--empty-password"); err != nil {
		return err
	}
	_, err := runQuiet(ctx, versionTimeout, nil, "certutil", "-A", "-d", "sql:"+dir, "-n", "corsim-ca", "-t", "C,,", "-i", caPEM)
	return err
}

// chromiumFlags are the flags every launch gets.
var chromiumFlags = []string{
	"--headless",
	"--no-sandbox", // as root; the jail isolates instead
	"--disable-gpu",
	"--disable-quic", // the server speaks TCP only; no Alt-Svc is sent anyway
	"--no-first-run",
	"--no-default-browser-check",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--disable-default-apps",
	"--disable-extensions",
	"--disable-breakpad",
	"--disable-domain-reliability",
	"--disable-client-side-phishing-detection",
	"--metrics-recording-only",
	"--password-store=basic",
	"--use-mock-keychain",
	"--mute-audio",
}

func (c *chromium) jail(env *runEnv, l *launch) (jail, error) {
	home := filepath.Join(l.dir, "home")
	if err := copyTree(c.home, home); err != nil {
		return jail{}, err
	}
	if err := mkdirs(filepath.Join(home, "run")); err != nil {
		return jail{}, err
	}
	argv := append([]string{chromiumBinary}, chromiumFlags...)
	argv = append(argv, "--user-data-dir="+filepath.Join(l.dir, "profile"))
	if l.clockFile != "" {
		// The prefix is split on spaces; none of these paths has one.
		argv = append(argv, "--utility-cmd-prefix=/usr/bin/env "+strings.Join(faketimeEnv(env.faketime, l.clockFile), " "))
	}
	argv = append(argv, l.url)
	return jail{
		Binds: commonBinds(env, l),
		Env:   baseEnv(home),
		Argv:  argv,
		Dir:   l.dir,
	}, nil
}
