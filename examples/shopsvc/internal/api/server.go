// Package api is the HTTP JSON API of the shop service.
package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"example.com/shopsvc/internal/cache"
	"example.com/shopsvc/internal/logparse"
	"example.com/shopsvc/internal/metrics"
	"example.com/shopsvc/internal/model"
)

// Config wires a Server to its collaborators. Zero fields get defaults.
type Config struct {
	Logger   *log.Logger
	Counters *metrics.Counters
	Logs     *logparse.Aggregator
	// Stock looks up the warehouse stock of a SKU. It may be slow.
	Stock func(sku string) int64
	// Access receives one access-log line per request; lines are dropped
	// when it is full.
	Access chan<- string
	// Audit receives the audit log.
	Audit io.Writer
	// ProductCacheSize bounds the product cache.
	ProductCacheSize int
}

// Server serves the API. Create it with New.
type Server struct {
	mux      *http.ServeMux
	log      *log.Logger
	counters *metrics.Counters
	logs     *logparse.Aggregator
	products *cache.LRU[string, model.Product]
	etags    *cache.Memo
	stock    func(sku string) int64
	access   chan<- string
	orders   map[string]*model.Order
	audit    io.Writer

	mu       sync.RWMutex // guards orders, audit and auditSeq
	auditSeq uint64
	nextID   atomic.Int64
}

// New returns a Server with its routes registered.
func New(cfg Config) *Server {
	s := &Server{
		mux:      http.NewServeMux(),
		log:      cfg.Logger,
		counters: cfg.Counters,
		logs:     cfg.Logs,
		products: cache.NewLRU[string, model.Product](max(cfg.ProductCacheSize, 1)),
		etags:    cache.NewMemo(),
		stock:    cfg.Stock,
		access:   cfg.Access,
		orders:   make(map[string]*model.Order),
		audit:    cfg.Audit,
	}
	if s.log == nil {
		s.log = log.New(io.Discard, "", 0)
	}
	if s.counters == nil {
		s.counters = new(metrics.Counters)
	}
	if s.logs == nil {
		s.logs = logparse.NewAggregator()
	}
	if s.stock == nil {
		s.stock = func(string) int64 { return 0 }
	}
	if s.audit == nil {
		s.audit = io.Discard
	}

	var probes atomic.Int64
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		n := probes.Add(1)
		fmt.Fprintf(w, "ok probes=%d orders=%d\n", n, s.orderCount())
	})
	s.mux.HandleFunc("POST /orders", s.createOrder)
	s.mux.HandleFunc("GET /orders", s.listOrders)
	s.mux.HandleFunc("GET /orders/{id}", s.getOrder)
	s.mux.HandleFunc("POST /orders/{id}/status", s.updateStatus)
	s.mux.HandleFunc("GET /products/{sku}", s.getProduct)
	s.mux.HandleFunc("POST /products/import", s.importProducts)
	s.mux.HandleFunc("POST /logs", s.ingestLogs)
	s.mux.HandleFunc("GET /logs/report", s.logReport)
	return s
}

// ServeHTTP routes the request and records it in the access log.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	s.mux.ServeHTTP(rec, r)
	s.counters.Requests.Add(1)
	if rec.status >= 500 {
		s.counters.Errors.Add(1)
	}
	if s.access == nil {
		return
	}
	line := string(appendAccessLine(make([]byte, 0, 160), start, r, rec.status, rec.bytes))
	select {
	case s.access <- line:
	default:
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// appendAccessLine appends a line in the format logparse reads.
func appendAccessLine(b []byte, start time.Time, r *http.Request, status int, size int64) []byte {
	b = start.UTC().AppendFormat(b, time.RFC3339)
	b = append(b, ' ')
	b = append(b, r.Method...)
	b = append(b, ' ')
	b = append(b, r.URL.Path...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, size, 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, time.Since(start).Microseconds(), 10)
	b = append(b, "us client="...)
	host, _, _ := strings.Cut(r.RemoteAddr, ":")
	b = append(b, host...)
	if _, pattern, ok := strings.Cut(r.Pattern, " "); ok {
		b = append(b, " route="...)
		b = append(b, pattern...)
	}
	if t := r.Header.Get("X-Tenant"); t != "" {
		b = append(b, " tenant="...)
		b = append(b, t...)
	}
	return b
}

// respBufs holds encode buffers, so that a response is written with a
// Content-Length and a single Write call.
var respBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	buf := respBufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer respBufs.Put(buf)
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	n, _ := w.Write(buf.Bytes())
	s.counters.BytesOut.Add(int64(n))
}

func (s *Server) fail(w http.ResponseWriter, status int, err error) {
	if status >= 500 {
		s.log.Printf("internal error: %v", err)
	}
	http.Error(w, err.Error(), status)
}

func (s *Server) orderCount() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.orders)
}
