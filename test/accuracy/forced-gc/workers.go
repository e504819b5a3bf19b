package forcedgc

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
	"time"
)

type Queue struct{ msgs chan []byte }

// Consume processes messages and forces a collection after each one.
func (q *Queue) Consume(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case m := <-q.msgs:
			_ = m
			runtime.GC() //accuracy: forced-gc yes
		}
	}
}

// Sweeper runs in a goroutine and frees memory on a ticker.
func Sweeper() {
	go func() {
		t := time.NewTicker(time.Minute)
		for range t.C {
			debug.FreeOSMemory() //accuracy: forced-gc yes
		}
	}()
}

// Files processes each file and collects in between.
func Files(paths []string, process func(string)) {
	for i := 0; i < len(paths); i++ {
		process(paths[i])
		runtime.GC() //accuracy: forced-gc yes
	}
}

// Admin is an admin endpoint method.
type Admin struct{}

func (Admin) freeHandler(w http.ResponseWriter, r *http.Request) {
	debug.FreeOSMemory() //accuracy: forced-gc yes
	w.WriteHeader(http.StatusOK)
}

// OnSignal collects when the operator sends SIGUSR1.
func OnSignal() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGUSR1)
	for range sigs {
		runtime.GC() //accuracy: forced-gc no
		log.Print("collected on request")
	}
}

const settleRounds = 3

// Settle runs a few collections before a heap snapshot.
func Settle() {
	for i := 0; i < settleRounds; i++ {
		runtime.GC() //accuracy: forced-gc no
	}
}

// StatsLoop reads stats on a ticker and only collects on a signal.
func StatsLoop(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGUSR2)
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
		case <-sig:
			runtime.GC() //accuracy: forced-gc no
		}
	}
}

func exitHook() {
	defer runtime.GC()     //accuracy: forced-gc no
	debug.SetGCPercent(50) //accuracy: forced-gc no
}
