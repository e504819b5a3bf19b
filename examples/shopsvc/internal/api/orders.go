package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"sort"
	"strconv"

	"example.com/shopsvc/internal/bufpool"
	"example.com/shopsvc/internal/model"
)

const (
	maxOrderBody = 1 << 20
	maxPatchBody = 4 << 10
	maxListed    = 100
)

var errNotFound = errors.New("not found")

type createOrderRequest struct {
	ID         string           `json:"id,omitempty"`
	Shipping   model.Address    `json:"shipping"`
	Items      []model.LineItem `json:"items"`
	CustomerID int64            `json:"customer_id"`
	Gift       bool             `json:"gift,omitempty"`
}

func (s *Server) createOrder(w http.ResponseWriter, r *http.Request) {
	var req createOrderRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxOrderBody))
	if err := dec.Decode(&req); err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	if len(req.Items) == 0 {
		s.fail(w, http.StatusBadRequest, errors.New("order has no items"))
		return
	}
	for i, li := range req.Items {
		if !model.ValidSKU(li.SKU) || li.Qty <= 0 {
			s.fail(w, http.StatusBadRequest, fmt.Errorf("item %d: invalid sku %q or quantity %d", i, li.SKU, li.Qty))
			return
		}
	}
	id := req.ID
	if id == "" {
		id = "SO-" + strconv.FormatInt(s.nextID.Add(1), 10)
	}
	o := model.NewOrder(id, req.CustomerID, req.Items)
	o.Gift = req.Gift
	o.Shipping = req.Shipping
	o.Billing = req.Shipping

	s.mu.Lock()
	s.orders[id] = o
	s.mu.Unlock()
	s.log.Printf("order %s created: %d items, %d cents", o.ID, len(o.Items), o.TotalCents)
	s.writeJSON(w, http.StatusCreated, o)
}

func (s *Server) lookup(id string) (*model.Order, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, ok := s.orders[id]
	return o, ok
}

func (s *Server) getOrder(w http.ResponseWriter, r *http.Request) {
	o, ok := s.lookup(r.PathValue("id"))
	if !ok {
		s.fail(w, http.StatusNotFound, errNotFound)
		return
	}
	key := bufpool.Key(o.ID, strconv.FormatInt(o.CreatedAt.UnixNano(), 36), strconv.FormatInt(o.Version, 10))
	etag := s.etags.Get(key, func() string { return etagOf(*o) })
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	s.writeJSON(w, http.StatusOK, o)
}

// etagOf hashes the JSON encoding of o.
func etagOf(o model.Order) string {
	h := fnv.New64a()
	if err := json.NewEncoder(h).Encode(o); err != nil {
		return ""
	}
	return `"` + strconv.FormatUint(h.Sum64(), 16) + `"`
}

func (s *Server) updateStatus(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxPatchBody))
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	var patch map[string]any
	if err := json.Unmarshal(body, &patch); err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	name, _ := patch["status"].(string)
	st, ok := model.ParseStatus(name)
	if !ok {
		s.fail(w, http.StatusBadRequest, fmt.Errorf("unknown status %q", name))
		return
	}
	note, _ := patch["note"].(string)

	id := r.PathValue("id")
	s.mu.Lock()
	old, ok := s.orders[id]
	if !ok {
		s.mu.Unlock()
		s.fail(w, http.StatusNotFound, errNotFound)
		return
	}
	o := *old
	o.Status = st
	o.Paid = o.Paid || st == model.StatusPaid
	o.Version++
	if note != "" {
		o.Notes = note
	}
	s.orders[id] = &o
	s.auditSeq++
	payload := bufpool.Join(' ', []byte(id), []byte(name), []byte(note))
	rec := model.AppendRecord(nil, model.RecordHeader{Kind: model.RecordStatusChange, Seq: s.auditSeq}, payload)
	_, err = s.audit.Write(rec)
	s.mu.Unlock()
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	s.writeJSON(w, http.StatusOK, &o)
}

// OrderSummary is the list view of an order.
type OrderSummary struct {
	ID       string `json:"id"`
	Customer string `json:"customer"`
	Status   string `json:"status"`
	Total    string `json:"total"`
	Items    int    `json:"items"`
}

func (s *Server) listOrders(w http.ResponseWriter, r *http.Request) {
	want := r.URL.Query().Get("status")
	s.mu.RLock()
	snap := make([]model.Order, 0, len(s.orders))
	for _, o := range s.orders {
		snap = append(snap, *o)
	}
	s.mu.RUnlock()

	if want != "" {
		filtered := snap[:0]
		for i := range snap {
			if snap[i].Status.String() == want {
				filtered = append(filtered, snap[i])
			}
		}
		snap = filtered
	}
	sort.Slice(snap, func(i, j int) bool { return snap[i].ID < snap[j].ID })
	if len(snap) > maxListed {
		snap = snap[:maxListed]
	}
	s.writeJSON(w, http.StatusOK, toSummaries(snap))
}

func toSummaries(orders []model.Order) []OrderSummary {
	var out []OrderSummary
	for _, o := range orders {
		out = append(out, OrderSummary{
			ID:       o.ID,
			Customer: fmt.Sprint(o.CustomerID),
			Status:   o.Status.String(),
			Total:    formatCents(o.TotalCents),
			Items:    len(o.Items),
		})
	}
	return out
}

// formatCents renders an amount of cents as "12.34".
func formatCents(c int64) string {
	return fmt.Sprintf("%d.%02d", c/100, c%100)
}

// WriteSnapshot writes all orders in the snapshot format.
func (s *Server) WriteSnapshot(w io.Writer) error {
	s.mu.RLock()
	orders := make([]*model.Order, 0, len(s.orders))
	for _, o := range s.orders {
		orders = append(orders, o)
	}
	s.mu.RUnlock()
	payload, err := json.Marshal(orders)
	if err != nil {
		return err
	}
	return model.WriteSnapshot(w, len(orders), payload)
}
