package falsesharing

import (
	"sync"
	"sync/atomic"
	"time"
)

// paddedRing keeps head and tail on their own cache lines.
type paddedRing struct { //accuracy: false-sharing no
	head  atomic.Uint64
	_     [56]byte
	tail  atomic.Uint64
	_     [56]byte
	slots []string
}

// requestCounter has a single atomic.
type requestCounter struct { //accuracy: false-sharing no
	name  string
	total atomic.Int64
}

// lockedStats: the counters are guarded by one mutex, so they are written under the same lock.
type lockedStats struct { //accuracy: false-sharing no
	mu      sync.Mutex
	hits    int64
	misses  int64
	evicted int64
}

func (s *lockedStats) hit() {
	s.mu.Lock()
	s.hits++
	s.mu.Unlock()
}

// limits are set at start-up and on rare reloads, then only read on the hot path.
type limits struct { //accuracy: false-sharing no
	maxBody  atomic.Int64
	maxConns atomic.Int32
	debug    atomic.Bool
}

func (l *limits) allow(size int64) bool { return size <= l.maxBody.Load() }

// spread keeps its atomics apart with a buffer that already spans a cache line.
type spread struct { //accuracy: false-sharing no
	reads  atomic.Int64
	buf    [128]byte
	writes atomic.Int64
}

// paddedSlot is one counter per worker, padded to a line.
type paddedSlot struct { //accuracy: false-sharing no
	n atomic.Int64
	_ [56]byte
}

type PaddedShards struct {
	slots [16]paddedSlot
}

func (p *PaddedShards) Inc(w int) { p.slots[w%16].n.Add(1) }

// config is swapped atomically on reload together with its version: read-mostly.
type configHolder struct { //accuracy: false-sharing no
	cur     atomic.Pointer[map[string]string]
	version atomic.Int64
}

func (c *configHolder) Get(k string) string {
	if m := c.cur.Load(); m != nil {
		return (*m)[k]
	}
	return ""
}

// tally is owned by one goroutine: plain fields, no concurrent writers.
type tally struct { //accuracy: false-sharing no
	lines int64
	bytes int64
	start time.Time
}

// writerStats is written by one writer goroutine only; a scraper reads it once a minute.
type writerStats struct { //accuracy: false-sharing no
	records atomic.Int64
	bytes   atomic.Int64
}

func (w *writerStats) record(n int) {
	w.records.Add(1)
	w.bytes.Add(int64(n))
}

// shutdown flags flip once per process lifetime.
type lifecycle struct { //accuracy: false-sharing no
	draining atomic.Bool
	closed   atomic.Bool
}

// metricsPair places each counter in its own padded struct.
type lineCounter struct {
	v atomic.Int64
	_ [56]byte
}

type metricsPair struct { //accuracy: false-sharing no
	ok  lineCounter
	bad lineCounter
}
