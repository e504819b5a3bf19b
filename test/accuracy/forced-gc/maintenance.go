// Package forcedgc holds memory "maintenance" code of an image resizing service.
package forcedgc

import (
	"context"
	"log"
	"net/http"
	"runtime"
	"runtime/debug"
	"time"
)

// Resizer is the image service.
type Resizer struct {
	jobs  chan []byte
	quit  chan struct{}
	cache map[string][]byte
}

// Janitor forces a collection every minute "to keep RSS low".
func Janitor(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			runtime.GC() //accuracy: forced-gc yes
		}
	}
}

// Releaser returns memory to the OS on a timer.
func Releaser() {
	for range time.Tick(30 * time.Second) {
		debug.FreeOSMemory() //accuracy: forced-gc yes
	}
}

// ResizeHandler resizes an image and then forces a GC per request.
func (s *Resizer) ResizeHandler(w http.ResponseWriter, r *http.Request) {
	img := make([]byte, 1<<20)
	_, _ = w.Write(img[:16])
	runtime.GC() //accuracy: forced-gc yes
}

// FlushHandler frees OS memory after clearing the cache on request.
func (s *Resizer) FlushHandler(w http.ResponseWriter, _ *http.Request) {
	clear(s.cache)
	debug.FreeOSMemory() //accuracy: forced-gc yes
	w.WriteHeader(http.StatusNoContent)
}

// Routes registers handlers as func literals.
func (s *Resizer) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/thumb", func(w http.ResponseWriter, r *http.Request) {
		defer runtime.GC() //accuracy: forced-gc yes
		_, _ = w.Write([]byte("ok"))
	})
}

// Worker processes jobs and collects after each one.
func (s *Resizer) Worker() {
	for job := range s.jobs {
		_ = len(job)
		runtime.GC() //accuracy: forced-gc yes
	}
}

// Loop runs jobs and forces a GC every time the idle timer fires.
func (s *Resizer) Loop() {
	for {
		select {
		case job := <-s.jobs:
			_ = job
		case <-time.After(5 * time.Second): //accuracy: time-after-loop yes
			debug.FreeOSMemory() //accuracy: forced-gc yes
		case <-s.quit:
			return
		}
	}
}

// PeriodicSleep forces GC in a sleep loop.
func PeriodicSleep(interval time.Duration) {
	for {
		time.Sleep(interval)
		runtime.GC() //accuracy: forced-gc yes
	}
}

// BatchProcess collects after every 100 images of a batch.
func (s *Resizer) BatchProcess(images [][]byte) {
	for i, img := range images {
		_ = img
		if i%100 == 0 {
			runtime.GC() //accuracy: forced-gc yes
		}
	}
}

type gcHandler struct{ s *Resizer }

// ServeHTTP is a handler type's method that forces GC per request.
func (h gcHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.s.cache = map[string][]byte{}
	runtime.GC() //accuracy: forced-gc yes
	w.WriteHeader(http.StatusOK)
}

// AfterLoad frees memory once after loading the model at startup, before a long idle phase.
func AfterLoad(load func() []byte) []byte {
	model := load()
	runtime.GC()         //accuracy: forced-gc no
	debug.FreeOSMemory() //accuracy: forced-gc no
	return model
}

// SetLimits tunes the collector instead of forcing it.
func SetLimits() {
	debug.SetMemoryLimit(2 << 30) //accuracy: forced-gc no
	debug.SetGCPercent(200)       //accuracy: forced-gc no
}

// Stats reports memory stats on a ticker without forcing GC.
func Stats(ctx context.Context) {
	t := time.NewTicker(10 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms) //accuracy: forced-gc no
			log.Printf("heap=%d", ms.HeapAlloc)
		}
	}
}

// GoroutinesHandler reports goroutine counts; no GC.
func GoroutinesHandler(w http.ResponseWriter, _ *http.Request) {
	n := runtime.NumGoroutine() //accuracy: forced-gc no
	_, _ = w.Write([]byte{byte(n)})
}

// Shutdown drops caches and collects once as the process winds down.
func (s *Resizer) Shutdown() {
	s.cache = nil
	runtime.GC() //accuracy: forced-gc no
}

// Cache is a tiny cache with its own GC method (not the runtime's).
type Cache struct{ items map[string]time.Time }

// GC evicts expired entries.
func (c *Cache) GC(now time.Time) {
	for k, exp := range c.items {
		if now.After(exp) {
			delete(c.items, k)
		}
	}
}

// Evictor runs the cache's own eviction on a ticker: not runtime.GC.
func Evictor(c *Cache) {
	for now := range time.Tick(time.Minute) {
		c.GC(now) //accuracy: forced-gc no
	}
}

// Yield gives other goroutines a chance in a busy loop; not a GC.
func Yield(work []func()) {
	for _, w := range work {
		w()
		runtime.Gosched() //accuracy: forced-gc no
	}
}

// main-like CLI entry: one collection before a measurement, outside loops.
func measure(f func()) uint64 {
	runtime.GC() //accuracy: forced-gc no
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Profile measures several functions once each at startup.
func Profile(fs map[string]func()) {
	for name, f := range fs {
		log.Printf("%s: %d bytes", name, measure(f)) //accuracy: forced-gc no
	}
}

// StackTraceHandler dumps stacks, which does not force a GC.
func StackTraceHandler(w http.ResponseWriter, _ *http.Request) {
	buf := make([]byte, 1<<16)
	n := runtime.Stack(buf, true)
	_, _ = w.Write(buf[:n])
	debug.SetTraceback("all") //accuracy: forced-gc no
}
