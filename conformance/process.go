package conformance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// A jail is how every engine process is started: in a mount namespace of its
// own (so files can be bind-mounted over /etc/hosts, /etc/resolv.conf and the
// system CA bundle for this process tree only) and a PID namespace of its own
// (so that killing its first process ends every process the engine spawned:
// zygotes, network, GPU and web content processes alike). It needs root and
// util-linux's unshare.
type jail struct {
	Binds [][2]string // {source, target}: source file bind-mounted over target
	Env   []string    // the whole environment
	Argv  []string
	Dir   string
}

// A process is a started engine.
type process struct {
	cmd  *exec.Cmd
	out  *cappedBuffer
	exit chan struct{}
	err  error // set before exit is closed
}

func (j jail) start() (*process, error) {
	var script strings.Builder
	script.WriteString("set -e\n")
	for _, b := range j.Binds {
		fmt.Fprintf(&script, "mount --bind %s %s\n", shellQuote(b[0]), shellQuote(b[1]))
	}
	script.WriteString("exec \"$@\"\n")
	args := []string{"--mount", "--pid", "--fork", "--kill-child", "--mount-proc", "--propagation", "private",
		"/bin/sh", "-c", script.String(), "corsim-jail"}
	args = append(args, j.Argv...)
	cmd := exec.Command("unshare", args...)
	cmd.Env = j.Env
	cmd.Dir = j.Dir
	out := &cappedBuffer{max: 64 << 10}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("conformance: start %s: %w", j.Argv[0], err)
	}
	p := &process{cmd: cmd, out: out, exit: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.exit)
	}()
	return p, nil
}

// stop kills the process group (and with it the PID namespace) and waits.
func (p *process) stop() {
	select {
	case <-p.exit:
		return
	default:
	}
	syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	select {
	case <-p.exit:
	case <-time.After(10 * time.Second):
	}
}

// exited reports whether the process ended by itself.
func (p *process) exited() bool {
	select {
	case <-p.exit:
		return true
	default:
		return false
	}
}

// output is the tail of what the process printed.
func (p *process) output() string { return p.out.String() }

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// cappedBuffer keeps the last max bytes written to it.
type cappedBuffer struct {
	mu  sync.Mutex
	max int
	b   bytes.Buffer
}

func (c *cappedBuffer) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.b.Write(p)
	if over := c.b.Len() - c.max; over > 0 {
		c.b.Next(over)
	}
	return len(p), nil
}

func (c *cappedBuffer) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.b.String()
}

// runQuiet runs a helper command (certutil, a version query) with a timeout.
func runQuiet(ctx context.Context, timeout time.Duration, env []string, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	if env != nil {
		cmd.Env = env
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 2 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return string(out), fmt.Errorf("%s: timed out after %v", name, timeout)
		}
		return string(out), fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return string(out), nil
}

// copyTree copies the directory src to dst (which must not exist), keeping
// modes. Profiles are small: a few trust-store and pref files.
func copyTree(src, dst string) error {
	if out, err := exec.Command("cp", "-a", src, dst).CombinedOutput(); err != nil {
		return fmt.Errorf("conformance: copy %s: %w: %s", src, err, bytes.TrimSpace(out))
	}
	return nil
}
