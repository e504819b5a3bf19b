// Command loadgen drives the shop service's hot paths in-process, without a
// network, for a fixed time. Run it with GODEBUG=gctrace=1 to watch the GC:
//
//	GODEBUG=gctrace=1 go run ./cmd/loadgen -duration 5s
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"example.com/shopsvc/internal/api"
	"example.com/shopsvc/internal/logparse"
	"example.com/shopsvc/internal/metrics"
	"example.com/shopsvc/internal/model"
	"example.com/shopsvc/internal/worker"
)

var tenants = []string{"acme", "globex", "initech", "umbrella", "hooli"}

func main() {
	duration := flag.Duration("duration", 5*time.Second, "how long to run")
	clients := flag.Int("clients", runtime.GOMAXPROCS(0), "concurrent clients")
	orderIDs := flag.Int("orders", 5_000, "distinct order IDs to cycle through")
	skus := flag.Int("skus", 2_000, "distinct product SKUs")
	gcEvery := flag.Duration("gc-every", 0, "force a full GC this often (0 disables)")
	flag.Parse()
	if *clients < 1 || *orderIDs < 1 || *skus < 1 {
		fmt.Fprintln(os.Stderr, "loadgen: -clients, -orders and -skus must be positive")
		os.Exit(2)
	}

	ctx, cancel := context.WithTimeout(context.Background(), *duration)
	defer cancel()

	agg := logparse.NewAggregator()
	access := make(chan string, 4096)
	var stockCalls atomic.Int64
	srv := api.New(api.Config{
		Logger:           log.New(io.Discard, "", 0),
		Logs:             agg,
		Access:           access,
		ProductCacheSize: *skus / 2,
		Stock: func(sku string) int64 {
			// One warehouse call in a thousand is slower than the API waits.
			if stockCalls.Add(1)%1000 == 0 {
				time.Sleep(60 * time.Millisecond)
			}
			return int64(len(sku)) * 10
		},
	})

	pool := worker.New(2, 64)
	pool.Start(ctx)
	go worker.Batch(ctx, access, 512, 100*time.Millisecond, func(lines []string) {
		block := strings.Join(lines, "\n")
		_ = pool.Submit(ctx, func(context.Context) error {
			agg.AddBlock(block)
			return nil
		})
	})
	if *gcEvery > 0 {
		go metrics.ReclaimEvery(ctx, *gcEvery)
	}

	feed := productFeed(*skus)
	logBlock := accessLogBlock(1_000)
	before := metrics.ReadMemory()
	start := time.Now()

	var ops atomic.Int64
	var wg sync.WaitGroup
	for c := range *clients {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(c), 0x5eed))
			for ctx.Err() == nil {
				drive(srv, rng, *orderIDs, *skus, feed, logBlock)
				ops.Add(1)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	after := metrics.ReadMemory()
	lines, bad := agg.Lines()
	fmt.Printf("ops %d (%.0f/s) in %v with %d clients\n", ops.Load(), float64(ops.Load())/elapsed.Seconds(), elapsed.Round(time.Millisecond), *clients)
	fmt.Printf("allocated %d MiB in %d objects, %d GCs, heap %d MiB, goroutines %d\n",
		(after.TotalAlloc-before.TotalAlloc)>>20, after.Mallocs-before.Mallocs,
		after.NumGC-before.NumGC, after.HeapAlloc>>20, after.Goroutines)
	fmt.Printf("access log: %d lines aggregated, %d rejected; %d stock lookups\n", lines, bad, stockCalls.Load())
}

