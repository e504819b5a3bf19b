// Package metrics holds the service's counters and runtime housekeeping.
package metrics

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"
)

// Counters are incremented by every request goroutine.
type Counters struct {
	Requests atomic.Int64
	Errors   atomic.Int64
	BytesOut atomic.Int64
}

// Snapshot returns the current values by name, for /debug output.
func (c *Counters) Snapshot() map[string]int64 {
	return map[string]int64{
		"requests":  c.Requests.Load(),
		"errors":    c.Errors.Load(),
		"bytes_out": c.BytesOut.Load(),
	}
}

// WorkerSlot holds the counters of one worker. Each slot is written by its
// own goroutine only; the padding keeps neighbouring slots of a []WorkerSlot
// on different cache lines.
type WorkerSlot struct {
	Done   atomic.Int64
	Failed atomic.Int64
	Idle   atomic.Int64
	_      [40]byte
}

// Memory is a point-in-time view of the Go heap.
type Memory struct {
	HeapAlloc  uint64
	TotalAlloc uint64
	Mallocs    uint64
	NumGC      uint32
	Goroutines int
}

// ReadMemory samples the runtime's memory statistics.
func ReadMemory() Memory {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return Memory{
		HeapAlloc:  ms.HeapAlloc,
		TotalAlloc: ms.TotalAlloc,
		Mallocs:    ms.Mallocs,
		NumGC:      ms.NumGC,
		Goroutines: runtime.NumGoroutine(),
	}
}

// ReclaimEvery runs a full collection every d until ctx is done, so that the
// heap size the orchestrator sees stays close to the live heap between
// traffic peaks.
func ReclaimEvery(ctx context.Context, d time.Duration) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			runtime.GC()
		}
	}
}
