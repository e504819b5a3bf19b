package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"example.com/shopsvc/internal/model"
)

const orderJSON = `{"id":"SO-1","customer_id":7,"items":[{"sku":"SKU-1","qty":2,"price_cents":1250},{"sku":"SKU-2","qty":1,"price_cents":99}],"shipping":{"name":"Ada","city":"London","country":"GB"}}`

func do(t testing.TB, h http.Handler, method, target, body string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, strings.NewReader(body)))
	return rec
}

func TestOrderLifecycle(t *testing.T) {
	access := make(chan string, 16)
	s := New(Config{Access: access})
	if rec := do(t, s, "POST", "/orders", orderJSON); rec.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	rec := do(t, s, "GET", "/orders/SO-1", "")
	var o model.Order
	if err := json.Unmarshal(rec.Body.Bytes(), &o); err != nil || o.TotalCents != 2599 || rec.Header().Get("ETag") == "" {
		t.Fatalf("get: %d %s (%v)", rec.Code, rec.Body, err)
	}
	rec = do(t, s, "POST", "/orders/SO-1/status", `{"status":"paid","note":"card"}`)
	if err := json.Unmarshal(rec.Body.Bytes(), &o); err != nil || !o.Paid || o.Version != 1 || o.Notes != "card" {
		t.Fatalf("status: %d %s (%v)", rec.Code, rec.Body, err)
	}
	if rec := do(t, s, "POST", "/orders/SO-1/status", `{"status":"lost"}`); rec.Code != http.StatusBadRequest {
		t.Errorf("bad status: got %d", rec.Code)
	}
	var list []OrderSummary
	rec = do(t, s, "GET", "/orders?status=paid", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || len(list) != 1 || list[0].Total != "25.99" || list[0].Customer != "7" {
		t.Fatalf("list: %s (%v)", rec.Body, err)
	}
	if rec := do(t, s, "GET", "/orders/SO-404", ""); rec.Code != http.StatusNotFound {
		t.Errorf("missing order: got %d", rec.Code)
	}
	line := <-access
	if !strings.Contains(line, " POST /orders 201 ") || !strings.Contains(line, "route=/orders") {
		t.Errorf("access line %q", line)
	}
}

func TestProducts(t *testing.T) {
	s := New(Config{ProductCacheSize: 10, Stock: func(string) int64 { return 42 }})
	feed := `[{"sku":"SKU-1","name":"Mug","price_cents":900},{"sku":"SKU-1","name":"Mug v2","price_cents":950},{"sku":"x","name":"bad"}]`
	rec := do(t, s, "POST", "/products/import", feed)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"imported":1`) {
		t.Fatalf("import: %d %s", rec.Code, rec.Body)
	}
	var p model.Product
	rec = do(t, s, "GET", "/products/SKU-1", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Name != "Mug v2" || p.Stock != 42 {
		t.Fatalf("get: %s (%v)", rec.Body, err)
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	s := New(Config{})
	do(t, s, "POST", "/orders", orderJSON)
	var buf bytes.Buffer
	if err := s.WriteSnapshot(&buf); err != nil {
		t.Fatal(err)
	}
	h, payload, err := model.ReadSnapshot(&buf)
	if err != nil || h.Count != 1 || !bytes.Contains(payload, []byte(`"SO-1"`)) {
		t.Fatalf("snapshot: %+v %s %v", h, payload, err)
	}
}

func benchServer(b *testing.B, orders int) *Server {
	s := New(Config{})
	for i := range orders {
		body := strings.Replace(orderJSON, `"SO-1"`, `"SO-`+strconv.Itoa(i)+`"`, 1)
		if rec := do(b, s, "POST", "/orders", body); rec.Code != http.StatusCreated {
			b.Fatalf("create: %d", rec.Code)
		}
	}
	return s
}

func BenchmarkGetOrder(b *testing.B) {
	s := benchServer(b, 1)
	req := httptest.NewRequest("GET", "/orders/SO-0", nil)
	b.ReportAllocs()
	for b.Loop() {
		s.ServeHTTP(httptest.NewRecorder(), req)
	}
}

func BenchmarkEncodeOrder(b *testing.B) {
	s := benchServer(b, 1)
	o, _ := s.lookup("SO-0")
	b.Run("writeJSON", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s.writeJSON(httptest.NewRecorder(), http.StatusOK, o)
		}
	})
	b.Run("etag", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = etagOf(*o)
		}
	})
}

func BenchmarkSummaries(b *testing.B) {
	orders := make([]model.Order, 100)
	for i := range orders {
		orders[i] = *model.NewOrder("SO-"+strconv.Itoa(i), int64(i), []model.LineItem{{SKU: "SKU-1", Qty: 1, PriceCents: 100}})
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = toSummaries(orders)
	}
}

func BenchmarkListOrders(b *testing.B) {
	s := benchServer(b, 500)
	req := httptest.NewRequest("GET", "/orders", nil)
	b.ReportAllocs()
	for b.Loop() {
		s.ServeHTTP(httptest.NewRecorder(), req)
	}
}
