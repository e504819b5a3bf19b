package subsliceretention

import (
	"net"
	"regexp"
	"sync"
)

type peerConn struct {
	mu     sync.Mutex
	c      net.Conn
	hello  []byte
	magic  []byte
	agents map[string]int
}

// Handshake reads a frame into a 64 KiB buffer and keeps the greeting.
func (c *peerConn) Handshake() error {
	buf := make([]byte, 64<<10)
	n, err := c.c.Read(buf)
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.hello = buf[:n] //accuracy: subslice-retention yes
	c.mu.Unlock()
	return nil
}

// Magic reads 4 bytes into a tiny buffer.
func (c *peerConn) Magic() error {
	b := make([]byte, 8)
	if _, err := c.c.Read(b); err != nil {
		return err
	}
	c.mu.Lock()
	c.magic = b[:4] //accuracy: subslice-retention no
	c.mu.Unlock()
	return nil
}

var agentRe = regexp.MustCompile(`"([^"]*)"$`)

// Agent keys a counter by the user agent matched out of a log line.
func (c *peerConn) Agent(line string) {
	m := agentRe.FindStringSubmatch(line)
	if m == nil {
		return
	}
	c.mu.Lock()
	c.agents[m[1]]++ //accuracy: subslice-retention yes //accuracy: unbounded-cache yes
	c.mu.Unlock()
}
