package conformance

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// An engine knows how to start one browser engine on a URL with a fresh
// profile that trusts the run's CA, with the vectors' hosts resolving to a
// given loopback address.
type engine interface {
	name() string
	// version asks the installed engine for its version.
	version(ctx context.Context) (string, error)
	// fakeClock reports whether the engine runs under libfaketime, so that a
	// step's advance moves its clock instead of being waited for.
	fakeClock() bool
	// setup prepares what every launch shares (a trust store template, an X
	// display), under env.dir.
	setup(ctx context.Context, env *runEnv) error
	// jail returns how to start the engine for one vector.
	jail(env *runEnv, l *launch) (jail, error)
	// teardown undoes setup (stops the X display).
	teardown()
}

// runEnv is what one run shares between its launches.
type runEnv struct {
	dir      string // the run's temporary directory
	caPEM    string // the CA certificate, PEM
	caBundle string // the system CA bundle with the CA appended
	resolv   string // a resolv.conf pointing at loopback, so no lookup leaves the machine
	faketime string // libfaketime's path
}

// launch is one start of an engine, for one vector.
type launch struct {
	dir       string // fresh; removed after the vector
	hostsFile string // maps every vector host to the instance's address
	url       string // the harness top page
	clockFile string // libfaketime's timestamp file; "" when the vector needs no clock
}

func newEngine(name string) (engine, error) {
	switch name {
	case "chromium":
		return &chromium{}, nil
	case "firefox":
		return &firefox{}, nil
	case "webkit":
		return &webkit{}, nil
	}
	return nil, fmt.Errorf("conformance: unknown engine %q (want chromium, firefox or webkit)", name)
}

// Engines lists the engines Run drives, in a fixed order.
var Engines = []string{"chromium", "firefox", "webkit"}

// baseEnv is the environment every engine starts with: nothing inherited
// from the caller but PATH, so no proxy setting or display leaks in.
func baseEnv(home string) []string {
	return []string{
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache"),
		"XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"),
		"XDG_RUNTIME_DIR=" + filepath.Join(home, "run"),
		// A real language, as a user's browser has: under the C locale
		// WebKitGTK sends "Accept-Language: C". The locale need not be
		// installed; the engines read the name only.
		"LANG=en_US.UTF-8",
		"LANGUAGE=en_US",
		"TZ=UTC",
	}
}

// faketimeEnv is the environment that puts a process under libfaketime,
// reading its offset from file on every clock call, so that writing the file
// moves the clock at once.
func faketimeEnv(lib, file string) []string {
	return []string{
		"LD_PRELOAD=" + lib,
		"FAKETIME_TIMESTAMP_FILE=" + file,
		"FAKETIME_NO_CACHE=1",
	}
}

// commonBinds are the files every jail mounts over the system's.
func commonBinds(env *runEnv, l *launch) [][2]string {
	return [][2]string{
		{l.hostsFile, "/etc/hosts"},
		{env.resolv, "/etc/resolv.conf"},
	}
}

func mkdirs(dirs ...string) error {
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return err
		}
	}
	return nil
}

// firstLine returns the first non-empty line of s, trimmed.
func firstLine(s string) string {
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}

const versionTimeout = 30 * time.Second
