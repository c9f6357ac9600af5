package conformance

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// A fakeClock is the offset libfaketime applies to an engine's clock, kept
// in the file libfaketime reads on every clock call (FAKETIME_NO_CACHE). The
// offset is relative to the real clock ("+N" seconds), so time still passes
// between steps as it really does, and each advance adds to it.
type fakeClock struct {
	file string

	mu     sync.Mutex
	offset time.Duration
}

func newFakeClock(file string) (*fakeClock, error) {
	c := &fakeClock{file: file}
	if err := c.write(); err != nil {
		return nil, err
	}
	return c, nil
}

// advance moves the clock forward by d.
func (c *fakeClock) advance(d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
	return c.write()
}

// write replaces the file in one rename, so a reader never sees it half
// written.
func (c *fakeClock) write() error {
	tmp := c.file + ".tmp"
	spec := fmt.Sprintf("+%.3f\n", c.offset.Seconds())
	if err := os.WriteFile(tmp, []byte(spec), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, c.file)
}
