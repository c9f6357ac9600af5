package conformance

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// webkit drives WebKitGTK's MiniBrowser (the GTK port's test browser, from
// libwebkit2gtk-4.1-0) under Xvfb: the GTK port has no headless mode.
//
//   - Hosts: the jail's /etc/hosts.
//   - Trust: the jail's /etc/ssl/certs/ca-certificates.crt, the system bundle
//     with the run's CA appended; glib-networking (GnuTLS) reads it as the
//     system trust store.
//   - Profile: --private (an ephemeral website data manager: empty cache and
//     cookie jar) and a fresh $HOME/XDG directories per launch.
//   - Cookies: MiniBrowser's default policy, no-third-party, which is also
//     WebKitGTK's default.
//   - Clock: the whole process tree under libfaketime (the network process
//     holds the preflight cache).
type webkit struct {
	xvfb *xvfb
}

const (
	miniBrowser = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
)

func (*webkit) name() string    { return "webkit" }
func (*webkit) fakeClock() bool { return true }

func (*webkit) version(ctx context.Context) (string, error) {
	if _, err := os.Stat(miniBrowser); err != nil {
		return "", err
	}
	// MiniBrowser --version needs an X display; the package version is the
	// library's ("2.50.6-1~deb12u2": upstream 2.50.6).
	out, err := runQuiet(ctx, versionTimeout, nil, "dpkg-query", "-W", "-f=${Version}", "libwebkit2gtk-4.1-0")
	if err != nil {
		return "", err
	}
	v, _, _ := strings.Cut(firstLine(out), "-")
	return v, nil
}

func (w *webkit) setup(ctx context.Context, env *runEnv) error {
	for n := 90; n < 190; n++ {
		x, err := startXvfb(n)
		if err != nil {
			return err
		}
		if x != nil {
			w.xvfb = x
			return nil
		}
	}
	return fmt.Errorf("conformance: no X display could be started for WebKitGTK")
}

func (w *webkit) teardown() {
	if w.xvfb != nil {
		w.xvfb.stop()
		w.xvfb = nil
	}
}

// An xvfb is a virtual X display this package started.
type xvfb struct {
	n      int
	cmd    *exec.Cmd
	exited chan struct{}
}

func (x *xvfb) display() string { return fmt.Sprintf(":%d", x.n) }

// startXvfb starts Xvfb on display n; it returns nil, nil when the display
// is taken (Xvfb exits at once, removing a lock file left by a dead server
// itself, or refusing a live one's display).
func startXvfb(n int) (*xvfb, error) {
	cmd := exec.Command("Xvfb", fmt.Sprintf(":%d", n), "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("conformance: start Xvfb: %w", err)
	}
	x := &xvfb{n: n, cmd: cmd, exited: make(chan struct{})}
	go func() { cmd.Wait(); close(x.exited) }()
	sock := fmt.Sprintf("/tmp/.X11-unix/X%d", n)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		select {
		case <-x.exited:
			return nil, nil
		case <-time.After(50 * time.Millisecond):
		}
		if _, err := os.Stat(sock); err == nil {
			return x, nil
		}
	}
	x.stop()
	return nil, nil
}

// stop ends the server the polite way first, so that it removes its lock
// file and socket, and removes them itself when it had to kill it.
func (x *xvfb) stop() {
	syscall.Kill(-x.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-x.exited:
	case <-time.After(3 * time.Second):
		syscall.Kill(-x.cmd.Process.Pid, syscall.SIGKILL)
		<-x.exited
		os.Remove(fmt.Sprintf("/tmp/.X%d-lock", x.n))
		os.Remove(fmt.Sprintf("/tmp/.X11-unix/X%d", x.n))
	}
}

func (w *webkit) jail(env *runEnv, l *launch) (jail, error) {
	home := filepath.Join(l.dir, "home")
	if err := mkdirs(filepath.Join(home, "run")); err != nil {
		return jail{}, err
	}
	e := append(baseEnv(home),
		"DISPLAY="+w.xvfb.display(),
		"WEBKIT_DISABLE_COMPOSITING_MODE=1",
		"GIO_USE_VFS=local",
		"GSETTINGS_BACKEND=memory",
		"NO_AT_BRIDGE=1",
	)
	if l.clockFile != "" {
		e = append(e, faketimeEnv(env.faketime, l.clockFile)...)
	}
	binds := append(commonBinds(env, l), [2]string{env.caBundle, systemCABundle})
	return jail{
		Binds: binds,
		Env:   e,
		Argv:  []string{miniBrowser, "--private", l.url},
		Dir:   l.dir,
	}, nil
}

// systemCABundle is where Debian's GnuTLS (and so glib-networking) finds the
// trusted roots.
const systemCABundle = "/etc/ssl/certs/ca-certificates.crt"
