// Package model holds the domain types shared by the HTTP API, the caches and
// the background workers.
package model

import (
	"fmt"
	"strconv"
	"time"
)

// Status is the fulfilment state of an order.
type Status uint8

const (
	StatusPending Status = iota
	StatusPaid
	StatusShipped
	StatusCancelled
)

var statusNames = [...]string{"pending", "paid", "shipped", "cancelled"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "status(" + strconv.Itoa(int(s)) + ")"
}

// ParseStatus maps a status name back to its value.
func ParseStatus(name string) (Status, bool) {
	for i, n := range statusNames {
		if n == name {
			return Status(i), true
		}
	}
	return 0, false
}

// MarshalText encodes the status by name in JSON.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a status name.
func (s *Status) UnmarshalText(b []byte) error {
	st, ok := ParseStatus(string(b))
	if !ok {
		return fmt.Errorf("model: unknown status %q", b)
	}
	*s = st
	return nil
}

// Address is a postal address as entered at checkout.
type Address struct {
	Name    string `json:"name"`
	Street  string `json:"street"`
	City    string `json:"city"`
	Postal  string `json:"postal"`
	Country string `json:"country"`
}

// String formats the address on one line, skipping empty parts.
func (a Address) String() string {
	var s string
	for _, part := range [...]string{a.Name, a.Street, a.Postal + " " + a.City, a.Country} {
		if part == "" || part == " " {
			continue
		}
		if s != "" {
			s += ", "
		}
		s += part
	}
	return s
}

// LineItem is one product line of an order.
type LineItem struct {
	SKU        string `json:"sku"`
	Qty        int32  `json:"qty"`
	PriceCents int64  `json:"price_cents"`
	Taxable    bool   `json:"taxable,omitempty"`
}

// Subtotal is the price of the line before tax.
func (li LineItem) Subtotal() int64 { return int64(li.Qty) * li.PriceCents }

// Order is a customer order. Stored orders are never modified in place: an
// update stores a changed copy, so readers can hold a *Order without locking.
type Order struct {
	// ID is the public order number, e.g. "SO-10042".
	ID string `json:"id"`
	// Paid is set once the payment provider confirms the charge.
	Paid       bool       `json:"paid"`
	CustomerID int64      `json:"customer_id"` // Customer.ID of the buyer
	Items      []LineItem `json:"items"`
	// Gift orders ship without a price slip.
	Gift       bool      `json:"gift,omitempty"`
	TotalCents int64     `json:"total_cents"`
	Shipping   Address   `json:"shipping"`
	Billing    Address   `json:"billing"`
	Status     Status    `json:"status"`
	Version    int64     `json:"version"` // bumped by every status change
	CreatedAt  time.Time `json:"created_at"`
	Notes      string    `json:"notes,omitempty"`
}

// NewOrder returns a pending order with its total computed from items.
func NewOrder(id string, customerID int64, items []LineItem) *Order {
	o := Order{
		ID:         id,
		CustomerID: customerID,
		Items:      items,
		TotalCents: Total(items),
		CreatedAt:  time.Now().UTC(),
	}
	return &o
}

// Total sums the subtotals of items.
func Total(items []LineItem) int64 {
	var total int64
	for _, li := range items {
		total += li.Subtotal()
	}
	return total
}

// Revenue sums the totals of all orders that were not cancelled.
func Revenue(orders []Order) int64 {
	var sum int64
	for i := range orders {
		if orders[i].Status != StatusCancelled {
			sum += orders[i].TotalCents
		}
	}
	return sum
}

// Customer is an account that places orders.
type Customer struct {
	Name   string `json:"name"`
	Email  string `json:"email"`
	ID     int64  `json:"id"`
	Tier   uint8  `json:"tier"`
	Active bool   `json:"active"`
}

// Product is a catalogue entry.
type Product struct {
	Stock      int64    `json:"stock"`
	PriceCents int64    `json:"price_cents"`
	SKU        string   `json:"sku"`
	Name       string   `json:"name"`
	Tags       []string `json:"tags,omitempty"`
	// Attributes are supplied by the vendor feed and passed through to
	// clients untouched; their keys differ per vendor.
	Attributes map[string]any `json:"attributes,omitempty"`
}

// ValidSKU reports whether s looks like a catalogue SKU: 3 to 32 ASCII
// letters, digits or dashes.
func ValidSKU(s string) bool {
	if len(s) < 3 || len(s) > 32 {
		return false
	}
	for _, c := range []byte(s) {
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-':
		default:
			return false
		}
	}
	return true
}
