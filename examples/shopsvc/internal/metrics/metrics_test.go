package metrics

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

func TestSnapshot(t *testing.T) {
	var c Counters
	c.Requests.Add(3)
	c.Errors.Add(1)
	if s := c.Snapshot(); s["requests"] != 3 || s["errors"] != 1 || s["bytes_out"] != 0 {
		t.Errorf("Snapshot() = %v", s)
	}
}

func TestReclaimEveryStops(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	before := ReadMemory().NumGC
	ReclaimEvery(ctx, 5*time.Millisecond)
	if ReadMemory().NumGC == before {
		t.Error("no collection ran")
	}
}

// BenchmarkCounters compares two goroutines bumping neighbouring fields of
// Counters with bumping their own padded WorkerSlot.
func BenchmarkCounters(b *testing.B) {
	b.Run("Counters", func(b *testing.B) {
		var c Counters
		var next atomic.Int32
		b.SetParallelism(1)
		b.RunParallel(func(pb *testing.PB) {
			ctr := &c.Requests
			if next.Add(1)%2 == 0 {
				ctr = &c.Errors
			}
			for pb.Next() {
				ctr.Add(1)
			}
		})
	})
	b.Run("WorkerSlot", func(b *testing.B) {
		slots := make([]WorkerSlot, 64)
		var next atomic.Int32
		b.SetParallelism(1)
		b.RunParallel(func(pb *testing.PB) {
			slot := &slots[next.Add(1)%64]
			for pb.Next() {
				slot.Done.Add(1)
			}
		})
	})
}