// drive issues one request picked from the service's traffic mix.
func drive(srv http.Handler, rng *rand.Rand, orderIDs, skus int, feed, logBlock []byte) {
	id := "SO-" + strconv.Itoa(rng.IntN(orderIDs))
	var req *http.Request
	switch p := rng.IntN(1000); {
	case p < 400:
		req = httptest.NewRequest(http.MethodGet, "/orders/"+id, nil)
	case p < 600:
		req = httptest.NewRequest(http.MethodPost, "/orders", bytes.NewReader(orderBody(rng, id, skus)))
	case p < 700:
		status := [...]string{"paid", "shipped", "cancelled"}[rng.IntN(3)]
		body := `{"status":"` + status + `","note":"updated by loadgen"}`
		req = httptest.NewRequest(http.MethodPost, "/orders/"+id+"/status", strings.NewReader(body))
	case p < 900:
		req = httptest.NewRequest(http.MethodGet, "/products/"+skuName(rng.IntN(skus)), nil)
	case p < 905:
		req = httptest.NewRequest(http.MethodGet, "/orders?status=paid", nil)
	case p < 915:
		req = httptest.NewRequest(http.MethodPost, "/logs", bytes.NewReader(logBlock))
	case p < 918:
		req = httptest.NewRequest(http.MethodPost, "/products/import", bytes.NewReader(feed))
	case p < 919:
		req = httptest.NewRequest(http.MethodGet, "/logs/report?top=5", nil)
	default:
		req = httptest.NewRequest(http.MethodGet, "/healthz", nil)
	}
	req.Header.Set("X-Tenant", tenants[rng.IntN(len(tenants))])
	srv.ServeHTTP(httptest.NewRecorder(), req)
}

func skuName(i int) string { return "SKU-" + strconv.Itoa(i) }

func orderBody(rng *rand.Rand, id string, skus int) []byte {
	b := make([]byte, 0, 512)
	b = append(b, `{"id":"`...)
	b = append(b, id...)
	b = append(b, `","customer_id":`...)
	b = strconv.AppendInt(b, int64(rng.IntN(100_000)), 10)
	b = append(b, `,"shipping":{"name":"Ada Lovelace","street":"12 Analytical Row","city":"London","postal":"N1 9GU","country":"GB"},"items":[`...)
	for i := range 1 + rng.IntN(5) {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"sku":"`...)
		b = append(b, skuName(rng.IntN(skus))...)
		b = append(b, `","qty":`...)
		b = strconv.AppendInt(b, int64(1+rng.IntN(4)), 10)
		b = append(b, `,"price_cents":`...)
		b = strconv.AppendInt(b, int64(199+rng.IntN(20_000)), 10)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

func productFeed(n int) []byte {
	feed := make([]model.Product, n)
	for i := range feed {
		feed[i] = model.Product{
			SKU:        skuName(i),
			Name:       "Product " + strconv.Itoa(i),
			PriceCents: int64(100 + i%5000),
			Stock:      int64(i % 97),
			Tags:       []string{"catalog", tenants[i%len(tenants)]},
			Attributes: map[string]any{"color": "blue", "weight_g": i % 900},
		}
	}
	b, err := json.Marshal(feed)
	if err != nil {
		panic(err)
	}
	return b
}

func accessLogBlock(lines int) []byte {
	b := make([]byte, 0, lines*128)
	t := time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)
	for i := range lines {
		b = t.Add(time.Duration(i)*time.Second).AppendFormat(b, time.RFC3339)
		b = strconv.AppendInt(append(b, " GET /orders/SO-"...), int64(i), 10)
		b = strconv.AppendInt(append(b, ' '), int64([...]int{200, 200, 200, 404, 500}[i%5]), 10)
		b = strconv.AppendInt(append(b, ' '), int64(300+i%700), 10)
		b = strconv.AppendInt(append(b, ' '), int64(50+i*37%40_000), 10)
		b = strconv.AppendInt(append(b, "us client=10.0.0."...), int64(i%250), 10)
		b = append(b, " route=/orders/{id}"...)
		if i%3 != 0 {
			b = append(b, " tenant="...)
			b = append(b, tenants[i%len(tenants)]...)
		}
		b = append(b, '\n')
	}
	return b
}
