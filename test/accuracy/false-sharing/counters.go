// Package falsesharing holds the hot counters and queues of a log shipper.
package falsesharing

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// ring is a single-producer single-consumer queue: the producer moves tail,
// the consumer moves head.
type ring struct { //accuracy: false-sharing yes
	head  atomic.Uint64
	tail  atomic.Uint64
	slots []string
}

func (r *ring) Push(s string) bool {
	t := r.tail.Load()
	if t-r.head.Load() == uint64(len(r.slots)) {
		return false
	}
	r.slots[t%uint64(len(r.slots))] = s
	r.tail.Store(t + 1)
	return true
}

func (r *ring) Pop() (string, bool) {
	h := r.head.Load()
	if h == r.tail.Load() {
		return "", false
	}
	s := r.slots[h%uint64(len(r.slots))]
	r.head.Store(h + 1)
	return s, true
}

// pipelineStats: the parse stage and the write stage run in different goroutines.
type pipelineStats struct { //accuracy: false-sharing yes
	parsed  atomic.Int64
	written atomic.Int64
	failed  atomic.Int64
}

func (p *pipelineStats) parseStage(in <-chan []byte, out chan<- string) {
	for b := range in {
		out <- string(b)
		p.parsed.Add(1)
	}
	close(out)
}

func (p *pipelineStats) writeStage(in <-chan string, w io.Writer) {
	for s := range in {
		if _, err := io.WriteString(w, s); err != nil {
			p.failed.Add(1)
			continue
		}
		p.written.Add(1)
	}
}

// CacheStats is updated from every request goroutine: hits and misses independently.
type CacheStats struct { //accuracy: false-sharing yes
	Hits   atomic.Uint64
	Misses atomic.Uint64
}

type Cache struct {
	mu    sync.RWMutex
	m     map[string][]byte
	stats CacheStats
}

func (c *Cache) Get(k string) ([]byte, bool) {
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	if ok {
		c.stats.Hits.Add(1)
	} else {
		c.stats.Misses.Add(1)
	}
	return v, ok
}

// proxyMeter counts bytes of the two copy directions of a proxied connection,
// each copied by its own goroutine.
type proxyMeter struct { //accuracy: false-sharing yes
	up   atomic.Int64
	down atomic.Int64
}

type meteredWriter struct {
	w io.Writer
	n *atomic.Int64
}

func (m meteredWriter) Write(b []byte) (int, error) {
	n, err := m.w.Write(b)
	m.n.Add(int64(n))
	return n, err
}

func Proxy(client, backend net.Conn, m *proxyMeter) {
	go io.Copy(meteredWriter{backend, &m.up}, client)
	io.Copy(meteredWriter{client, &m.down}, backend)
}

// WorkPool: callers bump submitted, workers bump completed.
type WorkPool struct { //accuracy: false-sharing yes
	submitted atomic.Int64
	completed atomic.Int64
	jobs      chan func()
}

func (p *WorkPool) Submit(f func()) {
	p.submitted.Add(1)
	p.jobs <- f
}

func (p *WorkPool) run() {
	for f := range p.jobs {
		f()
		p.completed.Add(1)
	}
}

// Stream tracks a replication stream: the sender bumps sent, the ack reader bumps acked.
type Stream struct { //accuracy: false-sharing yes
	name  string
	sent  atomic.Uint32
	acked atomic.Uint32
	conn  net.Conn
}

func (s *Stream) send(b []byte) error {
	_, err := s.conn.Write(b)
	s.sent.Add(1)
	return err
}

func (s *Stream) readAcks() {
	buf := make([]byte, 1)
	for {
		if _, err := s.conn.Read(buf); err != nil {
			return
		}
		s.acked.Add(1)
	}
}

// legacyCounters uses the old function API on plain int64 fields from two goroutines.
type legacyCounters struct { //accuracy: false-sharing yes
	received int64
	flushed  int64
}

func (c *legacyCounters) onReceive() { atomic.AddInt64(&c.received, 1) }
func (c *legacyCounters) onFlush()   { atomic.AddInt64(&c.flushed, 1) }

// workerSlot is one counter per worker; the slots sit next to each other.
type workerSlot struct { //accuracy: false-sharing yes
	processed atomic.Int64
}

type Sharded struct {
	slots [16]workerSlot
}

func (s *Sharded) Inc(worker int) { s.slots[worker%16].processed.Add(1) }

// Batcher: producers bump dropped when full, the flusher bumps flushed.
type Batcher struct { //accuracy: false-sharing yes
	dropped atomic.Int64
	flushed atomic.Int64
	pending atomic.Int32
	ch      chan []byte
}

func (b *Batcher) Offer(p []byte) {
	select {
	case b.ch <- p:
		b.pending.Add(1)
	default:
		b.dropped.Add(1)
	}
}

func (b *Batcher) flushLoop(w io.Writer) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for range t.C {
		for n := b.pending.Load(); n > 0; n-- {
			w.Write(<-b.ch)
			b.pending.Add(-1)
			b.flushed.Add(1)
		}
	}
}

// treiber is a lock-free stack; pushers and poppers count separately.
type treiber struct { //accuracy: false-sharing yes
	top    atomic.Pointer[elem]
	pushes atomic.Uint64
	pops   atomic.Uint64
}

type elem struct {
	v    string
	next *elem
}

func (t *treiber) Push(v string) {
	e := &elem{v: v}
	for {
		e.next = t.top.Load()
		if t.top.CompareAndSwap(e.next, e) {
			t.pushes.Add(1)
			return
		}
	}
}

func (t *treiber) Pop() (string, bool) {
	for {
		e := t.top.Load()
		if e == nil {
			return "", false
		}
		if t.top.CompareAndSwap(e, e.next) {
			t.pops.Add(1)
			return e.v, true
		}
	}
}
