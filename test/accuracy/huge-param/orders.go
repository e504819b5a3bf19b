// Package hugeparam holds the order pipeline of a checkout service.
package hugeparam

import (
	"crypto/sha256"
	"strings"
	"time"
)

// Address is a postal address (5 strings: 80 bytes).
type Address struct {
	Line1, Line2, City, Zip, Country string
}

// Order is a full order record, well over 256 bytes.
type Order struct {
	ID         string
	CustomerID string
	Email      string
	Billing    Address
	Shipping   Address
	Currency   string
	TotalCents int64
	TaxCents   int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Notes      string
	Coupon     string
	Items      []string
	Status     string
}

// Money is small: copying it is cheaper than a pointer.
type Money struct {
	Cents    int64
	Currency string
}

// Summary is a small projection of an order.
type Summary struct {
	ID     string
	Total  Money
	Status string
}

// Digest is exactly 256 bytes: at the threshold, not over it.
type Digest struct {
	Parts [8][32]byte
}

// Snapshot carries a large fixed buffer.
type Snapshot struct {
	Header [64]byte
	Body   [1024]byte
	Len    int
}

// Validate checks an order before it is charged.
func Validate(o Order) error { //accuracy: huge-param yes
	if o.TotalCents < 0 || o.Email == "" {
		return errInvalid
	}
	return nil
}

type errString string

func (e errString) Error() string { return string(e) }

const errInvalid = errString("invalid order")

// ShippingLabel renders a label; a value receiver copies the whole order per call.
func (o Order) ShippingLabel() string { //accuracy: huge-param yes
	return strings.Join([]string{o.Shipping.Line1, o.Shipping.City, o.Shipping.Zip}, "\n")
}

// IsPaid is another value-receiver method.
func (o Order) IsPaid() bool { //accuracy: huge-param yes
	return o.Status == "paid"
}

// Totals sums the orders of a day, ranging by value.
func Totals(orders []Order) int64 {
	var sum int64
	for _, o := range orders { //accuracy: huge-param yes
		sum += o.TotalCents
	}
	return sum
}

// Merge merges an update into a base order.
func Merge(base *Order, update Order) { //accuracy: huge-param yes
	if update.Email != "" {
		base.Email = update.Email
	}
}

// Checksum hashes a snapshot passed by value.
func Checksum(s Snapshot) [32]byte { //accuracy: huge-param yes
	return sha256.Sum256(s.Body[:s.Len])
}

// Archive walks snapshots stored in a fixed array.
func Archive(ring [8]Snapshot, write func([]byte)) { //accuracy: huge-param yes
	for _, s := range ring { //accuracy: huge-param yes
		write(s.Body[:s.Len])
	}
}

// Repository stores orders.
type Repository struct {
	byID map[string]*Order
}

// Save copies an order into the repository.
func (r *Repository) Save(o Order) { //accuracy: huge-param yes
	cp := o
	r.byID[o.ID] = &cp
}

// Notifier sends order mail.
type Notifier struct {
	send func(to, body string)
}

// OnShipped is a callback receiving the order by value for every event.
func (n *Notifier) OnShipped(o Order, carrier string) { //accuracy: huge-param yes
	n.send(o.Email, "shipped via "+carrier)
}

// Overdue finds orders pending for over a day.
func Overdue(orders []Order, now time.Time) []string {
	var ids []string
	for i, o := range orders { //accuracy: huge-param yes
		if o.Status == "pending" && now.Sub(orders[i].CreatedAt) > 24*time.Hour {
			ids = append(ids, o.ID)
		}
	}
	return ids
}

// ValidatePtr takes a pointer.
func ValidatePtr(o *Order) error { //accuracy: huge-param no
	if o.TotalCents < 0 {
		return errInvalid
	}
	return nil
}

// TotalsByIndex ranges by index.
func TotalsByIndex(orders []Order) int64 {
	var sum int64
	for i := range orders { //accuracy: huge-param no
		sum += orders[i].TotalCents
	}
	return sum
}

// Add adds two small money values by value.
func Add(a, b Money) Money { //accuracy: huge-param no
	return Money{Cents: a.Cents + b.Cents, Currency: a.Currency}
}

// Summaries ranges over small summaries by value.
func Summaries(ss []Summary) int64 {
	var sum int64
	for _, s := range ss { //accuracy: huge-param no
		sum += s.Total.Cents
	}
	return sum
}

// Fold takes a digest exactly at the threshold.
func Fold(d Digest) byte { //accuracy: huge-param no
	var x byte
	for _, p := range d.Parts {
		x ^= p[0]
	}
	return x
}

// Pointers ranges over a slice of pointers.
func Pointers(orders []*Order) int {
	n := 0
	for _, o := range orders { //accuracy: huge-param no
		if o.Status == "paid" {
			n++
		}
	}
	return n
}

// (p *Order) methods use pointer receivers.
func (o *Order) Cancel(reason string) { //accuracy: huge-param no
	o.Status = "cancelled"
	o.Notes = reason
}

// Keyed is generic: the size of T is unknown.
func Keyed[T any](items []T, key func(T) string) map[string]T { //accuracy: huge-param no
	m := make(map[string]T, len(items))
	for _, it := range items {
		m[key(it)] = it
	}
	return m
}

// Describe takes an interface; the dynamic value is boxed already.
func Describe(v interface{ IsPaid() bool }) string { //accuracy: huge-param no
	if v.IsPaid() {
		return "paid"
	}
	return "open"
}

// Addresses ranges over addresses (80 bytes each): small.
func Addresses(o *Order) []string {
	out := make([]string, 0, 2)
	for _, a := range []Address{o.Billing, o.Shipping} { //accuracy: huge-param no
		out = append(out, a.City)
	}
	return out
}

// Keys ranges only by key over a slice of large orders: nothing is copied.
func Keys(orders []Order) []int {
	out := make([]int, 0, len(orders))
	for i := range orders { //accuracy: huge-param no
		out = append(out, i)
	}
	return out
}

// CountIDs ranges over ids (strings) extracted from orders.
func CountIDs(ids []string, seen map[string]bool) int {
	n := 0
	for _, id := range ids { //accuracy: huge-param no
		if !seen[id] {
			n++
		}
	}
	return n
}

// OpenByCustomer ranges over a map of large orders by value: each value is copied.
func OpenByCustomer(byID map[string]Order) map[string]int {
	out := make(map[string]int, len(byID))
	for _, o := range byID { //accuracy: huge-param yes
		if o.Status != "closed" {
			out[o.CustomerID]++
		}
	}
	return out
}

// Channel ranges over a channel of pointers.
func Channel(ch <-chan *Order) int {
	n := 0
	for o := range ch { //accuracy: huge-param no
		n += len(o.Items)
	}
	return n
}
