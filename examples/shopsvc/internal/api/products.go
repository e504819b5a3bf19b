package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"example.com/shopsvc/internal/model"
)

const (
	stockTimeout = 50 * time.Millisecond
	maxLogBlock  = 8 << 20
)

func (s *Server) getProduct(w http.ResponseWriter, r *http.Request) {
	sku := r.PathValue("sku")
	p, ok := s.products.Get(sku)
	if !ok {
		s.fail(w, http.StatusNotFound, errNotFound)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), stockTimeout)
	defer cancel()
	if n, err := s.stockLevel(ctx, sku); err == nil {
		p.Stock = n
	} else {
		w.Header().Set("X-Stock", "stale")
	}
	s.writeJSON(w, http.StatusOK, p)
}

// stockLevel asks the warehouse for the stock of sku, giving up when ctx is
// done.
func (s *Server) stockLevel(ctx context.Context, sku string) (int64, error) {
	res := make(chan int64)
	go func() {
		res <- s.stock(sku)
	}()
	select {
	case n := <-res:
		return n, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func (s *Server) importProducts(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	var batch []model.Product
	if err := json.Unmarshal(data, &batch); err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	// A feed may list a SKU more than once; the last row wins.
	latest := make(map[string]model.Product)
	for _, p := range batch {
		latest[p.SKU] = p
	}
	rejected := 0
	for sku, p := range latest {
		if !model.ValidSKU(sku) {
			rejected++
			continue
		}
		s.products.Put(sku, p)
	}
	s.writeJSON(w, http.StatusOK, map[string]int{"imported": len(latest) - rejected, "rejected": rejected})
}

// PutProduct stores p in the product cache.
func (s *Server) PutProduct(p model.Product) { s.products.Put(p.SKU, p) }

func (s *Server) ingestLogs(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxLogBlock))
	if err != nil {
		s.fail(w, http.StatusRequestEntityTooLarge, err)
		return
	}
	s.logs.AddBlock(string(body))
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) logReport(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.logs.WriteReport(w); err != nil {
		s.log.Printf("log report: %v", err)
		return
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("top")); err == nil && n > 0 {
		fmt.Fprintln(w)
		for _, rc := range s.logs.TopRoutes(n) {
			fmt.Fprintf(w, "%-36s %9d\n", rc.Route, rc.Count)
		}
	}
	for t, n := range s.logs.Tenants() {
		fmt.Fprintf(w, "tenant %-29s %9d\n", t, n)
	}
}
