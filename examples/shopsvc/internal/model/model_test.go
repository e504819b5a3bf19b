package model

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

func TestStatusJSON(t *testing.T) {
	b, err := json.Marshal(struct{ S Status }{StatusShipped})
	if err != nil || string(b) != `{"S":"shipped"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var v struct{ S Status }
	if err := json.Unmarshal([]byte(`{"S":"paid"}`), &v); err != nil || v.S != StatusPaid {
		t.Errorf("Unmarshal = %v, %v", v.S, err)
	}
	if err := json.Unmarshal([]byte(`{"S":"lost"}`), &v); err == nil {
		t.Error("want error for unknown status")
	}
}

func TestOrderTotals(t *testing.T) {
	o := NewOrder("SO-1", 1, []LineItem{{SKU: "A-1", Qty: 3, PriceCents: 250}, {SKU: "B-2", Qty: 1, PriceCents: 99}})
	if o.TotalCents != 849 {
		t.Errorf("TotalCents = %d", o.TotalCents)
	}
	cancelled := *o
	cancelled.Status = StatusCancelled
	if got := Revenue([]Order{*o, cancelled}); got != 849 {
		t.Errorf("Revenue = %d", got)
	}
}

func TestAddressString(t *testing.T) {
	a := Address{Name: "Ada", Street: "12 Row", City: "London", Postal: "N1", Country: "GB"}
	if got := a.String(); got != "Ada, 12 Row, N1 London, GB" {
		t.Errorf("String() = %q", got)
	}
	if got := (Address{Country: "GB"}).String(); got != "GB" {
		t.Errorf("String() = %q", got)
	}
}

func TestShipping(t *testing.T) {
	friday := time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC)
	if due := DefaultSlots[0].Due(friday); due.Weekday() != time.Monday {
		t.Errorf("express slot due %v", due.Weekday())
	}
	d := Dimensions{WeightGrams: 2000, WidthMM: 500, DepthMM: 500, HeightMM: 500}
	if d.VolumeLitres() != 125 {
		t.Errorf("volume %d", d.VolumeLitres())
	}
}

func TestWire(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSnapshot(&buf, 2, []byte("[1,2]")); err != nil {
		t.Fatal(err)
	}
	h, payload, err := ReadSnapshot(&buf)
	if err != nil || h.Count != 2 || string(payload) != "[1,2]" {
		t.Fatalf("ReadSnapshot = %+v, %q, %v", h, payload, err)
	}
	rec := AppendRecord(nil, RecordHeader{Kind: RecordImport, Seq: 9}, []byte("abc"))
	if len(rec) != 14+3 || rec[0] != RecordImport || rec[1] != 3 {
		t.Errorf("record % x", rec)
	}
	if !ValidSKU("SKU-12") || ValidSKU("x") || ValidSKU("bad sku") {
		t.Error("ValidSKU")
	}
}
