// Command shopsvc serves the shop's order and product API.
package main

import (
	"context"
	"errors"
	"flag"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"example.com/shopsvc/internal/api"
	"example.com/shopsvc/internal/logparse"
	"example.com/shopsvc/internal/metrics"
	"example.com/shopsvc/internal/worker"
)

func main() {
	addr := flag.String("addr", "localhost:8080", "listen address")
	products := flag.Int("products", 10_000, "product cache size")
	workers := flag.Int("workers", 4, "background workers")
	gcEvery := flag.Duration("gc-every", 30*time.Second, "run a full GC this often (0 disables)")
	snapshot := flag.String("snapshot", "", "write an order snapshot to this file on shutdown")
	flag.Parse()

	logger := log.New(os.Stderr, "shopsvc ", log.LstdFlags|log.Lmsgprefix)
	if err := run(logger, *addr, *products, *workers, *gcEvery, *snapshot); err != nil {
		logger.Fatal(err)
	}
}

func run(logger *log.Logger, addr string, products, workers int, gcEvery time.Duration, snapshot string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	agg := logparse.NewAggregator()
	access := make(chan string, 4096)
	srv := api.New(api.Config{
		Logger:           logger,
		Counters:         new(metrics.Counters),
		Logs:             agg,
		Access:           access,
		ProductCacheSize: products,
		Stock:            func(sku string) int64 { return int64(len(sku)) * 10 },
	})

	bg, cancelBg := context.WithCancel(context.Background())
	defer cancelBg()
	pool := worker.New(workers, 64)
	pool.Start(bg)
	batchDone := make(chan struct{})
	go func() {
		defer close(batchDone)
		worker.Batch(bg, access, 512, time.Second, func(lines []string) {
			block := strings.Join(lines, "\n")
			err := pool.Submit(bg, func(context.Context) error {
				agg.AddBlock(block)
				return nil
			})
			if err != nil {
				logger.Printf("access log: dropped %d lines: %v", len(lines), err)
			}
		})
	}()
	if gcEvery > 0 {
		go metrics.ReclaimEvery(bg, gcEvery)
	}

	hs := &http.Server{Addr: addr, Handler: srv, ReadHeaderTimeout: 5 * time.Second}
	shutdownDone := make(chan error, 1)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		shutdownDone <- hs.Shutdown(sctx)
	}()

	logger.Printf("listening on %s", addr)
	if err := hs.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if err := <-shutdownDone; err != nil {
		return err
	}
	// No handler runs after a clean Shutdown: flush the access log.
	close(access)
	<-batchDone
	pool.Close()

	if snapshot != "" {
		if err := writeSnapshot(srv, snapshot); err != nil {
			return err
		}
	}
	m := metrics.ReadMemory()
	logger.Printf("stopped: heap %d KiB, %d GCs\n%s", m.HeapAlloc>>10, m.NumGC, agg.Summary())
	return nil
}

func writeSnapshot(srv *api.Server, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := srv.WriteSnapshot(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
