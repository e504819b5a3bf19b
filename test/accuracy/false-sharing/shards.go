package falsesharing

import (
	"sync"
	"sync/atomic"
)

// connPool: borrowers bump active, the reaper bumps reaped.
type connPool struct { //accuracy: false-sharing yes
	mu     sync.Mutex
	active atomic.Int32
	reaped atomic.Int32
	idle   []int
}

func (p *connPool) get() int {
	p.active.Add(1)
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.idle)
}

func (p *connPool) reap() {
	p.reaped.Add(1)
}

// shard is one per CPU, side by side.
type shard struct { //accuracy: false-sharing yes
	hits   atomic.Uint64
	misses atomic.Uint64
}

type CPUCounters struct{ shards []shard }

func NewCPUCounters(n int) *CPUCounters { return &CPUCounters{shards: make([]shard, n)} }

func (s *CPUCounters) Hit(cpu int) {
	sh := &s.shards[cpu%len(s.shards)]
	sh.hits.Add(1)
}

func (s *CPUCounters) Miss(cpu int) { s.shards[cpu%len(s.shards)].misses.Add(1) }

// guarded counters: every write holds mu.
type guarded struct { //accuracy: false-sharing no
	mu  sync.Mutex
	in  atomic.Int64
	out atomic.Int64
}

func (g *guarded) recvd() {
	g.mu.Lock()
	g.in.Add(1)
	g.mu.Unlock()
}

func (g *guarded) sent() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.out.Add(1)
}

// version and generation are loaded everywhere, stored once at startup via the constructor.
type snapshot struct { //accuracy: false-sharing no
	version    atomic.Uint64
	generation atomic.Uint64
}

func (s *snapshot) current() (uint64, uint64) { return s.version.Load(), s.generation.Load() }

func newSnapshot(v, g uint64) *snapshot {
	s := &snapshot{}
	s.version.Store(v)
	s.generation.Store(g)
	return s
}
